"""The published figures are gov_kpi's figures for the same month, small cells withheld."""
from odoo.addons.gov_public.models import gov_public_cells as cells

from .common import PublicCase

DIMENSIONS = (("department", "department_id", "gov.department"), ("service", "service_id", "oss.service"))
BANDS = (("age_0_3_days", "0_3"), ("age_4_7_days", "4_7"), ("age_8_15_days", "8_15"),
         ("age_16_30_days", "16_30"), ("age_over_30_days", "31_plus"))


class TestPublicFigures(PublicCase):

    def kpi_totals(self, model, domain, fields):
        """gov_kpi's totals over ``domain`` (one read_group without group-by)."""
        return self.env[model].read_group(domain, fields, [], lazy=False)[0]

    def expected_row(self, dim, unit, month):
        """The published row of ``unit`` and ``month``, computed from gov_kpi's own figures."""
        received = self.kpi_totals("gov.kpi.request.summary", [(dim, "=", unit.id), ("month", "=", month)],
                                   ["nbr"])["nbr"] or 0
        done = [(dim, "=", unit.id), ("month_done", "=", month)]
        finished = self.kpi_totals("gov.kpi.request.summary", done,
                                   ["finished_count", "on_time_rate", "handling_count"])
        median = self.env["gov.kpi.request.report"].kpi_percentiles(done, "handling_days").get(None, (None,))[0]
        rated = self.kpi_totals("gov.kpi.case.report", done + [("rated_count", "=", 1)],
                                ["rated_count", "rating_value", "satisfied_rate"])
        rate = finished["on_time_rate"]
        return {
            "received": cells.count(received), "finished": cells.count(finished["finished_count"] or 0),
            "on_time_rate": cells.measure(rate if rate is not False else None, finished["finished_count"], 1),
            "median_days": cells.measure(median, finished["handling_count"], 1),
            "rated": cells.count(rated["rated_count"] or 0),
            "rating_mean": cells.measure(rated["rating_value"] or None, rated["rated_count"], 2),
            "satisfied_rate": cells.measure(rated["satisfied_rate"] if rated["rated_count"] else None,
                                            rated["rated_count"], 1),
        }

    def test_every_published_figure_is_gov_kpis(self):
        for scope, dim, model in DIMENSIONS:
            published = self.rows_by_key(scope)
            self.assertTrue(published, scope)
            # every unit and month gov_kpi has figures for is published, and nothing else
            keys = set()
            for month_field in ("month", "month_done"):
                for group in self.env["gov.kpi.request.summary"].read_group(
                        [(dim, "!=", False), (month_field, "!=", False)], [dim, month_field], [dim, month_field],
                        lazy=False):
                    keys.add((group[dim][0], group[month_field]))
            for group in self.env["gov.kpi.case.report"].read_group(
                    [(dim, "!=", False), ("month_done", "!=", False), ("rated_count", "=", 1)],
                    [dim, "month_done"], [dim, "month_done"], lazy=False):
                keys.add((group[dim][0], group["month_done"]))
            units = self.env[model].with_context(active_test=False).browse([key[0] for key in keys])
            codes = {unit.id: unit.code for unit in units
                     if scope == "department" or (unit.published and unit.active)}
            self.assertEqual(set(published), {(codes[u], m) for u, m in keys if u in codes})
            for unit_id, month in keys:
                if unit_id not in codes:
                    continue
                row = published[(codes[unit_id], month)]
                expected = self.expected_row(dim, units.browse(unit_id), month)
                self.assertEqual({name: row[name] for name in expected}, expected, (scope, codes[unit_id], month))

    def test_backlog_is_gov_kpis_by_age_band(self):
        Requests = self.env["gov.kpi.request.report"]
        for scope, dim, _model in DIMENSIONS:
            key = "department_code" if scope == "department" else "service_code"
            rows = {row[key]: row for row in self.env["gov.public.dataset"]._gp_backlog_rows(scope)}
            self.assertTrue(rows)
            for code, row in rows.items():
                unit = self.env["gov.department" if scope == "department" else "oss.service"].with_context(
                    active_test=False).search([("code", "=", code)])
                for name, band in BANDS:
                    count = Requests.search_count(
                        [(dim, "=", unit.id), ("open_count", "=", 1), ("age_band", "=", band)])
                    self.assertEqual(row[name], cells.count(count), (code, band))
        # department A: one open request in each band, each withheld as 1
        row = {r["department_code"]: r for r in self.env["gov.public.dataset"]._gp_backlog_rows("department")}["KPIA"]
        self.assertEqual([row[name] for name, _band in BANDS], ["<5"] * 5)
        self.assertEqual(row["open_requests"], 5)

    def test_department_a_in_november_2569(self):
        row = self.rows_by_key("department")[("KPIA", "2026-11")]
        self.assertEqual(row["month_be"], "2569-11")
        self.assertEqual((row["finished"], row["on_time_rate"], row["median_days"]), (5, 80.0, 3.0))
        # ratings 5, 4, 2, 3 and 5 of the cases resolved in the month
        self.assertEqual((row["rated"], row["rating_mean"], row["satisfied_rate"]), (5, 3.8, 60.0))
        self.assertEqual(row["department_name_th"], "หน่วยทดสอบ ก")

    def test_small_cells_are_withheld_with_their_rates(self):
        row = self.rows_by_key("department")[("KPIB", "2026-11")]
        # one request finished (late, 10 days) and one rating: nothing about them is published
        self.assertEqual((row["finished"], row["on_time_rate"], row["median_days"]), ("<5", "<5", "<5"))
        self.assertEqual((row["rated"], row["rating_mean"], row["satisfied_rate"]), ("<5", "<5", "<5"))
        service = self.rows_by_key("service")[("KPI-SB", "2026-11")]
        self.assertEqual((service["finished"], service["on_time_rate"]), ("<5", "<5"))

    def test_cells(self):
        self.assertEqual([cells.count(n) for n in (None, 0, 1, 4, 5, 12)], [None, 0, "<5", "<5", 5, 12])
        self.assertEqual(cells.ratio(4, 5), 80.0)
        self.assertEqual(cells.ratio(2, 3), "<5")
        self.assertIsNone(cells.ratio(0, 0))
        self.assertEqual(cells.ratio(0, 7), 0.0)
        self.assertEqual(cells.measure(2.345, 9, 2), round(2.345, 2))
        self.assertEqual(cells.measure(2.0, 4, 1), "<5")
        self.assertIsNone(cells.measure(None, 9, 1))
        self.assertEqual((cells.month_be("2026-01"), cells.month_label("2026-11", "th_TH"),
                          cells.month_label("2026-11", "en_US")), ("2569-01", "พ.ย. 2569", "Nov 2569"))
        self.assertEqual([cells.valid_month(m) for m in ("2026-11", "2026-13", "2026-1", "x" * 7, None)],
                         [True, False, False, False, False])
