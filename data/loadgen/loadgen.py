#!/usr/bin/env python3
"""Load data for the benchmarks: persons, requests over three years, cases, transfers, ratings.

    loadgen.py -c .state/conf/govcrm_bench.conf -d govcrm_bench --size small

The generator's users (xmlids gov_loadgen.*, password = login) are what the benchmarks
log in as: lg_frontdesk_1, lg_officer_reg_1 (Civil Registration), lg_manager.

Sizes (persons / requests; cases are about 2 per request): tiny 2,000 / 400,
small 50,000 / 10,000, medium 500,000 / 100,000, large 5,000,000 / 1,000,000.
The generator tops a database up to the size asked: run it with a larger size on the
same database to grow it (the growth benchmark does 10k, 100k, then 1M requests).

Catalogue-level records (officers, supervisors, sequence years) go through the ORM,
as a person would create them. The millions of persons, requests, steps, documents,
cases, transfers and consents are written with PostgreSQL COPY (see rows.py): the
ORM would need hours. This file writes the persons; requests_load.py the requests and
what comes with them. Every value is what the modules would have stored; see
lifecycle.py for the rules and calendar_fast.py for the working-time arithmetic,
which is checked against gov_crm's calendar before anything is written.
Chatter messages, followers and e-mails of the generated history are not written
(they are not read by any screen being measured); the delay-notice cron, which
e-mails every late applicant, is not replayed either.
"""
import argparse
import datetime
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

import people  # noqa: E402
from progress import Progress  # noqa: E402
from requests_load import RequestLoader  # noqa: E402
from rows import LOG_ACCESS, BulkLoad, TableWriter, reserve_ids  # noqa: E402

SIZES = {  # persons, requests
    "tiny": (2000, 400),
    "small": (50000, 10000),
    "medium": (500000, 100000),
    "large": (5000000, 1000000),
}
STATE_KEY = "gov_loadgen.state"
OFFICERS_PER_DEPARTMENT = 4
FRONT_DESK_USERS = 4


def log(message):
    sys.stderr.write("loadgen: %s\n" % message)
    sys.stderr.flush()


# ------------------------------------------------------------------ catalogue (ORM)
def thai_or_english(env):
    """th_TH when the database has Thai installed (make run / make data do), else en_US."""
    return "th_TH" if env["res.lang"].search_count([("code", "=", "th_TH")]) else "en_US"


def ensure_user(env, xmlid, login, name, groups, department=None):
    user = env.ref("gov_loadgen.%s" % xmlid, raise_if_not_found=False)
    if not user:
        user = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True).create({
            "login": login, "password": login, "name": name, "lang": thai_or_english(env), "tz": "Asia/Bangkok",
            "email": "%s@bench.example.org" % login,  # the chatter needs an author address
            "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
        })
        env["ir.model.data"].create({"module": "gov_loadgen", "name": xmlid, "model": "res.users",
                                     "res_id": user.id, "noupdate": True})
    if not user.email:
        user.email = "%s@bench.example.org" % login
    if department and user not in department.member_ids:
        department.member_ids = [(4, user.id)]
    return user


def catalogue(env):
    """Officers and supervisors for every department, and front-desk users (ORM, xmlids gov_loadgen.*).
    Returns the ids of the front-desk users, the generator's first."""
    officer_groups = ["base.group_user", "gov_crm.group_gov_officer"]
    for department in env["gov.department"].search([]):
        code = department.code.lower()
        for n in range(1, OFFICERS_PER_DEPARTMENT + 1):
            ensure_user(env, "user_officer_%s_%d" % (code, n), "lg_officer_%s_%d" % (code, n),
                        "เจ้าหน้าที่ %s %d" % (department.code, n), officer_groups, department)
        if not department.manager_id:
            supervisor = ensure_user(env, "user_supervisor_%s" % code, "lg_supervisor_%s" % code,
                                     "หัวหน้า %s" % department.code,
                                     ["base.group_user", "gov_crm.group_gov_supervisor"], department)
            department.manager_id = supervisor
    desk = [ensure_user(env, "user_frontdesk_%d" % n, "lg_frontdesk_%d" % n, "เคาน์เตอร์ %d" % n,
                        ["base.group_user", "gov_crm.group_gov_front_desk"]) for n in range(1, FRONT_DESK_USERS + 1)]
    ensure_user(env, "user_manager", "lg_manager", "ผู้จัดการบริการ",
                ["base.group_user", "gov_crm.group_gov_service_manager"])
    front_desk = env.ref("gov_crm.group_gov_front_desk")
    return [u.id for u in desk] + [u.id for u in front_desk.users if u.id not in [d.id for d in desk]]


# ------------------------------------------------------------------ bulk rows (COPY)
def load_persons(env, state, target, uid, now, rnd):
    """Citizens (96%) and businesses (4%) with valid unique IDs and phones."""
    done = state.get("persons", 0)
    count = target - done
    if count <= 0:
        return
    fields = ["name", "display_name", "national_id", "gov_party_type", "is_company", "gov_first_name",
              "gov_last_name", "gov_name_en", "gov_birth_date", "phone", "gov_phone_digits", "email", "lang",
              "commercial_partner_id", "commercial_company_name", "partner_share",
              "commercial_partner_country_id", "activity_date_deadline"] + list(LOG_ACCESS)
    writer = TableWriter(env, "res.partner", fields)
    first_id = reserve_ids(env.cr, "res_partner", count)
    t0 = time.time()
    # one format string per row: names, IDs and phones never contain tabs or backslashes
    citizen = "%d\t%s\t%s\t%s\tcitizen\tf\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t{lang}\t%d\t\\N\tt\t\\N\t\\N\t%d\t%s\t%d\t%s"
    business = ("%d\t%s\t%s\t%s\tbusiness\tt\t\\N\t\\N\t\\N\t\\N\t%s\t%s\t%s\t{lang}\t%d\t%s\tt\t\\N\t\\N"
                "\t%d\t%s\t%d\t%s")
    lang = thai_or_english(env)
    citizen, business = citizen.replace("{lang}", lang), business.replace("{lang}", lang)
    span = 5 * 365 * 86400
    random_ = rnd.random
    with BulkLoad(env.cr, ["res_partner"], count), Progress("persons", count) as bar:
        for i in range(count):
            k = done + i
            pid = first_id + i
            created = str(now - datetime.timedelta(seconds=int(random_() * span)))
            phone = people.mobile(k)
            email = "p%d@example.org" % k if k % 3 == 0 else "\\N"
            if k % 25 == 0:
                name = people.business_name(k)
                writer.add_line(business % (pid, name, name, people.juristic_id(k), phone, phone, email, pid, name,
                                            uid, created, uid, created))
            else:
                (first_th, first_en), (last_th, last_en) = people.person_name(k)
                name = "%s %s" % (first_th, last_th)
                writer.add_line(citizen % (
                    pid, name, name, people.national_id(k), first_th, last_th, "%s %s" % (first_en, last_en),
                    "%d-%02d-%02d" % (1940 + k % 66, 1 + k % 12, 1 + k % 28), phone, phone, email, pid,
                    uid, created, uid, created))
            if writer.count >= 50000:
                writer.flush(env.cr)
                bar.update(50000)
        bar.update(writer.count)
        writer.flush(env.cr)
    state["persons"] = target
    log("persons: %d rows in %.1f s" % (count, time.time() - t0))


def load_requests(env, state, target, now, rnd, chunk, desk_users):
    """Requests with their documents, steps, cases, transfers and consents (requests_load.py)."""
    done = state.get("requests", 0)
    count = target - done
    if count <= 0:
        return
    loader = RequestLoader(env, now, rnd, desk_users)
    loader.run(count, chunk)
    state["requests"] = target
    state["cases"] = state.get("cases", 0) + loader.cases
    state["transfers"] = state.get("transfers", 0) + loader.transfers
    log("requests: %d requests, %d cases, %d transfers in %.1f s"
        % (count, loader.cases, loader.transfers, loader.seconds))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf of the benchmark database")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--persons", type=int, help="override the size's number of persons")
    parser.add_argument("--requests", type=int, help="override the size's number of requests")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--chunk", type=int, default=20000, help="requests per COPY batch")
    args = parser.parse_args(argv)
    if args.database in ("govcrm", "govcrm_test"):
        parser.error("refusing to load benchmark data into %s (demo/test database)" % args.database)
    persons, requests = SIZES[args.size]
    persons = args.persons if args.persons is not None else persons
    requests = args.requests if args.requests is not None else requests
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    started = time.time()
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Asia/Bangkok"})
        params = env["ir.config_parameter"].sudo()
        state = json.loads(params.get_param(STATE_KEY) or "{}")
        rnd = random.Random("%s-%s-%s" % (args.seed, state.get("persons", 0), state.get("requests", 0)))
        now = datetime.datetime.utcnow().replace(microsecond=0)
        desk_users = catalogue(env)
        cr.commit()
        before = dict(state)
        load_persons(env, state, persons, SUPERUSER_ID, now, rnd)
        params.set_param(STATE_KEY, json.dumps(state))
        cr.commit()
        load_requests(env, state, requests, now, rnd, args.chunk, desk_users)
        if state != before or "generated_at" not in state:
            state["generated_at"] = now.isoformat(" ")
        params.set_param(STATE_KEY, json.dumps(state))
        cr.commit()
        # the escalation cron is set-based: run it as the server would on its next tick, and
        # gov_kpi's refresh of the requests summary (every 15 minutes) with it
        env["citizen.case"]._cron_escalate()
        if "gov.kpi.request.summary" in env:
            env["gov.kpi.request.summary"].kpi_refresh()
        cr.commit()
    with registry.cursor() as cr:
        cr._cnx.set_isolation_level(0)  # VACUUM cannot run in a transaction
        for table in ("res_partner", "oss_request", "oss_request_step", "oss_request_document",
                      "citizen_case", "citizen_case_transfer", "gov_consent"):
            cr.execute("VACUUM ANALYZE %s" % table)  # fixed names
    log("done in %.1f s: %s" % (time.time() - started, json.dumps(state)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
