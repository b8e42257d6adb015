"""Responses to a hearing and their answers.

A response is created or changed only by ``_gh_submit`` (the public form, called with sudo()
after the route's own checks): the answers are checked first, then one create or one
replacement of the answers, so a refused submission leaves nothing behind. A confirmed
respondent is kept only as ``respondent_hash``, a keyed hash of the address, number or
national ID confirmed: one response per person and hearing (a unique index), never a name.
"""
import hashlib
import hmac
import re

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CHANNELS = [("anyone", "Without confirmation"), ("email", "Confirmed e-mail"), ("sms", "Confirmed mobile"),
            ("national_id", "Registered person (national ID)")]
MAX_TEXT = 2000
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class GovHearingResponse(models.Model):
    _name = "gov.hearing.response"
    _description = "Response to a public hearing"
    _order = "id desc"

    hearing_id = fields.Many2one("gov.hearing", required=True, index=True, ondelete="cascade", readonly=True)
    department_id = fields.Many2one(related="hearing_id.department_id", store=True, index=True, readonly=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    respondent_hash = fields.Char(readonly=True, index=True, groups="base.group_no_one",
                                  help="Keyed hash of what the respondent confirmed: one response per person.")
    partner_id = fields.Many2one("res.partner", string="Registered person", readonly=True, index=True,
                                 ondelete="set null", groups="gov_crm.group_gov_personal_data")
    date_changed = fields.Datetime(string="Last changed", readonly=True)
    answer_ids = fields.One2many("gov.hearing.answer", "response_id", string="Answers", readonly=True)

    _sql_constraints = [
        ("respondent_uniq", "unique(hearing_id, respondent_hash)", "One response per person and hearing."),
    ]

    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Responses come only from the public form."))
        return super(GovHearingResponse, self).create(vals)

    @api.multi
    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("A response is never edited."))
        return super(GovHearingResponse, self).write(vals)

    @api.model
    def _gh_key(self, kind, value):
        """The keyed hash of a confirmed address, number or national ID (database secret as key)."""
        # sudo: the database secret is the administrator's; it only keys the hash here
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        return hmac.new(secret.encode("utf-8"), ("gov_hearing|%s|%s" % (kind, value)).encode("utf-8"),
                        hashlib.sha256).hexdigest()

    @api.model
    def _gh_clean_answers(self, hearing, raw):
        """``raw``: {question id: submitted text} -> values of the answer lines, or ValidationError."""
        lines, missing = [], []
        for question in hearing.question_ids:
            value = (raw.get(question.id) or "").strip()
            if not value:
                if question.required:
                    missing.append(question.name)
                continue
            line = {"question_id": question.id}
            if question.kind == "choice":
                option = question.option_ids.filtered(lambda o: str(o.id) == value)
                if not option:
                    raise ValidationError(_(
                        "Choose one of the choices of: %(question)s") % {"question": question.name})
                line["option_id"] = option.id
            elif question.kind == "scale":
                if not value.isdigit() or not 1 <= int(value) <= question.scale_max:
                    raise ValidationError(_("Give a number from 1 to %(max)s for: %(question)s") % {
                                                "max": question.scale_max, "question": question.name})
                line["value_scale"] = int(value)
            else:
                if len(value) > MAX_TEXT:
                    raise ValidationError(_("At most %(max)s characters for: %(question)s") % {
                                                "max": MAX_TEXT, "question": question.name})
                line["value_text"] = CONTROL_RE.sub(" ", value)
            lines.append(line)
        if missing:
            raise ValidationError(_("Answer every required question: %(questions)s")
                                  % {"questions": ", ".join(missing)})
        return lines

    @api.model
    def _gh_submit(self, hearing, channel, respondent_key, raw_answers, change=False, partner_id=False):
        """Record the answers of one respondent; (response, "created" | "changed").

        ``respondent_key``: the keyed hash of what was confirmed (None for an audience of anyone);
        ``change``: the respondent replaces the response they gave. Called as superuser by the
        public route, after the hearing was found public and the respondent confirmed.
        """
        if not hearing._gh_accepting():
            raise UserError(_("This hearing does not take responses now."))
        lines = self._gh_clean_answers(hearing, raw_answers)
        existing = self.search([("hearing_id", "=", hearing.id), ("respondent_hash", "=", respondent_key)],
                               limit=1) if respondent_key else self.browse()
        if existing and not change:
            raise UserError(_("You have already responded to this hearing. To change your answers, tick "
                              "\"Change my response\"."))
        if change and not existing:
            raise UserError(_("There is no earlier response of yours to change."))
        if existing:
            existing._gh_replace_answers(lines)
            return existing, "changed"
        response = self.create({"hearing_id": hearing.id, "channel": channel, "respondent_hash": respondent_key,
                                "partner_id": partner_id, "answer_ids": [(0, 0, line) for line in lines]})
        return response, "created"

    @api.multi
    def _gh_replace_answers(self, lines):
        """Put the changed answers of this response in place of the earlier ones.

        An answer whose value did not change stays as it was, with the theme the staff gave it; a
        written answer that changed loses its theme and is marked for theming again, and the
        hearing's chatter names the themes concerned (never the respondent or the text).
        """
        self.ensure_one()
        earlier = {answer.question_id.id: answer for answer in self.answer_ids}
        commands, rethemed = [], self.env["gov.hearing.theme"]
        for line in lines:
            answer = earlier.pop(line["question_id"], None)
            if answer and answer._gh_same_value(line):
                continue
            if answer:
                rethemed |= answer.theme_id
                values = {"option_id": False, "value_scale": 0, "value_text": False, "theme_id": False,
                          "retheme": bool(answer.theme_id) or answer.retheme}
                values.update(line)
                commands.append((1, answer.id, values))
            else:
                commands.append((0, 0, line))
        for answer in earlier.values():  # left unanswered this time
            rethemed |= answer.theme_id
            commands.append((2, answer.id))
        self.write({"date_changed": fields.Datetime.now(), "answer_ids": commands})
        if rethemed:
            self.hearing_id.message_post(body=_(
                "A respondent changed written answers grouped under the themes %(themes)s: the changed "
                "answers are marked \"Changed: theme again\" under Written answers.") % {
                    "themes": ", ".join(rethemed.mapped("name"))}, subtype="mail.mt_note")


class GovHearingAnswer(models.Model):
    _name = "gov.hearing.answer"
    _description = "Answer to a question of a public hearing"
    _order = "response_id, question_id"

    response_id = fields.Many2one("gov.hearing.response", required=True, index=True, ondelete="cascade",
                                  readonly=True)
    hearing_id = fields.Many2one(related="response_id.hearing_id", store=True, index=True, readonly=True)
    department_id = fields.Many2one(related="response_id.hearing_id.department_id", store=True, index=True,
                                    readonly=True)
    question_id = fields.Many2one("gov.hearing.question", required=True, index=True, ondelete="cascade",
                                  readonly=True)
    question_kind = fields.Selection(related="question_id.kind", readonly=True)
    option_id = fields.Many2one("gov.hearing.option", string="Choice", index=True, ondelete="cascade",
                                readonly=True)
    value_scale = fields.Integer(string="Scale", readonly=True)
    value_text = fields.Text(string="Written answer", readonly=True)
    theme_id = fields.Many2one("gov.hearing.theme", index=True, ondelete="set null",
                               domain="[('hearing_id', '=', hearing_id)]")
    retheme = fields.Boolean(string="Changed: theme again", readonly=True, index=True,
                             help="The respondent changed this written answer after it was grouped under a theme.")

    @api.constrains("theme_id")
    def _check_theme(self):
        for answer in self:
            if answer.theme_id and answer.theme_id.hearing_id != answer.hearing_id:
                raise ValidationError(_("A theme of another hearing cannot group this answer."))

    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Responses come only from the public form."))
        return super(GovHearingAnswer, self).create(vals)

    @api.multi
    def write(self, vals):
        # staff group the written answers into themes; what the person answered never changes
        if self.env.uid != SUPERUSER_ID:
            if set(vals) - {"theme_id"}:
                raise AccessError(_("Only the theme of an answer can be set."))
            if vals.get("theme_id"):
                # the staff themed the changed answer again; sudo: the mark is the system's field
                self.filtered("retheme").sudo().write({"retheme": False})
        return super(GovHearingAnswer, self).write(vals)

    @api.multi
    def _gh_same_value(self, line):
        """Whether the answer says what ``line`` (values of a cleaned answer) says."""
        self.ensure_one()
        return (self.option_id.id or False, self.value_scale or 0, self.value_text or False) == (
            line.get("option_id") or False, line.get("value_scale") or 0, line.get("value_text") or False)
