"""Where the processor goes while intakes (or the peer's tickets) arrive over JSON-RPC.

    .venv/bin/python bench/rpc_cpu.py -c .state/conf/govcrm_bench.conf -d govcrm_bench ours
    .venv/bin/python bench/rpc_cpu.py -c .state/conf/helpdesk_bench.conf -d helpdesk_bench peer

The same load as the JSON-RPC figure of ``make bench`` (a server with two workers and its job
runner, four clients sending intakes as the web client does, or tickets for the peer) for
``--seconds``, after a few seconds of warm-up. The processor time of each group of processes is read
from ``/proc`` before and after (the Odoo server with its workers and job runner, every PostgreSQL
process of the cluster, this process with the clients), then divided by the records done; the backends
connected to the database are also counted apart (those of the run's server, when no other client
uses that database: what ``bench/rpc_cpu_pair.py`` compares). When the machine's cores are all busy,
the rate is the cores' time divided by the sum: the two lines at the end say whether they were. A
PostgreSQL process that ends during the run takes its time with it (the servers keep their
connections: none does here); one that starts during it counts in full.
"""
import argparse
import os
import sys
import time

import harness
import peer
import suites
from bench import environment

TICKS = os.sysconf("SC_CLK_TCK")
SIDES = ("ours", "ours-by-id", "peer", "peer-lookup")


def cpu_seconds(pid):
    """User and system time of the process ``pid`` so far (0 once it has ended)."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _processes():
    """{pid: (parent pid, command line)} of the machine's processes."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open("/proc/%s/cmdline" % name, "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        found[int(name)] = (parent, command)
    return found


def groups(server_pid, database):
    """{group: pids}: the server and its descendants, PostgreSQL's processes, the backends among them
    connected to ``database``, this process."""
    found = _processes()
    children = {}
    for pid, (parent, _command) in found.items():
        children.setdefault(parent, []).append(pid)
    odoo, todo = [], [server_pid]
    while todo:
        pid = todo.pop()
        odoo.append(pid)
        todo.extend(children.get(pid, []))
    # the words of each command line: the server process is named by its path, the processes it
    # forked by what they do ("postgres: checkpointer", "postgres: USER DATABASE HOST(PORT) STATE")
    words = {pid: command.split(b"\0")[0].split() or [b""] for pid, (_parent, command) in found.items()}
    postgres = [pid for pid, first in words.items() if os.path.basename(first[0]) in (b"postgres", b"postgres:")]
    backends = [pid for pid in postgres if words[pid][2:3] == [database.encode()]]
    return {"odoo": odoo, "postgres": postgres, "database": backends, "clients": [os.getpid()]}


def spent(pids_by_group):
    """{group: {pid: processor seconds so far}}."""
    return {group: {pid: cpu_seconds(pid) for pid in pids} for group, pids in pids_by_group.items()}


def ms_per_record(before, after, group, records):
    """The processor time ``group`` spent between ``before`` and ``after`` (``spent``), per record: a
    process started in between (a backend the server connected) counts in full."""
    was = before[group]
    return sum(now - was.get(pid, 0.0) for pid, now in after[group].items()) * 1000.0 / records


def operation_for(env, what):
    """(login, operation(session, i)) of the records made: intakes for ours, tickets for the peer
    (``peer-lookup``: each after a search of its customer by name, as an intake searches its person;
    ``ours-by-id``: each intake one call, the person found by the server from the ID given)."""
    if what in ("peer", "peer-lookup"):
        return peer.PEER_LOGIN, peer.rpc_ticket(env, lookup=what == "peer-lookup")
    service = env["oss.service"].search([("code", "=", suites.INTAKE_SERVICE)])
    people = suites.sample_people(env, 5000, seed=11)
    lines = suites.received_lines(env["oss.request"], service)

    intake = suites.rpc_intake_by_id if what == "ours-by-id" else suites.rpc_intake

    def operation(session, i):
        intake(session, people[i % len(people)][0], service.id, lines)
    return env.ref(suites.FRONT_DESK).login, operation


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--port", type=int, default=8219)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("what", choices=SIDES)
    args = parser.parse_args(argv)
    log_path = os.path.join(harness.ROOT, ".state", "log", "bench-rpc-cpu.log")
    with environment(args.config, args.database) as env:
        login, operation = operation_for(env, args.what)
        env.cr.rollback()
        with harness.Server(args.config, args.database, args.port, log_path) as server:
            sessions = [harness.Rpc(server.url, args.database, login, login) for _i in range(4)]
            harness.throughput(sessions, operation, harness.WARM_UP_SECONDS)  # not counted
            time.sleep(3)  # the warm-up's last jobs
            done = []

            def counted(session, i):
                operation(session, i)
                done.append(i)
            before = spent(groups(server.proc.pid, args.database))
            rate, errors = harness.throughput(sessions, counted, args.seconds)
            time.sleep(4)  # the jobs of the last intakes run after their answers
            after = spent(groups(server.proc.pid, args.database))
    if not done:
        raise SystemExit("no %s done: see %s" % ("intake" if args.what.startswith("ours") else "ticket", log_path))
    print("%s: %.1f records/s over %d s, %d records, %d errors" % (
        args.what, rate, args.seconds, len(done), len(errors)))
    total = 0.0
    for group in ("odoo", "postgres", "clients"):
        per_record = ms_per_record(before, after, group, len(done))
        total += per_record
        print("  %-9s %6.1f ms of processor time per record" % (group, per_record))
    print("  in all    %6.1f ms per record" % total)
    print("  of which  %6.1f ms in the backends of %s" % (
        ms_per_record(before, after, "database", len(done)), args.database))
    print("  the cores %6.1f ms per record at that rate (%d cores)" % (
        os.cpu_count() * 1000.0 / rate, os.cpu_count()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
