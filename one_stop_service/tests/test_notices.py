from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase


def flattened(params):
    for value in params or ():
        if isinstance(value, (tuple, list)):
            yield from value
        else:
            yield value


class TestNotices(OssCase):

    def comments(self, request):
        comment = self.env.ref("mail.mt_comment")
        return request.message_ids.filtered(lambda m: m.subtype_id == comment)

    def test_one_missing_documents_notice_lists_all(self):
        request = self.new_request(received=False)
        request.document_ids.filtered(lambda d: d.name == "บัตรประจำตัวประชาชน").received = True
        request.action_submit()
        self.run_notice_jobs()
        notices = request.notice_ids
        self.assertEqual(len(notices), 1)
        self.assertEqual((notices.kind, notices.sent), ("missing_documents", True))
        self.assertEqual(notices.content, "ทะเบียนบ้าน\nแผนที่")
        messages = self.comments(request)
        self.assertEqual(len(messages), 1)
        self.assertIn("<li>ทะเบียนบ้าน (1 ฉบับ)</li>", messages.body)
        self.assertIn("<li>แผนที่ (2 ฉบับ)</li>", messages.body)
        self.assertNotIn("ภาพถ่าย", messages.body)  # optional documents are not asked for
        self.assertIn(self.person, messages.partner_ids)
        # the e-mail is queued for the applicant, with the notice's own text
        mail = self.env["mail.mail"].search([("mail_message_id", "=", messages.id)])
        self.assertEqual(mail.recipient_ids, self.person)
        self.assertIn("<li>แผนที่ (2 ฉบับ)</li>", mail.body_html)
        self.assertEqual(mail.state, "outgoing")
        # asking again does not produce a second notice
        request._oss_send_missing_documents_notice()
        self.run_notice_jobs()
        self.assertEqual(len(request.notice_ids), 1)
        self.assertEqual(len(self.comments(request)), 1)

    def test_notification_in_thai_and_english(self):
        thai = self.new_request(date_received="2026-12-25 03:00:00")
        thai.action_submit()
        self.run_notice_jobs()
        body = self.comments(thai).body
        self.assertIn("<p>เรียน นายทดสอบ ระบบ</p>", body)
        self.assertIn("กำหนดแล้วเสร็จตามกฎหมายภายในวันที่ <b>5 มกราคม 2570</b>", body)
        self.assertIn(thai.name, body)
        self.assertEqual(self.comments(thai).subject, "ได้รับคำขอแล้ว: %s" % thai.name)
        english = self.new_request(partner=self.person_en, date_received="2026-12-25 03:00:00")
        english.action_submit()
        self.run_notice_jobs()
        body = self.comments(english).body
        self.assertIn("<p>Dear Test Person,</p>", body)
        self.assertIn("The law gives us until <b>5 January 2570 B.E.</b>", body)

    def test_done_and_rejected_notifications(self):
        request = self.new_request()
        request.action_submit()
        request.step_ids[0].sudo(self.officer_reg).action_reject("เอกสารปลอม")
        self.run_notice_jobs()
        last = self.comments(request)[0]
        self.assertIn("ไม่ได้รับอนุมัติ เหตุผล: เอกสารปลอม", last.body)

    def test_no_lawful_basis_no_notice(self):
        request = self.new_request(received=False)
        self.person.gov_ensure_public_task_basis()
        self.person.gov_consent_ids.action_withdraw()
        request.action_submit()
        self.assertFalse(self.comments(request))
        notice = request.notice_ids
        self.assertEqual(notice.sent, False)
        self.assertEqual(notice.not_sent_reason, "The person withdrew the basis for Service notifications.")
        self.assertIn('Notice "One-stop request: Documents missing" not sent: '
                      'The person withdrew the basis for Service notifications.',
                      request.message_ids[0].body)

    def test_no_address_no_notice_and_the_reason_kept(self):
        """A person reached by no channel (no e-mail address; no other channel installed that
        reaches them) is not told they were: the notice says why it was not sent."""
        nobody = self.env["res.partner"].create({"name": "นางไม่มี ที่ติดต่อ", "gov_party_type": "citizen",
                                                 "lang": "th_TH"})
        request = self.new_request(partner=nobody, received=False)
        channels = request._oss_notice_channels()
        self.assertNotIn("email", channels)
        if channels:
            self.skipTest("an installed channel reaches this person: %s" % channels)
        request.action_submit()
        self.assertFalse(self.comments(request))
        notice = request.notice_ids
        self.assertEqual((notice.kind, notice.sent), ("missing_documents", False))
        self.assertEqual(notice.not_sent_reason, "the person gave no e-mail address or other way to reach them")
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)]))

    def test_the_channels_are_chosen_from_one_read_of_the_applicant(self):
        """The front desk's submission chooses the acknowledgement's channels from the applicant's contact
        columns, read once for every channel's addon, and fetches nothing else of the applicant; a new
        address is read at the next notice."""
        request = self.new_request().sudo(self.front_desk)
        request.invalidate_cache()
        with sql_statements(lambda text: text.startswith("SELECT") and "FROM res_partner " in text,
                            with_params=True) as sent:
            request.action_submit()
        # the statements that read the applicant (the users' own records are read for the note's author)
        applicant = [text for text, params in sent if self.person.id in flattened(params)]
        columns = ", ".join(sorted(request._oss_notice_contact()))
        self.assertEqual(applicant, ["SELECT %s FROM res_partner WHERE id = %%s" % columns,
                                     "SELECT gov_anonymised FROM res_partner WHERE id = %s"])
        self.assertEqual(request._oss_notice_channels()[:1], ["email"])
        self.person.email = False
        self.assertNotIn("email", request._oss_notice_channels())

    def test_delay_notice_every_seven_days(self):
        request = self.new_request(date_received="2026-12-01 02:00:00", delay_reason="รอผลตรวจ")
        request.action_submit()
        self.assertEqual(request.expected_date, "2026-12-09 09:30:00")
        Request = self.env["oss.request"]
        self.assertFalse(Request._cron_send_delay_notices("2026-12-09") & request)  # not late yet
        self.assertEqual(Request._cron_send_delay_notices("2026-12-10") & request, request)
        self.assertFalse(Request._cron_send_delay_notices("2026-12-10") & request)  # same day again
        for day in ("2026-12-11", "2026-12-14", "2026-12-16"):
            self.assertFalse(Request._cron_send_delay_notices(day) & request)
        self.assertEqual(Request._cron_send_delay_notices("2026-12-17") & request, request)
        self.assertFalse(Request._cron_send_delay_notices("2026-12-23") & request)
        self.assertEqual(Request._cron_send_delay_notices("2026-12-24") & request, request)
        delays = request.notice_ids.filtered(lambda n: n.kind == "delay").sorted("date")
        self.assertEqual(delays.mapped("date"), ["2026-12-10", "2026-12-17", "2026-12-24"])
        self.assertEqual(set(delays.mapped("content")), {"รอผลตรวจ"})
        self.assertEqual(request.delay_notice_date, "2026-12-24")
        self.run_notice_jobs()
        delay_messages = self.comments(request).filtered(lambda m: "แจ้งเหตุแห่งความล่าช้า" in (m.subject or ""))
        self.assertEqual(len(delay_messages), 3)
        self.assertIn("เนื่องจาก: รอผลตรวจ", delay_messages[0].body)
        # a finished request gets no more notices
        request.sudo()._oss_finish()
        self.assertFalse(Request._cron_send_delay_notices("2026-12-31") & request)

    def test_delay_reason_defaults_to_active_departments(self):
        request = self.new_request(date_received="2026-12-01 02:00:00")
        request.action_submit()
        self.assertEqual(request.oss_delay_text(), "The request is still being processed by: ทดสอบทะเบียน")

    def test_each_notice_reaches_the_applicant_in_one_language(self):
        """Every notice to the applicant is one English template translated in th.po: a Thai
        person reads Thai only, an English-speaking person English only (message and e-mail)."""
        subjects = {
            "mail_template_oss_submitted": ("ได้รับคำขอแล้ว", "Request received"),
            "mail_template_oss_missing_documents": ("เอกสารไม่ครบ", "Documents missing"),
            "mail_template_oss_waiting_applicant": ("ขอข้อมูลเพิ่มเติมจากท่าน", "We need something from you"),
            "mail_template_oss_done": ("ดำเนินการแล้วเสร็จ", "Request completed"),
            "mail_template_oss_rejected": ("คำขอไม่ได้รับอนุมัติ", "Request not approved"),
            "mail_template_oss_delay": ("แจ้งเหตุแห่งความล่าช้า", "Notice of delay"),
            "mail_template_oss_abandoned": ("คำขอถือว่าละทิ้ง", "Request closed as abandoned"),
        }
        thai_words = ("เรียน", "เลขติดตามคำขอ", "ตรวจสอบสถานะได้ที่")
        english_words = ("Dear", "Tracking number", "Check the status at")
        for partner, lang in ((self.person, "th_TH"), (self.person_en, "en_US")):
            self.assertEqual(partner.lang, lang)
            for xmlid, (thai, english) in subjects.items():
                # the front desk's request, in the state the notice is sent from
                request = self.new_request(partner=partner, received=False, date_received="2026-12-01 02:00:00")
                # set-up: the values the request's actions would have recorded by then
                request.sudo().write({"docs_deadline": "2026-12-15", "reject_reason": "เอกสารปลอม"})
                request._oss_notify("one_stop_service." + xmlid)
                self.run_notice_jobs()
                message = self.comments(request)
                self.assertEqual(len(message), 1, xmlid)
                mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
                self.assertEqual(message.subject, "%s: %s" % (thai if lang == "th_TH" else english, request.name))
                for body in (message.body, mail.body_html):
                    present, absent = (thai_words, english_words) if lang == "th_TH" else (english_words, thai_words)
                    for word in present:
                        self.assertIn(word, body, "%s %s" % (xmlid, lang))
                    for word in absent:
                        self.assertNotIn(word, body, "%s %s" % (xmlid, lang))
                service = "บริการทดสอบ" if lang == "th_TH" else "Test service"
                self.assertIn("<b>%s</b>" % service, message.body, xmlid)
