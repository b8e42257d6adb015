"""Service managers give and take back the cashier role (and only that role)."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .oss_payment import CASHIER_GROUP


class ResUsers(models.Model):
    _inherit = "res.users"

    oss_is_cashier = fields.Boolean(compute="_compute_oss_is_cashier", string="Cashier")

    @api.depends("groups_id")
    def _compute_oss_is_cashier(self):
        group = self.env.ref(CASHIER_GROUP)
        for user in self:
            # sudo: whether a colleague holds the role, not what else they may do
            user.oss_is_cashier = group in user.sudo().groups_id

    def _oss_check_manager(self):
        if not self.env.user.has_group("gov_crm.group_gov_service_manager"):
            raise AccessError(_("Only a service manager gives or takes back the cashier role."))
        if self.filtered(lambda user: user.share or not user.active):
            raise UserError(_("The cashier role is for active staff users only."))

    @api.multi
    def action_oss_grant_cashier(self):
        self._oss_check_manager()
        # sudo: a service manager may not edit users, only give this one role (checked above)
        self.sudo().write({"groups_id": [(4, self.env.ref(CASHIER_GROUP).id)]})
        return True

    @api.multi
    def action_oss_revoke_cashier(self):
        self._oss_check_manager()
        # sudo: as above, only the cashier role is taken back
        self.sudo().write({"groups_id": [(3, self.env.ref(CASHIER_GROUP).id)]})
        return True
