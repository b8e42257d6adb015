"""A rate of nothing is no data, not zero: the dashboard and the Excel report say "—" and why."""
from unittest.mock import patch

from ..models.gov_kpi_dashboard import GovKpiDashboard
from . import test_kpi_xlsx as xlsx
from .common import KpiCase, days_ago, from_now

NOVEMBER = ("2026-11", "2026-10", "2026-10-31 17:00:00")


class TestKpiNoData(KpiCase):
    """Department D: one open request, no finished one, no case; October: nothing finished."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor_d = cls.new_user("kpi_supervisor_d", "gov_crm.group_gov_supervisor")
        cls.dep_d = cls.new_department("หน่วยทดสอบ ง", "KPID", manager=cls.supervisor_d)
        cls.service_d = cls.env["oss.service"].create({
            "code": "KPI-SD", "name": "บริการทดสอบ ง", "group": "G2C", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": cls.dep_d.id, "days": 5})]})
        cls.open_d = cls.request(cls.service_d, "in_progress", days_ago(2), expected_date=from_now(24 * 10))

    def open_dashboard(self, user, lang="en_US"):
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            Dashboard = self.env["gov.kpi.dashboard"].sudo(user).with_context(lang=lang)
            return Dashboard.browse(Dashboard.action_open_dashboard()["res_id"])

    def test_dashboard_without_data_says_so(self):
        dashboard = self.open_dashboard(self.supervisor_d)
        self.assertEqual(dashboard.open_request_count, 1)
        self.assertEqual((dashboard.finished_count, dashboard.rated_count), (0, 0))
        self.assertEqual(
            (dashboard.on_time_text, dashboard.on_time_note, dashboard.on_time_last_text,
             dashboard.on_time_last_note, dashboard.on_time_delta_text),
            ("—", "No data: no request finished this month", "—", "No data: no request finished last month", "—"))
        self.assertEqual((dashboard.satisfaction_text, dashboard.satisfaction_note, dashboard.satisfied_text),
                         ("—", "No data: no case was rated this month", "—"))
        line = dashboard.department_line_ids
        self.assertEqual((line.department_id, line.on_time_text, line.satisfaction_text), (self.dep_d, "—", "—"))

    def test_in_thai(self):
        dashboard = self.open_dashboard(self.supervisor_d, lang="th_TH")
        self.assertEqual((dashboard.on_time_text, dashboard.on_time_note),
                         ("—", "ไม่มีข้อมูล: ไม่มีคำขอที่เสร็จสิ้นในเดือนนี้"))
        self.assertEqual(dashboard.satisfaction_note, "ไม่มีข้อมูล: ไม่มีเรื่องที่ได้รับการประเมินในเดือนนี้")

    def test_dashboard_with_data_shows_the_figures(self):
        dashboard = self.open_dashboard(self.supervisor)
        self.assertEqual((dashboard.on_time_text, dashboard.on_time_note), ("80.0 %", False))
        self.assertEqual((dashboard.satisfaction_text, dashboard.satisfied_text, dashboard.satisfaction_note),
                         ("3.50 / 5", "50 %", False))
        # nothing finished in October: no data, and so no change to show
        self.assertEqual((dashboard.on_time_last_text, dashboard.on_time_delta_text), ("—", "—"))
        line = dashboard.department_line_ids
        self.assertEqual((line.on_time_text, line.satisfaction_text), ("80.0 %", "3.50"))

    def test_excel_says_no_data_and_why(self):
        export = xlsx.TestKpiXlsx.export.__get__(self)
        _content, book = export(self.supervisor_d)
        sheet = book[xlsx.SUMMARY_DEPARTMENTS]
        self.assertEqual(sheet["A3"].value, "— = ไม่มีข้อมูล (ไม่มีสิ่งที่จะวัดในช่วงเวลานี้ ไม่ใช่ศูนย์) · "
                                            "— = no data (nothing to measure, not zero)")
        row = xlsx.TestKpiXlsx.table(sheet, xlsx.HEADER_ROW)[self.dep_d.display_name]
        values = {name: cell.value for name, cell in row.items()}
        # counts are counts
        self.assertEqual((values["คำขอ"], values["เสร็จสิ้น"], values["เรื่อง"], values["เกินกำหนด SLA"]),
                         (1, 0, 0, 0))
        # rates and averages of nothing are no data, with the reason in the comment
        self.assertEqual(values["อัตราล่าช้า"], 0)  # of the requests received: one, not late
        for header in ("อัตราทันเวลา", "เวลาดำเนินการเฉลี่ย (วันทำการ)", "มัธยฐาน (วันทำการ)",
                       "อัตราเกินกำหนด SLA", "แก้ไขเสร็จในครั้งแรก", "ความพึงพอใจเฉลี่ย (1-5)", "สัดส่วนพึงพอใจ 4-5"):
            self.assertEqual(values[header], "—", header)
        self.assertEqual(row["อัตราทันเวลา"].comment.text,
                         "ไม่มีข้อมูล: ไม่มีคำขอที่เสร็จสิ้น (คำขอที่รับในช่วงเวลานี้)")
        self.assertEqual(row["ความพึงพอใจเฉลี่ย (1-5)"].comment.text,
                         "ไม่มีข้อมูล: ไม่มีการประเมินความพึงพอใจ (เรื่องที่เปิดในช่วงเวลานี้)")
        self.assertEqual(row["อัตราเกินกำหนด SLA"].comment.text, "ไม่มีข้อมูล: ไม่มีเรื่องที่เปิดในช่วงเวลานี้")
        # a department with data keeps its numbers
        _content, book = export(self.supervisor)
        row = xlsx.TestKpiXlsx.table(book[xlsx.SUMMARY_DEPARTMENTS], xlsx.HEADER_ROW)[self.dep_a.display_name]
        self.assertAlmostEqual(row["อัตราทันเวลา"].value, 0.8)
        self.assertIsNone(row["อัตราทันเวลา"].comment)
