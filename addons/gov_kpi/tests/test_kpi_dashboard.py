"""The dashboard's numbers and the lists behind its tiles, for a supervisor."""
from unittest.mock import patch

from odoo.exceptions import AccessError

from ..models.gov_kpi_dashboard import GovKpiDashboard
from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage

from .common import KpiCase

NOVEMBER = ("2026-11", "2026-10", "2026-10-31 17:00:00")


class TestKpiDashboard(KpiCase):

    def open_dashboard(self, user):
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            action = self.env["gov.kpi.dashboard"].sudo(user).action_open_dashboard()
            return self.env["gov.kpi.dashboard"].sudo(user).browse(action["res_id"])

    def test_supervisor_dashboard_numbers(self):
        dashboard = self.open_dashboard(self.supervisor)
        self.assertEqual(dashboard.open_request_count, 5)
        self.assertEqual(dashboard.late_request_count, 2)
        self.assertEqual(dashboard.at_risk_count, 1)
        self.assertEqual(dashboard.breached_count, 1)
        self.assertAlmostEqual(dashboard.on_time_rate, 80.0)
        self.assertEqual(dashboard.finished_count, 5)
        self.assertAlmostEqual(dashboard.on_time_rate_last, 0.0)
        self.assertAlmostEqual(dashboard.on_time_delta, 80.0)
        self.assertAlmostEqual(dashboard.satisfaction, 3.5)
        self.assertAlmostEqual(dashboard.satisfied_rate, 50.0)
        self.assertEqual(dashboard.rated_count, 4)
        self.assertEqual((dashboard.month_be, dashboard.last_month_be), ("พ.ย. 2569", "ต.ค. 2569"))
        line = dashboard.department_line_ids
        self.assertEqual(line.department_id, self.dep_a)
        self.assertEqual((line.open_requests, line.late_requests, line.open_cases, line.at_risk, line.breached),
                         (5, 2, 2, 1, 1))
        self.assertAlmostEqual(line.on_time_rate, 80.0)
        self.assertAlmostEqual(line.satisfaction, 3.5)
        self.assertEqual([(row.service_id, row.open_requests) for row in dashboard.service_line_ids],
                         [(self.service_a, 5)])

    def test_tiles_open_the_records_behind_them(self):
        dashboard = self.open_dashboard(self.supervisor)
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            def ids(action):
                self.assertEqual(action["type"], "ir.actions.act_window")
                return set(action["domain"][0][2])
            self.assertEqual(ids(dashboard.action_open_requests()), set(r.id for r in self.open_a))
            self.assertEqual(ids(dashboard.action_open_late_requests()), {self.open_a[3].id, self.open_a[4].id})
            self.assertEqual(ids(dashboard.action_open_at_risk()), {self.c6.id})
            self.assertEqual(ids(dashboard.action_open_breached()), {self.c5.id})
            self.assertEqual(ids(dashboard.action_open_finished_month()), set(r.id for r in self.done_a))
            self.assertEqual(ids(dashboard.action_open_rated()), set((self.cases_a - self.c5 - self.c6).ids))
            self.assertEqual(ids(dashboard.department_line_ids.action_open()), {self.c5.id, self.c6.id})
            self.assertEqual(ids(dashboard.service_line_ids.action_open()), set(r.id for r in self.open_a))

    def test_manager_sees_department_b(self):
        dashboard = self.open_dashboard(self.manager)
        self.assertIn(self.dep_b, dashboard.department_line_ids.mapped("department_id"))

    def test_officer_cannot_open_the_dashboard(self):
        with self.assertRaises(AccessError):
            self.open_dashboard(self.officer)


class TestKpiDashboardChannels(KpiCase):

    def open_dashboard(self, user):
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            action = self.env["gov.kpi.dashboard"].sudo(user).action_open_dashboard()
            return self.env["gov.kpi.dashboard"].sudo(user).browse(action["res_id"])

    def test_requests_are_counted_by_channel_with_those_waiting_in_triage(self):
        manager = self.manager
        before = {line.channel: line for line in self.open_dashboard(manager).channel_line_ids}
        self.assertEqual(sum(line.open_requests for line in before.values()),
                         self.open_dashboard(manager).open_request_count)
        message = IntakeMessage("email", "Somchai", "kpi-channel@example.org", None, "Permit", "Please renew",
                                [], self.env["oss.service"], "th_TH")
        request = self.env["oss.request"]._oss_intake_message(message)
        self.assertEqual(request.state, "triage")
        after = {line.channel: line for line in self.open_dashboard(manager).channel_line_ids}
        triage_before = before["email"].triage_requests if "email" in before else 0
        self.assertEqual(after["email"].triage_requests, triage_before + 1)
        action = after["email"].action_open()
        self.assertIn(request.id, action["domain"][0][2])
        self.assertEqual(action["name"], "Email")
        supervisor_lines = self.open_dashboard(self.supervisor).channel_line_ids
        self.assertNotIn("email", supervisor_lines.mapped("channel"), "a triage request belongs to no department")
