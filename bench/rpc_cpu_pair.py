"""Two runs of ``bench/rpc_cpu.py`` at the same time, so that they share the machine's moment.

    .venv/bin/python bench/rpc_cpu_pair.py govcrm_bench:ours helpdesk_bench:peer
    .venv/bin/python bench/rpc_cpu_pair.py govcrm_bench:ours@/path/to/other/checkout govcrm_bench:ours

On a shared machine the processor time of the same intake changes by a third from one run to the
next a few minutes later (``bench/FINDINGS.md``): two runs made one after the other compare the
machine's moments as much as the code. Here both run at once, each with its own server on its own
port and its own four clients, ``--runs`` times; each run's Odoo processes are counted apart, and,
when the two sides use two databases, each with the PostgreSQL backends connected to its database
(the last column: the whole of a record's processor time but the clients'; two sides on one
database share their backends, which are then left out). A side is ``DATABASE:ours``,
``DATABASE:ours-by-id`` (each intake one call, the person found by the server from the ID given),
``DATABASE:peer`` or ``DATABASE:peer-lookup`` (each ticket after a search of its customer by name),
its configuration ``.state/conf/DATABASE.conf``; ``@CHECKOUT`` runs the code of another checkout of
the repository (a ``git worktree`` of an earlier commit) on the same database, with that
configuration's addons path moved to the checkout.
"""
import argparse
import os
import re
import subprocess
import sys

import harness
from rpc_cpu import SIDES

PORTS = (8219, 8229)
RESULT = re.compile(r"^(%s): ([\d.]+) records/s .*\n  odoo +([\d.]+) ms" % "|".join(SIDES), re.MULTILINE)
BACKENDS = re.compile(r"^  of which +([\d.]+) ms in the backends", re.MULTILINE)


def side(spec):
    """(database, ours or peer, checkout) of ``DATABASE:WHAT[@CHECKOUT]``."""
    what, _at, checkout = spec.partition("@")
    database, _colon, kind = what.partition(":")
    if kind not in SIDES or not database:
        raise argparse.ArgumentTypeError("%r is not DATABASE:%s (then @CHECKOUT)" % (spec, "|".join(SIDES)))
    return database, kind, os.path.abspath(checkout) if checkout else harness.ROOT


def config_in(checkout, database):
    """The database's configuration, its addons path moved to ``checkout``; its path."""
    source = os.path.join(harness.ROOT, ".state", "conf", "%s.conf" % database)
    if checkout == harness.ROOT:
        return source
    with open(source) as stream:
        text = stream.read()
    text = re.sub(r"^addons_path = .*$", "addons_path = %s,%s" % (checkout, os.path.join(checkout, "addons")),
                  text, flags=re.MULTILINE)
    for folder in ("conf", "log"):
        os.makedirs(os.path.join(checkout, ".state", folder), exist_ok=True)
    path = os.path.join(checkout, ".state", "conf", "%s.conf" % database)
    with open(path, "w") as stream:
        stream.write(text)
    return path


def run_pair(sides, seconds):
    """Start both runs at once; (records/s, Odoo's ms per record, its database's backends' ms per record)
    of each, in order."""
    runs = []
    for (database, kind, checkout), port in zip(sides, PORTS):
        command = [sys.executable, os.path.join(checkout, "bench", "rpc_cpu.py"), "-c", config_in(checkout, database),
                   "-d", database, "--port", str(port), "--seconds", str(seconds), kind]
        runs.append(subprocess.Popen(command, cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     universal_newlines=True))
    results = []
    for run in runs:
        output = run.communicate()[0]
        match = RESULT.search(output)
        if run.returncode or not match:
            raise SystemExit("a run failed:\n%s" % output[-2000:])
        backends = BACKENDS.search(output)  # None from the rpc_cpu.py of an older checkout
        results.append((float(match.group(2)), float(match.group(3)), float(backends.group(1)) if backends else None))
    return results


def table_row(number, results, apart):
    """The line of run ``number`` of the table, from ``run_pair``'s ``results``; with ``apart`` (two
    databases), each side's Odoo processes and database backends together too."""
    (rate_a, odoo_a, db_a), (rate_b, odoo_b, db_b) = results
    row = "| %d | %.1f | %.1f | %.1f / %.1f ms (%.2f) |" % (number, rate_a, rate_b, odoo_a, odoo_b, odoo_a / odoo_b)
    if apart and None in (db_a, db_b):
        row += " not counted by an older checkout |"
    elif apart:
        row += " %.1f / %.1f ms (%.2f) |" % (odoo_a + db_a, odoo_b + db_b, (odoo_a + db_a) / (odoo_b + db_b))
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=side)
    parser.add_argument("second", type=side)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    names = ["%s:%s%s" % (database, kind, "" if checkout == harness.ROOT else "@" + checkout)
             for database, kind, checkout in (args.first, args.second)]
    # the backends of each side's database, apart when the databases are
    apart = args.first[0] != args.second[0]
    print("| run | %s records/s | %s records/s | Odoo's ms per record, first / second |%s" % (
        names[0], names[1], " with its database's backends |" if apart else ""))
    print("|---|---|---|---|%s" % ("---|" if apart else ""))
    for number in range(1, args.runs + 1):
        print(table_row(number, run_pair((args.first, args.second), args.seconds), apart))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
