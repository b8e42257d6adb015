from odoo import api, fields, models


class CitizenCaseTransferWizard(models.TransientModel):
    _name = "citizen.case.transfer.wizard"
    _description = "Transfer a case to another department"

    case_id = fields.Many2one("citizen.case", string="Case", required=True, ondelete="cascade")
    from_department_id = fields.Many2one(related="case_id.department_id", readonly=True, string="From")
    department_id = fields.Many2one(
        "gov.department", string="To department", required=True, ondelete="cascade",
        domain="[('id', '!=', from_department_id)]")
    user_id = fields.Many2one(
        "res.users", string="Officer (optional)", ondelete="cascade",
        help="Leave empty to let the receiving department's assignment rule choose.")
    reason = fields.Text(required=True)

    @api.onchange("department_id")
    def _onchange_department_id(self):
        self.user_id = False
        return {"domain": {"user_id": [("id", "in", self.department_id.member_ids.ids)]}}

    @api.multi
    def action_transfer(self):
        self.ensure_one()
        self.case_id.action_transfer(self.department_id, self.reason, self.user_id)
        # the sender may no longer see the case: go back to the case list
        action = self.env.ref("citizen_case.citizen_case_action").read()[0]
        return action
