"""The figures gov_kpi stores on requests and cases when they happen."""
from unittest.mock import patch

import pytz

from odoo import fields
from odoo.addons.gov_crm.tests.common import sql_statements

from .common import KpiCase, utc


class TestKpiBookkeeping(KpiCase):

    def test_handling_time_stored_when_request_finishes(self):
        request = self.request(self.service_a, "in_progress", utc("2026-11-02 08:00"),
                               date_complete=utc("2026-11-02 13:00"))
        self.assertEqual(request.kpi_handling_days, 0.0)
        # 13:00-16:30 on Monday, then Tuesday 08:30-12:00 and 13:00-14:00: 3.5 + 3.5 + 1 hours
        request.write({"state": "done", "date_done": utc("2026-11-03 14:00")})
        self.assertAlmostEqual(request.kpi_handling_hours, 8.0)
        self.assertAlmostEqual(request.kpi_handling_days, 8.0 / 7.0, places=5)

    def test_handling_time_from_receipt_without_complete_date(self):
        request = self.request(self.service_a, "rejected", utc("2026-11-02 08:30"),
                               date_done=utc("2026-11-02 16:30"))
        self.assertAlmostEqual(request.kpi_handling_days, 1.0)

    def reopen(self, resolved_at, reopened_at):
        case = self.case(self.dep_a, utc("2026-11-02 09:00"))
        stages = {s: self.env.ref("citizen_case.stage_%s" % s) for s in ("resolved", "progress")}
        with patch.object(fields.Datetime, "now", lambda *args: utc(resolved_at)):
            case.write({"stage_id": stages["resolved"].id, "resolution_code": "done"})
        with patch.object(fields.Datetime, "now", lambda *args: utc(reopened_at)):
            case.write({"stage_id": stages["progress"].id})
        self.assertEqual(case.reopen_count, 1)
        return case

    def test_reopen_within_ten_working_days_is_early(self):
        # resolved Monday 2 Nov: the 10th working day after is Monday 16 Nov (until 16:30)
        self.assertTrue(self.reopen("2026-11-02 10:00", "2026-11-16 16:00").kpi_reopened_early)

    def test_reopen_after_ten_working_days_is_not_early(self):
        self.assertFalse(self.reopen("2026-11-02 10:00", "2026-11-17 09:00").kpi_reopened_early)

    def report_months(self, request):
        self.env["gov.kpi.request.report"].invalidate_cache()  # a view: its rows change with the requests
        row = self.env["gov.kpi.request.report"].sudo(self.supervisor).search([("request_id", "=", request.id)])
        return row.month, row.month_be, row.month_done, row.month_done_be

    def test_months_stored_in_the_office_time_zone(self):
        # 06:00 on the 1st in Bangkok is 23:00 UTC on the day before
        request = self.request(self.service_a, "in_progress", utc("2026-12-01 06:00"))
        self.assertEqual((request.kpi_month_received, request.kpi_month_done), ("2026-12", False))
        request.write({"state": "done", "date_done": utc("2027-01-01 06:00")})
        self.assertEqual((request.kpi_month_received, request.kpi_month_done), ("2026-12", "2027-01"))
        self.assertEqual(self.report_months(request), ("2026-12", "ธ.ค. 2569", "2027-01", "ม.ค. 2570"))
        # a request whose months were never stored (written by SQL) gets the same from the view
        self.env.cr.execute("UPDATE oss_request SET kpi_month_received = NULL, kpi_month_done = NULL "
                            "WHERE id = %s", (request.id,))
        self.assertEqual(self.report_months(request), ("2026-12", "ธ.ค. 2569", "2027-01", "ม.ค. 2570"))
        # the administrator moves the office to UTC: every request's months move with it
        self.env.ref("gov_crm.calendar_gov_office").gov_tz = "UTC"
        self.assertEqual((request.kpi_month_received, request.kpi_month_done), ("2026-11", "2026-12"))
        self.assertEqual((self.done_b.kpi_month_received, self.done_b.kpi_month_done), ("2026-11", "2026-11"))
        self.assertEqual(self.report_months(request), ("2026-11", "พ.ย. 2569", "2026-12", "ธ.ค. 2569"))

    def test_months_of_open_and_withdrawn_requests(self):
        self.assertEqual((self.withdrawn_a.kpi_month_received, self.withdrawn_a.kpi_month_done), ("2026-11", False))
        self.assertEqual(self.report_months(self.withdrawn_a), ("2026-11", "พ.ย. 2569", False, False))

    def test_lead_department_stored_once_per_route(self):
        """The front desk submits a request whose route has three steps: its lead department (that
        of the lowest sequence) and the months its submission changed are stored by the UPDATE that
        stores the route's figures, not by a statement of their own, nor one or two per step created."""
        front_desk = self.new_user("kpi_front_desk", "gov_crm.group_gov_front_desk")
        service = self.env["oss.service"].create({
            "code": "KPI-ROUTE", "name": "บริการสามขั้น", "group": "G2C", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 20, "name": "อนุมัติ", "department_id": self.dep_a.id, "days": 2}),
                         (0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": self.dep_b.id, "days": 2}),
                         (0, 0, {"sequence": 20, "name": "ลงนาม", "department_id": self.dep_a.id, "days": 2})]})
        request = self.env["oss.request"].sudo(front_desk).create({
            "partner_id": self.partner.id, "service_id": service.id, "channel": "counter"})
        with sql_statements(lambda text: text.startswith("UPDATE") and "kpi_" in text) as statements:
            request.action_submit()
        self.assertEqual(len(request.step_ids), 3)
        self.assertEqual(len(statements), 1)
        self.assertTrue(statements[0].startswith("UPDATE oss_request SET steps_total"), statements[0])
        request.invalidate_cache()  # what the row holds
        self.assertEqual(request.kpi_department_id, self.dep_b)
        received = pytz.utc.localize(fields.Datetime.from_string(request.date_received))
        self.assertEqual((request.kpi_month_received, request.kpi_month_done),
                         (received.astimezone(pytz.timezone("Asia/Bangkok")).strftime("%Y-%m"), False))
        row = self.env["gov.kpi.request.report"].sudo(self.manager).search([("request_id", "=", request.id)])
        self.assertEqual(row.department_id, self.dep_b)
        # a step added to the route later is stored at once
        self.env["oss.request.step"].create({"request_id": request.id, "sequence": 5, "name": "รับเรื่อง",
                                             "department_id": self.dep_a.id})
        self.assertEqual(request.kpi_department_id, self.dep_a)

    def test_months_of_a_submission_in_the_office_time_zone_with_or_without_a_route(self):
        """Received at 01:00 on 1 December in Bangkok (18:00 UTC the day before): the month is
        December, whether the route's UPDATE stores it or, for a service without a route, a statement
        of its own."""
        front_desk = self.new_user("kpi_front_desk", "gov_crm.group_gov_front_desk")
        routed = self.env["oss.service"].create({
            "code": "KPI-TZ", "name": "บริการหนึ่งขั้น", "group": "G2C", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": self.dep_a.id, "days": 2})]})
        unrouted = self.env["oss.service"].create({"code": "KPI-NR", "name": "บริการไม่มีขั้น", "group": "G2C",
                                                   "legal_days": 5})
        for service, lead, own_statements in ((routed, self.dep_a, 0), (unrouted, self.env["gov.department"], 1)):
            request = self.env["oss.request"].sudo(front_desk).create({
                "partner_id": self.partner.id, "service_id": service.id, "channel": "counter",
                "date_received": utc("2026-12-01 01:00")})
            with sql_statements(lambda text: "UPDATE oss_request r SET kpi_" in text) as statements:
                request.action_submit()
            request.invalidate_cache()
            self.assertEqual((request.kpi_month_received, request.kpi_month_done, request.kpi_department_id),
                             ("2026-12", False, lead), service.code)
            self.assertEqual(len(statements), own_statements, service.code)
