from odoo import api, fields, models


class GovSarabanRouteWizard(models.TransientModel):
    _name = "gov.saraban.route.wizard"
    _description = "Route a letter to a department"

    letter_id = fields.Many2one("gov.saraban.letter", required=True, ondelete="cascade")
    department_id = fields.Many2one("gov.department", required=True, ondelete="cascade")

    @api.multi
    def action_route(self):
        self.ensure_one()
        self.letter_id.action_route(self.department_id.id)
        return {"type": "ir.actions.act_window_close"}
