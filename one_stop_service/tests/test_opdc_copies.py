"""Each delay notice (s.10) is copied to OPDC at the address of the settings, with no personal
data; the agency keeps what it sent; managers get the month's list by service in Excel."""
import base64
import io

import openpyxl

from odoo.exceptions import AccessError, ValidationError

from .common import OssCase

OPDC = "delay-notices@opdc.example"
PARAM = "one_stop_service.opdc_email"
PROTECTED = "change only through its actions"


class TestOpdcCopies(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(PARAM, False)  # what the database holds is not this test's
        cls.other_service = cls.service.copy({"code": "T02", "name": "บริการทดสอบสอง", "name_en": "Second service"})

    def set_address(self, user, address):
        return self.env["oss.settings"].sudo(user).create({"opdc_email": address}).action_save()

    def late_request(self, service=None, partner=None):
        """Received Tue 1 Dec 2026, due Wed 9 Dec: the delay notices start on the 10th."""
        request = self.new_request(partner=partner, date_received="2026-12-01 02:00:00",
                                   service_id=(service or self.service).id, delay_reason="รอผลตรวจสถานที่")
        request.action_submit()
        return request.sudo()  # the system's record of the notices and their copies is read as superuser

    def test_each_delay_notice_is_copied_to_the_address_without_personal_data(self):
        self.set_address(self.manager, "  %s " % OPDC)
        self.assertEqual(self.env["ir.config_parameter"].get_param(PARAM), OPDC)
        request = self.late_request()
        Request = self.env["oss.request"]
        for day in ("2026-12-10", "2026-12-17", "2026-12-24"):
            Request._cron_send_delay_notices(day)
        notices = request.notice_ids.filtered(lambda n: n.kind == "delay").sorted("date")
        self.assertEqual(len(notices), 3)
        copies = notices.mapped("copy_ids")
        self.assertEqual(len(copies), 3)
        for rank, notice in enumerate(notices, start=1):
            copy = notice.copy_ids
            self.assertEqual((copy.state, copy.recipient, copy.request_id, copy.service_id, copy.notice_date),
                             ("queued", OPDC, request, self.service, notice.date))
            mail = copy.mail_id
            self.assertEqual((mail.email_to, mail.state, mail.model, mail.res_id), (OPDC, "outgoing",
                                                                                    "oss.request", request.id))
            self.assertFalse(mail.recipient_ids)
            # OPDC reads Thai: one template, its Thai from th.po, no English beside it
            self.assertEqual(mail.subject, "สำเนาหนังสือแจ้งเหตุแห่งความล่าช้า (มาตรา 10): %s" % request.name)
            # what the notice must carry: the number, the service, the dates, the reason
            for text in (request.name, "[T01] บริการทดสอบ", "1 ธันวาคม 2569", "9 ธันวาคม 2569",
                         "รอผลตรวจสถานที่", "<td>%d</td>" % rank, "เลขติดตามคำขอ", "วันทำการ"):
                self.assertIn(text, mail.body_html)
            for english in ("Test service", "Tracking number", "working days", "B.E. 2569", "OPDC"):
                self.assertNotIn(english, mail.body_html)
            # and nothing that names or reaches the applicant
            for text in ("นายทดสอบ", "1101700203450", "1-1017-00203-45-0", "0812223344", "081-222-3344",
                         "tester@example.co.th"):
                self.assertNotIn(text, mail.body_html)
            self.assertEqual(copy.body, mail.body_html)
        self.assertIn("10 ธันวาคม 2569", notices[0].copy_ids.body)
        # the request's chatter keeps each copy as the e-mail sent; the applicant's notices are still theirs
        self.assertEqual(request.message_ids.filtered(lambda m: m.subject and m.subject.startswith("สำเนา")),
                         copies.mapped("mail_id.mail_message_id"))

    def test_no_address_no_copy_with_a_note(self):
        request = self.late_request()
        mails_before = self.env["mail.mail"].search_count([("email_to", "!=", False)])
        self.env["oss.request"]._cron_send_delay_notices("2026-12-10")
        copy = request.notice_ids.mapped("copy_ids")
        self.assertEqual((copy.state, copy.recipient, copy.mail_id), ("not_sent", False, self.env["mail.mail"]))
        self.assertEqual(copy.note, "No OPDC address is set in the settings.")
        self.assertEqual(self.env["mail.mail"].search_count([("email_to", "!=", False)]), mails_before)
        self.assertIn("No copy of the delay notice to OPDC: no address is set in the settings",
                      request.message_ids[0].body)
        # the applicant was told all the same
        self.assertTrue(request.notice_ids.filtered(lambda n: n.kind == "delay").sent)

    def test_only_a_service_manager_changes_the_address(self):
        self.set_address(self.manager, OPDC)
        for user in (self.front_desk, self.officer_reg):
            with self.assertRaisesRegex(AccessError, "Only service managers change the settings"):
                self.set_address(user, "someone@example.com")
            with self.assertRaises(AccessError):
                self.env["ir.config_parameter"].sudo(user).set_param(PARAM, "someone@example.com")
            self.assertFalse(self.env["oss.settings"].sudo(user).create({}).opdc_email)  # nor reads it
        self.assertEqual(self.env["ir.config_parameter"].get_param(PARAM), OPDC)
        self.assertEqual(self.env["oss.settings"].sudo(self.manager).create({}).opdc_email, OPDC)
        with self.assertRaisesRegex(ValidationError, "opdc at example is not an e-mail address"):
            self.set_address(self.manager, "opdc at example")
        self.set_address(self.manager, "")
        self.assertFalse(self.env["ir.config_parameter"].get_param(PARAM))

    def test_copies_are_written_by_the_system_only(self):
        self.set_address(self.manager, OPDC)
        request = self.late_request()
        self.env["oss.request"]._cron_send_delay_notices("2026-12-10")
        copy = request.notice_ids.mapped("copy_ids")
        for vals in ({"recipient": "x@example.com"}, {"state": "not_sent"}, {"body": "<p>x</p>"},
                     {"notice_id": request.notice_ids[0].id}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                copy.sudo(self.manager).write(vals)
        with self.assertRaises(AccessError):
            self.env["oss.request.notice.copy"].sudo(self.manager).create({
                "notice_id": copy.notice_id.id, "state": "queued", "recipient": "x@example.com"})
        with self.assertRaises(AccessError):
            copy.sudo(self.manager).unlink()
        for user in (self.front_desk, self.officer_reg):  # the agency's record is the managers'
            with self.assertRaises(AccessError):
                self.env["oss.request.notice.copy"].sudo(user).search([])
            # their notices still read, without the copies
            self.assertEqual(request.notice_ids.sudo(user).read(["kind"])[0]["kind"], "delay")

    # ------------------------------------------------------------ the monthly list
    def export(self, user, lang, month="12", year_be=2569, **values):
        wizard = self.env["oss.opdc.report.wizard"].sudo(user).with_context(lang=lang).create(
            dict(values, month=month, year_be=year_be))
        action = wizard.action_export()
        self.assertIn("/web/content/?model=oss.opdc.report.wizard&id=%d&field=data" % wizard.id, action["url"])
        self.assertEqual(wizard.filename, "delay-notices-opdc-2026-%s.xlsx" % month)
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)))

    def test_monthly_list_equals_the_notices_sent(self):
        self.set_address(self.manager, OPDC)
        first, second = self.late_request(), self.late_request(partner=self.person_en)
        third = self.late_request(service=self.other_service)
        Request = self.env["oss.request"]
        Request._cron_send_delay_notices("2026-12-10")
        self.set_address(self.manager, "")  # one week without an address
        Request._cron_send_delay_notices("2026-12-17")
        self.set_address(self.manager, OPDC)
        Request._cron_send_delay_notices("2026-12-24")
        Request._cron_send_delay_notices("2026-12-31")
        Request._cron_send_delay_notices("2027-01-07")  # next month: not in December's list
        requests = first | second | third
        december = self.env["oss.request.notice"].search([
            ("request_id", "in", requests.ids), ("kind", "=", "delay"),
            ("date", ">=", "2026-12-01"), ("date", "<", "2027-01-01")])
        self.assertEqual(len(december), 12)
        book = self.export(self.manager, "en_US", service_ids=[(6, 0, (self.service | self.other_service).ids)])
        self.assertEqual(book.sheetnames, ["By service", "Notices"])
        summary = book["By service"]
        self.assertEqual(summary["A1"].value, "Delay notices and their copies to OPDC (s.10)")
        self.assertEqual(summary["A2"].value, "December 2569 B.E. (2026)")
        self.assertEqual([c.value for c in summary[4]], ["Service code", "Service", "Delay notices",
                                                         "Copies sent to OPDC", "Copies not sent"])
        self.assertEqual([[c.value for c in row] for row in summary.iter_rows(min_row=5)], [
            ["T01", "Test service", 8, 6, 2], ["T02", "Second service", 4, 3, 1], [None, "Total", 12, 9, 3]])
        sheet = book["Notices"]
        headers = [c.value for c in sheet[1]]
        self.assertEqual(headers, ["Notice date", "Tracking number", "Service code", "Service", "Received on",
                                   "Legal due date", "Days past due", "Notice no.", "Reason of the delay",
                                   "Applicant told", "Copy to OPDC", "Sent to"])
        rows = [dict(zip(headers, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(sorted((r["Tracking number"], r["Notice date"].date().isoformat()) for r in rows),
                         sorted((n.request_id.name, n.date) for n in december))
        row = [r for r in rows if r["Tracking number"] == third.name and r["Notice no."] == 2][0]
        self.assertEqual((row["Service code"], row["Received on"].date().isoformat(),
                          row["Legal due date"].date().isoformat(), row["Days past due"],
                          row["Reason of the delay"], row["Applicant told"], row["Copy to OPDC"], row["Sent to"]),
                         ("T02", "2026-12-01", "2026-12-09", 8, "รอผลตรวจสถานที่", "Yes", "Not sent", None))
        self.assertEqual(sheet["A2"].number_format, "yyyy-mm-dd")
        # in Thai for a Thai user, dates in the Buddhist era
        book = self.export(self.manager, "th_TH", service_ids=[(6, 0, self.other_service.ids)])
        self.assertEqual(book.sheetnames, ["สรุปตามบริการ", "รายการหนังสือแจ้ง"])
        self.assertEqual(book["สรุปตามบริการ"]["A2"].value, "เดือนธันวาคม 2569")
        self.assertEqual([c.value for c in book["สรุปตามบริการ"][5]], ["T02", "บริการทดสอบสอง", 4, 3, 1])
        sheet = book["รายการหนังสือแจ้ง"]
        self.assertEqual([c.value for c in sheet[1]][:3], ["วันที่แจ้ง", "เลขติดตามคำขอ", "รหัสบริการ"])
        self.assertEqual(sheet["A2"].number_format, "[$-1070000]d/mm/yyyy")
        self.assertEqual(sheet.max_row, 5)
        self.assertEqual({sheet.cell(r, 11).value for r in range(2, 6)}, {"อยู่ในคิวส่ง", "ไม่ได้ส่ง"})

    def test_only_managers_export_the_list(self):
        for user in (self.front_desk, self.officer_reg):
            with self.assertRaisesRegex(AccessError, "Only service managers export"):
                self.export(user, "en_US")
        with self.assertRaisesRegex(ValidationError, "Give the year in the Buddhist era"):
            self.env["oss.opdc.report.wizard"].sudo(self.manager).create({"month": "1", "year_be": 2026})
