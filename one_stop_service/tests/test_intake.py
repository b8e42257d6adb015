import re

from odoo.exceptions import UserError

from .common import OssCase


class TestIntake(OssCase):

    def test_find_person_by_id_or_phone(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        draft = Request.new({"intake_id": "1-1017-00203-45-0"})
        draft._onchange_intake_id()
        self.assertEqual(draft.partner_id, self.person)
        self.assertEqual(draft.intake_found, "National ID 1-1017-00203-45-0: found นายทดสอบ ระบบ.")
        draft = Request.new({"intake_id": "081-999-8877"})
        draft._onchange_intake_id()
        self.assertEqual(draft.partner_id, self.person_en)
        self.assertEqual(draft.intake_found, "Mobile number 081-999-8877: found Test Person.")
        draft = Request.new({"intake_id": "3100900123455"})
        draft._onchange_intake_id()
        self.assertFalse(draft.partner_id)
        self.assertEqual(draft.intake_found, "National ID 3-1009-00123-45-5: not registered yet. "
                                             "Enter the name below to register the person.")
        self.assertFalse(draft.intake_error)

    def test_service_prefills_the_checklist(self):
        draft = self.env["oss.request"].sudo(self.front_desk).new({"service_id": self.service.id})
        draft._onchange_service_id()
        self.assertEqual(draft.document_ids.mapped("name"), ["บัตรประจำตัวประชาชน", "ทะเบียนบ้าน", "แผนที่", "ภาพถ่าย"])
        self.assertEqual(draft.document_ids.mapped("mandatory"), [True, True, True, False])

    def test_service_by_code_or_name(self):
        Service = self.env["oss.service"].sudo(self.front_desk)
        self.assertEqual(Service.name_search("t01")[0][0], self.service.id)
        self.assertEqual(Service.name_search("Test serv")[0], (self.service.id, "[T01] บริการทดสอบ"))
        self.assertEqual(Service.name_search("บริการทดสอบ")[0][0], self.service.id)

    def test_new_person_registered_in_place(self):
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "intake_id": "3100900123455", "intake_name": " นางใหม่ มาติดต่อ ", "intake_phone": "0865554433",
            "intake_lang": "th_TH", "service_id": self.service.id})
        person = request.partner_id
        self.assertEqual((person.name, person.national_id, person.phone, person.gov_party_type, person.lang),
                         ("นางใหม่ มาติดต่อ", "3100900123455", "0865554433", "citizen", "th_TH"))
        self.assertEqual(len(request.document_ids), 4)
        self.assertTrue(re.match(r"^OSS-\d{4}-\d{6}$", request.name), request.name)

    def test_created_and_submitted_in_one_call(self):
        """What the counter's Submit sends for a request not saved yet: found by ID, created and
        received in one call; a file with a mandatory document missing waits for it."""
        Request = self.env["oss.request"].sudo(self.front_desk)
        lines = Request._oss_document_lines(self.service)
        complete = Request.create_and_submit({
            "intake_id": "1-1017-00203-45-0", "service_id": self.service.id,
            "document_ids": [(0, 0, dict(line, received=True)) for line in lines]})
        self.assertEqual((complete.partner_id, complete.state, complete.received_by_id),
                         (self.person, "in_progress", self.front_desk))
        self.assertEqual(complete.step_ids.mapped("state"), ["active", "pending", "pending", "pending"])
        self.assertTrue(complete.expected_date)
        incomplete = Request.create_and_submit({"partner_id": self.person_en.id, "service_id": self.service.id})
        self.assertEqual((incomplete.state, incomplete.date_complete), ("waiting_docs", False))
        self.assertEqual(incomplete.notice_ids.mapped("kind"), ["missing_documents"])
        before = Request.search_count([])
        with self.assertRaisesRegex(UserError, "Find the applicant by ID or phone"):
            Request.create_and_submit({"service_id": self.service.id})
        self.assertEqual(Request.search_count([]), before)

    def test_no_person_no_request(self):
        with self.assertRaisesRegex(UserError, "Find the applicant by ID or phone"):
            self.env["oss.request"].sudo(self.front_desk).create({"service_id": self.service.id})

    def test_tracking_number_follows_buddhist_year_of_receipt(self):
        december = self.new_request(date_received="2026-12-31 16:30:00")  # 23:30 Bangkok
        january = self.new_request(date_received="2026-12-31 17:30:00")  # 00:30 on 1 Jan 2027
        self.assertRegex(december.name, r"^OSS-2569-\d{6}$")
        self.assertRegex(january.name, r"^OSS-2570-\d{6}$")

    def test_receipt_html_has_the_essentials(self):
        request = self.new_request(received=False, date_received="2026-12-25 03:00:00")
        request.document_ids[0].received = True
        request.action_submit()
        html = self.env.ref("one_stop_service.oss_request_receipt_report").render_qweb_html(request.ids)[0]
        html = html.decode()
        for text in (request.name, "บริการทดสอบ", "25 ธันวาคม 2569 เวลา 10:00 น.", "ได้รับแล้ว", "ยังขาด",
                     "ทะเบียนบ้าน", "/oss/track", "Garuda", "เริ่มนับเมื่อได้รับเอกสารครบถ้วน"):
            self.assertIn(text, html)

    def test_manual_lists_steps_and_documents(self):
        html = self.env.ref("one_stop_service.oss_service_manual_report").render_qweb_html(self.service.ids)[0]
        html = html.decode()
        for text in ("คู่มือสำหรับประชาชน", "บริการทดสอบ", "5</t> วันทำการ", "Inspect", "ทดสอบช่าง", "แผนที่"):
            self.assertIn(text.replace("</t>", ""), html)
