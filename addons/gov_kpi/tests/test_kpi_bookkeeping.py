"""The figures gov_kpi stores on requests and cases when they happen."""
from unittest.mock import patch

from odoo import fields

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
