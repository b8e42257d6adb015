"""The webhook of an agency: where its events go and the secrets that sign them.

A new secret takes effect at once; the previous one keeps signing too during the rotation
window (48 hours by default, ``oss_agency_exchange.webhook_rotation_hours``): every event
then carries a signature with each, so the agency switches its receiver to the new secret
when it likes, without losing an event.
"""
import datetime
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.oss_open311.open311 import CONTROL_RE, MARKUP_RE

from . import webhook_target


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_webhook_url = fields.Char(
        string="Webhook URL", groups="gov_crm.group_gov_service_manager",
        help="Where the agency receives an event at every change of state of its requests: an https:// "
             "address that resolves to public addresses only. An administrator may allow plain http:// "
             "or private addresses (Settings > Agency exchange).")
    gov_webhook_secret = fields.Char(
        string="Webhook secret", copy=False, readonly=True, groups="gov_crm.group_gov_service_manager",
        help="Shared with the agency: every event carries an HMAC-SHA256 signature made with it.")
    gov_webhook_secret_previous = fields.Char(
        string="Previous webhook secret", copy=False, readonly=True, groups="gov_crm.group_gov_service_manager",
        help="The secret replaced last: events are signed with it too until the end of the rotation window.")
    gov_webhook_secret_previous_until = fields.Datetime(
        string="Previous secret signs until", copy=False, readonly=True,
        groups="gov_crm.group_gov_service_manager")
    gov_webhook_signature = fields.Selection(
        [("v2", "v2: signs the time, the event type, the idempotency key and the body"),
         ("v1", "v1 (legacy): signs the time and the body")],
        string="Signature", default="v2", required=True, groups="gov_crm.group_gov_service_manager",
        help="v2 signs everything the agency acts on and carries a signature per valid secret during a "
             "rotation. v1 is kept for receivers written before v2, until the agency has switched; it has "
             "one signature only, so a new secret then takes effect at once.")
    gov_webhook_active = fields.Boolean(string="Send events", groups="gov_crm.group_gov_service_manager")

    @api.constrains("gov_webhook_url", "gov_webhook_active")
    def _check_gov_webhook(self):
        # the webhook fields are for service managers only; the check must also run when
        # someone else saves a partner, so it reads them as superuser
        for partner in self.sudo().filtered("gov_webhook_active"):
            if partner.gov_party_type != "agency":
                raise ValidationError(_(
                    "%(name)s is not an agency: only agencies receive webhook events.") % {"name": partner.name})
            url = partner.gov_webhook_url or ""
            try:
                if not url or MARKUP_RE.search(url) or CONTROL_RE.search(url) or " " in url:
                    raise webhook_target.TargetRefused("the address must be an https:// URL")
                webhook_target.check_target(url, **partner._gov_webhook_allowances())
            except webhook_target.TargetRefused as refusal:
                raise ValidationError(_(
                    "The webhook URL of %(name)s is refused: %(reason)s.") % {"name": partner.name, "reason": refusal})

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
        """A new signing secret, in use at once; the previous one signs too during the rotation window."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        until = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) + datetime.timedelta(hours=self._gov_rotation_hours()))
        for partner in self:
            partner.write({
                "gov_webhook_secret_previous": partner.gov_webhook_secret or False,
                "gov_webhook_secret_previous_until": until if partner.gov_webhook_secret else False,
                "gov_webhook_secret": secrets.token_urlsafe(32),
            })
        return True

    def _gov_anonymise_records(self, traces):
        """Events of the person's requests keep their payload, scrubbed of the person."""
        res = super()._gov_anonymise_records(traces)
        events = self.env["oss.agency.event"].sudo().search([
            "|", ("request_id.partner_id", "=", self.id), ("request_id.contact_id", "=", self.id)])
        traces.scrub_columns(self.env.cr, "oss_agency_event", ("payload", "last_error"), ids=events.ids, own=True)
        return res

    @api.model
    def _gov_rotation_hours(self):
        # sudo: a system parameter of the administrator's; reading it is harmless
        value = self.env["ir.config_parameter"].sudo().get_param("oss_agency_exchange.webhook_rotation_hours", "48")
        try:
            return max(0, min(int(value), 24 * 30))
        except ValueError:
            return 48

    def _gov_webhook_secrets(self, now):
        """The secrets that sign an event sent at ``now``: the current one, then the previous one
        while its rotation window lasts."""
        self.ensure_one()
        found = [self.gov_webhook_secret] if self.gov_webhook_secret else []
        until = self.gov_webhook_secret_previous_until
        if self.gov_webhook_secret_previous and until and until > now:
            found.append(self.gov_webhook_secret_previous)
        return found
