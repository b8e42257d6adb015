"""The record of missing documents and its deadline (s.8): recorded at the counter, printed,
public; the request closed as abandoned the day after the deadline, with its notice."""
import re

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import OssCase

PROTECTED = "change only through its actions"
# Wed 2 Dec 2026, 09:00 Bangkok. 7 working days skip the weekends, Mon 7 Dec (Father's Day
# substitute) and Thu 10 Dec (Constitution Day): 3, 4, 8, 9, 11, 14, 15 -> Tue 15 Dec 2026
RECEIVED = "2026-12-02 02:00:00"
DEADLINE = "2026-12-15"


def plain(html):
    """The text of a page, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class FakeHttpRequest:
    """What the status page's template asks of the HTTP request: its CSRF token."""

    def csrf_token(self, *args):
        return "token-%d" % id(self)


class TestMissingDocumentsDeadline(OssCase):

    def incomplete(self, **vals):
        """A request of the counter with the house registration and the map missing, submitted by the desk."""
        request = self.new_request(received=False, date_received=RECEIVED, **vals)
        request.document_ids.filtered(lambda d: d.name == "บัตรประจำตัวประชาชน").received = True
        with self.at(RECEIVED):
            request.sudo(self.front_desk).action_submit()
        return request

    def notes(self, request):
        return request.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note")).mapped("body")

    def test_the_counter_records_the_deadline(self):
        request = self.new_request(received=False, date_received=RECEIVED)
        self.assertEqual((request.docs_days, request.service_docs_days), (7, 7))  # the service's period
        request = self.incomplete()
        self.assertEqual((request.state, request.docs_deadline), ("waiting_docs", DEADLINE))
        notice = request.notice_ids
        self.assertEqual((notice.kind, notice.docs_deadline), ("missing_documents", DEADLINE))
        # the s.8 notice to the applicant gives the date, in the Buddhist era
        self.run_notice_jobs()
        message = request.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertIn("กรุณานำส่งภายในวันที่ <b>15 ธันวาคม 2569</b> หากไม่นำส่งภายในกำหนด ถือว่าท่านละทิ้งคำขอ",
                      message.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn("15 ธันวาคม 2569", mail.body_html)
        # the submission's note says it once
        self.assertIn("<p>Missing documents to be brought by 15 December 2569 B.E. (7 working days).</p>",
                      self.notes(request)[0])

    def test_the_receipt_is_the_record_with_both_signatures(self):
        request = self.incomplete()
        report = self.env.ref("one_stop_service.oss_request_receipt_report").sudo(self.front_desk)
        text = plain(report.render_qweb_html(request.ids)[0].decode())
        self.assertIn("บันทึกความบกพร่อง: เอกสารที่ต้องยื่นเพิ่ม (พ.ร.บ. การอำนวยความสะดวกฯ มาตรา 8) "
                      "Record of missing documents", text)
        self.assertIn("ทะเบียนบ้าน (1 ฉบับ copies ) แผนที่ (2 ฉบับ copies )", text)
        self.assertIn("ผู้ยื่นคำขอต้องนำเอกสารข้างต้นมายื่นภายในวันที่ 15 ธันวาคม 2569 (7 วันทำการ)", text)
        self.assertIn("The applicant must bring the documents above by 15 December 2569 B.E. (7 working days).", text)
        # a place for both signatures: the official who received the file and the applicant
        self.assertIn("ลงชื่อ ..................................... เจ้าหน้าที่ Officer ( %s ) "
                      "ลงชื่อ ..................................... ผู้ยื่นคำขอ Applicant ( นายทดสอบ ระบบ )"
                      % self.front_desk.name, text)

    def test_another_period_needs_a_reason_and_is_kept(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        base = {"partner_id": self.person.id, "service_id": self.service.id, "date_received": RECEIVED}
        with self.assertRaisesRegex(ValidationError, "give the reason for 10 working days to bring the missing "
                                                     "documents instead of the service's 7"):
            Request.create(dict(base, docs_days=10))
        with self.assertRaisesRegex(ValidationError, "at least one working day"):
            Request.create(dict(base, docs_days=-1, docs_days_reason="x"))
        request = Request.create(dict(base, docs_days=10, docs_days_reason="ต้องขอหนังสือรับรองจากต่างจังหวัด"))
        request.document_ids.filtered(lambda d: d.name != "แผนที่").write({"received": True})
        with self.at(RECEIVED):
            request.action_submit()
        # 3, 4, 8, 9, 11, 14, 15, 16, 17, 18 -> Fri 18 Dec 2026
        self.assertEqual(request.docs_deadline, "2026-12-18")
        self.assertIn("Missing documents to be brought by 18 December 2569 B.E.: 10 working days instead of the "
                      "service's 7, because: ต้องขอหนังสือรับรองจากต่างจังหวัด", self.notes(request)[0])
        # kept as it was recorded: no one changes the period or the date afterwards
        for vals in ({"docs_days": 30}, {"docs_days_reason": "อื่น"}, {"docs_deadline": "2027-01-31"}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                request.write(vals)
        self.assertEqual((request.docs_days, request.docs_deadline), (10, "2026-12-18"))

    def test_a_draft_from_before_the_period_takes_the_service_s(self):
        request = self.new_request(received=False, date_received=RECEIVED)
        self.env.cr.execute("UPDATE oss_request SET docs_days = NULL WHERE id = %s", (request.id,))
        request.invalidate_cache(["docs_days"], request.ids)
        request.document_ids.filtered(lambda d: d.name == "บัตรประจำตัวประชาชน").received = True
        with self.at(RECEIVED):
            request.sudo(self.front_desk).action_submit()
        self.assertEqual((request.docs_days, request.docs_deadline), (7, DEADLINE))

    def test_a_draft_follows_its_service_unless_the_counter_chose(self):
        other = self.service.copy({"code": "T02", "docs_days": 15})
        request = self.new_request(received=False).sudo(self.front_desk)
        request.write({"service_id": other.id})
        self.assertEqual(request.docs_days, 15)
        request.write({"docs_days": 3, "docs_days_reason": "ผู้ยื่นคำขอนัดนำส่งเอง"})
        request.write({"service_id": self.service.id})
        self.assertEqual(request.docs_days, 3)
        form = self.env["oss.request"].sudo(self.front_desk).new({"service_id": other.id})
        form._onchange_service_docs_days()
        self.assertEqual(form.docs_days, 15)

    def test_abandoned_the_day_after_the_deadline_in_office_time(self):
        request = self.incomplete()
        Request = self.env["oss.request"]
        with self.at("2026-12-15 16:59:00"):  # 23:59 on the deadline in Bangkok: still in time
            self.assertFalse(Request._cron_close_abandoned() & request)
        self.assertEqual(request.state, "waiting_docs")
        with self.at("2026-12-15 17:01:00"):  # 00:01 the next day in Bangkok
            self.assertEqual(Request._cron_close_abandoned() & request, request)
        self.assertEqual((request.state, request.date_done), ("abandoned", "2026-12-15 17:01:00"))
        notice = request.notice_ids.filtered(lambda n: n.kind == "abandoned")
        self.assertEqual((notice.date, notice.docs_deadline, notice.sent), ("2026-12-16", DEADLINE, True))
        self.assertEqual(notice.content, "เอกสารที่ขาดไม่ได้นำส่งภายในวันที่ 15 ธันวาคม 2569: ทะเบียนบ้าน, แผนที่ "
                                         "จึงถือว่าผู้ยื่นคำขอละทิ้งคำขอ (พ.ร.บ. การอำนวยความสะดวกฯ มาตรา 8)")
        # the applicant is told through their channel (e-mail, in their language)
        self.run_notice_jobs()
        message = request.message_ids.filtered(lambda m: (m.subject or "").startswith("คำขอถือว่าละทิ้ง"))
        self.assertEqual(message.subject, "คำขอถือว่าละทิ้ง: %s" % request.name)
        self.assertIn("ไม่ได้นำส่งภายในวันที่ <b>15 ธันวาคม 2569</b> จึงถือว่าท่านละทิ้งคำขอ", message.body)
        self.assertIn("<li>ทะเบียนบ้าน (1 ฉบับ)</li>", message.body)
        self.assertIn("<li>แผนที่ (2 ฉบับ)</li>", message.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual((mail.recipient_ids, mail.state), (self.person, "outgoing"))
        self.assertIn("Closed as abandoned: the missing documents were not brought by 15 December 2569 B.E. "
                      "(s.8). Return the documents received to the applicant.", self.notes(request)[0])
        # idempotent: the next runs find nothing more to close
        with self.at("2026-12-16 02:00:00"):
            self.assertFalse(Request._cron_close_abandoned())
        self.assertEqual(len(request.notice_ids.filtered(lambda n: n.kind == "abandoned")), 1)
        # closed: nothing moves it any more
        with self.assertRaisesRegex(UserError, "already closed"):
            request.sudo(self.front_desk).action_withdraw()
        with self.assertRaisesRegex(UserError, "is not waiting for documents"):
            request.sudo(self.front_desk).action_documents_complete()

    def test_documents_brought_the_day_before_start_the_clock(self):
        request = self.incomplete()
        request.document_ids.write({"received": True})
        with self.at("2026-12-14 07:00:00"):  # Mon 14 Dec 2026, 14:00 Bangkok
            request.sudo(self.front_desk).action_documents_complete()
        self.assertEqual((request.state, request.date_complete), ("in_progress", "2026-12-14 07:00:00"))
        # the legal period (5 working days) runs from that day: 15, 16, 17, 18, 21 Dec 16:30 Bangkok
        self.assertEqual(request.expected_date, "2026-12-21 09:30:00")
        Request = self.env["oss.request"]
        for moment in ("2026-12-15 17:01:00", "2026-12-30 02:00:00"):
            with self.at(moment):
                self.assertFalse(Request._cron_close_abandoned() & request)
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.notice_ids.filtered(lambda n: n.kind == "abandoned"))

    def test_a_complete_checklist_is_confirmed_by_the_counter_never_abandoned(self):
        request = self.incomplete()
        request.document_ids.write({"received": True})  # ticked, "Documents complete" not pressed yet
        with self.at("2026-12-20 02:00:00"):
            self.assertFalse(self.env["oss.request"]._cron_close_abandoned() & request)
        self.assertEqual(request.state, "waiting_docs")

    def test_no_lawful_basis_the_notice_is_recorded_unsent(self):
        request = self.incomplete()
        self.person.gov_consent_ids.action_withdraw()
        with self.at("2026-12-16 02:00:00"):
            self.env["oss.request"]._cron_close_abandoned()
        notice = request.notice_ids.filtered(lambda n: n.kind == "abandoned")
        self.assertEqual((request.state, notice.sent), ("abandoned", False))
        self.assertEqual(notice.not_sent_reason, "The person withdrew the basis for Service notifications.")
        self.assertFalse(request.message_ids.filtered(lambda m: (m.subject or "").startswith("คำขอถือว่าละทิ้ง")))

    def test_public_page_and_portal_show_the_deadline(self):
        request = self.incomplete()
        Requests = self.env["oss.request"].sudo()
        values = Requests._oss_public_status(request.name, "3344")
        self.assertEqual((values["docs_deadline_th"], values["docs_deadline_en"]),
                         ("15 ธันวาคม 2569", "15 December 2569 B.E."))
        self.assertEqual(Requests.with_context(lang="en_US")._oss_public_status(request.name, "3344")["notes"], [
            "Missing documents: ทะเบียนบ้าน, แผนที่",
            "Bring them by 15 December 2569 B.E.; after that day the request is treated as abandoned "
            "(Licensing Facilitation Act s.8)."])
        page = plain(self.env["ir.qweb"].render("one_stop_service.oss_track_page", {
            "result": values, "number": request.name, "error": None, "retry_minutes": 0,
            "request": FakeHttpRequest()}).decode())
        self.assertIn("ยื่นเอกสารที่ขาดภายใน Missing documents due by 15 ธันวาคม 2569 15 December 2569 B.E.", page)
        with self.at("2026-12-16 02:00:00"):
            Requests._cron_close_abandoned()
        values = Requests.with_context(lang="th_TH")._oss_public_status(request.name, "3344")
        self.assertEqual((values["state"], values["state_th"], values["state_en"]),
                         ("abandoned", "ละทิ้งคำขอ (ไม่ได้นำส่งเอกสาร)", "Abandoned (documents not brought)"))
        self.assertEqual(values["notes"], [
            "ปิดคำขอเนื่องจากถือว่าละทิ้งคำขอ: ไม่ได้นำส่งเอกสารที่ขาดภายในวันที่ 15 ธันวาคม 2569 "
            "(พ.ร.บ. การอำนวยความสะดวกฯ มาตรา 8) และคืนเอกสารที่ได้รับไว้แก่ผู้ยื่นคำขอ"])

    def test_front_desk_records_the_documents_returned(self):
        request = self.incomplete()
        with self.assertRaisesRegex(UserError, "was not abandoned"):
            request.sudo(self.front_desk).action_documents_returned()
        with self.at("2026-12-16 02:00:00"):
            self.env["oss.request"]._cron_close_abandoned()
        with self.assertRaises(AccessError):  # an officer may read requests, not act on them
            request.sudo(self.officer_reg).action_documents_returned()
        with self.at("2026-12-17 03:00:00"):
            request.sudo(self.front_desk).action_documents_returned()
        self.assertEqual(request.docs_returned_date, "2026-12-17 03:00:00")
        self.assertIn("Documents returned to the applicant by %s." % self.front_desk.name, self.notes(request)[0])
        with self.assertRaisesRegex(UserError, "were already returned"):
            request.sudo(self.front_desk).action_documents_returned()

    def test_the_deadline_and_the_abandonment_are_not_written_by_editing(self):
        request = self.incomplete()
        for user in (self.front_desk, self.manager):
            for vals in ({"docs_deadline": "2027-06-30"}, {"docs_deadline": False}, {"state": "abandoned"},
                         {"docs_returned_date": "2026-12-17 03:00:00"}):
                with self.assertRaisesRegex(AccessError, PROTECTED, msg=(user.login, vals)):
                    request.sudo(user).write(vals)
        with self.assertRaisesRegex(AccessError, PROTECTED):
            self.env["oss.request"].sudo(self.front_desk).create({
                "partner_id": self.person.id, "service_id": self.service.id, "docs_deadline": "2027-06-30"})
        notice = request.notice_ids.sudo(self.manager)
        with self.assertRaisesRegex(AccessError, PROTECTED):
            notice.write({"docs_deadline": "2027-06-30"})
        with self.assertRaisesRegex(AccessError, PROTECTED):
            self.env["oss.request.notice"].sudo(self.manager).create({
                "request_id": request.id, "kind": "abandoned", "date": "2026-12-16", "content": "x"})
        self.assertEqual((request.state, request.docs_deadline), ("waiting_docs", DEADLINE))

    def test_service_period_is_at_least_one_day(self):
        with self.assertRaises(psycopg2.IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.service.sudo(self.manager).write({"docs_days": 0})
        self.service.sudo(self.manager).write({"docs_days": 1})
        self.assertEqual(self.service.docs_days, 1)
