"""What the agency asks the applicant, and the applicant's answer.

A question is asked on a request (by the front desk, or by a department whose case is
part of the request): the request waits for the applicant while at least one of its
questions is open. Each question is answered on its own, on the portal or recorded by
staff; the answer reopens what asked it (in citizen_case: that case's clock) and the
request is in progress again once no question is open.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .oss_request import OPEN_STATES, lifecycle
from .oss_request_portal import store_upload

QUESTION_STATES = [
    ("open", "Waiting for the answer"),
    ("answered", "Answered"),
    ("closed", "No longer needed"),
]
ANSWER_CHANNELS = [
    ("portal", "Portal"),
    ("staff", "Recorded by staff"),
    ("email", "E-mail"),
]
QUESTION_HELP = (
    "Shown to the applicant in the notice, on the portal, on the public status page and through "
    "the Open311 API (to whoever may read the request: with the tracking number and 4 digits, or "
    "the number alone for a public report): write only what the applicant must supply, never "
    "another person's personal data.")


class OssApplicantQuestion(models.Model):
    _name = "oss.applicant.question"
    _description = "Question to an applicant"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "date_asked desc, id desc"
    _rec_name = "question"
    # who asked what of whom, and the answer: written only by the actions of requests and
    # cases that ask, answer and close (see gov.protected.fields.mixin); the question itself
    # is what the applicant was told, fixed once asked
    _protected_fields = (
        "request_id", "partner_id", "asked_by_id", "date_asked", "state", "answer", "attachment_id",
        "date_answered", "answer_channel", "answered_by_id", "close_note", "notified", "not_notified_reason",
    )
    _protected_frozen_fields = ("question",)

    request_id = fields.Many2one(
        "oss.request", index=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Applicant", required=True, index=True, ondelete="restrict", readonly=True)
    question = fields.Text(required=True, readonly=True, help=QUESTION_HELP)
    asked_by_id = fields.Many2one("res.users", string="Asked by", ondelete="restrict", readonly=True)
    date_asked = fields.Datetime(string="Asked on", required=True, readonly=True, index=True,
                                 default=fields.Datetime.now)
    state = fields.Selection(QUESTION_STATES, required=True, default="open", index=True, readonly=True)
    answer = fields.Text(readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", ondelete="set null", readonly=True)
    date_answered = fields.Datetime(string="Answered on", readonly=True)
    answer_channel = fields.Selection(ANSWER_CHANNELS, string="Answered through", readonly=True)
    answered_by_id = fields.Many2one("res.users", string="Recorded by", ondelete="restrict", readonly=True)
    close_note = fields.Char(string="Why no longer needed", readonly=True)
    notified = fields.Boolean(string="Applicant told", readonly=True,
                              help="False when the person may not be contacted: see the reason.")
    not_notified_reason = fields.Char(string="Why not told", readonly=True)

    _sql_constraints = [
        ("question_not_blank", "CHECK(length(trim(question)) > 0)", "A question cannot be empty."),
    ]

    # ------------------------------------------------------------ answers
    def _oss_check_can_record_answer(self):
        """Staff who record an answer must be able to work the request (hook: citizen_case
        also lets the officers of the case that asked)."""
        request = self.request_id
        if not request:
            raise AccessError(_("Only the officers who asked can record the answer to this question."))
        request.check_access_rights("write")
        request.check_access_rule("write")

    @api.multi
    def action_record_answer(self, answer, filename=None, content=None):
        """Staff record the answer the applicant gave at the counter, by phone or by letter."""
        self.ensure_one()
        self._oss_check_can_record_answer()
        # sudo: questions are written only through their actions; the right to work the
        # request (or the case) that asked was checked above
        return self.sudo()._oss_answer(answer, "staff", self.env.user, filename, content)

    def _oss_answer(self, answer, channel, user, filename=None, content=None):
        """Record the answer (text and/or file), tell whoever asked, resume the request."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(_("This question was already answered or is no longer needed."))
        answer = (answer or "").strip()
        if not answer and not content:
            raise UserError(_("Write the answer or attach a file."))
        attachment = self.env["ir.attachment"]
        if content:
            attachment = store_upload(self._oss_answer_holder(), filename or _("answer"), content)
        self.write({
            "state": "answered", "answer": answer or False, "attachment_id": attachment.id,
            "date_answered": fields.Datetime.now(), "answer_channel": channel,
            "answered_by_id": user.id,
        })
        self._oss_after_answer()
        if self.request_id:
            self.request_id._oss_question_settled(self, _("The applicant answered (%(channel)s): %(answer)s") % {
                "channel": dict(ANSWER_CHANNELS)[channel],
                "answer": answer or attachment.name})
        return attachment

    def _oss_answer_holder(self):
        """The record an answer's file is attached to (hook)."""
        return self.request_id

    def _oss_after_answer(self):
        """Hook: citizen_case resumes the case that asked."""
        return True

    def _oss_close(self, note):
        """The question is no longer needed (the work went on without an answer, or the
        request stopped)."""
        questions = self.filtered(lambda q: q.state == "open")
        if not questions:
            return
        questions.write({"state": "closed", "close_note": note})
        questions._oss_after_close()
        for request in questions.mapped("request_id"):
            request._oss_question_settled(
                questions.filtered(lambda q: q.request_id == request),
                _("Question no longer needed: %(note)s") % {"note": note})

    def _oss_after_close(self):
        """Hook: citizen_case resumes a case waiting for a closed question."""
        return True


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("question_ids",)

    question_ids = fields.One2many(
        "oss.applicant.question", "request_id", string="Questions to the applicant", readonly=True)
    applicant_question = fields.Text(
        compute="_compute_applicant_question", string="Waiting for the applicant on",
        help="The open questions to the applicant.")

    @api.depends("question_ids.state", "question_ids.question")
    def _compute_applicant_question(self):
        for request in self:
            request.applicant_question = "\n".join(request.oss_open_questions().mapped("question")) or False

    def oss_open_questions(self):
        """The questions the applicant has still to answer, oldest first (templates, pages)."""
        self.ensure_one()
        return self.question_ids.filtered(lambda q: q.state == "open").sorted(lambda q: (q.date_asked, q.id))

    def oss_answered_questions(self):
        """The questions the applicant answered, oldest first (portal)."""
        self.ensure_one()
        return self.question_ids.filtered(lambda q: q.state == "answered").sorted(lambda q: (q.date_asked, q.id))

    @api.multi
    def action_open_ask_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Ask the applicant"),
            "res_model": "oss.request.ask.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    @api.multi
    def action_open_answer_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record the applicant's answer"),
            "res_model": "oss.applicant.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id,
                        "default_question_id": self.oss_open_questions()[:1].id},
        }

    @api.multi
    def action_wait_applicant(self, question):
        """The front desk asks the applicant for something: the request waits for the answer."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._oss_ask_applicant(question)
        return True

    @api.multi
    def action_resume(self):
        """Stop waiting without an answer: the open questions are no longer needed."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        for request in self.filtered(lambda r: r.state == "waiting_applicant"):
            request._oss_close_questions(_("the work went on without an answer"))
            request._oss_question_settled(self.env["oss.applicant.question"], False)
        return True

    @lifecycle
    def _oss_ask_applicant(self, text, values=None):
        """Ask the applicant ``text``: the request waits, the applicant is told (when the
        person may be contacted); returns the question."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(_("Request %(name)s is not in progress: there is nothing to ask the applicant.")
                            % {"name": self.name})
        text = (text or "").strip()
        if not text:
            raise UserError(_("Write what the applicant must supply."))
        vals = {"request_id": self.id, "partner_id": self.partner_id.id, "question": text,
                "asked_by_id": self.env.uid, "date_asked": fields.Datetime.now()}
        vals.update(values or {})
        # sudo: questions are written only through the actions of requests and cases,
        # whose callers checked the right to work on them
        question = self.env["oss.applicant.question"].sudo().create(vals)
        self.invalidate_cache(["question_ids", "applicant_question"], self.ids)
        with self._oss_journal():
            if self.state != "waiting_applicant":
                self.state = "waiting_applicant"
            else:  # one more open question: the public sees it
                self._oss_mark_public_change()
            self._oss_log(_("The applicant is asked: %(question)s") % {"question": text})
            sent, reason = self._oss_notify("one_stop_service.mail_template_oss_waiting_applicant")
        question.write({"notified": sent, "not_notified_reason": reason or False})
        return question

    @lifecycle
    def _oss_question_settled(self, questions, text):
        """A question was answered or closed: note it; the request is in progress again
        once no question is open."""
        self.ensure_one()
        with self._oss_journal():
            if text:
                self._oss_log(text)
            # sudo: a count of the questions, whoever answers
            still_open = self.env["oss.applicant.question"].sudo().search_count(
                [("request_id", "=", self.id), ("state", "=", "open")])
            if self.state == "waiting_applicant" and not still_open:
                self.state = "in_progress" if self.step_ids else "submitted"
            elif self.state == "waiting_applicant":  # one question fewer in the public's view
                self._oss_mark_public_change()

    def _oss_close_questions(self, note):
        # sudo: questions are written only through the actions of requests and cases
        self.sudo().mapped("question_ids").filtered(lambda q: q.state == "open")._oss_close(note)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _gov_shared_file_ids(self, ids):
        """The file of an applicant's answer is theirs: it stays readable where they read the
        question (their request on the portal) after the case posts it in an internal note.
        The questions are searched as the user: their record rules decide."""
        shared = super(IrAttachment, self)._gov_shared_file_ids(ids)
        Question = self.env["oss.applicant.question"]
        if not Question.check_access_rights("read", raise_exception=False):
            return shared
        return shared | set(Question.search([("attachment_id", "in", sorted(ids))]).mapped("attachment_id").ids)
