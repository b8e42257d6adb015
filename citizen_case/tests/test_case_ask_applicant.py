"""Ask the applicant: the question is stored and sent, the request waits and says why,
the answer resumes the case that asked."""
import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import RoutedCaseCase

QUESTION = "A copy of the land title deed (both sides)"


class TestAskTheApplicant(RoutedCaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.new_service([(10, cls.dep, 3), (10, cls.dep_other, 3), (20, cls.dep, 2)])

    def ask(self, case, user, question=QUESTION):
        wizard = self.env["citizen.case.ask.wizard"].sudo(user).create({"case_id": case.id, "question": question})
        return wizard.action_ask()

    def test_officer_asks_and_the_request_waits_with_the_question(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        with self.at("2026-12-08 09:00"):
            case.sudo(self.officer).action_take()
        with self.at("2026-12-08 09:30"):
            self.ask(case, self.officer)
        self.assertEqual(case.stage_state, "waiting")  # the SLA clock stops
        self.assertTrue(case.date_paused)
        self.assertEqual(request.state, "waiting_applicant")
        question = case.question_ids
        self.assertEqual((question.question, question.state, question.asked_by_id, question.request_id),
                         (QUESTION, "open", self.officer, request))
        self.assertTrue(question.notified)
        self.assertEqual(case.applicant_question, QUESTION)
        self.assertEqual(request.applicant_question, QUESTION)
        # the applicant's notice (chatter message and queued e-mail) carries the question
        self.run_notice_jobs()
        notice = request.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(QUESTION, notice.body)
        self.assertIn("we need the following from you", notice.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mail.recipient_ids, self.partner)
        note = case.message_ids.filtered(lambda m: "Asked the applicant" in (m.body or ""))
        self.assertIn("The applicant was told by e-mail (somchai@example.com).", note.body)
        # the public status page says that it waits, and for what (nothing personal)
        public = self.env["oss.request"]._oss_public_status(request.name, "5678")
        self.assertEqual((public["state"], public["state_en"]), ("waiting_applicant", "Waiting for applicant"))
        self.assertEqual(public["questions"], [QUESTION])
        self.assertNotIn(self.partner.name, str(public))
        self.assertNotIn(self.officer.name, str(public))

    def test_refused_contact_is_noted(self):
        request = self.new_request(self.service)
        self.partner.gov_consent_ids.action_withdraw()
        case = self.case_of(request, self.dep)
        self.ask(case, self.officer)
        question = case.question_ids
        self.assertFalse(question.notified)
        self.assertEqual(question.not_notified_reason,
                         "The person withdrew the basis for Service notifications.")
        note = case.message_ids.filtered(lambda m: "Asked the applicant" in (m.body or ""))
        self.assertIn("The applicant was not told: The person withdrew the basis", note.body)
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id),
                                                       ("body_html", "ilike", QUESTION)]))
        self.assertEqual(request.state, "waiting_applicant")  # the portal and status page still show it

    def test_front_desk_records_the_answer_and_the_case_resumes(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        with self.at("2026-12-08 09:00"):
            case.sudo(self.officer).action_take()
        with self.at("2026-12-08 09:30"):
            self.ask(case, self.officer)
        deadline = fields.Datetime.from_string(case.deadline)
        wizard = self.env["oss.applicant.answer.wizard"].sudo(self.front_desk).with_context(
            **request.action_open_answer_wizard()["context"]).create({
                "answer": "Brought the deed to the counter",
                "file": base64.b64encode(b"%PDF-1.4 deed"), "filename": "deed.pdf"})
        self.assertEqual(wizard.question_id, case.question_ids)
        with self.at("2026-12-09 14:30"):  # 2.5 + 3.5 (Tue) + 3.5 + 1.5 (Wed) office hours later
            wizard.action_record()
        question = case.question_ids
        self.assertEqual((question.state, question.answer, question.answer_channel, question.answered_by_id),
                         ("answered", "Brought the deed to the counter", "staff", self.front_desk))
        self.assertEqual(question.attachment_id.datas_fname, "deed.pdf")
        self.assertEqual((question.attachment_id.res_model, question.attachment_id.res_id), ("oss.request", request.id))
        self.assertEqual(case.stage_state, "progress")
        self.assertEqual(case.paused_hours, 11.0)
        self.assertEqual(case.deadline, fields.Datetime.to_string(
            self.dep.resource_calendar_id.gov_add_working_hours(deadline, 11.0)))
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.applicant_question)
        # the officer finds the answer in the case's chatter and in their inbox
        answer_note = case.message_ids.filtered(lambda m: "The applicant answered" in (m.body or ""))
        self.assertIn("Brought the deed to the counter", answer_note.body)
        self.assertEqual(answer_note.attachment_ids, question.attachment_id)
        self.assertIn(self.officer.partner_id, answer_note.needaction_partner_ids)
        self.assertEqual(case.sudo(self.officer).question_ids.read(["answer"])[0]["answer"],
                         "Brought the deed to the counter")
        self.assertEqual(question.attachment_id.sudo(self.officer).read(["datas"])[0]["datas"],
                         base64.b64encode(b"%PDF-1.4 deed"))
        # answered once: not twice
        with self.assertRaisesRegex(UserError, "already answered"):
            question.sudo(self.front_desk).action_record_answer("again")

    def test_the_applicant_reads_the_file_of_their_answer_and_no_other_file(self):
        """The case posts the answer's file in an internal note; it stays the applicant's,
        while files of internal notes stay hidden from them and the file from other people."""
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        case.sudo(self.officer).action_take()
        self.ask(case, self.officer)
        applicant = self.env["res.users"].with_context(no_reset_password=True).create({
            "login": "ask_applicant", "partner_id": request.partner_id.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        question = case.question_ids
        question.sudo()._oss_answer("Attached", "portal", applicant, "lease.pdf", b"%PDF-1.4 lease")
        lease = question.attachment_id
        self.assertIn(lease, case.message_ids.mapped("attachment_ids"))
        self.assertEqual(lease.sudo(applicant).read(["datas"])[0]["datas"], base64.b64encode(b"%PDF-1.4 lease"))
        on_request = self.env["ir.attachment"].sudo(applicant).search([
            ("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        self.assertIn(lease, on_request)
        with self.assertRaises(AccessError):
            lease.sudo(self.portal).read(["datas"])
        memo = request.sudo(self.front_desk).message_post(
            body="internal", subtype="mail.mt_note", attachments=[("memo.txt", b"internal memo")]).attachment_ids
        with self.assertRaises(AccessError):
            memo.sudo(applicant).read(["datas"])
        self.assertNotIn(memo, self.env["ir.attachment"].sudo(applicant).search([
            ("res_model", "=", "oss.request"), ("res_id", "=", request.id)]))

    def test_parallel_cases_each_answer_resumes_its_own_case(self):
        request = self.new_request(self.service)
        mine, theirs = self.case_of(request, self.dep), self.case_of(request, self.dep_other)
        self.ask(mine, self.officer, "The deed")
        self.ask(theirs, self.officer_other, "The building plan")
        self.assertEqual(request.applicant_question, "The deed\nThe building plan")
        public = self.env["oss.request"]._oss_public_status(request.name, "5678")
        self.assertEqual(public["questions"], ["The deed", "The building plan"])
        # the portal answers one question: only that case resumes, the request still waits
        plan = theirs.question_ids
        plan.sudo()._oss_answer("Attached", "portal", self.portal, "plan.pdf", b"%PDF-1.4 plan")
        self.assertEqual((theirs.stage_state, mine.stage_state), ("progress", "waiting"))
        self.assertEqual(request.state, "waiting_applicant")
        self.assertEqual(request.applicant_question, "The deed")
        self.assertEqual(self.env["oss.request"]._oss_public_status(request.name, "5678")["questions"], ["The deed"])
        mine.question_ids.sudo(self.front_desk).action_record_answer("Shown at the counter")
        self.assertEqual(mine.stage_state, "progress")
        self.assertEqual(request.state, "in_progress")

    def test_resume_without_answer_and_resolve_while_waiting(self):
        request = self.new_request(self.service)
        mine, theirs = self.case_of(request, self.dep), self.case_of(request, self.dep_other)
        self.ask(mine, self.officer, "The deed")
        self.ask(theirs, self.officer_other, "The plan")
        mine.sudo(self.officer).action_start()  # the officer found it elsewhere
        self.assertEqual((mine.question_ids.state, mine.question_ids.close_note),
                         ("closed", "the officer went on without an answer"))
        self.assertEqual(request.state, "waiting_applicant")  # the other question is open
        self.env["citizen.case.resolve.wizard"].sudo(self.officer_other).create({
            "case_id": theirs.id, "resolution_code": "done"}).action_resolve()
        self.assertEqual(theirs.question_ids.state, "closed")
        self.assertEqual(request.state, "in_progress")

    def test_withdrawn_request_closes_its_questions(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        self.ask(case, self.officer)
        request.sudo(self.front_desk).action_withdraw()
        self.assertEqual((case.question_ids.state, case.question_ids.close_note),
                         ("closed", "the request was withdrawn"))
        self.assertEqual((request.state, case.stage_state), ("withdrawn", "closed"))

    def test_refused_sides(self):
        request = self.new_request(self.service)
        mine = self.case_of(request, self.dep)
        with self.assertRaisesRegex(UserError, "Write what the applicant must supply"):
            self.ask(mine, self.officer, "   ")
        with self.assertRaises(AccessError):  # another department's case
            mine.sudo(self.officer_other).action_ask_applicant(QUESTION)
        with self.assertRaises(AccessError):  # the front desk reads cases, does not work them
            mine.sudo(self.front_desk).action_ask_applicant(QUESTION)
        self.ask(mine, self.officer)
        with self.assertRaisesRegex(UserError, "cannot wait for the applicant"):
            mine.sudo(self.officer).action_ask_applicant("Another thing")
        # dragging a case to the waiting column asks nothing: refused
        theirs = self.case_of(request, self.dep_other)
        with self.assertRaisesRegex(UserError, 'A case waits for the applicant through "Ask the applicant"'):
            theirs.sudo(self.officer_other).write({"stage_id": self.stage["waiting"].id})
        self.assertEqual(theirs.stage_state, "new")
        question = mine.question_ids
        with self.assertRaises(AccessError):  # the parallel department reads it, may not answer it
            question.sudo(self.officer_other).action_record_answer("I know better")
        with self.assertRaises(AccessError):  # portal users answer on the portal only
            question.sudo(self.portal).action_record_answer("Here")
        with self.assertRaises(AccessError):
            question.sudo(self.officer).write({"state": "answered"})
        self.assertEqual(question.state, "open")
        # the officer who asked may record an answer given by phone
        question.sudo(self.officer).action_record_answer("Read out on the phone")
        self.assertEqual(question.answered_by_id, self.officer)


class TestAskOnDirectCase(RoutedCaseCase):

    def test_direct_case_asks_by_its_own_email(self):
        case = self.new_case(user_id=self.officer.id)
        case.sudo(self.officer).action_ask_applicant(QUESTION)
        self.assertEqual(case.stage_state, "waiting")
        question = case.question_ids
        self.assertFalse(question.request_id)
        mail = self.env["mail.mail"].search([("subject", "=", "We need something from you: %s" % case.name)])
        self.assertEqual(len(mail), 1)
        self.assertIn(QUESTION, mail.body_html)
        self.assertEqual(mail.recipient_ids, self.partner)
        action = case.sudo(self.officer).action_open_answer_wizard()
        wizard = self.env["oss.applicant.answer.wizard"].sudo(self.officer).with_context(**action["context"]).create(
            {"answer": "Said yes on the phone"})
        self.assertEqual(wizard.question_id, question)
        wizard.action_record()
        self.assertEqual((question.state, case.stage_state), ("answered", "progress"))
        with self.assertRaises(AccessError):
            question.sudo(self.front_desk).action_record_answer("x")

    def test_direct_case_question_in_the_applicants_language_only(self):
        self.dep.sudo().write({"name_en": "Registration Section"})
        for lang, subject, present, absent in (
                ("en_US", "We need something from you: %s", ("Dear ", "Please answer by phone", "Registration Section"),
                 ("เรียน", "กรุณาแจ้งทางโทรศัพท์", self.dep.name)),
                ("th_TH", "ขอข้อมูลเพิ่มเติมจากท่าน: %s", ("เรียน ", "กรุณาแจ้งทางโทรศัพท์", self.dep.name),
                 ("Dear", "Please answer by phone", "Registration Section"))):
            self.partner.write({"lang": lang})  # set-up: the person's language as the front desk recorded it
            case = self.new_case(user_id=self.officer.id)
            case.sudo(self.officer).action_ask_applicant(QUESTION)
            mail = self.env["mail.mail"].search([("subject", "=", subject % case.name)])
            self.assertEqual(len(mail), 1, lang)
            self.assertIn(QUESTION, mail.body_html)
            for text in present:
                self.assertIn(text, mail.body_html, lang)
            for text in absent:
                self.assertNotIn(text, mail.body_html, lang)
