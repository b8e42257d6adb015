"""The webhook of an agency: where its events go and the secret that signs them."""
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.oss_open311.open311 import CONTROL_RE, MARKUP_RE

from . import webhook_target


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_webhook_url = fields.Char(
        string="Webhook URL", groups="gov_crm.group_gov_service_manager",
        help="HTTPS address where the agency receives an event at every change of state of its requests.")
    gov_webhook_secret = fields.Char(
        string="Webhook secret", copy=False, readonly=True, groups="gov_crm.group_gov_service_manager",
        help="Shared with the agency: every event carries an HMAC-SHA256 signature made with it.")
    gov_webhook_active = fields.Boolean(string="Send events", groups="gov_crm.group_gov_service_manager")

    @api.constrains("gov_webhook_url", "gov_webhook_active")
    def _check_gov_webhook(self):
        # the webhook fields are for service managers only; the check must also run when
        # someone else saves a partner, so it reads them as superuser
        for partner in self.sudo().filtered("gov_webhook_active"):
            if partner.gov_party_type != "agency":
                raise ValidationError(_(
                    "%(name)s is not an agency: only agencies receive webhook events.\n"
                    "%(name)s ไม่ใช่หน่วยงานรัฐ จึงรับเว็บฮุกไม่ได้") % {"name": partner.name})
            url = partner.gov_webhook_url or ""
            try:
                if not url or MARKUP_RE.search(url) or CONTROL_RE.search(url) or " " in url:
                    raise webhook_target.TargetRefused("the address must be an https:// URL")
                webhook_target.check_target(url, **partner._gov_webhook_allowances())
            except webhook_target.TargetRefused as refusal:
                raise ValidationError(_(
                    "The webhook URL of %(name)s is refused: %(reason)s.\n"
                    "URL เว็บฮุกของ %(name)s ใช้ไม่ได้: %(reason)s") % {"name": partner.name, "reason": refusal})

    @api.model
    def _gov_webhook_allowances(self):
        """What an administrator allows beyond public HTTPS addresses (Settings > Agency exchange)."""
        # sudo: system parameters are the administrator's; reading two flags of them is harmless.
        # Read without the ormcache of get_param: a change applies at once in every worker.
        keys = (webhook_target.PARAM_ALLOW_HTTP, webhook_target.PARAM_ALLOW_PRIVATE)
        values = dict(self.env["ir.config_parameter"].sudo().search([("key", "in", keys)]).mapped(
            lambda param: (param.key, param.value)))
        return {"allow_http": values.get(keys[0]) == "True", "allow_private": values.get(keys[1]) == "True"}

    @api.multi
    def action_gov_generate_webhook_secret(self):
        """A new signing secret; the agency must be given it before the next event."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        for partner in self:
            partner.gov_webhook_secret = secrets.token_urlsafe(32)
        return True

    def _gov_anonymise_records(self, traces):
        """Events of the person's requests keep their payload, scrubbed of the person."""
        super()._gov_anonymise_records(traces)
        events = self.env["oss.agency.event"].sudo().search([
            "|", ("request_id.partner_id", "=", self.id), ("request_id.contact_id", "=", self.id)])
        traces.scrub_columns(self.env.cr, "oss_agency_event", ("payload", "last_error"), ids=events.ids, own=True)
