"""E-mail to a request address through Odoo's mail gateway: triage, acknowledgement, replies, refusals."""
from odoo.exceptions import AccessError, UserError

from .common import DOMAIN, MailIntakeCase, body_text, header, raw_mail

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


class TestMailIntake(MailIntakeCase):

    def test_an_email_becomes_one_request_in_triage_acknowledged_in_its_thread(self):
        message = raw_mail(attachments=[("id-card.pdf", PDF, "application/pdf")])
        self.deliver(message)
        request = self.requests_of("tester@example.co.th")
        self.assertEqual(len(request), 1)
        self.assertEqual((request.state, request.channel, request.partner_id, request.triage_registered),
                         ("triage", "email", self.person, False))
        self.assertEqual(request.service_id, self.env.ref("one_stop_service.oss_service_triage"))
        self.assertEqual(request.mail_message_ref, message["Message-ID"])
        self.assertFalse(request.date_complete)
        self.assertFalse(request.expected_date)
        files = self.env["ir.attachment"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        self.assertEqual(files.mapped("name"), ["id-card.pdf"])
        # the acknowledgement: one e-mail to the sender, in Thai, in the sender's thread
        self.assertEqual(len(self.sent), 1)
        ack = self.sent[0]
        self.assertEqual(header(ack, "In-Reply-To"), message["Message-ID"])
        self.assertIn(message["Message-ID"], header(ack, "References"))
        self.assertEqual(header(ack, "Auto-Submitted"), "auto-replied")
        self.assertIn("tester@example.co.th", header(ack, "To"))
        self.assertIn("requests@" + DOMAIN, header(ack, "From"))
        self.assertIn(request.name, header(ack, "Subject"))
        self.assertIn("ได้รับคำขอทางอีเมลแล้ว", header(ack, "Subject"))
        # the same message delivered twice (an MTA retrying) is one request
        self.deliver(message)
        self.assertEqual(len(self.requests_of("tester@example.co.th")), 1)

    def test_an_unknown_sender_is_registered_to_confirm_and_answered_in_their_language(self):
        self.deliver(raw_mail(sender="Jane Doe <jane.doe@example.org>", subject="Street light broken",
                              body="The street light in front of house 12 is broken."))
        request = self.requests_of("jane.doe@example.org")
        self.assertEqual(len(request), 1)
        self.assertTrue(request.triage_registered)
        self.assertEqual((request.partner_id.name, request.partner_id.lang, request.partner_id.national_id),
                         ("Jane Doe", "en_US", False))
        self.assertIn("Request received by e-mail: %s" % request.name, header(self.sent[0], "Subject"))

    def test_an_address_of_a_service_classifies_the_request(self):
        self.service.sudo(self.manager).mail_alias_name = "test-permit"
        self.assertEqual(self.service.mail_alias_id.alias_name, "test-permit")
        self.deliver(raw_mail(to="test-permit@" + DOMAIN))
        request = self.requests_of("tester@example.co.th")
        self.assertEqual((request.state, request.service_id), ("triage", self.service))
        self.assertIn("test-permit@" + DOMAIN, header(self.sent[0], "From"))
        with self.assertRaises(AccessError):
            self.service.sudo(self.front_desk).mail_alias_name = "other"

    def assertRefused(self, message, *reasons):
        with self.nothing_created():
            self.deliver(message)
        self.assertEqual(len(self.sent), 1, "one reply that says why")
        reply = self.sent[0]
        body = body_text(reply)
        for reason in reasons:
            self.assertIn(reason, body)
        self.assertEqual(header(reply, "In-Reply-To"), message["Message-ID"])
        self.assertEqual(header(reply, "Auto-Submitted"), "auto-replied")
        self.sent[:] = []

    def test_no_subject_or_no_text_is_refused_with_a_reply(self):
        # a registered person is answered in their language (Thai), a stranger in the message's
        self.assertRefused(raw_mail(subject=None), "ข้อความไม่มีหัวเรื่อง",
                           "ข้อความของท่านไม่ได้รับการลงทะเบียนเป็นคำขอ")
        self.assertRefused(raw_mail(subject="Permit", body=""), "ข้อความไม่มีเนื้อหา")
        self.assertRefused(raw_mail(sender="stranger@example.org", subject="Permit", body=""),
                           "The message says nothing", "Your message was not registered as a request")

    def test_programs_are_refused_by_name_and_by_content(self):
        self.assertRefused(raw_mail(attachments=[("form.exe", b"anything", "application/octet-stream")]),
                           "ไฟล์ form.exe เป็นโปรแกรม")
        self.assertRefused(raw_mail(attachments=[("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64, "image/jpeg")]),
                           "ไฟล์ photo.jpg เป็นโปรแกรม")

    def test_files_over_the_limit_are_refused(self):
        self.assertRefused(raw_mail(attachments=[("scan.pdf", PDF + b"0" * (30 * 1024 * 1024), "application/pdf")]),
                           "ไฟล์แนบรวม 30.0 MB เกินกว่าที่รับได้ 10.0 MB")
        self.env["ir.config_parameter"].set_param("one_stop_service.intake_max_attachment_bytes", "1000")
        self.assertRefused(raw_mail(attachments=[("scan.pdf", PDF + b"0" * 2000, "application/pdf")]),
                           "เกินกว่าที่รับได้ 0.0 MB")

    def test_robots_and_loops_get_no_request_and_no_answer(self):
        bounce = raw_mail(sender="MAILER-DAEMON@mx.example.org", subject="Undelivered Mail Returned to Sender")
        messages = [
            raw_mail(headers={"Auto-Submitted": "auto-replied"}, subject="Out of office"),
            raw_mail(headers={"X-Autoreply": "yes"}, subject="Out of office"),
            raw_mail(headers={"Precedence": "bulk"}),
            bounce,
            raw_mail(headers={"Return-Path": "<>"}),
            raw_mail(headers={"X-Gov-Loop": self.env["oss.request"]._oss_mail_loop_token()}),
            raw_mail(sender="requests@" + DOMAIN),
            raw_mail(message_id="<1.2-openerp-5-oss.request@%s>" % __import__("socket").gethostname()),
        ]
        for message in messages:
            with self.nothing_created():
                self.deliver(message)
        self.assertEqual(self.sent, [])

    def test_a_reply_threads_into_the_request_and_answers_the_question(self):
        first = raw_mail()
        self.deliver(first)
        request = self.requests_of("tester@example.co.th")
        ack_id = header(self.sent[0], "Message-Id")
        request.sudo(self.front_desk).action_open_triage_wizard()
        request.sudo(self.front_desk)._oss_triage_confirm(self.person, self.service)
        request.sudo(self.front_desk).action_receive_all_documents()
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "in_progress")
        request.sudo(self.front_desk).action_wait_applicant("A copy of the land title deed")
        self.assertEqual(request.state, "waiting_applicant")
        reply = raw_mail(subject="Re: %s" % first["Subject"],
                         body="Attached is the deed.\n\nOn Monday you wrote:\n> A copy",
                         headers={"In-Reply-To": ack_id, "References": "%s %s" % (first["Message-ID"], ack_id)},
                         attachments=[("deed.pdf", PDF, "application/pdf")])
        self.deliver(reply)
        self.assertEqual(len(self.requests_of("tester@example.co.th")), 1)
        self.assertEqual(request.state, "in_progress")
        question = request.question_ids
        self.assertEqual((question.state, question.answer, question.answer_channel),
                         ("answered", "Attached is the deed.", "email"))
        self.assertIn("deed.pdf", self.env["ir.attachment"].search(
            [("res_model", "=", "oss.request"), ("res_id", "=", request.id)]).mapped("name"))
        # a reply carrying a program is refused like a new message, and nothing of it is kept
        self.sent[:] = []
        self.assertRefused(raw_mail(subject="Re: deed", headers={"In-Reply-To": ack_id},
                                    attachments=[("deed.pdf.exe", b"MZ", "application/octet-stream")]),
                           "ไฟล์ deed.pdf.exe เป็นโปรแกรม")

    def test_notices_of_a_request_by_email_reply_in_its_thread(self):
        first = raw_mail()
        self.deliver(first)
        request = self.requests_of("tester@example.co.th")
        request.sudo(self.front_desk)._oss_triage_confirm(self.person, self.service)
        request.sudo(self.front_desk).action_submit()  # nothing ticked: the missing documents notice
        self.assertEqual(request.state, "waiting_docs")
        self.run_notice_jobs()
        notice = request.notice_ids
        self.assertEqual((notice.kind, notice.sent), ("missing_documents", True))
        mail = self.env["mail.mail"].search([("res_id", "=", request.id), ("model", "=", "oss.request"),
                                             ("state", "=", "outgoing")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.references, first["Message-ID"])
        self.assertIn("In-Reply-To", mail.headers)
        self.assertIn(first["Message-ID"], mail.headers)


class TestTriage(MailIntakeCase):

    def setUp(self):
        super().setUp()
        self.deliver(raw_mail(sender="Somsri <somsri@example.org>", subject="ขอใบอนุญาต",
                              body="ขอยื่นคำขอใบอนุญาต"))
        self.request = self.requests_of("somsri@example.org")

    def test_the_front_desk_confirms_the_person_and_the_service(self):
        request = self.request.sudo(self.front_desk)
        self.assertEqual(request.search([("state", "=", "triage"), ("id", "=", request.id)]), request)
        self.assertRegex(request.triage_age, r"^\d+ h$")
        with self.assertRaisesRegex(UserError, "Confirm the identity of Somsri"):
            request._oss_triage_confirm(request.partner_id, self.service)
        with self.assertRaisesRegex(UserError, "Choose the service"):
            request._oss_triage_confirm(request.partner_id, self.env.ref("one_stop_service.oss_service_triage"),
                                        "1101700230708")
        wizard = self.env["oss.request.triage.wizard"].sudo(self.front_desk).with_context(
            default_request_id=request.id).create({"service_id": self.service.id, "identifier": "1101700230708"})
        self.assertEqual(wizard.partner_id, request.partner_id)
        wizard.action_confirm()
        self.assertEqual((request.state, request.service_id, request.partner_id.national_id, request.triaged_by_id),
                         ("draft", self.service, "1101700230708", self.front_desk))
        self.assertEqual(len(request.document_ids), 4, "the service's checklist, as at the counter")
        self.assertFalse(request.date_complete)
        request.action_receive_all_documents()
        request.action_submit()
        self.assertEqual(request.state, "in_progress")
        self.assertTrue(request.date_complete)

    def test_an_id_already_registered_confirms_that_person(self):
        request = self.request.sudo(self.front_desk)
        request._oss_triage_confirm(request.partner_id, self.service, "1101700203450")
        self.assertEqual(request.partner_id, self.person)

    def test_an_officer_cannot_confirm_nor_see_the_queue(self):
        request = self.request.sudo(self.officer_reg)
        with self.assertRaises(AccessError):
            request._oss_triage_confirm(self.request.partner_id, self.service, "1101700230708")
        self.assertFalse(self.env["oss.request"].sudo(self.officer_reg).search([("id", "=", self.request.id)]))
        self.assertEqual(self.request.state, "triage")

    def test_protected_triage_fields_are_refused(self):
        with self.assertRaises(AccessError):
            self.request.sudo(self.front_desk).write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.request.sudo(self.front_desk).write({"service_id": self.service.id})
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(self.front_desk).create({
                "partner_id": self.person.id, "service_id": self.service.id, "state": "triage"})
