"""What an administrator allows webhooks to reach beyond public HTTPS addresses."""
from odoo import api, fields, models

from .webhook_target import PARAM_ALLOW_HTTP, PARAM_ALLOW_PRIVATE


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gov_webhook_allow_http = fields.Boolean(
        string="Allow plain HTTP webhooks",
        help="Events are signed but not encrypted over http://: allow it only on a network you trust.")
    gov_webhook_allow_private = fields.Boolean(
        string="Allow webhooks to private addresses",
        help="Let webhooks reach loopback, private and link-local addresses (a receiver on this machine "
             "or the agency's internal network). Service managers then choose addresses inside your network.")

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        # sudo: settings are for administrators only (res.config.settings is theirs)
        params = self.env["ir.config_parameter"].sudo()
        values.update(gov_webhook_allow_http=params.get_param(PARAM_ALLOW_HTTP) == "True",
                      gov_webhook_allow_private=params.get_param(PARAM_ALLOW_PRIVATE) == "True")
        return values

    @api.multi
    def set_values(self):
        res = super(ResConfigSettings, self).set_values()
        params = self.env["ir.config_parameter"].sudo()  # sudo: as in get_values
        params.set_param(PARAM_ALLOW_HTTP, "True" if self.gov_webhook_allow_http else "False")
        params.set_param(PARAM_ALLOW_PRIVATE, "True" if self.gov_webhook_allow_private else "False")
        return res
