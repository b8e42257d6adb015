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
ORM would need hours. Every value is what the modules would have stored; see
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
import pytz  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

import people  # noqa: E402
from calendar_fast import FastCalendar  # noqa: E402
from lifecycle import Simulator  # noqa: E402
from progress import Progress  # noqa: E402
from rows import LOG_ACCESS, TableWriter, reserve_ids, secondary_indexes  # noqa: E402

SIZES = {  # persons, requests
    "tiny": (2000, 400),
    "small": (50000, 10000),
    "medium": (500000, 100000),
    "large": (5000000, 1000000),
}
DIRECT_CASES_PER_REQUEST = 0.25   # cases opened directly (phone, walk-in complaints) per request
YEARS = 3
STATE_KEY = "gov_loadgen.state"
OFFICERS_PER_DEPARTMENT = 4
FRONT_DESK_USERS = 4
CHANNELS = ["counter"] * 50 + ["phone"] * 10 + ["email"] * 8 + ["portal"] * 25 + ["api"] * 5 + ["agency"] * 2
DESCRIPTIONS = ["ยื่นคำขอที่เคาน์เตอร์ / filed at the counter", "ขอรับบริการตามคู่มือประชาชน / service per the manual",
                "ติดต่อผ่านศูนย์บริการร่วม / through the one-stop centre", None]
DIRECT_SUBJECTS = ["ไฟฟ้าส่องสว่างดับ / street light out", "ถนนชำรุด / damaged road",
                   "ขยะไม่ได้จัดเก็บ / rubbish not collected", "ท่อระบายน้ำอุดตัน / blocked drain",
                   "เสียงดังรบกวน / noise complaint", "สอบถามสิทธิสวัสดิการ / welfare question"]
BULK_INDEX_THRESHOLD = 200000   # above this many new rows, indexes are dropped and rebuilt


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
    """Officers and supervisors for every department, and front-desk users (ORM, xmlids gov_loadgen.*)."""
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
    ensure_user(env, "user_manager", "lg_manager", "ผู้จัดการบริการ", ["base.group_user", "gov_crm.group_gov_service_manager"])
    front_desk = env.ref("gov_crm.group_gov_front_desk")
    return [u.id for u in desk] + [u.id for u in front_desk.users if u.id not in [d.id for d in desk]]


def officers_by_department(env):
    officer = env.ref("gov_crm.group_gov_officer")
    return {d.id: [u.id for u in d.member_ids.sorted("id") if officer in u.groups_id and u.active]
            for d in env["gov.department"].search([])}


def services(env):
    result = []
    for service in env["oss.service"].search([]):
        result.append({
            "id": service.id, "name": service.name, "group": service.group, "legal_days": service.legal_days,
            "documents": [(d.id, d.name, d.mandatory, d.copies) for d in service.document_ids],
            "steps": [{"id": s.id, "sequence": s.sequence, "name": s.name,
                       "department_id": s.department_id.id, "days": s.days} for s in service.step_ids],
        })
    return result


# ------------------------------------------------------------------ sequences
class YearNumbers:
    """Tracking numbers OSS-<BE year>-<6 digits> from the ir.sequence.date_range of each year."""

    def __init__(self, env):
        self.env = env
        self.sequence = env.ref("one_stop_service.seq_oss_request")

    def reserve(self, local_year, count):
        date = "%d-06-30" % local_year
        ranges = self.env["ir.sequence.date_range"].search([
            ("sequence_id", "=", self.sequence.id), ("date_from", "<=", date), ("date_to", ">=", date)], limit=1)
        if not ranges:  # what next_by_id does for a year without a range
            ranges = self.sequence._create_date_range_seq(date)
        name = "ir_sequence_%03d_%03d" % (self.sequence.id, ranges.id)
        self.env.cr.execute("SELECT nextval(%s)", (name,))
        first = self.env.cr.fetchone()[0]
        self.env.cr.execute("SELECT setval(%s, %s)", (name, first + count - 1))
        if first + count - 1 > 999999:
            raise SystemExit("more than 999,999 requests in %d: the tracking number has 6 digits" % local_year)
        return first


def reserve_case_numbers(env, count):
    sequence = env.ref("citizen_case.seq_citizen_case")
    name = "ir_sequence_%03d" % sequence.id
    env.cr.execute("SELECT nextval(%s)", (name,))
    first = env.cr.fetchone()[0]
    env.cr.execute("SELECT setval(%s, %s)", (name, first + count - 1))
    return first, sequence.padding


# ------------------------------------------------------------------ bulk phases
class BulkLoad:
    """For a big load: drop the secondary indexes and the foreign keys of the tables, COPY,
    then rebuild the indexes and re-add the foreign keys, which validates every new row
    against its parents in one pass (same transaction: a failure leaves nothing behind)."""

    def __init__(self, cr, tables, rows):
        self.cr, self.tables, self.enabled = cr, tables, rows >= BULK_INDEX_THRESHOLD
        self.indexes, self.foreign_keys = [], []

    def __enter__(self):
        self.cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.cr.execute("SET LOCAL synchronous_commit = off")
        if self.enabled:
            self.cr.execute("""
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)""", (list(self.tables),))
            self.foreign_keys = self.cr.fetchall()
            for table, name, _definition in self.foreign_keys:
                self.cr.execute('ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))  # catalog names
            for table in self.tables:
                for name, definition in secondary_indexes(self.cr, table):
                    self.indexes.append((name, definition))
                    self.cr.execute('DROP INDEX "%s"' % name)  # names from pg_indexes, not user input
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type or not self.enabled:
            return
        with Progress("indexes", len(self.indexes) + len(self.foreign_keys)) as bar:
            for _name, definition in self.indexes:
                self.cr.execute(definition)
                bar.update()
            for table, name, definition in self.foreign_keys:
                self.cr.execute('ALTER TABLE "%s" ADD CONSTRAINT "%s" %s' % (table, name, definition))
                bar.update()


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
    business = "%d\t%s\t%s\t%s\tbusiness\tt\t\\N\t\\N\t\\N\t\\N\t%s\t%s\t%s\t{lang}\t%d\t%s\tt\t\\N\t\\N\t%d\t%s\t%d\t%s"
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


class ReceiptClock:
    """Receipt instants between ``start`` and ``now``: office hours of a working day at the
    counter, any time of day online."""

    def __init__(self, cal, rnd, start, now):
        self.cal, self.rnd, self.start, self.now = cal, rnd, start, now
        day_us = 24 * 3600 * 10 ** 6
        lo, hi = cal.to_local_us(start) // day_us, cal.to_local_us(now) // day_us
        self.days = [d for d in cal.working_days if lo <= d <= hi]
        self.seconds = int((now - start).total_seconds())

    def __call__(self, channel):
        cal, rnd = self.cal, self.rnd
        while True:
            if channel in ("portal", "api"):
                when = self.start + datetime.timedelta(seconds=rnd.randrange(self.seconds))
            else:
                low, high = rnd.choice(cal.day_intervals[rnd.choice(self.days)])
                when = cal.to_utc(rnd.randrange(low, high) // 10 ** 6 * 10 ** 6)
            if self.start <= when <= self.now:
                return when

    def local_year(self, utc):
        if self.cal.fixed_offset is not None:
            return (utc + self.cal.fixed_offset).year
        return pytz.utc.localize(utc).astimezone(self.cal.tz).year


def load_requests(env, state, target, uid, now, rnd, chunk):
    done = state.get("requests", 0)
    count = target - done
    if count <= 0:
        return
    cr = env.cr
    desk_users = catalogue(env)
    officers = officers_by_department(env)
    departments = env["gov.department"].search([])
    manual = {d.id for d in departments if d.case_assignment == "manual"}
    calendar = env.ref("gov_crm.calendar_gov_office")
    start = now - datetime.timedelta(days=365 * YEARS)
    cal = FastCalendar(calendar, (start - datetime.timedelta(days=60)).date(),
                       (now + datetime.timedelta(days=3 * 365)).date())
    mismatches = cal.verify()
    if mismatches:
        raise SystemExit("loadgen: the fast calendar disagrees with gov_crm's calendar, e.g. %r" % (mismatches[:3],))
    if any(d.resource_calendar_id != calendar for d in departments):
        raise SystemExit("loadgen: departments with their own calendar are not supported yet")
    sim = Simulator(cal, rnd, now, officers, [d.id for d in departments], manual)
    catalogue_services = services(env)
    weights = [8 if s["group"] == "G2C" else 3 for s in catalogue_services]
    stage_ids = {s.state: s.id for s in env["citizen.case.stage"].search([])}
    cr.execute("SELECT id FROM res_partner WHERE gov_party_type = 'citizen' AND national_id IS NOT NULL")
    citizens = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM res_partner WHERE gov_party_type = 'business' AND national_id IS NOT NULL")
    businesses = [r[0] for r in cr.fetchall()] or citizens
    cr.execute("SELECT max(id) FROM res_partner")
    consented = bytearray(cr.fetchone()[0] + 1)
    cr.execute("SELECT partner_id FROM gov_consent WHERE purpose = 'service_notification'")
    for (pid,) in cr.fetchall():
        consented[pid] = 1

    # gov_kpi (optional addon) stores two figures that its write() keeps; fill them the same way
    kpi = "kpi_handling_hours" in env["oss.request"]._fields
    kpi_day_hours = calendar.gov_kpi_day_hours() if kpi else None
    requests = TableWriter(env, "oss.request", ([
        "kpi_handling_hours", "kpi_handling_days"] if kpi else []) + [
        "name", "partner_id", "service_id", "service_group", "channel", "date_received", "received_by_id",
        "description", "state", "date_complete", "expected_date", "date_done", "steps_total", "steps_done",
        "progress", "reject_reason", "message_last_post", "activity_date_deadline"] + list(LOG_ACCESS))
    documents = TableWriter(env, "oss.request.document", [
        "request_id", "service_document_id", "name", "mandatory", "copies", "received"] + list(LOG_ACCESS))
    steps_w = TableWriter(env, "oss.request.step", [
        "request_id", "service_step_id", "sequence", "name", "department_id", "days", "state",
        "date_start", "date_done", "note"] + list(LOG_ACCESS))
    case_fields = [
        "name", "subject", "description", "partner_id", "department_id", "user_id", "stage_id", "stage_state",
        "priority", "confidential", "date_open", "date_first_response", "first_response_hours",
        "date_resolved", "handling_hours", "resolution_code", "resolution_note", "reopen_count",
        "sla_days", "sla_hours", "deadline", "date_at_risk", "date_paused", "paused_hours",
        "sla_frozen_state", "transfer_count", "rating", "rating_date", "rating_channel",
        "request_id", "step_id", "message_last_post", "activity_date_deadline"] + list(LOG_ACCESS)
    kpi_reopen = "kpi_reopened_early" in env["citizen.case"]._fields
    # gov_kpi: reopened within 10 working days of the resolution (the generator reopens within hours)
    cases_w = TableWriter(env, "citizen.case", case_fields + (["kpi_reopened_early"] if kpi_reopen else []))
    transfers_w = TableWriter(env, "citizen.case.transfer", [
        "case_id", "from_department_id", "to_department_id", "from_user_id", "user_id", "date", "reason"]
        + list(LOG_ACCESS))
    consents_w = TableWriter(env, "gov.consent", [
        "partner_id", "purpose", "lawful_basis", "given_on", "given_by_id", "recorded_by_id", "channel",
        "note", "state"] + list(LOG_ACCESS))
    consent_channel = {"counter": "counter", "phone": "phone", "email": "email", "portal": "web",
                       "api": "web", "agency": "letter"}
    direct_departments = [(d.id, d.case_default_days) for d in departments]
    clock = ReceiptClock(cal, rnd, start, now)

    # receipt instants of the whole run, in order: tracking numbers follow the date within the run
    channels = [rnd.choice(CHANNELS) for _i in range(count)]
    receipts = sorted((clock(c), c) for c in channels)
    t0 = time.time()
    tables = ["oss_request", "oss_request_document", "oss_request_step", "citizen_case",
              "citizen_case_transfer", "gov_consent"]
    stats = {"cases": 0, "transfers": 0}

    def add_case(case, service_name, step, request_id, partner_id, description, direct_subject=None):
        case_id = next_case_id[0]
        next_case_id[0] += 1
        number = case_numbers[0]
        case_numbers[0] += 1
        local_year = clock.local_year(case.date_open)
        name = "CASE/%d/%s" % (local_year, str(number).zfill(case_padding))
        subject = direct_subject or "%s: %s" % (service_name, step["step"]["name"])
        transfer_count = 1 if case.transfer else 0
        write_uid = case.user_id or SUPERUSER_ID
        cases_w.add(case_id, [
            name, subject, description, partner_id, case.department_id, case.user_id, stage_ids[case.stage],
            case.stage, rnd.choice("0000000000000000012"), False, case.date_open, case.date_first_response,
            case.first_response_hours, case.date_resolved, case.handling_hours, case.resolution_code,
            case.resolution_note, case.reopen_count, case.sla_days, case.sla_hours, case.deadline,
            case.date_at_risk, case.date_paused, case.paused_hours, case.sla_frozen_state, transfer_count,
            case.rating, case.rating_date, case.rating_channel if case.rating else None,
            request_id, step.get("id") if step else None, case.write_date, None,
            SUPERUSER_ID, case.date_open, write_uid, case.write_date] + ([bool(case.reopen_count)] if kpi_reopen else []))
        if case.transfer:
            t_date, from_dep, to_dep, from_user, reason = case.transfer
            transfer_id = next_transfer_id[0]
            next_transfer_id[0] += 1
            by = from_user or SUPERUSER_ID
            transfers_w.add(transfer_id, [case_id, from_dep, to_dep, from_user, by, t_date, reason,
                                          by, t_date, by, t_date])
            stats["transfers"] += 1
        stats["cases"] += 1

    with BulkLoad(cr, tables, count * 8), Progress("requests", count) as bar:
        for offset in range(0, count, chunk):
            batch = receipts[offset:offset + chunk]
            simulated = []
            for date_received, channel in batch:
                service = rnd.choices(catalogue_services, weights)[0]
                pool = businesses if service["group"] == "G2B" else citizens
                req, steps, cases = sim.request(service, date_received)
                simulated.append((service, rnd.choice(pool), channel, req, steps, cases))
            n_directs = int(len(batch) * DIRECT_CASES_PER_REQUEST)
            consents = []
            n_cases = sum(len(s[5]) for s in simulated) + n_directs
            n_steps = sum(len(s[4]) for s in simulated)
            n_docs = sum(len(s[0]["documents"]) for s in simulated)
            request_id = reserve_ids(cr, "oss_request", len(batch))
            step_id = reserve_ids(cr, "oss_request_step", max(n_steps, 1))
            doc_id = reserve_ids(cr, "oss_request_document", max(n_docs, 1))
            next_case_id = [reserve_ids(cr, "citizen_case", max(n_cases, 1))]
            next_transfer_id = [reserve_ids(cr, "citizen_case_transfer", max(n_cases // 4, 1))]
            first_number, case_padding = reserve_case_numbers(env, max(n_cases, 1))
            case_numbers = [first_number]
            years = {}
            for _s, _p, _c, req, _st, _cs in simulated:
                year = clock.local_year(req["date_received"])
                years[year] = years.get(year, 0) + 1
            numbers = {year: YearNumbers(env).reserve(year, n) for year, n in sorted(years.items())}
            for service, partner_id, channel, req, steps, cases in simulated:
                year = clock.local_year(req["date_received"])
                name = "OSS-%d-%06d" % (year + 543, numbers[year])
                numbers[year] += 1
                by = SUPERUSER_ID if channel in ("portal", "api") else rnd.choice(desk_users)
                live = [s for s in steps if s["state"] != "cancelled"]
                done = [s for s in live if s["state"] == "done"]
                description = rnd.choice(DESCRIPTIONS)
                kpi_values = []
                if kpi:
                    hours = 0.0
                    if req["state"] in ("done", "rejected") and req["date_done"]:
                        hours = cal.working_hours(req["date_complete"] or req["date_received"], req["date_done"])
                    kpi_values = [hours, round(hours / kpi_day_hours, 6)]
                requests.add(request_id, kpi_values + [
                    name, partner_id, service["id"], service["group"], channel, req["date_received"], by,
                    description, req["state"], req["date_complete"], req["expected_date"], req["date_done"],
                    len(live), len(done), 100.0 * len(done) / len(live) if live else 0.0,
                    req["reject_reason"], req["write_date"], None,
                    by, req["date_received"], by, req["write_date"]])
                missing = req["missing"]
                for doc_service_id, doc_name, mandatory, copies in service["documents"]:
                    received = not (missing and mandatory)
                    if missing and mandatory:
                        missing -= 1
                    documents.add(doc_id, [request_id, doc_service_id, doc_name, mandatory, copies, received,
                                           by, req["date_received"], by, req["date_complete"] or req["date_received"]])
                    doc_id += 1
                for step in steps:
                    step["id"] = step_id
                    s = step["step"]
                    steps_w.add(step_id, [request_id, s["id"], s["sequence"], s["name"], s["department_id"],
                                          s["days"], step["state"], step["date_start"], step["date_done"],
                                          step["note"], by, req["date_complete"], SUPERUSER_ID,
                                          step["date_done"] or step["date_start"] or req["date_complete"]])
                    step_id += 1
                for case in cases:
                    add_case(case, service["name"], steps[case.step_index], request_id, partner_id, description)
                if req["state"] != "waiting_docs" and not consented[partner_id]:
                    consented[partner_id] = 1
                    consents.append([
                        partner_id, "service_notification", "public_task", req["date_received"], partner_id, by,
                        consent_channel[channel], "Implied by the person's own request (PDPA s.24(4)).",
                        "active", by, req["date_received"], by, req["date_received"]])
                request_id += 1
            consent_id = reserve_ids(cr, "gov_consent", max(len(consents), 1))
            for values in consents:
                consents_w.add(consent_id, values)
                consent_id += 1
            for _i in range(n_directs):  # cases opened directly in a department
                department_id, default_days = rnd.choice(direct_departments)
                case = sim.case(department_id, clock("counter"), default_days, sim.draw())
                add_case(case, None, None, None, rnd.choice(citizens), None,
                         direct_subject=rnd.choice(DIRECT_SUBJECTS))
            for writer in (requests, documents, steps_w, cases_w, transfers_w, consents_w):
                writer.flush(cr)
            bar.update(len(batch))
    state["requests"] = target
    state["cases"] = state.get("cases", 0) + stats["cases"]
    state["transfers"] = state.get("transfers", 0) + stats["transfers"]
    log("requests: %d requests, %d cases, %d transfers in %.1f s"
        % (count, stats["cases"], stats["transfers"], time.time() - t0))


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
        catalogue(env)
        cr.commit()
        before = dict(state)
        load_persons(env, state, persons, SUPERUSER_ID, now, rnd)
        params.set_param(STATE_KEY, json.dumps(state))
        cr.commit()
        load_requests(env, state, requests, SUPERUSER_ID, now, rnd, args.chunk)
        if state != before or "generated_at" not in state:
            state["generated_at"] = now.isoformat(" ")
        params.set_param(STATE_KEY, json.dumps(state))
        cr.commit()
        # the escalation cron is set-based: run it as the server would on its next tick
        env["citizen.case"]._cron_escalate()
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
