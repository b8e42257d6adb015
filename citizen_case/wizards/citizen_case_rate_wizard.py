from odoo import api, fields, models

from ..models.citizen_case_rating import RATINGS


class CitizenCaseRateWizard(models.TransientModel):
    _name = "citizen.case.rate.wizard"
    _description = "Record the applicant's satisfaction"

    case_id = fields.Many2one("citizen.case", required=True, ondelete="cascade")
    rating = fields.Selection(RATINGS, string="Satisfaction", required=True)
    comment = fields.Text()

    @api.multi
    def action_record(self):
        self.ensure_one()
        self.case_id.rating_record_desk(self.rating, self.comment)
        return {"type": "ir.actions.act_window_close"}
