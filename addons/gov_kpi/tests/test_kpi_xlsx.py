"""The Excel file carries the same hand-computed KPIs, and only the user's departments."""
import base64
import datetime
import io
import zipfile

import openpyxl

from odoo.exceptions import AccessError, ValidationError

from .common import KpiCase, local_today

SUMMARY_DEPARTMENTS = "สรุปตามหน่วยงาน"
SUMMARY_SERVICES = "สรุปตามบริการ"
CASES = "เรื่องตามหน่วยงาน"
MONTHS = "ทันเวลารายเดือน"
HEADER_ROW = 4  # openpyxl rows start at 1


class TestKpiXlsx(KpiCase):

    def export(self, user, **values):
        today = local_today()
        values.setdefault("date_from", min(datetime.date(2026, 10, 1), today - datetime.timedelta(days=60)))
        values.setdefault("date_to", max(datetime.date(2026, 11, 30), today))
        wizard = self.env["gov.kpi.xlsx.wizard"].sudo(user).create(values)
        action = wizard.action_export()
        self.assertIn("/web/content/?model=gov.kpi.xlsx.wizard&id=%d&field=data" % wizard.id, action["url"])
        content = base64.b64decode(wizard.data)
        self.assertTrue(wizard.filename.endswith(".xlsx"))
        return content, openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def table(sheet, header_row):
        headers = [cell.value for cell in sheet[header_row]]
        rows = {}
        for cells in sheet.iter_rows(min_row=header_row + 1):
            if cells[0].value is not None:
                rows[cells[0].value] = {headers[i]: cell for i, cell in enumerate(cells)}
        return rows

    def assert_department_a(self, row):
        values = {name: cell.value for name, cell in row.items()}
        self.assertEqual(values["คำขอ"], 11)
        self.assertEqual(values["เสร็จสิ้น"], 5)
        self.assertEqual(values["เสร็จทันเวลา"], 4)
        self.assertAlmostEqual(values["อัตราทันเวลา"], 0.8)
        self.assertEqual(values["ล่าช้า"], 3)
        self.assertAlmostEqual(values["อัตราล่าช้า"], 0.3)
        self.assertAlmostEqual(values["เวลาดำเนินการเฉลี่ย (วันทำการ)"], 3.0)
        self.assertAlmostEqual(values["มัธยฐาน (วันทำการ)"], 3.0)
        self.assertAlmostEqual(values["เปอร์เซ็นไทล์ 90 (วันทำการ)"], 4.6)
        for band in ("ค้าง 0-3 วัน", "ค้าง 4-7 วัน", "ค้าง 8-15 วัน", "ค้าง 16-30 วัน", "ค้างเกิน 30 วัน"):
            self.assertEqual(values[band], 1, band)
        self.assertEqual(values["เรื่อง"], 6)
        self.assertEqual(values["เกินกำหนด SLA"], 2)
        self.assertAlmostEqual(values["อัตราเกินกำหนด SLA"], 2 / 6.0)
        self.assertAlmostEqual(values["การโอนต่อเรื่อง"], 1 / 6.0)
        self.assertAlmostEqual(values["แก้ไขเสร็จในครั้งแรก"], 0.5)
        self.assertAlmostEqual(values["อัตราเปิดเรื่องซ้ำ"], 0.5)
        self.assertAlmostEqual(values["ความพึงพอใจเฉลี่ย (1-5)"], 3.5)
        self.assertAlmostEqual(values["สัดส่วนพึงพอใจ 4-5"], 0.5)
        self.assertEqual(row["อัตราทันเวลา"].number_format, "0.0%")
        self.assertEqual(row["คำขอ"].number_format, "#,##0")
        self.assertEqual(row["มัธยฐาน (วันทำการ)"].number_format, "#,##0.00")

    def test_supervisor_file_has_the_kpis_of_their_department_only(self):
        content, book = self.export(self.supervisor)
        self.assertEqual(book.sheetnames, [SUMMARY_DEPARTMENTS, SUMMARY_SERVICES, CASES, MONTHS])
        sheet = book[SUMMARY_DEPARTMENTS]
        self.assertEqual(sheet["A1"].value, "รายงานคุณภาพการให้บริการ")
        self.assertIn("2569", sheet["A2"].value)
        self.assertEqual(sheet.freeze_panes, "B5")
        self.assertTrue(sheet.auto_filter.ref.startswith("A4:"))
        ranges = {str(rng.sqref) for rng in sheet.conditional_formatting}
        self.assertIn("F5:F6", ranges)  # late requests, department row and total
        self.assertIn("R5:R6", ranges)  # SLA breaches
        rows = self.table(sheet, HEADER_ROW)
        self.assertEqual(set(rows), {self.dep_a.display_name, "รวม"})
        self.assert_department_a(rows[self.dep_a.display_name])
        self.assert_department_a(rows["รวม"])
        # per service: the requests are all of service A; the direct cases have no service
        services = self.table(book[SUMMARY_SERVICES], HEADER_ROW)
        self.assertEqual(services[self.service_a.display_name]["คำขอ"].value, 11)
        self.assertEqual(services["(ไม่ระบุ)"]["เรื่อง"].value, 6)
        self.assertNotIn(self.service_b.display_name, services)
        # the cases sheet lists department A's cases only, with Buddhist-era dates
        self.assertEqual({row[1].value for row in book[CASES].iter_rows(min_row=2)},
                         set(self.cases_a.mapped("name")))
        self.assertEqual({row[0].value for row in book[CASES].iter_rows(min_row=2)}, {self.dep_a.display_name})
        first = {book[CASES].cell(1, col).value: book[CASES].cell(2, col)
                 for col in range(1, book[CASES].max_column + 1)}
        self.assertIn("[$-1070000]", first["วันที่เปิดเรื่อง"].number_format)
        self.assertEqual(book[CASES].freeze_panes, "A2")
        self.assertTrue(book[CASES].auto_filter.ref)
        # the monthly on-time sheet and its chart
        months = [[cell.value for cell in row] for row in book[MONTHS].iter_rows(min_row=2)]
        self.assertEqual(months[0][:4], ["พ.ย. 2569", "2026-11", 5, 4])
        self.assertAlmostEqual(months[0][4], 0.8)
        self.assertIn("xl/charts/chart1.xml", zipfile.ZipFile(io.BytesIO(content)).namelist())

    def test_case_rows_carry_exact_values(self):
        _content, book = self.export(self.supervisor)
        sheet = book[CASES]
        headers = [cell.value for cell in sheet[1]]
        rows = {row[1].value: dict(zip(headers, [cell.value for cell in row])) for row in sheet.iter_rows(min_row=2)}
        c2 = rows[self.c2.name]
        self.assertEqual((c2["SLA"], c2["สถานะ"], c2["โอน (ครั้ง)"], c2["ความพึงพอใจ"]),
                         ("เกินกำหนด", "ยุติแล้ว", 1, 4))
        self.assertEqual(c2["วันที่เปิดเรื่อง"], datetime.datetime(2026, 11, 2, 9, 0))
        self.assertEqual(c2["วันที่ยุติ"], datetime.datetime(2026, 11, 6, 15, 0))
        self.assertAlmostEqual(c2["ดำเนินการ (ชม.ทำการ)"], 14.0)
        self.assertEqual(rows[self.c3.name]["เปิดซ้ำ (ครั้ง)"], 1)

    def test_manager_file_has_both_departments(self):
        _content, book = self.export(self.manager, department_ids=[(6, 0, (self.dep_a | self.dep_b).ids)])
        rows = self.table(book[SUMMARY_DEPARTMENTS], HEADER_ROW)
        self.assertEqual(set(rows), {self.dep_a.display_name, self.dep_b.display_name, "รวม"})
        self.assert_department_a(rows[self.dep_a.display_name])
        total = {name: cell.value for name, cell in rows["รวม"].items()}
        self.assertEqual(total["คำขอ"], 13)
        self.assertAlmostEqual(total["อัตราทันเวลา"], 4 / 6.0)
        self.assertAlmostEqual(total["มัธยฐาน (วันทำการ)"], 3.5)
        self.assertAlmostEqual(total["เปอร์เซ็นไทล์ 90 (วันทำการ)"], 7.5)
        self.assertEqual(total["เรื่อง"], 7)
        self.assertAlmostEqual(total["แก้ไขเสร็จในครั้งแรก"], 0.6)
        self.assertAlmostEqual(total["ความพึงพอใจเฉลี่ย (1-5)"], 3.0)

    def test_period_selects_the_cohort(self):
        _content, book = self.export(self.supervisor, date_from="2026-11-01", date_to="2026-11-02")
        row = self.table(book[SUMMARY_DEPARTMENTS], HEADER_ROW)[self.dep_a.display_name]
        # received 2 Nov: the five finished requests; opened 2 Nov: the four resolved cases
        self.assertEqual(row["คำขอ"].value, 5)
        self.assertEqual(row["เรื่อง"].value, 4)

    def test_supervisor_cannot_report_on_another_department(self):
        with self.assertRaisesRegex(AccessError, "your own departments"):
            self.export(self.supervisor, department_ids=[(6, 0, [self.dep_b.id])])

    def test_officer_cannot_export(self):
        with self.assertRaises(AccessError):
            self.export(self.officer)

    def test_period_must_not_end_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.env["gov.kpi.xlsx.wizard"].create({"date_from": "2026-11-30", "date_to": "2026-11-01"})
