"""What the parts of a hearing share.

``gov.hearing.part``: a part the hearing's department prepares or reads (a question, a theme):
its hearing, the department the record rules use, its place in the list.

``gov.hearing.answered.lock``: a part that people answered (a question, a choice) no longer
changes once a response came in; ``_gh_hearing_path`` says how a record reaches its hearing.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GovHearingPart(models.AbstractModel):
    _name = "gov.hearing.part"
    _description = "Part of a public hearing"

    hearing_id = fields.Many2one("gov.hearing", required=True, index=True, ondelete="cascade")
    department_id = fields.Many2one(related="hearing_id.department_id", store=True, index=True, readonly=True)
    sequence = fields.Integer(default=10)


class GovHearingAnsweredLock(models.AbstractModel):
    _name = "gov.hearing.answered.lock"
    _description = "Part of a public hearing fixed once answered"

    _gh_hearing_path = "hearing_id"

    @api.model
    def _gh_check_not_answered(self, hearings):
        """Questions and choices are what people answered: they do not change once someone did."""
        if hearings.filtered(lambda h: h.state != "draft" and h.response_count):
            raise UserError(_("People have answered this hearing: its questions and choices no longer change."))

    @api.model
    def create(self, vals):
        first, _dot, rest = self._gh_hearing_path.partition(".")
        parent = self.env[self._fields[first].comodel_name].browse(vals.get(first))
        self._gh_check_not_answered(parent.mapped(rest) if rest else parent)
        return super(GovHearingAnsweredLock, self).create(vals)

    @api.multi
    def write(self, vals):
        self._gh_check_not_answered(self.mapped(self._gh_hearing_path))
        return super(GovHearingAnsweredLock, self).write(vals)

    @api.multi
    def unlink(self):
        self._gh_check_not_answered(self.mapped(self._gh_hearing_path))
        return super(GovHearingAnsweredLock, self).unlink()
