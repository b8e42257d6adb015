"""Requests closed as abandoned (s.8) are counted apart: neither open nor finished, neither on
time nor late, in the analysis, the summary, the dashboard and the Excel report."""
import base64
import datetime
import io

import openpyxl

from odoo.addons.gov_crm.tests.common import new_user

from .common import KpiCase, days_ago, local_today

ABANDONED = "ละทิ้งคำขอ (ม.8)"


class TestKpiAbandoned(KpiCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = new_user(cls.env, "kpi_front_desk", "gov_crm.group_gov_front_desk")
        cls.service_docs = cls.env["oss.service"].create({
            "code": "KPI-SD", "name": "บริการทดสอบเอกสาร", "group": "G2C", "legal_days": 5,
            "document_ids": [(0, 0, {"name": "แบบคำขอ"}), (0, 0, {"name": "แผนผัง"})],
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ", "department_id": cls.dep_a.id, "days": 5})]})
        # received 30 days ago at the counter with the plan missing; nobody brought it
        request = cls.env["oss.request"].sudo(cls.front_desk).create({
            "partner_id": cls.partner.id, "service_id": cls.service_docs.id, "date_received": days_ago(30)})
        request.document_ids.filtered(lambda d: d.name == "แบบคำขอ").write({"received": True})
        request.action_submit()
        cls.abandoned = request.sudo()
        cls.env["oss.request"]._cron_close_abandoned()
        cls.env["gov.kpi.request.summary"].kpi_refresh()

    def test_the_abandoned_row_is_neither_open_nor_finished(self):
        self.assertEqual(self.abandoned.state, "abandoned")
        row = self.env["gov.kpi.request.report"].sudo(self.supervisor).search(
            [("request_id", "=", self.abandoned.id)])
        self.assertEqual(row.department_id, self.dep_a)  # the lead department of its service's route
        self.assertEqual((row.nbr, row.abandoned_count, row.open_count, row.finished_count, row.on_time_count,
                          row.late_count), (1, 1, 0, 0, 0, 0))
        self.assertEqual((row.on_time_rate, row.late_rate, row.handling_days, row.age_band),
                         (0.0, 0.0, 0.0, False))  # NULL: out of every rate and of the backlog
        self.env.cr.execute("SELECT on_time_rate, late_rate, handling_days FROM gov_kpi_request_report "
                            "WHERE request_id = %s", (self.abandoned.id,))
        self.assertEqual(self.env.cr.fetchone(), (None, None, None))

    def test_department_rates_do_not_move(self):
        for model in ("gov.kpi.request.report", "gov.kpi.request.summary"):
            [group] = self.env[model].sudo(self.supervisor).read_group(
                [("department_id", "=", self.dep_a.id)],
                ["nbr", "open_count", "finished_count", "late_count", "abandoned_count", "on_time_rate",
                 "late_rate", "department_id"], ["department_id"])
            # the fixture's department A (11 requests, 5 open, 5 finished, 3 late) and the abandoned one
            self.assertEqual((group["nbr"], group["open_count"], group["finished_count"], group["late_count"],
                              group["abandoned_count"]), (12, 5, 5, 3, 1), model)
            self.assertAlmostEqual(group["on_time_rate"], 80.0, msg=model)
            self.assertAlmostEqual(group["late_rate"], 30.0, msg=model)

    def test_dashboard_counts_them_this_month(self):
        action = self.env["gov.kpi.dashboard"].sudo(self.supervisor).action_open_dashboard()
        dashboard = self.env["gov.kpi.dashboard"].sudo(self.supervisor).browse(action["res_id"])
        self.assertEqual((dashboard.abandoned_count, dashboard.open_request_count), (1, 5))
        opened = dashboard.action_open_abandoned_month()
        self.assertEqual((opened["res_model"], opened["domain"]), ("oss.request", [("id", "in", self.abandoned.ids)]))
        self.assertEqual(opened["name"], "Requests abandoned this month")
        thai = self.env["gov.kpi.dashboard"].sudo(self.supervisor).with_context(lang="th_TH")
        self.assertEqual(thai.browse(dashboard.id).action_open_abandoned_month()["name"], "คำขอที่ละทิ้งเดือนนี้")
        self.assertEqual(thai.action_open_dashboard()["name"], "แดชบอร์ดคุณภาพการให้บริการ")

    def test_excel_report_has_them_in_their_column(self):
        today = local_today()
        wizard = self.env["gov.kpi.xlsx.wizard"].sudo(self.supervisor).create({
            "date_from": min(datetime.date(2026, 10, 1), today - datetime.timedelta(days=60)),
            "date_to": max(datetime.date(2026, 11, 30), today)})
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)))
        for sheet_name, label in (("สรุปตามหน่วยงาน", self.dep_a.display_name),
                                  ("สรุปตามบริการ", self.service_docs.display_name)):
            sheet = book[sheet_name]
            headers = [cell.value for cell in sheet[4]]
            rows = {row[0].value: dict(zip(headers, [cell.value for cell in row]))
                    for row in sheet.iter_rows(min_row=5)}
            self.assertEqual(rows[label][ABANDONED], 1, sheet_name)
            self.assertEqual(rows["รวม"][ABANDONED], 1, sheet_name)
        self.assertEqual(headers.index(ABANDONED), headers.index("อัตราล่าช้า") + 1)
