"""The figures of the analysis views (computed in SQL) are those of the plain-Python formulas
(``gov_crm.lib.kpi``) applied to the raw rows of the same requests and cases."""
from unittest.mock import patch

from odoo import fields

from odoo.addons.gov_crm.lib import kpi

from ..models.gov_kpi_dashboard import GovKpiDashboard
from .common import KpiCase, utc

NOVEMBER = ("2026-11", "2026-10", "2026-10-31 17:00:00")


def _instant(value):
    return fields.Datetime.from_string(value) if value else None


class TestKpiFormulas(KpiCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # closed as abandoned (s.8) after its expected date: counted apart, not late
        cls.abandoned_a = cls.request(cls.service_a, "abandoned", utc("2026-10-20 09:00"),
                                      expected_date=utc("2026-11-02 16:30"), date_done=utc("2026-11-05 09:00"))
        cls.env["gov.kpi.request.summary"].kpi_refresh()

    def _requests_a(self):
        """The raw rows of department A's requests, read back from the records."""
        requests = self.env["oss.request"].browse(
            [r.id for r in self.done_a + self.open_a] + [self.withdrawn_a.id, self.draft_a.id, self.abandoned_a.id])
        return [(r.state, _instant(r.date_done), _instant(r.expected_date), r.kpi_handling_days) for r in requests]

    def _cases_a(self):
        return [{"resolved": bool(c.date_resolved) or c.reopen_count > 0, "transferred": c.transfer_count > 0,
                 "reopened_early": c.kpi_reopened_early, "reopen_count": c.reopen_count,
                 "sla_state": c.sla_state, "handling_hours": c.handling_hours if c.date_resolved else None}
                for c in self.cases_a]

    def test_request_rates_of_the_analysis_and_the_summary(self):
        rows = self._requests_a()
        judged = kpi.judged_requests([row[:3] for row in rows])
        now = fields.Datetime.from_string(fields.Datetime.now())
        expected = {
            "on_time_rate": kpi.on_time_rate(judged),
            "late_rate": kpi.breach_rate(judged, now),
            "abandoned_count": kpi.abandoned_count(row[0] for row in rows),
            "finished_count": sum(1 for done, _expected in judged if done),
            "open_count": sum(1 for done, _expected in judged if not done),
        }
        # the fixture's known outcomes: 4 of 5 finished on time; 1 finished and 2 open late of 10
        self.assertEqual(expected, {"on_time_rate": 80.0, "late_rate": 30.0, "abandoned_count": 1,
                                    "finished_count": 5, "open_count": 5})
        for model in ("gov.kpi.request.report", "gov.kpi.request.summary"):
            [group] = self.env[model].sudo(self.supervisor).read_group(
                [("department_id", "=", self.dep_a.id)], list(expected) + ["department_id"], ["department_id"])
            for name, value in expected.items():
                self.assertAlmostEqual(group[name], value, msg="%s %s" % (model, name))

    def test_handling_time_median_and_p90(self):
        rows = self._requests_a()
        handling = [days for state, _done, _expected, days in rows if state in kpi.REQUEST_FINISHED_STATES]
        self.assertEqual(sorted(handling), [1.0, 2.0, 3.0, 4.0, 5.0])
        report = self.env["gov.kpi.request.report"].sudo(self.supervisor)
        [(median, p90)] = report.kpi_percentiles(
            [("department_id", "=", self.dep_a.id)], "handling_days", "department_id").values()
        self.assertAlmostEqual(median, kpi.median(handling))
        self.assertAlmostEqual(p90, kpi.p90(handling))
        self.assertAlmostEqual(p90, 4.6)

    def test_case_rates_of_the_analysis(self):
        cases = self._cases_a()
        expected = {
            "fcr_rate": kpi.first_contact_resolution_rate(cases),
            "reopen_rate": kpi.reopen_rate([(case["resolved"], case["reopen_count"]) for case in cases]),
            "breach_rate": kpi.rate(sum(1 for case in cases if case["sla_state"] == "breached"),
                                    sum(1 for case in cases if case["sla_state"])),
        }
        # 4 resolved: one transferred, one reopened early, one reopened late -> 2 at first contact;
        # 2 of 4 reopened; the breached resolved one and the open one past its deadline of 6
        self.assertEqual(expected, {"fcr_rate": 50.0, "reopen_rate": 50.0, "breach_rate": 100.0 * 2 / 6})
        [group] = self.env["gov.kpi.case.report"].sudo(self.supervisor).read_group(
            [("department_id", "=", self.dep_a.id)], list(expected) + ["department_id"], ["department_id"])
        for name, value in expected.items():
            self.assertAlmostEqual(group[name], value, msg=name)
        handling = [case["handling_hours"] for case in cases if case["handling_hours"] is not None]
        [(median, p90)] = self.env["gov.kpi.case.report"].sudo(self.supervisor).kpi_percentiles(
            [("department_id", "=", self.dep_a.id)], "handling_hours", "department_id").values()
        self.assertEqual((median, p90), (kpi.median(handling), kpi.p90(handling)))

    def test_dashboard_tiles(self):
        rows = self._requests_a()
        judged = kpi.judged_requests([row[:3] for row in rows])
        now = fields.Datetime.from_string(fields.Datetime.now())
        # the finished and abandoned requests of department A all closed in November (Bangkok)
        november = [row for row in rows if row[1] and "2026-11" <= row[1].strftime("%Y-%m") < "2026-12"]
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            action = self.env["gov.kpi.dashboard"].sudo(self.supervisor).action_open_dashboard()
            dashboard = self.env["gov.kpi.dashboard"].sudo(self.supervisor).browse(action["res_id"])
        month_judged = kpi.judged_requests([row[:3] for row in november])
        self.assertAlmostEqual(dashboard.on_time_rate, kpi.on_time_rate(month_judged))
        self.assertAlmostEqual(dashboard.department_line_ids.on_time_rate, kpi.on_time_rate(month_judged))
        self.assertEqual(dashboard.finished_count, len(month_judged))
        self.assertEqual(dashboard.abandoned_count, kpi.abandoned_count(row[0] for row in november))
        open_late = [expected for done, expected in judged if not done and expected and expected < now]
        self.assertEqual(dashboard.late_request_count, len(open_late))
        self.assertEqual((dashboard.on_time_rate, dashboard.finished_count, dashboard.abandoned_count,
                          dashboard.late_request_count), (80.0, 5, 1, 2))
