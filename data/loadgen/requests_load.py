"""Requests over the last ``years`` years (three by default), with their documents, steps, cases, transfers
and consents.

``RequestLoader(env, now, rnd, desk_users).run(count, chunk)`` draws the receipt
instants of ``count`` requests, replays each request with lifecycle.Simulator and
writes what the modules would have stored, ``chunk`` requests at a time. A million
requests come with millions of documents, steps and cases, so the rows go through
PostgreSQL COPY (see rows.py) rather than the ORM: ids are taken from the tables'
sequences a batch at a time, the tracking numbers (OSS-<BE year>-<6 digits>) and the
case numbers (CASE/<year>/<number>) from the modules' own ir.sequence, so that what
the modules create afterwards is numbered after the generated records.

Every random draw comes from the run's one ``rnd``, in a fixed order: the channels and
receipt instants of the whole run; then, batch after batch, the service, the life and
the applicant of each request, the desk user, the description and the case priorities
of each request, and last the cases opened directly in a department. The same seed,
sizes and ``now`` give the same rows.
"""
import collections
import datetime
import time

import pytz
from odoo import SUPERUSER_ID

from calendar_fast import FastCalendar
from lifecycle import Simulator
from progress import Progress
from rows import LOG_ACCESS, BulkLoad, TableWriter, reserve_ids

YEARS = 3
DIRECT_CASES_PER_REQUEST = 0.25   # cases opened directly (phone, walk-in complaints) per request
CHANNELS = ["counter"] * 50 + ["phone"] * 10 + ["email"] * 8 + ["portal"] * 25 + ["api"] * 5 + ["agency"] * 2
DESCRIPTIONS = ["ยื่นคำขอที่เคาน์เตอร์ / filed at the counter", "ขอรับบริการตามคู่มือประชาชน / service per the manual",
                "ติดต่อผ่านศูนย์บริการร่วม / through the one-stop centre", None]
DIRECT_SUBJECTS = ["ไฟฟ้าส่องสว่างดับ / street light out", "ถนนชำรุด / damaged road",
                   "ขยะไม่ได้จัดเก็บ / rubbish not collected", "ท่อระบายน้ำอุดตัน / blocked drain",
                   "เสียงดังรบกวน / noise complaint", "สอบถามสิทธิสวัสดิการ / welfare question"]
CONSENT_CHANNEL = {"counter": "counter", "phone": "phone", "email": "email", "portal": "web",
                   "api": "web", "agency": "letter"}
TABLES = ["oss_request", "oss_request_document", "oss_request_step", "citizen_case",
          "citizen_case_transfer", "gov_consent"]

# one simulated request: the service, the applicant and what lifecycle.Simulator.request returned
Simulated = collections.namedtuple("Simulated", "service partner_id channel req steps cases")


# ------------------------------------------------------------------ catalogue (read)
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


# ------------------------------------------------------------------ receipt instants
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
        return self.local(utc).year

    def local(self, utc):
        if self.cal.fixed_offset is not None:
            return utc + self.cal.fixed_offset
        return pytz.utc.localize(utc).astimezone(self.cal.tz)


# ------------------------------------------------------------------ the load
class RequestLoader:
    """Loads requests into ``env``'s database; ``cases``, ``transfers`` and ``seconds`` tell
    what the last ``run`` wrote and how long it took."""

    def __init__(self, env, now, rnd, desk_users, years=YEARS):
        self.env, self.cr, self.rnd, self.desk_users = env, env.cr, rnd, desk_users
        self.years = years
        self._read_catalogue(now)
        self._read_partners()
        self._make_writers()
        self.cases = self.transfers = 0
        self.seconds = 0.0

    def _read_catalogue(self, now):
        """Departments, officers, services and stages; the office calendar, checked first."""
        env = self.env
        officers = officers_by_department(env)
        departments = env["gov.department"].search([])
        manual = {d.id for d in departments if d.case_assignment == "manual"}
        calendar = env.ref("gov_crm.calendar_gov_office")
        start = now - datetime.timedelta(days=365 * self.years)
        cal = FastCalendar(calendar, (start - datetime.timedelta(days=60)).date(),
                           (now + datetime.timedelta(days=3 * 365)).date())
        mismatches = cal.verify()
        if mismatches:
            raise SystemExit("loadgen: the fast calendar disagrees with gov_crm's calendar, e.g. %r"
                             % (mismatches[:3],))
        if any(d.resource_calendar_id != calendar for d in departments):
            raise SystemExit("loadgen: departments with their own calendar are not supported yet")
        self.cal = cal
        self.sim = Simulator(cal, self.rnd, now, officers, [d.id for d in departments], manual)
        self.services = services(env)
        self.weights = [8 if s["group"] == "G2C" else 3 for s in self.services]
        self.stage_ids = {s.state: s.id for s in env["citizen.case.stage"].search([])}
        self.direct_departments = [(d.id, d.case_default_days) for d in departments]
        self.clock = ReceiptClock(cal, self.rnd, start, now)

    def _read_partners(self):
        """The applicants, and who already gave the notification consent (by partner id)."""
        cr = self.cr
        cr.execute("SELECT id FROM res_partner WHERE gov_party_type = 'citizen' AND national_id IS NOT NULL")
        self.citizens = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM res_partner WHERE gov_party_type = 'business' AND national_id IS NOT NULL")
        self.businesses = [r[0] for r in cr.fetchall()] or self.citizens
        cr.execute("SELECT max(id) FROM res_partner")
        self.consented = bytearray(cr.fetchone()[0] + 1)
        cr.execute("SELECT partner_id FROM gov_consent WHERE purpose = 'service_notification'")
        for (pid,) in cr.fetchall():
            self.consented[pid] = 1

    def _make_writers(self):
        env = self.env
        # gov_kpi (optional addon) stores figures that its write() keeps; fill them the same way
        self.kpi = "kpi_handling_hours" in env["oss.request"]._fields
        self.kpi_day_hours = self.cal.calendar.gov_kpi_day_hours() if self.kpi else None
        # oss_payment (optional addon) stores the payment state of a request's fee: the generator
        # writes requests without a fee (amount due 0), which that state computes as "no fee"
        self.payment = "payment_state" in env["oss.request"]._fields
        optional = (["kpi_handling_hours", "kpi_handling_days", "kpi_month_received", "kpi_month_done"]
                    if self.kpi else []) + (
            ["amount_paid", "amount_residual", "payment_state"] if self.payment else [])
        self.request_rows = TableWriter(env, "oss.request", optional + [
            "name", "partner_id", "service_id", "service_group", "channel", "date_received", "received_by_id",
            "description", "state", "date_complete", "expected_date", "date_done", "steps_total", "steps_done",
            "progress", "reject_reason", "message_last_post", "activity_date_deadline"] + list(LOG_ACCESS))
        self.document_rows = TableWriter(env, "oss.request.document", [
            "request_id", "service_document_id", "name", "mandatory", "copies", "received"] + list(LOG_ACCESS))
        self.step_rows = TableWriter(env, "oss.request.step", [
            "request_id", "service_step_id", "sequence", "name", "department_id", "days", "state",
            "date_start", "date_done", "note"] + list(LOG_ACCESS))
        case_fields = [
            "name", "subject", "description", "partner_id", "department_id", "user_id", "stage_id", "stage_state",
            "priority", "confidential", "date_open", "date_first_response", "first_response_hours",
            "date_resolved", "handling_hours", "resolution_code", "resolution_note", "reopen_count",
            "sla_days", "sla_hours", "deadline", "date_at_risk", "date_paused", "paused_hours",
            "sla_frozen_state", "transfer_count", "rating", "rating_date", "rating_channel",
            "request_id", "step_id", "message_last_post", "activity_date_deadline"] + list(LOG_ACCESS)
        self.kpi_reopen = "kpi_reopened_early" in env["citizen.case"]._fields
        # gov_kpi: reopened within 10 working days of the resolution (the generator reopens within hours)
        self.case_rows = TableWriter(env, "citizen.case",
                                     case_fields + (["kpi_reopened_early"] if self.kpi_reopen else []))
        self.transfer_rows = TableWriter(env, "citizen.case.transfer", [
            "case_id", "from_department_id", "to_department_id", "from_user_id", "user_id", "date", "reason"]
            + list(LOG_ACCESS))
        self.consent_rows = TableWriter(env, "gov.consent", [
            "partner_id", "purpose", "lawful_basis", "given_on", "given_by_id", "recorded_by_id", "channel",
            "note", "state", "implied"] + list(LOG_ACCESS))
        # in the order of the foreign keys: a parent's rows are copied before its children's
        self.writers = (self.request_rows, self.document_rows, self.step_rows, self.case_rows,
                        self.transfer_rows, self.consent_rows)

    def run(self, count, chunk):
        """Load ``count`` requests, ``chunk`` of them per COPY batch."""
        # receipt instants of the whole run, in order: tracking numbers follow the date within the run
        channels = [self.rnd.choice(CHANNELS) for _i in range(count)]
        receipts = sorted((self.clock(c), c) for c in channels)
        t0 = time.time()
        with BulkLoad(self.cr, TABLES, count * 8), Progress("requests", count) as bar:
            for offset in range(0, count, chunk):
                batch = receipts[offset:offset + chunk]
                self._load_batch(batch)
                bar.update(len(batch))
        self.seconds = time.time() - t0

    def _load_batch(self, batch):
        simulated = [self._simulate(date_received, channel) for date_received, channel in batch]
        n_directs = int(len(batch) * DIRECT_CASES_PER_REQUEST)
        self._reserve(simulated, n_directs)
        consents = []
        for request in simulated:
            self._write_request(request, consents)
        consent_id = reserve_ids(self.cr, "gov_consent", max(len(consents), 1))
        for values in consents:
            self.consent_rows.add(consent_id, values)
            consent_id += 1
        for _i in range(n_directs):
            self._add_direct_case()
        for writer in self.writers:
            writer.flush(self.cr)

    def _simulate(self, date_received, channel):
        rnd = self.rnd
        service = rnd.choices(self.services, self.weights)[0]
        pool = self.businesses if service["group"] == "G2B" else self.citizens
        req, steps, cases = self.sim.request(service, date_received)
        return Simulated(service, rnd.choice(pool), channel, req, steps, cases)

    def _reserve(self, simulated, n_directs):
        """Ids and numbers for every row of a batch, each series taken at once from its sequence:
        the next ``request_id``, ``step_id``, ``doc_id``, ``case_id``, ``transfer_id``,
        ``case_number`` and the next tracking number of each year in ``numbers``."""
        cr = self.cr
        n_cases = sum(len(s.cases) for s in simulated) + n_directs
        n_steps = sum(len(s.steps) for s in simulated)
        n_docs = sum(len(s.service["documents"]) for s in simulated)
        self.request_id = reserve_ids(cr, "oss_request", len(simulated))
        self.step_id = reserve_ids(cr, "oss_request_step", max(n_steps, 1))
        self.doc_id = reserve_ids(cr, "oss_request_document", max(n_docs, 1))
        self.case_id = reserve_ids(cr, "citizen_case", max(n_cases, 1))
        self.transfer_id = reserve_ids(cr, "citizen_case_transfer", max(n_cases // 4, 1))
        self.case_number, self.case_padding = reserve_case_numbers(self.env, max(n_cases, 1))
        years = {}
        for s in simulated:
            year = self.clock.local_year(s.req["date_received"])
            years[year] = years.get(year, 0) + 1
        self.numbers = {year: YearNumbers(self.env).reserve(year, n) for year, n in sorted(years.items())}

    def _write_request(self, request, consents):
        """One request with its documents, steps and cases; its consent, if it implies one, goes to ``consents``."""
        service, partner_id, channel, req, steps, cases = request
        year = self.clock.local_year(req["date_received"])
        name = "OSS-%d-%06d" % (year + 543, self.numbers[year])
        self.numbers[year] += 1
        by = SUPERUSER_ID if channel in ("portal", "api") else self.rnd.choice(self.desk_users)
        live = [s for s in steps if s["state"] != "cancelled"]
        done = [s for s in live if s["state"] == "done"]
        description = self.rnd.choice(DESCRIPTIONS)
        fee = [0.0, 0.0, "no_fee"] if self.payment else []
        self.request_rows.add(self.request_id, self._kpi_values(req) + fee + [
            name, partner_id, service["id"], service["group"], channel, req["date_received"], by,
            description, req["state"], req["date_complete"], req["expected_date"], req["date_done"],
            len(live), len(done), 100.0 * len(done) / len(live) if live else 0.0,
            req["reject_reason"], req["write_date"], None,
            by, req["date_received"], by, req["write_date"]])
        self._write_documents(service, req, by)
        self._write_steps(steps, req, by)
        for case in cases:
            self._add_case(case, service["name"], steps[case.step_index], self.request_id, partner_id, description)
        if req["state"] != "waiting_docs" and not self.consented[partner_id]:
            self.consented[partner_id] = 1
            consents.append([
                partner_id, "service_notification", "public_task", req["date_received"], partner_id, by,
                CONSENT_CHANNEL[channel], "Implied by the person's own request (PDPA s.24(4)).",
                "active", True, by, req["date_received"], by, req["date_received"]])
        self.request_id += 1

    def _kpi_values(self, req):
        """gov_kpi's handling hours and days of a request, empty until it finishes, and its months of
        receipt and end in the office's time zone ([] without gov_kpi)."""
        if not self.kpi:
            return []
        received = self.clock.local(req["date_received"]).strftime("%Y-%m")
        if req["state"] not in ("done", "rejected") or not req["date_done"]:
            return [None, None, received, None]
        hours = self.cal.working_hours(req["date_complete"] or req["date_received"], req["date_done"])
        return [hours, round(hours / self.kpi_day_hours, 6), received,
                self.clock.local(req["date_done"]).strftime("%Y-%m")]

    def _write_documents(self, service, req, by):
        """The service's documents; the first ``req["missing"]`` mandatory ones are not received."""
        missing = req["missing"]
        for doc_service_id, doc_name, mandatory, copies in service["documents"]:
            received = not (missing and mandatory)
            if missing and mandatory:
                missing -= 1
            self.document_rows.add(self.doc_id, [
                self.request_id, doc_service_id, doc_name, mandatory, copies, received,
                by, req["date_received"], by, req["date_complete"] or req["date_received"]])
            self.doc_id += 1

    def _write_steps(self, steps, req, by):
        """The request's steps; each gets its id here, which its case refers to."""
        for step in steps:
            step["id"] = self.step_id
            s = step["step"]
            self.step_rows.add(self.step_id, [
                self.request_id, s["id"], s["sequence"], s["name"], s["department_id"], s["days"],
                step["state"], step["date_start"], step["date_done"], step["note"], by, req["date_complete"],
                SUPERUSER_ID, step["date_done"] or step["date_start"] or req["date_complete"]])
            self.step_id += 1

    def _add_direct_case(self):
        """A case opened directly in a department, without a request."""
        rnd = self.rnd
        department_id, default_days = rnd.choice(self.direct_departments)
        case = self.sim.case(department_id, self.clock("counter"), default_days, self.sim.draw())
        self._add_case(case, None, None, None, rnd.choice(self.citizens), None,
                       direct_subject=rnd.choice(DIRECT_SUBJECTS))

    def _add_case(self, case, service_name, step, request_id, partner_id, description, direct_subject=None):
        """One citizen.case (and its transfer): a request's, for ``step``, or a direct one."""
        case_id = self.case_id
        self.case_id += 1
        number = self.case_number
        self.case_number += 1
        local_year = self.clock.local_year(case.date_open)
        name = "CASE/%d/%s" % (local_year, str(number).zfill(self.case_padding))
        subject = direct_subject or "%s: %s" % (service_name, step["step"]["name"])
        transfer_count = 1 if case.transfer else 0
        write_uid = case.user_id or SUPERUSER_ID
        self.case_rows.add(case_id, [
            name, subject, description, partner_id, case.department_id, case.user_id, self.stage_ids[case.stage],
            case.stage, self.rnd.choice("0000000000000000012"), False, case.date_open, case.date_first_response,
            case.first_response_hours, case.date_resolved, case.handling_hours, case.resolution_code,
            case.resolution_note, case.reopen_count, case.sla_days, case.sla_hours, case.deadline,
            case.date_at_risk, case.date_paused, case.paused_hours, case.sla_frozen_state, transfer_count,
            case.rating, case.rating_date, case.rating_channel if case.rating else None,
            request_id, step.get("id") if step else None, case.write_date, None,
            SUPERUSER_ID, case.date_open, write_uid, case.write_date]
            + ([bool(case.reopen_count)] if self.kpi_reopen else []))
        if case.transfer:
            t_date, from_dep, to_dep, from_user, reason = case.transfer
            by = from_user or SUPERUSER_ID
            self.transfer_rows.add(self.transfer_id, [case_id, from_dep, to_dep, from_user, by, t_date, reason,
                                                      by, t_date, by, t_date])
            self.transfer_id += 1
            self.transfers += 1
        self.cases += 1
