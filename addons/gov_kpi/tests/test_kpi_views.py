"""Every KPI of the analysis views equals the value computed by hand for the fixed dataset."""
import datetime
import time

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import KpiCase, utc

REQUEST_MEASURES = ["nbr", "open_count", "finished_count", "on_time_count", "on_time_rate",
                    "late_count", "late_rate", "handling_days"]
CASE_MEASURES = ["nbr", "open_count", "resolved_count", "at_risk_count", "breached_count", "breach_rate",
                 "transfer_count", "transfers_per_case", "reopened_count", "reopen_rate", "fcr_count",
                 "fcr_rate", "rating_value", "rated_count", "satisfied_count", "satisfied_rate"]


class TestKpiViews(KpiCase):

    def totals(self, model, user, measures, domain=None, groupby="department_id"):
        Report = self.env[model].sudo(user)
        groups = Report.read_group(domain or [], measures + [groupby], [groupby], lazy=False)
        return {group[groupby][0]: group for group in groups if group[groupby]}

    def test_request_kpis_of_department_a(self):
        row = self.totals("gov.kpi.request.report", self.supervisor, REQUEST_MEASURES)[self.dep_a.id]
        # 5 finished + 5 open + 1 withdrawn; the draft is not counted
        self.assertEqual(row["nbr"], 11)
        self.assertEqual(row["open_count"], 5)
        self.assertEqual(row["finished_count"], 5)
        self.assertEqual(row["on_time_count"], 4)
        self.assertAlmostEqual(row["on_time_rate"], 100.0 * 4 / 5)
        # late: the 4-day request (finished after its date) and the two open ones past their date,
        # among the 10 open or finished requests (the withdrawn one is not judged)
        self.assertEqual(row["late_count"], 3)
        self.assertAlmostEqual(row["late_rate"], 100.0 * 3 / 10)
        self.assertAlmostEqual(row["handling_days"], (1 + 2 + 3 + 4 + 5) / 5.0)

    def test_requests_analysis_opens_on_the_last_30_days(self):
        """One row per request: the manager lands on the last 30 days, not the whole history."""
        action = self.env.ref("gov_kpi.gov_kpi_request_report_action").sudo(self.manager).read(
            ["context", "search_view_id"])[0]
        self.assertEqual(safe_eval(action["context"]), {"search_default_received_last_30_days": 1})
        Report = self.env["gov.kpi.request.report"].sudo(self.manager)
        arch = Report.fields_view_get(action["search_view_id"][0], "search")["arch"]
        node = etree.fromstring(arch).xpath("//filter[@name='received_last_30_days']")[0]
        # the names the web client evaluates a filter's domain with
        today = datetime.date.today()
        domain = safe_eval(node.get("domain"), {"context_today": lambda: today, "datetime": datetime,
                                                "time": time})
        now = datetime.datetime.utcnow()
        recent = self.request(self.service_a, "submitted", fields.Datetime.to_string(now - datetime.timedelta(days=10)))
        older = self.request(self.service_a, "submitted", fields.Datetime.to_string(now - datetime.timedelta(days=40)))
        shown = Report.search(domain + [("request_id", "in", (recent | older).ids)]).mapped("request_id")
        self.assertEqual(shown, recent)

    def test_request_median_and_p90(self):
        Report = self.env["gov.kpi.request.report"].sudo(self.supervisor)
        median, p90 = Report.kpi_percentiles([], "handling_days", "department_id")[self.dep_a.id]
        # 1, 2, 3, 4, 5 working days: median 3; p90 at rank 0.9 * 4 = 3.6 -> 4 + 0.6 * (5 - 4)
        self.assertAlmostEqual(median, 3.0)
        self.assertAlmostEqual(p90, 4.6)
        both = [("department_id", "in", (self.dep_a | self.dep_b).ids)]
        median, p90 = self.env["gov.kpi.request.report"].sudo(self.manager).kpi_percentiles(
            both, "handling_days")[None]
        # 1, 2, 3, 4, 5, 10: median (3 + 4) / 2; p90 at rank 4.5 -> 5 + 0.5 * (10 - 5)
        self.assertAlmostEqual(median, 3.5)
        self.assertAlmostEqual(p90, 7.5)

    def test_request_percentiles_by_several_columns(self):
        Report = self.env["gov.kpi.request.report"].sudo(self.manager)
        domain = [("department_id", "in", (self.dep_a | self.dep_b).ids)]
        groups = Report.kpi_percentiles(domain, "handling_days", ["department_id", "month_done"])
        self.assertEqual(set(groups), {(self.dep_a.id, "2026-11"), (self.dep_b.id, "2026-11")})
        median, p90 = groups[(self.dep_a.id, "2026-11")]
        self.assertEqual((median, p90), Report.kpi_percentiles(domain, "handling_days", "department_id")[self.dep_a.id])
        self.assertAlmostEqual(groups[(self.dep_b.id, "2026-11")][0], 10.0)
        with self.assertRaises(UserError):
            Report.kpi_percentiles(domain, "handling_days", ["department_id", "name"])

    def test_request_age_bands_and_months(self):
        Report = self.env["gov.kpi.request.report"].sudo(self.supervisor)
        bands = Report.read_group([("open_count", "=", 1)], ["age_band"], ["age_band"], lazy=False)
        self.assertEqual({g["age_band"]: g["__count"] for g in bands},
                         {"0_3": 1, "4_7": 1, "8_15": 1, "16_30": 1, "31_plus": 1})
        ages = sorted(Report.search([("open_count", "=", 1)]).mapped("age_days"))
        self.assertEqual(ages, [2, 5, 10, 20, 45])
        row = Report.search([("request_id", "=", self.done_a[0].id)])
        self.assertEqual((row.month, row.month_be, row.month_done, row.month_done_be),
                         ("2026-11", "พ.ย. 2569", "2026-11", "พ.ย. 2569"))
        self.assertEqual((row.department_id, row.service_id, row.service_group, row.channel),
                         (self.dep_a, self.service_a, "G2C", "counter"))
        self.assertAlmostEqual(self.done_a[2].kpi_handling_days, 3.0)
        self.assertAlmostEqual(self.done_a[2].kpi_handling_hours, 21.0)

    def test_buddhist_era_months_group_in_time_order(self):
        requests = self.env["oss.request"]
        for received in ("2026-02-10 10:00", "2025-12-10 10:00", "2026-01-10 10:00", "2026-10-10 10:00"):
            requests |= self.request(self.service_a, "submitted", utc(received))
        Report = self.env["gov.kpi.request.report"].sudo(self.supervisor)
        domain = [("request_id", "in", requests.ids)]
        groups = Report.read_group(domain, ["nbr", "month_be"], ["month_be"])
        # the labels' alphabetical order would be ก.พ., ต.ค., ธ.ค., ม.ค.
        self.assertEqual([g["month_be"] for g in groups], ["ธ.ค. 2568", "ม.ค. 2569", "ก.พ. 2569", "ต.ค. 2569"])
        groupby = ["month_done_be", "department_id"]
        groups = Report.read_group(domain, ["nbr"] + groupby, groupby, lazy=False)
        self.assertEqual([(g["month_done_be"], g["__count"]) for g in groups], [(False, 4)])
        # an explicit order, or a page of groups, is left as asked
        groups = Report.read_group(domain, ["nbr", "month_be"], ["month_be"], orderby="month_be desc")
        self.assertEqual([g["month_be"] for g in groups], ["ม.ค. 2569", "ธ.ค. 2568", "ต.ค. 2569", "ก.พ. 2569"])

    def test_case_kpis_of_department_a(self):
        row = self.totals("gov.kpi.case.report", self.supervisor, CASE_MEASURES)[self.dep_a.id]
        self.assertEqual(row["nbr"], 6)
        self.assertEqual(row["open_count"], 2)
        self.assertEqual(row["resolved_count"], 4)
        self.assertEqual(row["at_risk_count"], 1)
        # breached: c2 (frozen when resolved) and c5 (running, deadline passed) of 6 cases
        self.assertEqual(row["breached_count"], 2)
        self.assertAlmostEqual(row["breach_rate"], 100.0 * 2 / 6)
        self.assertEqual(row["transfer_count"], 1)
        self.assertAlmostEqual(row["transfers_per_case"], 1 / 6.0)
        # reopened: c3 and c4 of the 4 resolved; first contact: c1 and c4 (c2 transferred,
        # c3 reopened within 10 working days)
        self.assertEqual(row["reopened_count"], 2)
        self.assertAlmostEqual(row["reopen_rate"], 50.0)
        self.assertEqual(row["fcr_count"], 2)
        self.assertAlmostEqual(row["fcr_rate"], 50.0)
        self.assertEqual(row["rated_count"], 4)
        self.assertAlmostEqual(row["rating_value"], (5 + 4 + 2 + 3) / 4.0)
        self.assertEqual(row["satisfied_count"], 2)
        self.assertAlmostEqual(row["satisfied_rate"], 50.0)

    def test_case_percentiles_and_sla_states(self):
        Report = self.env["gov.kpi.case.report"].sudo(self.supervisor)
        median, p90 = Report.kpi_percentiles([], "handling_hours")[None]
        # 7, 14, 21, 28 hours: median 17.5; p90 at rank 2.7 -> 21 + 0.7 * 7
        self.assertAlmostEqual(median, 17.5)
        self.assertAlmostEqual(p90, 25.9)
        median, p90 = Report.kpi_percentiles([], "first_response_hours")[None]
        self.assertAlmostEqual(median, 2.5)
        self.assertAlmostEqual(p90, 3.7)
        states = {row.case_id: row.sla_state for row in Report.search([])}
        self.assertEqual(states, {self.c1: "on_track", self.c2: "breached", self.c3: "on_track",
                                  self.c4: "on_track", self.c5: "breached", self.c6: "at_risk"})
        # the view says what the case says
        self.assertEqual({case: case.sla_state for case in self.cases_a}, states)
        bands = {row.case_id: row.age_band for row in Report.search([("open_count", "=", 1)])}
        self.assertEqual(bands, {self.c5: "4_7", self.c6: "0_3"})

    def test_manager_sees_both_departments(self):
        both = [("department_id", "in", (self.dep_a | self.dep_b).ids)]
        cases = self.totals("gov.kpi.case.report", self.manager, CASE_MEASURES, both)
        self.assertEqual(set(cases), {self.dep_a.id, self.dep_b.id})
        total = self.env["gov.kpi.case.report"].sudo(self.manager).read_group(
            both, CASE_MEASURES, [], lazy=False)[0]
        self.assertEqual(total["nbr"], 7)
        self.assertAlmostEqual(total["breach_rate"], 100.0 * 3 / 7)
        self.assertAlmostEqual(total["fcr_rate"], 100.0 * 3 / 5)
        self.assertAlmostEqual(total["reopen_rate"], 100.0 * 2 / 5)
        self.assertAlmostEqual(total["rating_value"], (5 + 4 + 2 + 3 + 1) / 5.0)
        self.assertAlmostEqual(total["satisfied_rate"], 100.0 * 2 / 5)
        requests = self.totals("gov.kpi.request.report", self.manager, REQUEST_MEASURES, both)
        self.assertEqual(requests[self.dep_b.id]["nbr"], 2)
        self.assertEqual(requests[self.dep_b.id]["late_count"], 1)
        self.assertAlmostEqual(requests[self.dep_b.id]["on_time_rate"], 0.0)

    def test_supervisor_sees_only_own_departments(self):
        for model in ("gov.kpi.request.report", "gov.kpi.case.report"):
            rows = self.env[model].sudo(self.supervisor).search([])
            self.assertEqual(rows.mapped("department_id"), self.dep_a, model)
            self.assertFalse(self.env[model].sudo(self.supervisor).search(
                [("department_id", "=", self.dep_b.id)]), model)
        self.assertEqual(self.env["gov.kpi.request.report"].sudo(self.supervisor).kpi_percentiles(
            [("department_id", "=", self.dep_b.id)], "handling_days"), {})

    def test_officer_has_no_access(self):
        for model in ("gov.kpi.request.report", "gov.kpi.case.report"):
            with self.assertRaises(AccessError):
                self.env[model].sudo(self.officer).search([])
        with self.assertRaises(AccessError):
            self.env["gov.kpi.case.report"].sudo(self.officer).kpi_percentiles([], "handling_hours")
