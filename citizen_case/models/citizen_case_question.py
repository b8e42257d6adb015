"""Ask the applicant: the case's clock stops until the answer.

The officer writes what is needed. For a case of a request, the question is the request's:
the request waits for the applicant while at least one of its questions is open, the
applicant is told through the request's notice, sees the question on the portal and on
the status page, and answers there (or the front desk records the answer). Each answer
resumes only the case that asked; the request is in progress again once every question
is answered. A direct case (no request) tells the applicant by its own e-mail; the officer
records the answer the applicant gives by phone or at the counter.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate


class OssApplicantQuestion(models.Model):
    _inherit = "oss.applicant.question"
    _protected_fields = ("case_id",)

    case_id = fields.Many2one("citizen.case", index=True, ondelete="cascade", readonly=True)
    department_id = fields.Many2one(related="case_id.department_id", readonly=True, string="Asked by department")

    def _oss_check_can_record_answer(self):
        """The officers who work the case that asked may record its answer too."""
        case = self.case_id
        if case:
            try:
                case.check_access_rights("write")
                case.check_access_rule("write")
                return
            except AccessError:
                if not self.request_id:
                    raise
        return super(OssApplicantQuestion, self)._oss_check_can_record_answer()

    def _oss_answer_holder(self):
        return self.request_id or self.case_id

    def _oss_after_answer(self):
        """The answer goes to the case that asked: its clock runs again and the officer is told."""
        res = super(OssApplicantQuestion, self)._oss_after_answer()
        for question in self.filtered("case_id"):
            question.case_id._case_applicant_answered(question)
        return res

    def _oss_after_close(self):
        """A case waiting only for closed questions works again."""
        res = super(OssApplicantQuestion, self)._oss_after_close()
        for case in self.mapped("case_id").filtered(lambda c: c.stage_state == "waiting"):
            if not case.question_ids.filtered(lambda q: q.state == "open"):
                case._case_resume(_("The question to the applicant is no longer needed."))
        return res


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("question_ids",)

    question_ids = fields.One2many(
        "oss.applicant.question", "case_id", string="Questions to the applicant", readonly=True)
    applicant_question = fields.Text(
        compute="_compute_applicant_question", string="Waiting for the applicant on",
        help="The open question of this case to the applicant.")

    @api.depends("question_ids.state", "question_ids.question")
    def _compute_applicant_question(self):
        for case in self:
            case.applicant_question = "\n".join(
                case.question_ids.filtered(lambda q: q.state == "open").mapped("question")) or False

    # ------------------------------------------------------------ actions
    @api.multi
    def action_open_ask_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Ask the applicant"),
            "res_model": "citizen.case.ask.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    @api.multi
    def action_open_answer_wizard(self):
        self.ensure_one()
        question = self.question_ids.filtered(lambda q: q.state == "open")[:1]
        return {
            "type": "ir.actions.act_window",
            "name": _("Record the applicant's answer"),
            "res_model": "oss.applicant.answer.wizard",
            "view_mode": "form",
            "views": [(self.env.ref("citizen_case.oss_applicant_answer_wizard_view_form_case").id, "form")],
            "target": "new",
            "context": {"default_case_id": self.id, "default_request_id": self.request_id.id,
                        "default_question_id": question.id},
        }

    @api.multi
    def action_ask_applicant(self, question):
        """Ask the applicant for something: the case waits (its clock stops) until the answer."""
        self.ensure_one()
        if self.stage_state not in ("new", "progress"):
            raise UserError(_("Case %(ref)s is not being worked on: it cannot wait for the applicant.")
                            % {"ref": self.name})
        if not self.partner_id:
            raise UserError(_("Case %(ref)s has no applicant to ask.")
                            % {"ref": self.name})
        text = (question or "").strip()
        if not text:
            raise UserError(_("Write what the applicant must supply."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        with protected_gate():  # the case's own action: the only way into the waiting stage
            self.write({"stage_id": self._stage("waiting").id})
        values = {"case_id": self.id, "asked_by_id": self.env.uid}
        if self.request_id:
            # sudo: the request waits for the applicant because of this case, which the officer
            # may work (checked above); officers read requests but do not write them
            record = self.request_id.sudo()._oss_ask_applicant(text, values)
        else:
            record = self._case_ask_direct(text, values)
        self.message_post(body=self._case_question_note(record), subtype="mail.mt_note")
        return True

    def _case_ask_direct(self, text, values):
        """A direct case asks by its own e-mail, when the person may be contacted."""
        # sudo: questions are written only through the actions of requests and cases
        record = self.env["oss.applicant.question"].sudo().create(dict(
            values, partner_id=self.partner_id.id, question=text, date_asked=fields.Datetime.now()))
        allowed, reason = self.partner_id.gov_check_contact("service_notification")
        if allowed and self.partner_id.email:
            self.env.ref("citizen_case.mail_template_case_question").with_context(
                case_question=text).send_mail(self.id, email_values={"model": False, "res_id": False})
        record.write({"notified": allowed, "not_notified_reason": reason or False})
        return record

    def _case_question_note(self, record):
        lines = [_("Asked the applicant: %(question)s") % {"question": record.question}]
        email = self.partner_id.email
        if not record.notified:
            lines.append(_("The applicant was not told: %(reason)s") % {"reason": record.not_notified_reason})
        elif email:
            lines.append(_("The applicant was told by e-mail (%(email)s).") % {"email": email})
        else:
            lines.append(_("The applicant has no e-mail address: tell them by phone."))
        if self.request_id:
            lines.append(_("The question shows on the portal and on the status page of %(request)s.")
                         % {"request": self.request_id.sudo().name})
        return "".join("<p>%s</p>" % html_escape(line) for line in lines)

    @api.multi
    def action_start(self):
        """Resume: a waiting case works again without an answer; its question is no longer needed."""
        waiting = self.filtered(lambda c: c.stage_state == "waiting")
        res = super(CitizenCase, self).action_start()
        questions = waiting.mapped("question_ids").filtered(lambda q: q.state == "open")
        if questions:
            # sudo: questions are written only through the actions of requests and cases;
            # the write access to the case was checked by the write above
            questions.sudo()._oss_close(_("the officer went on without an answer"))
        return res

    def _on_resolved(self):
        """A resolved case no longer waits for the applicant (before the route moves on)."""
        questions = self.question_ids.filtered(lambda q: q.state == "open")
        if questions:
            # sudo: as above; the case was resolved by someone who may work it
            questions.sudo()._oss_close(_("the case was resolved"))
        return super(CitizenCase, self)._on_resolved()

    # ------------------------------------------------------------ answers
    def _case_applicant_answered(self, question):
        """Post the answer to the case, tell its officer, and run the clock again."""
        self.ensure_one()
        case = self.sudo()  # the applicant or the front desk answer: they do not write cases
        channel = dict(question._fields["answer_channel"]._description_selection(self.env))[question.answer_channel]
        lines = [_("The applicant answered (%(channel)s).") % {"channel": channel},
                 _("Question: %(question)s") % {"question": question.question}]
        if question.answer:
            lines.append(_("Answer: %(answer)s") % {"answer": question.answer})
        message = case.with_context(mail_create_nosubscribe=True).message_post(
            body="".join("<p>%s</p>" % html_escape(line) for line in lines), subtype="mail.mt_note",
            author_id=question.answered_by_id.partner_id.id or question.partner_id.id,
            attachment_ids=question.attachment_id.ids)
        if case.user_id:
            # the officer finds the answer in their inbox (no e-mail: they work in the back office)
            self.env["mail.notification"].sudo().create({
                "mail_message_id": message.id, "res_partner_id": case.user_id.partner_id.id,
                "is_read": False, "is_email": False})
        if case.stage_state == "waiting" and not case.question_ids.filtered(lambda q: q.state == "open"):
            case._case_resume(False)

    def _case_resume(self, note):
        """Back to work after waiting (the clock runs again)."""
        self.ensure_one()
        # sudo: the route or the applicant resumes the case, not someone who writes cases
        self.sudo().write({"stage_id": self._stage("progress").id})
        if note:
            self.sudo().message_post(body=html_escape(note), subtype="mail.mt_note")
