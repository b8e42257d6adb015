"""The requests summary gives the figures of the row-level view; the stored lead department."""
from odoo.exceptions import AccessError

from .common import KpiCase

MEASURES = ["nbr", "open_count", "finished_count", "on_time_count", "on_time_rate",
            "late_count", "late_rate", "handling_days"]


class TestKpiSummary(KpiCase):

    def totals(self, model, user, groupby):
        groups = self.env[model].sudo(user).read_group([], MEASURES + groupby, groupby, lazy=False)
        return {tuple(g[name][0] if isinstance(g[name], tuple) else g[name] for name in groupby): g
                for g in groups}

    def test_summary_equals_the_row_level_view(self):
        self.env["gov.kpi.request.summary"].kpi_refresh()
        for groupby in (["department_id"], ["department_id", "month"], ["service_id", "state"], []):
            rows = self.totals("gov.kpi.request.report", self.manager, groupby)
            summary = self.totals("gov.kpi.request.summary", self.manager, groupby)
            self.assertEqual(set(rows), set(summary))
            for key, row in rows.items():
                for name in MEASURES:
                    if name in ("on_time_rate", "late_rate", "handling_days"):
                        self.assertAlmostEqual(summary[key][name] or 0.0, row[name] or 0.0, msg=(key, name))
                    else:
                        self.assertEqual(summary[key][name], row[name], msg=(key, name))

    def test_summary_kpis_of_department_a(self):
        self.env["gov.kpi.request.summary"].kpi_refresh()
        row = self.totals("gov.kpi.request.summary", self.supervisor, ["department_id"])[(self.dep_a.id,)]
        self.assertEqual((row["nbr"], row["open_count"], row["finished_count"], row["on_time_count"],
                          row["late_count"]), (11, 5, 5, 4, 3))
        # rates of the group from its sums, not the mean of the rows' rates
        self.assertAlmostEqual(row["on_time_rate"], 100.0 * 4 / 5)
        self.assertAlmostEqual(row["late_rate"], 100.0 * 3 / 10)
        self.assertAlmostEqual(row["handling_days"], (1 + 2 + 3 + 4 + 5) / 5.0)

    def test_supervisor_sees_only_own_departments(self):
        self.env["gov.kpi.request.summary"].kpi_refresh()
        rows = self.env["gov.kpi.request.summary"].sudo(self.supervisor).search([])
        self.assertTrue(rows)
        self.assertEqual(rows.mapped("department_id"), self.dep_a)
        manager_rows = self.env["gov.kpi.request.summary"].sudo(self.manager).search([])
        self.assertIn(self.dep_b, manager_rows.mapped("department_id"))

    def test_officer_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["gov.kpi.request.summary"].sudo(self.officer).search([])

    def test_lead_department_follows_the_first_step(self):
        request = self.request(self.service_a, "submitted", self.open_a[0].date_received)
        Step = self.env["oss.request.step"]
        self.assertFalse(request.kpi_department_id)
        second = Step.create({"request_id": request.id, "sequence": 20, "name": "อนุมัติ",
                              "department_id": self.dep_b.id})
        self.assertEqual(request.kpi_department_id, self.dep_b)
        first = Step.create({"request_id": request.id, "sequence": 10, "name": "ตรวจ",
                             "department_id": self.dep_a.id})
        self.assertEqual(request.kpi_department_id, self.dep_a)
        first.write({"sequence": 30})
        self.assertEqual(request.kpi_department_id, self.dep_b)
        row = self.env["gov.kpi.request.report"].search([("request_id", "=", request.id)])
        self.assertEqual(row.department_id, self.dep_b)
        (first | second).unlink()
        self.assertFalse(request.kpi_department_id)
        # not routed: the lead department of the service's route
        row = self.env["gov.kpi.request.report"].search([("request_id", "=", request.id)])
        self.assertEqual(row.department_id, self.dep_a)

    def test_excel_display_names_equal_name_get(self):
        Wizard = self.env["gov.kpi.xlsx.wizard"].sudo(self.supervisor)
        requests = self.env["oss.request"].browse([r.id for r in self.done_a])
        for records in (requests, self.dep_a | self.dep_b, self.service_a | self.service_b,
                        self.supervisor | self.officer):
            self.assertEqual(Wizard._kpi_display_names(records._name, set(records.ids) | {False}),
                             dict(records.sudo().name_get()))
        self.assertEqual(Wizard._kpi_display_names("oss.request", {False}), {})

    def test_month_bounds_in_office_time(self):
        from ..models.gov_kpi_dashboard import _month_bounds
        tz = self.env["resource.calendar"].gov_office_tz()
        self.assertEqual(_month_bounds("2026-11", tz), ("2026-10-31 17:00:00", "2026-11-30 17:00:00"))
        self.assertEqual(_month_bounds("2026-12", tz), ("2026-11-30 17:00:00", "2026-12-31 17:00:00"))
