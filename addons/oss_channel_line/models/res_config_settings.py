"""The LINE Official Account's settings, kept in system parameters (administrators only)."""
from odoo import api, fields, models

# field of the settings -> system parameter
PARAMS = {"oss_line_channel_secret": "oss_channel_line.channel_secret",
          "oss_line_channel_access_token": "oss_channel_line.channel_access_token",
          "oss_line_api_url": "oss_channel_line.api_url",
          "oss_line_api_data_url": "oss_channel_line.api_data_url"}
# read by administrators only: a service manager opens the settings for the agency's values
SECRETS = ("oss_line_channel_secret", "oss_line_channel_access_token")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oss_line_channel_secret = fields.Char(
        string="LINE channel secret", groups="base.group_system",
        help="From the LINE Developers console (Basic settings): signs every webhook delivery.")
    oss_line_channel_access_token = fields.Char(
        string="LINE channel access token", groups="base.group_system",
        help="From the LINE Developers console (Messaging API): a long-lived channel access token.")
    oss_line_api_url = fields.Char(
        string="Messaging API address",
        help="Empty: https://api.line.me")
    oss_line_api_data_url = fields.Char(
        string="Messaging API content address",
        help="Where the photos are fetched. Empty: https://api-data.line.me")
    oss_line_webhook_url = fields.Char(string="Webhook URL", compute="_compute_oss_line_webhook_url",
                                       help="Give this address as the webhook URL in the LINE Developers console.")

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        # sudo: settings are for administrators only (res.config.settings is theirs)
        params = self.env["ir.config_parameter"].sudo()
        values.update({field: params.get_param(key) or False for field, key in PARAMS.items()
                       if field not in SECRETS or self._gov_is_administrator()})
        return values

    @api.multi
    def set_values(self):
        result = super(ResConfigSettings, self).set_values()
        params = self.env["ir.config_parameter"].sudo()  # sudo: as in get_values
        for field, key in PARAMS.items():
            params.set_param(key, (self[field] or "").strip() or False)
        return result

    @api.depends("company_id")
    def _compute_oss_line_webhook_url(self):
        # sudo: the server's public address, a system parameter shown to the administrator
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        for settings in self:
            settings.oss_line_webhook_url = "%s/line/webhook" % base.rstrip("/")
