from odoo import api, fields, models


class CitizenCaseTransferWizard(models.TransientModel):
    _name = "citizen.case.transfer.wizard"
    _description = "Transfer a case to another department"

    case_id = fields.Many2one("citizen.case", required=True, ondelete="cascade")
    from_department_id = fields.Many2one(related="case_id.department_id", readonly=True, string="From")
    department_id = fields.Many2one(
        "gov.department", string="To department", required=True, ondelete="cascade",
        domain="[('id', '!=', from_department_id)]")
    can_pick_user = fields.Boolean(
        compute="_compute_officer_choice",
        help="A supervisor of the sending or the receiving department may choose the officer.")
    allowed_user_ids = fields.Many2many(
        "res.users", compute="_compute_officer_choice", string="Officers who may receive the case")
    user_id = fields.Many2one(
        "res.users", string="Officer (optional)", ondelete="cascade",
        domain="[('id', 'in', allowed_user_ids)]",
        help="Leave empty to let the receiving department's assignment rule choose.")
    reason = fields.Text(required=True)

    @api.depends("case_id", "department_id")
    def _compute_officer_choice(self):
        me = self.env.user
        for wizard in self:
            department = wizard.department_id
            # sudo: once the transfer is done the sender may no longer read the case, while the
            # web client still reads the wizard; only its department is looked at
            sending = wizard.case_id.sudo().department_id
            wizard.can_pick_user = bool(department) and (
                sending._case_is_supervisor(me) or department._case_is_supervisor(me))
            wizard.allowed_user_ids = department._case_officers() if wizard.can_pick_user else False

    @api.onchange("department_id")
    def _onchange_department_id(self):
        self.user_id = False

    @api.multi
    def action_transfer(self):
        self.ensure_one()
        transfer = self.case_id._transfer(self.department_id, self.reason, self.user_id)
        return transfer._confirmation_action()
