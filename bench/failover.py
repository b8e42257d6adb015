#!/usr/bin/env python3
"""Failover under load on `make cluster`: an Odoo node killed, then the PostgreSQL primary.

    make bench-failover      # scripts/cluster.sh failover_bench -> bench/results/failover.json
    BENCH_ARGS="--only node" make bench-failover   # one phase (node or primary)

Front-desk clerks (client threads, each its own web session) take in requests through HAProxy
as the web client sends them (suites.rpc_intake: find the person, create and submit). A request is
acknowledged when its submission was answered. Phase 1 kills node 2 (SIGKILL to its process
group) half-way; phase 2, with both nodes up again, stops the primary as a crash would
(pg_ctl stop -m immediate) and promotes the standby at once. Each phase then looks for every
acknowledged request in the database (for phase 2: the promoted standby, through HAProxy),
and for the requests the clerk's account created during the phase that no clerk was told of
(a creation committed whose answer was lost, or applied a second time by HAProxy's retry of a
request left without an answer). A clerk whose call fails tries the next intake after PAUSE
seconds.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import odoo  # noqa: E402
import psycopg2  # noqa: E402
import requests  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

import harness  # noqa: E402
import suites  # noqa: E402

PAUSE = 0.2
CLUSTER = os.path.join(harness.ROOT, "scripts", "cluster.sh")


def prepare(conf, db, login, password):
    """The counter account (made once, by the administrator, as for a new clerk), the service, its
    document checklist and the citizens on file."""
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = env["res.users"].with_context(no_reset_password=True)
        user = users.search([("login", "=", login)])
        if not user:
            user = users.create({"name": "Counter clerk (failover benchmark)", "login": login, "password": password,
                                 "groups_id": [(6, 0, [env.ref("gov_crm.group_gov_front_desk").id])]})
        service = env["oss.service"].search([("code", "=", suites.INTAKE_SERVICE)])
        lines = suites.received_lines(env["oss.request"], service)
        cr.execute("SELECT national_id FROM res_partner WHERE gov_party_type = 'citizen' AND active "
                   "AND national_id IS NOT NULL ORDER BY id")
        people = [row[0] for row in cr.fetchall()]
        cr.commit()
        service_id = service.id
    odoo.sql_db.close_all()
    if not people:
        raise SystemExit("no citizen with a national ID in %s" % db)
    return service_id, lines, people


class Load:
    """Clerks taking in requests until stopped; every call recorded with its times (s from start)."""

    def __init__(self, sessions, people, service_id, lines):
        self.sessions, self.people, self.service_id, self.lines = sessions, people, service_id, lines
        self.calls, self.lock, self.halt = [], threading.Lock(), threading.Event()
        self.start = None
        self.threads = []

    def now(self):
        return time.time() - self.start

    def clerk(self, index, session):
        i = index
        while not self.halt.is_set():
            began = self.now()
            request_id, error, detail, created = None, None, None, []
            try:
                request_id = suites.rpc_intake(session, self.people[i % len(self.people)], self.service_id,
                                               self.lines, created=created)
            except Exception as exc:  # noqa: BLE001 - recorded, the clerk goes on
                error, detail = harness.call_error(exc), harness.call_detail(exc)
            with self.lock:
                self.calls.append({"start": round(began, 3), "end": round(self.now(), 3),
                                   "request_id": request_id, "created_id": created[0] if created else None,
                                   "error": error, "detail": detail})
            i += len(self.sessions)
            if error:
                time.sleep(PAUSE)

    def __enter__(self):
        self.start = time.time()
        self.threads = [threading.Thread(target=self.clerk, args=(i, s)) for i, s in enumerate(self.sessions)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.halt.set()
        for thread in self.threads:
            thread.join()

    def first_success_after(self, instant):
        with self.lock:
            ends = [c["end"] for c in self.calls if c["request_id"] and c["start"] >= instant]
        return min(ends) if ends else None


def cluster(*args):
    subprocess.run([CLUSTER] + list(args), check=True, stdout=subprocess.DEVNULL)


def rows(pg_port, db, query, params=()):
    """The rows of ``query`` on the database behind ``pg_port`` (HAProxy's front: the primary of now),
    on a connection of its own."""
    conn = psycopg2.connect(host="127.0.0.1", port=pg_port, user="odoo", dbname=db, connect_timeout=10)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()
    finally:
        conn.close()


def missing_requests(pg_port, db, ids):
    """(ids absent from the database, ids still in draft) among the acknowledged ones."""
    if not ids:
        return [], []
    found = dict(rows(pg_port, db, "SELECT id, state FROM oss_request WHERE id = ANY(%s)", (list(ids),)))
    return sorted(set(ids) - set(found)), sorted(i for i, state in found.items() if state == "draft")


def database_clock(pg_port, db):
    """The database's UTC clock, as Odoo writes create_date."""
    return rows(pg_port, db, "SELECT now() AT TIME ZONE 'UTC'")[0][0]


def untold_requests(pg_port, db, login, since, calls):
    """The requests the clerks' account created since ``since`` whose creation no clerk was answered:
    {state: count}. A committed creation whose answer was lost, or a creation applied a second time
    when HAProxy sent a request left without an answer to the other node."""
    told = {c["created_id"] for c in calls if c["created_id"]}
    created = rows(pg_port, db, """SELECT r.id, r.state FROM oss_request r JOIN res_users u ON u.id = r.create_uid
                                    WHERE u.login = %s AND r.create_date >= %s""", (login, since))
    states = {}
    for request_id, state in created:
        if request_id not in told:
            states[state] = states.get(state, 0) + 1
    return {"created_in_phase": len(created), "untold": sum(states.values()), "untold_by_state": states}


def summary(calls, event, window):
    """Counts overall and for the calls running during [event, event + window]."""
    def counts(chosen):
        failed = [c for c in chosen if c["error"]]
        errors = {}
        for call in failed:
            errors[call["error"]] = errors.get(call["error"], 0) + 1
        return {"calls": len(chosen), "acknowledged": len(chosen) - len(failed), "failed": len(failed),
                "failed_pct": round(100.0 * len(failed) / len(chosen), 2) if chosen else None,
                "errors": errors}
    during = [c for c in calls if c["end"] >= event and c["start"] <= event + window]
    failures_after = [c["end"] for c in calls if c["error"] and c["end"] >= event]
    return {"overall": counts(calls), "window": dict(counts(during), seconds=[event, event + window]),
            "last_failure_after_event_s": round(max(failures_after) - event, 2) if failures_after else None,
            "failures_at_s": [c["end"] for c in calls if c["error"]][:50],
            "failure_details": sorted({c["detail"] for c in calls if c["error"]})[:10]}


def haproxy_retries(stats_url):
    """HAProxy's counters of the nodes' backend: requests sent again (retries, redispatches to the other node)."""
    if not stats_url:
        return None
    text = requests.get(stats_url.rstrip("/") + "/;csv", timeout=10).text.lstrip("# ")
    for row in csv.DictReader(io.StringIO(text)):
        if row["pxname"] == "odoo" and row["svname"] == "BACKEND":
            return {"retries": int(row["wretr"] or 0), "redispatches": int(row["wredis"] or 0)}
    return None


def phase_node(args, sessions, data):
    print("phase 1: %d clerks for %d s, node 2 killed at %d s" % (len(sessions), args.seconds, args.seconds // 2))
    before = haproxy_retries(args.stats)
    since = database_clock(args.pg_port, args.database)
    with Load(sessions, *data) as load:
        time.sleep(args.seconds / 2.0)
        killed = load.now()
        cluster("node_kill", "2")
        time.sleep(args.seconds / 2.0)
    calls = load.calls
    acked = [c["request_id"] for c in calls if c["request_id"]]
    lost, draft = missing_requests(args.pg_port, args.database, acked)
    out = dict(summary(calls, killed, args.window), killed_at_s=round(killed, 2), seconds=args.seconds,
               acknowledged_missing=len(lost), acknowledged_in_draft=len(draft), missing_ids=lost[:20],
               **untold_requests(args.pg_port, args.database, args.login, since, calls))
    after = haproxy_retries(args.stats)
    if before and after:
        out["haproxy"] = {key: after[key] - before[key] for key in after}
    return out, acked


def phase_primary(args, sessions, data, earlier):
    print("phase 2: %d clerks, the primary stopped (immediate) at %d s and the standby promoted"
          % (len(sessions), args.seconds // 2))
    since = database_clock(args.pg_port, args.database)
    with Load(sessions, *data) as load:
        time.sleep(args.seconds / 2.0)
        failed_at = load.now()
        cluster("pg_fail")
        promote_start = load.now()
        cluster("pg_promote")
        promoted = load.now()
        recovered = None
        while load.now() < failed_at + args.deadline:
            recovered = load.first_success_after(failed_at)
            if recovered is not None:
                break
            time.sleep(0.2)
        time.sleep(args.seconds / 2.0)
        before = [c["request_id"] for c in load.calls if c["request_id"] and c["end"] <= failed_at]
    calls = load.calls
    acked = [c["request_id"] for c in calls if c["request_id"]]
    lost, draft = missing_requests(args.pg_port, args.database, acked)
    lost_earlier, _draft = missing_requests(args.pg_port, args.database, earlier)
    out = dict(summary(calls, failed_at, args.window), primary_stopped_at_s=round(failed_at, 2),
               promote_s=round(promoted - promote_start, 2), stop_to_promoted_s=round(promoted - failed_at, 2),
               recovery_s=round(recovered - failed_at, 2) if recovered is not None else None,
               acknowledged_before_stop=len(before), acknowledged_missing=len(lost),
               acknowledged_before_stop_missing=len(set(lost) & set(before)), acknowledged_in_draft=len(draft),
               missing_ids=lost[:20], phase1_acknowledged_missing=len(lost_earlier),
               **untold_requests(args.pg_port, args.database, args.login, since, calls))
    return out


def show(name, figures):
    overall, window = figures["overall"], figures["window"]
    print("%s: %d intakes acknowledged, %d calls failed (%s %%) overall; %d of %d failed (%s %%) in the %g s "
          "after the event; acknowledged but missing: %d" % (
              name, overall["acknowledged"], overall["failed"], overall["failed_pct"], window["failed"],
              window["calls"], window["failed_pct"], window["seconds"][1] - window["seconds"][0],
              figures["acknowledged_missing"]))
    print("  requests created in the phase that no clerk was told of: %d of %d (%s)" % (
        figures["untold"], figures["created_in_phase"],
        ", ".join("%s %d" % item for item in sorted(figures["untold_by_state"].items())) or "none"))
    if "recovery_s" in figures:
        print("  primary stopped -> promoted %s s, -> first intake answered again %s s"
              % (figures["stop_to_promoted_s"], figures["recovery_s"]))
    if figures.get("haproxy"):
        print("  HAProxy: %(retries)d retries, %(redispatches)d redispatches to the other node"
              % figures["haproxy"])
    if overall["errors"]:
        print("  errors: %s" % ", ".join("%s x%d" % item for item in sorted(overall["errors"].items())))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True, help="a node's odoo.conf (database through HAProxy)")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--url", required=True, help="HAProxy's HTTP front")
    parser.add_argument("--pg-port", type=int, required=True, help="HAProxy's PostgreSQL front")
    parser.add_argument("--stats", help="HAProxy's statistics page (retries and redispatches of phase 1)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (clerks)")
    parser.add_argument("--seconds", type=int, default=20, help="length of each phase")
    parser.add_argument("--window", type=float, default=10.0, help="seconds after the event counted as failover")
    parser.add_argument("--deadline", type=float, default=90.0, help="give up waiting for recovery after this")
    parser.add_argument("--login", default="failover_desk")
    parser.add_argument("--password", default="Counter-desk-2026!")
    parser.add_argument("--only", help="node or primary (default: both, in that order)")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "failover.json"))
    args = parser.parse_args(argv)
    if args.database in ("govcrm", "govcrm_test"):
        parser.error("refusing to use the demo or test database %s" % args.database)
    service_id, lines, people = prepare(args.config, args.database, args.login, args.password)
    sessions = [harness.Rpc(args.url, args.database, args.login, args.password) for _i in range(args.clients)]
    data = (people, service_id, lines)
    out = {"machine": harness.machine(), "database": args.database, "clients": args.clients,
           "pause_after_error_s": PAUSE, "command": " ".join(sys.argv).replace(harness.ROOT + "/", ""),
           "people": len(people)}
    earlier = []
    if args.only in (None, "node"):
        out["node_loss"], earlier = phase_node(args, sessions, data)
        show("node 2 killed", out["node_loss"])
    if args.only in (None, "primary"):
        if args.only is None:
            cluster("node_up", "2")
        out["primary_loss"] = phase_primary(args, sessions, data, earlier)
        show("primary stopped", out["primary_loss"])
    out["machine_after"] = harness.machine()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as stream:
        json.dump(out, stream, indent=1, sort_keys=True)
    print("wrote %s" % os.path.relpath(args.out, harness.ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
