"""A request finished without any office time in between took 0 working days: it counts."""
from . import test_kpi_xlsx as xlsx
from .common import KpiCase, utc


class TestKpiZeroHandling(KpiCase):
    """Department C: one request done at the moment its file was complete, one done after
    out-of-office minutes (both 0 working days), one done in 3 working days, one open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dep_c = cls.env["gov.department"].create({
            "name": "หน่วยทดสอบ ค", "code": "KPIC",
            "resource_calendar_id": cls.env.ref("gov_crm.calendar_gov_office").id})
        cls.service_c = cls.env["oss.service"].create({
            "code": "KPI-SC", "name": "บริการทดสอบ ค", "group": "G2C", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": cls.dep_c.id, "days": 5})]})
        at_once = utc("2026-11-03 10:15")
        cls.instant = cls.request(cls.service_c, "done", at_once, date_complete=at_once, date_done=at_once,
                                  expected_date=utc("2026-11-10 16:30"))
        cls.evening = cls.request(cls.service_c, "done", utc("2026-11-03 17:00"),
                                  date_complete=utc("2026-11-03 17:00"), date_done=utc("2026-11-03 18:30"),
                                  expected_date=utc("2026-11-10 16:30"))
        # Wednesday 4 Nov 08:30 to Friday 6 Nov 16:30: three working days
        cls.three = cls.request(cls.service_c, "done", utc("2026-11-04 08:30"),
                                date_complete=utc("2026-11-04 08:30"), date_done=utc("2026-11-06 16:30"),
                                expected_date=utc("2026-11-10 16:30"))
        cls.open_c = cls.request(cls.service_c, "in_progress", utc("2026-11-04 09:00"),
                                 date_complete=utc("2026-11-04 09:00"), expected_date=utc("2026-11-11 16:30"))

    def stored(self, request):
        self.env.cr.execute("SELECT kpi_handling_hours, kpi_handling_days FROM oss_request WHERE id = %s",
                            (request.id,))
        return self.env.cr.fetchone()

    def test_zero_is_stored_and_empty_means_not_finished(self):
        self.assertEqual(self.stored(self.instant), (0.0, 0.0))
        self.assertEqual(self.stored(self.evening), (0.0, 0.0))
        self.assertEqual(self.stored(self.three), (21.0, 3.0))
        self.assertEqual(self.stored(self.open_c), (None, None))
        # reopened for a correction: not finished any more, so empty again
        self.three.write({"state": "in_progress", "date_done": False})
        self.assertEqual(self.stored(self.three), (None, None))

    def test_requests_analysis_counts_the_zero_days(self):
        Report = self.env["gov.kpi.request.report"].sudo(self.manager)
        [row] = Report.read_group([("department_id", "=", self.dep_c.id)],
                                  ["finished_count", "handling_days", "department_id"], ["department_id"])
        self.assertEqual(row["finished_count"], 3)
        self.assertAlmostEqual(row["handling_days"], 1.0)  # (0 + 0 + 3) / 3
        median, p90 = Report.kpi_percentiles([("department_id", "=", self.dep_c.id)], "handling_days")[None]
        self.assertAlmostEqual(median, 0.0)
        self.assertAlmostEqual(p90, 2.4)  # rank 0.9 * 2 = 1.8 -> 0 + 0.8 * (3 - 0)

    def test_summary_counts_the_zero_days(self):
        Summary = self.env["gov.kpi.request.summary"]
        Summary.kpi_refresh()
        [row] = Summary.sudo(self.manager).read_group(
            [("department_id", "=", self.dep_c.id)],
            ["finished_count", "handling_count", "handling_days", "department_id"], ["department_id"])
        self.assertEqual((row["finished_count"], row["handling_count"]), (3, 3))
        self.assertAlmostEqual(row["handling_days"], 1.0)

    def test_excel_report_counts_the_zero_days(self):
        export = xlsx.TestKpiXlsx.export.__get__(self)
        _content, book = export(self.manager, department_ids=[(6, 0, self.dep_c.ids)])
        row = xlsx.TestKpiXlsx.table(book[xlsx.SUMMARY_DEPARTMENTS], xlsx.HEADER_ROW)[self.dep_c.display_name]
        values = {name: cell.value for name, cell in row.items()}
        self.assertEqual(values["เสร็จสิ้น"], 3)
        self.assertAlmostEqual(values["เวลาดำเนินการเฉลี่ย (วันทำการ)"], 1.0)
        self.assertAlmostEqual(values["มัธยฐาน (วันทำการ)"], 0.0)
        self.assertAlmostEqual(values["เปอร์เซ็นไทล์ 90 (วันทำการ)"], 2.4)
