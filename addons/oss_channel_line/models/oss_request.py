"""Requests sent by LINE: who sent them (their LINE user), their status by LINE and status notices.

The person of a LINE request is the one registered with the sender's LINE user id
(``res.partner.gov_line_id``), or a person registered with it. The request keeps the LINE user
it came from, so that the notices and the status answers reach that account only, even when
the front desk confirms the request for a person registered earlier. The request's notices
(received, question, missing documents, delay, done, rejected...) are queued for that account
through the notice channels' hook and pushed by the LINE outbox (``oss.line.push``) after the
transaction; the chatter keeps each one sent.
"""
from odoo import _, api, fields, models

from odoo.addons.gov_crm.lib import intake_message

from odoo.addons.one_stop_service.models.oss_request import CLOSED_STATES


class OssRequest(models.Model):
    _inherit = "oss.request"
    _oss_notice_contact_columns = ("gov_preferred_channel",)
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

    def _oss_notice_channels(self):
        """LINE when the request came from a LINE account and the person prefers LINE (then not
        by e-mail) or gave no e-mail address: the request's account, never another one."""
        channels = super()._oss_notice_channels()
        # sudo: which LINE account the request came from, whoever gives the notice
        if not self.sudo().line_user_id:
            return channels
        if self._oss_notice_contact()["gov_preferred_channel"] == "line":
            return [channel for channel in channels if channel != "email"] + ["line"]
        return channels if "email" in channels else channels + ["line"]

    def _oss_post_and_queue(self, template, channels):
        """The LINE notice is the notice's short text, pushed by the LINE outbox after the transaction."""
        message = super()._oss_post_and_queue(template, channels)
        if "line" in channels:
            text = self.with_context(lang=self.partner_id.lang or "th_TH")._oss_notice_short_text(message.subject)
            # sudo: the outbox and the request's LINE account are the system's; the caller was
            # allowed to give the notice
            self.env["oss.line.push"].sudo().queue(self.sudo(), text)
        return message
