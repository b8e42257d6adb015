"""A fixed dataset whose every KPI is computed by hand below.

Department A (the supervisor's) and department B (someone else's). Finished requests and
resolved cases have fixed dates in November 2026 (no public holiday; 2 Nov is a Monday);
open ones are dated relative to today so their age bands and SLA states are known.
Every date field is written directly after creation.
"""
import datetime

import pytz

from odoo import fields
from odoo.addons.gov_crm.tests.common import GovCase

BANGKOK = pytz.timezone("Asia/Bangkok")


def utc(local):
    """'YYYY-MM-DD HH:MM' Bangkok time -> the UTC string fields.Datetime stores."""
    moment = BANGKOK.localize(datetime.datetime.strptime(local, "%Y-%m-%d %H:%M"))
    return fields.Datetime.to_string(moment.astimezone(pytz.utc))


def local_today():
    return datetime.datetime.now(BANGKOK).date()


def days_ago(days, hour=10):
    """UTC string of ``hour`` o'clock Bangkok time ``days`` local days before today."""
    day = local_today() - datetime.timedelta(days=days)
    return utc("%s %02d:00" % (day.isoformat(), hour))


def from_now(hours):
    moment = datetime.datetime.utcnow() + datetime.timedelta(hours=hours)
    return fields.Datetime.to_string(moment)


class KpiCase(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls.new_user("kpi_officer", "gov_crm.group_gov_officer")
        cls.supervisor = cls.new_user("kpi_supervisor", "gov_crm.group_gov_supervisor")
        cls.manager = cls.new_user("kpi_manager", "gov_crm.group_gov_service_manager")
        cls.dep_a = cls.new_department("หน่วยทดสอบ ก", "KPIA", cls.officer, manager=cls.supervisor)
        cls.dep_b = cls.new_department("หน่วยทดสอบ ข", "KPIB")
        Service = cls.env["oss.service"]
        cls.service_a = Service.create({
            "code": "KPI-SA", "name": "บริการทดสอบ ก", "group": "G2C", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": cls.dep_a.id, "days": 5})]})
        cls.service_b = Service.create({
            "code": "KPI-SB", "name": "บริการทดสอบ ข", "group": "G2B", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": cls.dep_b.id, "days": 5})]})
        cls.partner = cls.env["res.partner"].create({"name": "ผู้ยื่น ทดสอบ", "gov_party_type": "citizen"})
        cls._make_requests()
        cls._make_cases()

    # ------------------------------------------------------------ requests
    @classmethod
    def request(cls, service, state, received, **values):
        request = cls.env["oss.request"].create({
            "partner_id": cls.partner.id, "service_id": service.id, "channel": "counter",
            "date_received": received})
        values.update(state=state, date_received=received)
        request.write(values)
        return request

    @classmethod
    def finished(cls, service, days, expected, state="done"):
        """Complete Mon 2 Nov 08:30, done at 16:30 of the ``days``-th working day: ``days`` days."""
        done = datetime.date(2026, 11, 2)
        counted = 1
        while counted < days:
            done += datetime.timedelta(days=1)
            if done.weekday() < 5:
                counted += 1
        return cls.request(service, state, utc("2026-11-02 08:00"), date_complete=utc("2026-11-02 08:30"),
                           date_done=utc("%s 16:30" % done.isoformat()), expected_date=utc(expected))

    @classmethod
    def _make_requests(cls):
        a, b = cls.service_a, cls.service_b
        # department A: 5 finished (handling 1..5 days, the 4-day one late), 5 open, 1 withdrawn
        cls.done_a = [cls.finished(a, 1, "2026-11-09 16:30"), cls.finished(a, 2, "2026-11-09 16:30"),
                      cls.finished(a, 3, "2026-11-09 16:30"), cls.finished(a, 4, "2026-11-04 16:30"),
                      cls.finished(a, 5, "2026-11-09 16:30", state="rejected")]
        cls.open_a = [cls.request(a, "in_progress", days_ago(2), expected_date=from_now(24 * 10)),
                      cls.request(a, "submitted", days_ago(5), expected_date=from_now(24 * 10)),
                      cls.request(a, "waiting_applicant", days_ago(10), expected_date=from_now(24 * 10)),
                      cls.request(a, "in_progress", days_ago(20), expected_date=from_now(-24)),
                      cls.request(a, "in_progress", days_ago(45), expected_date=from_now(-24))]
        cls.withdrawn_a = cls.request(a, "withdrawn", utc("2026-11-03 09:00"), date_done=utc("2026-11-04 09:00"))
        cls.draft_a = cls.env["oss.request"].create({"partner_id": cls.partner.id, "service_id": a.id})
        # department B: one finished late after 10 days, one open
        cls.done_b = cls.finished(b, 10, "2026-11-06 16:30")
        cls.open_b = cls.request(b, "in_progress", days_ago(2), expected_date=from_now(24 * 10))

    # ------------------------------------------------------------ cases
    @classmethod
    def case(cls, department, opened, **values):
        case = cls.env["citizen.case"].create({
            "subject": "KPI", "department_id": department.id, "partner_id": cls.partner.id,
            "date_open": opened, "sla_days": 3})
        stage = values.pop("stage", "new")
        if stage != "new":
            case.write({"stage_id": cls.env.ref("citizen_case.stage_%s" % stage).id,
                        "resolution_code": "done" if stage == "resolved" else False})
        values.setdefault("date_open", opened)
        case.write(values)
        return case

    @classmethod
    def resolved(cls, department, handling, first_response, rating, frozen, **values):
        values.update(
            stage="resolved", date_resolved=utc("2026-11-06 15:00"), handling_hours=handling,
            date_first_response=utc("2026-11-02 12:00"), first_response_hours=first_response,
            sla_frozen_state=frozen, rating=rating, rating_date=utc("2026-11-10 09:00"))
        return cls.case(department, utc("2026-11-02 09:00"), **values)

    @classmethod
    def _make_cases(cls):
        a, b = cls.dep_a, cls.dep_b
        cls.c1 = cls.resolved(a, 7.0, 1.0, "5", "on_track")
        cls.c2 = cls.resolved(a, 14.0, 2.0, "4", "breached")
        cls.env["citizen.case.transfer"].create({
            "case_id": cls.c2.id, "from_department_id": b.id, "to_department_id": a.id,
            "reason": "ผิดหน่วยงาน", "date": utc("2026-11-03 09:00")})
        cls.c3 = cls.resolved(a, 21.0, 3.0, "2", "on_track", reopen_count=1, kpi_reopened_early=True)
        cls.c4 = cls.resolved(a, 28.0, 4.0, "3", "on_track", reopen_count=1, kpi_reopened_early=False)
        cls.c5 = cls.case(a, days_ago(5), deadline=from_now(-24), date_at_risk=from_now(-48),
                          sla_frozen_state=False)
        cls.c6 = cls.case(a, days_ago(1), deadline=from_now(48), date_at_risk=from_now(-1),
                          sla_frozen_state=False)
        cls.cases_a = cls.c1 | cls.c2 | cls.c3 | cls.c4 | cls.c5 | cls.c6
        cls.case_b = cls.resolved(b, 7.0, 1.0, "1", "breached")
