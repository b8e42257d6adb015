from odoo import api, fields, models

from ..models.citizen_case import RESOLUTION_CODES


class CitizenCaseResolveWizard(models.TransientModel):
    _name = "citizen.case.resolve.wizard"
    _description = "Resolve a case"

    case_id = fields.Many2one("citizen.case", required=True, ondelete="cascade")
    resolution_code = fields.Selection(RESOLUTION_CODES, string="Outcome", required=True, default="done")
    resolution_note = fields.Text(
        string="Note to the applicant",
        help="Required for a rejection: it is the reason given to the applicant.")

    @api.multi
    def action_resolve(self):
        self.ensure_one()
        self.case_id.action_resolve(self.resolution_code, self.resolution_note)
        return {"type": "ir.actions.act_window_close"}
