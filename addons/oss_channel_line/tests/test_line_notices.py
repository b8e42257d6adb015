"""The notices of a LINE request, each given by the role that gives it: the officer asks the applicant
or rejects, the cron tells of a delay (s.10) or closes an abandoned request (s.8). Each queues one
LINE push, the notice's short text (its subject in the person's language and the signed status
link), and records the notice as sent; a person who gave an e-mail address and prefers e-mail gets
the e-mail only. A notice renders its subject once and decides its channels once."""
import datetime
import uuid
from unittest.mock import patch

from odoo import fields

from .common import LineCase

SUBJECTS = {
    "question": ("ขอข้อมูลเพิ่มเติมจากท่าน", "We need something from you"),
    "delay": ("แจ้งเหตุแห่งความล่าช้า", "Notice of delay"),
    "rejected": ("คำขอไม่ได้รับอนุมัติ", "Request not approved"),
    "abandoned": ("คำขอถือว่าละทิ้ง", "Request closed as abandoned"),
}


class TestLineNotices(LineCase):

    def submitted(self, complete=True):
        """A LINE request confirmed and submitted by the front desk (its documents all in, or not)."""
        request = self.confirmed(self.complaint())
        if complete:
            request.sudo(self.front_desk).document_ids.write({"received": True})
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "in_progress" if complete else "waiting_docs")
        self.run_notice_jobs()
        return request

    def pushes(self, request):
        return self.env["oss.line.push"].search([("request_id", "=", request.id)], order="id")

    def give(self, kind, request):
        """Give the notice ``kind`` as the role that gives it, then run its job; returns what records
        it as sent."""
        result = self._give(kind, request)
        self.run_notice_jobs()
        return result

    def _give(self, kind, request):
        if kind == "question":
            case = request.case_ids.filtered(lambda c: c.department_id == self.dep_reg)
            case.sudo(self.officer_reg).action_ask_applicant("สำเนาโฉนดที่ดิน")
            question = request.question_ids
            self.assertEqual(len(question), 1)
            return question.notified, question.not_notified_reason
        if kind == "rejected":
            step = request.step_ids.filtered(lambda s: s.state == "active")
            step.sudo(self.officer_reg).action_reject("เอกสารปลอม")
            self.assertEqual(request.state, "rejected")
            return True, False  # a rejection is told in the chatter only: see notified()
        if kind == "delay":
            # the cron, the first day the request is late (s.10)
            expected = fields.Datetime.from_string(request.expected_date)
            day = fields.Date.to_string(expected.date() + datetime.timedelta(days=2))
            self.assertEqual(self.env["oss.request"]._cron_send_delay_notices(day) & request, request)
        else:
            # the cron, the day after the deadline of the missing documents (s.8)
            deadline = fields.Date.from_string(request.docs_deadline)
            with self.at("%s 03:00:00" % (deadline + datetime.timedelta(days=1))):
                self.assertEqual(self.env["oss.request"]._cron_close_abandoned() & request, request)
        notice = request.notice_ids.filtered(lambda n: n.kind == kind)
        self.assertEqual(len(notice), 1)
        return notice.sent, notice.not_sent_reason

    def notified(self, request, subject):
        """The notice's message is in the chatter, to the person, and nothing says it was not sent."""
        message = request.message_ids.filtered(lambda m: m.subject == subject)
        self.assertEqual(len(message), 1, subject)
        self.assertEqual(message.partner_ids, request.partner_id)
        bodies = " ".join(request.message_ids.mapped("body"))
        self.assertFalse("ไม่ได้ส่ง" in bodies or "not sent" in bodies, bodies)
        return message

    def check_notice(self, kind, english=False):
        if english:
            self.recorder.language = "en"
        request = self.submitted(complete=kind != "abandoned")
        self.assertEqual(request.partner_id.lang, "en_US" if english else "th_TH")
        before = self.pushes(request)
        self.assertEqual(len(before), 1)  # the received or the missing documents notice
        sent, reason = self.give(kind, request)
        self.assertEqual((sent, reason), (True, False))
        push = self.pushes(request) - before
        self.assertEqual(len(push), 1)
        subject = "%s: %s" % (SUBJECTS[kind][1 if english else 0], request.name)
        status = "%s. Status: %s" if english else "%s ตรวจสอบสถานะ: %s"
        self.assertEqual(push.text, status % (subject, request.oss_track_signed_url()))
        self.assertEqual((push.state, push.line_user_id), ("outgoing", self.user_id))
        self.notified(request, subject)
        # no e-mail to the person (the delay notice's copy to OPDC is an e-mail to OPDC)
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id),
                                                       ("recipient_ids", "in", request.partner_id.ids)]))

    def test_the_officer_asks_the_applicant_by_line(self):
        self.check_notice("question")

    def test_the_delay_notice_goes_by_line(self):
        self.check_notice("delay")

    def test_the_officer_rejects_and_the_applicant_is_told_by_line(self):
        self.check_notice("rejected")

    def test_the_rejection_in_english_for_an_english_speaker(self):
        self.check_notice("rejected", english=True)

    def test_the_abandoned_request_is_told_by_line(self):
        self.check_notice("abandoned")

    def test_a_person_who_prefers_email_gets_no_push(self):
        for kind in SUBJECTS:
            with self.subTest(kind=kind):
                self.user_id = "U" + uuid.uuid4().hex  # another person's LINE account
                request = self.confirmed(self.complaint())
                # set-up: the front desk records the person's address and preference
                request.partner_id.sudo(self.front_desk).write(
                    {"email": "line-%s@example.co.th" % kind, "gov_preferred_channel": "email"})
                if kind != "abandoned":
                    request.sudo(self.front_desk).document_ids.write({"received": True})
                request.sudo(self.front_desk).action_submit()
                self.run_notice_jobs()
                self.assertEqual(request._oss_notice_channels(), ["email"])
                sent, reason = self.give(kind, request)
                self.assertEqual((sent, reason), (True, False))
                self.assertFalse(self.pushes(request))
                subject = "%s: %s" % (SUBJECTS[kind][0], request.name)
                message = self.notified(request, subject)
                mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
                self.assertEqual(mail.recipient_ids, request.partner_id)

    def test_a_notice_renders_its_subject_once_and_decides_its_channels_once(self):
        """A person reached by SMS and by LINE: one notice, one rendering of its subject, one
        decision of its channels, the same short text on both."""
        request = self.confirmed(self.complaint())
        # set-up: the front desk records a mobile number too
        request.partner_id.sudo(self.front_desk).write({"mobile": "0891234567"})
        request.sudo(self.front_desk).document_ids.write({"received": True})
        self.assertEqual(request._oss_notice_channels(), ["sms", "line"])
        Template, Request = type(self.env["mail.template"]), type(self.env["oss.request"])
        render_fields, notice_channels = Template._gov_render_fields, Request._oss_notice_channels
        renders, decisions = [], []

        def counted_render_fields(template, res_id, names):
            if template.model == "oss.request" and "subject" in names:
                renders.append(res_id)
            return render_fields(template, res_id, names)

        def counted_notice_channels(record):
            decisions.append(record.id)
            return notice_channels(record)

        with patch.object(Template, "_gov_render_fields", counted_render_fields), \
                patch.object(Request, "_oss_notice_channels", counted_notice_channels):
            request.sudo(self.front_desk).action_submit()
            self.assertEqual(renders, [])  # the job renders it, after the answer
            self.run_notice_jobs()
        self.assertEqual((renders, decisions), ([request.id], [request.id]))
        push = self.pushes(request)
        sms = self.env["gov.sms"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        self.assertEqual((len(push), len(sms)), (1, 1))
        subject = "ได้รับคำขอแล้ว: %s" % request.name
        self.assertEqual(push.text, "%s ตรวจสอบสถานะ: %s" % (subject, request.oss_track_signed_url()))
        self.assertEqual((sms.text, sms.number), (push.text, "0891234567"))
        self.notified(request, subject)
