"""Requests sent by LINE: who sent them (their LINE user), their status by LINE and status notices.

The person of a LINE request is the one registered with the sender's LINE user id
(``res.partner.gov_line_id``), or a person registered with it. The request keeps the LINE user
it came from, so that the notices and the status answers reach that account only, even when
the front desk confirms the request for a person registered earlier. Each change of the
request's public state is pushed to that account and kept in the chatter.
"""
import logging

from odoo import _, api, fields, models

from odoo.addons.gov_crm.lib import intake_message

from odoo.addons.one_stop_service.models.oss_request import CLOSED_STATES

from ..line_api import LineApiError

_logger = logging.getLogger(__name__)


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("line_user_id",)

    line_user_id = fields.Char(string="LINE user", readonly=True, copy=False, index=True,
                               groups="gov_crm.group_gov_front_desk",
                               help="The LINE account the request was sent from; its status notices go there.")

    @api.model
    def _oss_message_person(self, message):
        """A LINE message's person: the one registered with its LINE user id, or one registered now."""
        user_id = self.env.context.get("oss_line_user_id")
        if message.channel != "line" or not user_id:
            return super()._oss_message_person(message)
        Partner = self.env["res.partner"]
        found = Partner.search([("gov_line_id", "=", user_id), ("is_company", "=", False)], limit=2)
        if len(found) == 1:
            return found, False
        Partner._gov_serialise_registration("line:%s" % user_id)
        person = Partner.create({
            "name": intake_message.display_name(message.sender_name, "LINE"), "gov_party_type": "citizen",
            "gov_line_id": user_id, "gov_preferred_channel": "line", "lang": message.lang or "th_TH"})
        return person, True

    @api.model
    def _ol_status_text(self, user_id, number):
        """The public status of request ``number`` when it was sent from ``user_id``'s LINE account."""
        # sudo: the request is found by its number and the LINE account it came from only
        found = self.sudo().search([("name", "=", number), ("line_user_id", "=", user_id)], limit=1)
        if not found:
            return _("No request %(number)s was sent from this LINE account.") % {"number": number}
        return found._ol_state_text()

    def _ol_state_text(self):
        """The public status of the request in the language of the context (no name, no ID)."""
        self.ensure_one()
        values = self._oss_public_values()
        english = (self.env.lang or "").startswith("en")
        text = _("Request %(number)s: %(state)s.") % {
            "number": self.name, "state": values["state_en" if english else "state_th"]}
        expected = values["expected_en" if english else "expected_th"]
        if expected and self.state not in CLOSED_STATES:
            text += " " + _("Expected by %(date)s.") % {"date": expected}
        return text

    @api.multi
    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        # sudo: which requests came by LINE, whoever moves them
        before = {request.id: request.state for request in self.sudo() if request.line_user_id}
        result = super().write(vals)
        for request in self.sudo().filtered(lambda r: r.id in before and r.state != before[r.id]):
            request._ol_push_state()
        return result

    def _ol_push_state(self):
        """Push the request's new public state to the LINE account it came from; kept in the chatter."""
        self.ensure_one()
        allowed, reason = self.partner_id.gov_check_contact("service_notification")
        if not allowed:
            self._oss_log(_("Status notice by LINE not sent: %(reason)s") % {"reason": reason})
            return
        lang = "en_US" if (self.partner_id.lang or "").startswith("en") else "th_TH"
        text = self.with_context(lang=lang)._ol_state_text()
        try:
            self.env["oss.line.conversation"]._ol_api().push(self.line_user_id, [text])
        except LineApiError as error:
            _logger.warning("LINE status notice of %s not sent: %s", self.name, error)
            self._oss_log(_("Status notice by LINE not sent: %(reason)s") % {"reason": str(error)})
            return
        self._oss_log(_("Status notice sent by LINE: %(text)s") % {"text": text})
