#!/usr/bin/env python3
"""Benchmark suite of the back office, and the peer comparison with OCA helpdesk_mgmt.

    bench.py suite -c CONF -d govcrm_bench        # our figures -> bench/results/ours-<requests>.json
    bench.py peer  -c CONF -d helpdesk_bench      # the peer     -> bench/results/peer.json
    bench.py atonce -c CONF -d govcrm_bench --peer-database helpdesk_bench
                                                  # both over JSON-RPC at once -> ours-<requests>.json
    bench.py report                               # docs/BENCHMARKS.md and docs/bench_growth.png

`make bench` runs the three (bench/run.sh). Every figure is the median and the 90th
percentile of at least 5 runs; see docs/BENCHMARKS.md for what each one does.
"""
import argparse
import contextlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

import harness  # noqa: E402
import suites  # noqa: E402

RESULTS = os.path.join(HERE, "results")
SUITES = ["intake", "lookup", "officer", "dashboard", "http", "public", "sessions", "coldload", "excel"]


def _command():
    """The command line as typed from the repository root (no path of this machine)."""
    return " ".join(sys.argv).replace(harness.ROOT + "/", "")


@contextlib.contextmanager
def environment(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def postpone_crons(env):
    """Keep scheduled jobs (delay notices, escalation) out of the timing windows of this database."""
    env.cr.execute("UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') + interval '1 day' WHERE active")
    env.cr.commit()


def cmd_suite(args):
    only = args.only.split(",") if args.only else SUITES
    log_path = os.path.join(harness.ROOT, ".state", "log", "bench-server.log")
    out = {"machine": harness.machine(), "database": args.database, "command": _command(), "figures": {}}
    figures = {}

    def measured(new):
        """Stamp each figure with when and under which load it was measured."""
        stamp = harness.machine()
        for figure in new.values():
            figure["measured"] = {"date": stamp["date"], "loadavg": stamp["loadavg"]}
        figures.update(new)

    with environment(args.config, args.database) as env:
        postpone_crons(env)
        requeued = suites.requeue_interrupted_jobs(env)
        if requeued:
            print("==> %d jobs left enqueued or started by a server that stopped: requeued" % requeued)
        if any(name in only for name in ("http", "sessions", "coldload")):
            drained = suites.drain_jobs(env, args.config, args.database, args.port, log_path)
            if drained:
                print("==> %d jobs of earlier runs run before the measures" % drained)
        out["data"] = _generated(env)
        if "intake" in only:
            measured(suites.bench_intake_inprocess(env, args.samples))
        if "lookup" in only:
            measured(suites.bench_lookup(env, args.samples))
        if "officer" in only:
            measured(suites.bench_officer(env, args.runs))
        if "dashboard" in only:
            measured(suites.bench_dashboard(env, args.runs, args.config, args.database, args.port, log_path))
        if "http" in only:
            measured(suites.run_http(env, args.config, args.database, args.port, args.runs, args.seconds, log_path))
        if "public" in only:
            measured(suites.run_public(env, args.config, args.database, args.port, args.runs, args.seconds,
                                       log_path))
        if "sessions" in only:
            measured(suites.bench_sessions(env, args.config, args.database, args.port, log_path))
        if "coldload" in only:
            measured(suites.bench_coldload(env, args.config, args.database, args.port, log_path,
                                           min(args.runs, 3)))
    if "excel" in only:
        measured(suites.bench_excel(args.config, args.database, args.runs, args.excel_cases))
    out["machine_after"] = harness.machine()
    # named after the generated size, which the requests created by the load tests do not change
    path = args.out or _results_path(out["data"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if args.only and os.path.exists(path):  # a partial run adds to the figures of that size
        with open(path) as stream:
            previous = json.load(stream)
        previous["figures"].update(figures)
        figures = previous["figures"]
        out["machine"] = previous["machine"]  # the first run's; each figure carries its own stamp
        if out["command"] not in previous["command"].split(" ; "):
            out["command"] = previous["command"] + " ; " + out["command"]
        else:
            out["command"] = previous["command"]
    out["figures"] = figures
    with open(path, "w") as stream:
        json.dump(out, stream, indent=1, sort_keys=True)
    print("wrote %s" % path)
    return 0


def _generated(env):
    """What ``make data`` generated in the database (its size), and the rows its main tables hold."""
    env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'gov_loadgen.state'")
    row = env.cr.fetchone()
    data = json.loads(row[0]) if row else {}
    for table in ("res_partner", "oss_request", "citizen_case", "citizen_case_transfer"):
        env.cr.execute("SELECT count(*) FROM %s" % table)  # fixed names
        data["rows_" + table] = env.cr.fetchone()[0]
    return data


def _results_path(data):
    """Our results file of the generated size, which the requests the load tests create do not change."""
    return os.path.join(RESULTS, "ours-%d.json" % (data.get("requests") or data["rows_oss_request"]))


def cmd_atonce(args):
    """Our intakes and the peer's tickets over JSON-RPC at the same time (``rpc_cpu_pair.py``): two runs
    made one after the other compare the shared machine's moments as much as the code (the same
    intake's processor time changed by a third from one run to the next, ``bench/FINDINGS.md``). Each
    run's processor time per record, Odoo's processes and its database's backends, and their ratio,
    are added to our figures of the database's size. Each side's configuration is
    ``.state/conf/DATABASE.conf``, as ``bench/run.sh`` writes it."""
    import rpc_cpu_pair
    with environment(args.config, args.database) as env:
        postpone_crons(env)
        data = _generated(env)
    sides = ((args.database, "ours", harness.ROOT), (args.peer_database, "peer", harness.ROOT))
    stamp, runs = harness.machine(), []
    for number in range(1, args.runs + 1):
        (rate, odoo_ms, database_ms), (peer_rate, peer_odoo_ms, peer_database_ms) = rpc_cpu_pair.run_pair(
            sides, args.seconds)
        runs.append({"ours_rate": rate, "peer_rate": peer_rate, "ours_ms": odoo_ms + database_ms,
                     "peer_ms": peer_odoo_ms + peer_database_ms})
        print("at once, run %d: %.1f intakes/s and %.1f tickets/s, %.1f and %.1f ms of processor time each" % (
            number, rate, peer_rate, runs[-1]["ours_ms"], runs[-1]["peer_ms"]))
    figure = suites.result(
        "Intake over JSON-RPC at the same time as the peer's ticket, each --workers=2 with 4 client threads "
        "(processor time per intake ÷ per ticket, Odoo's processes and the database's backends)", "x", 1.0,
        [run["ours_ms"] / run["peer_ms"] for run in runs], runs=runs, seconds=args.seconds,
        peer_database=args.peer_database, measured={"date": stamp["date"], "loadavg": stamp["loadavg"]})
    path = args.out or _results_path(data)
    if not os.path.exists(path):
        raise SystemExit("no results of %s's size yet (%s): run the suite first" % (args.database, path))
    with open(path) as stream:
        results = json.load(stream)
    results["figures"]["intake_rpc_at_once"] = figure
    command = _command()
    if command not in results["command"].split(" ; "):
        results["command"] += " ; " + command
    with open(path, "w") as stream:
        json.dump(results, stream, indent=1, sort_keys=True)
    print("wrote %s" % path)
    return 0


def cmd_peer(args):
    import peer
    log_path = os.path.join(harness.ROOT, ".state", "log", "bench-peer-server.log")
    out = {"machine": harness.machine(), "database": args.database, "command": _command(), "figures": {}}
    with environment(args.config, args.database) as env:
        postpone_crons(env)
        out["figures"].update(peer.bench_peer_inprocess(env, args.samples))
        if not args.only or "http" in args.only:
            out["figures"].update(peer.bench_peer_rpc_calls(env, args.config, args.database, args.port, log_path))
            out["figures"].update(peer.bench_peer_rpc(env, args.config, args.database, args.port, args.runs,
                                                      args.seconds, log_path))
    path = args.out or os.path.join(RESULTS, "peer.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as stream:
        json.dump(out, stream, indent=1, sort_keys=True)
    print("wrote %s" % path)
    return 0


def cmd_excel_child(args):
    with environment(args.config, args.database) as env:
        print(json.dumps(suites.excel_child(env, args.cases)))
    return 0


def cmd_report(args):
    import report
    report.write(args.results, args.out, args.plot)
    print("wrote %s and %s" % (args.out, args.plot))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    for name in ("suite", "peer", "excel-child"):
        p = sub.add_parser(name)
        p.add_argument("-c", "--config", required=True)
        p.add_argument("-d", "--database", required=True)
        p.add_argument("--runs", type=int, default=5, help="runs of each timed screen or load test (>= 5)")
        p.add_argument("--samples", type=int, default=30, help="records timed one by one (intake, lookups)")
        p.add_argument("--seconds", type=int, default=10, help="length of each load-test run")
        p.add_argument("--port", type=int, default=int(os.environ.get("GOV_BENCH_PORT") or 0),
                       help="HTTP port of the server under test (GOV_BENCH_PORT; default: a free port)")
        p.add_argument("--only", help="comma-separated subset of: %s" % ",".join(SUITES))
        p.add_argument("--excel-cases", type=int, default=100000)
        p.add_argument("--cases", type=int, default=100000)
        p.add_argument("--out")
    p = sub.add_parser("atonce")
    p.add_argument("-c", "--config", required=True)
    p.add_argument("-d", "--database", required=True)
    p.add_argument("--peer-database", required=True, help="its configuration: .state/conf/DATABASE.conf")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=int, default=20, help="length of each run, both sides at once")
    p.add_argument("--out")
    p = sub.add_parser("report")
    p.add_argument("--results", default=RESULTS)
    p.add_argument("--out", default=os.path.join(harness.ROOT, "docs", "BENCHMARKS.md"))
    p.add_argument("--plot", default=os.path.join(harness.ROOT, "docs", "bench_growth.png"))
    args = parser.parse_args(argv)
    if getattr(args, "database", None) in ("govcrm", "govcrm_test"):
        parser.error("refusing to benchmark the demo or test database %s" % args.database)
    handlers = {"suite": cmd_suite, "peer": cmd_peer, "atonce": cmd_atonce, "excel-child": cmd_excel_child,
                "report": cmd_report}
    if args.command not in handlers:
        parser.error("choose a command: %s" % ", ".join(handlers))
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
