"""Which services the public web form takes; their pages link to it."""
from odoo import fields, models


class OssService(models.Model):
    _inherit = "oss.service"

    web_form = fields.Boolean(
        string="Open to the public web form", default=False,
        help="Anyone may ask for this service with the public form (/services/<code>/form) without a login, "
             "confirming their e-mail address or mobile number with a one-time code. The request waits in "
             "triage until the front desk confirms the person. For complaints, information requests and "
             "repair reports, not for services that need documents checked first.")

    def _ow_open(self):
        """Whether the public form takes this service: published, offered and open to the form."""
        self.ensure_one()
        return bool(self.active and self.published and self.web_form)

    def _gp_page(self, lang):
        values = super()._gp_page(lang)
        channel = self.env.ref("oss_channel_web.oss_channel_web", raise_if_not_found=False)
        if self.web_form and channel:
            values["channels"] = [entry for entry in values["channels"] if entry["code"] != channel.code]
            values["channels"].insert(0, channel.with_context(lang=lang)._gp_apply(
                self, self.env.user.company_id._gp_agency()))
        return values
