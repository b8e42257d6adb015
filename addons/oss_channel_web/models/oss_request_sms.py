"""Notices by SMS to those who gave a mobile number and no e-mail address (the public form
confirmed by a code sent by SMS), or who prefer SMS: queued in gov_otp's SMS outbox, sent
after the transaction that decided them."""
from odoo import models

from odoo.addons.gov_otp.models.gov_otp import normalise_target


class OssRequest(models.Model):
    _inherit = "oss.request"

    _oss_notice_contact_columns = ("mobile", "phone", "gov_preferred_channel")

    def _oss_sms_number(self, contact=None):
        """The applicant's Thai mobile number (mobile, else phone), normalised, or None (``contact``: the
        applicant's columns as ``_oss_notice_contact`` gives them, else read from the applicant)."""
        self.ensure_one()
        person = contact if contact is not None else self.partner_id
        for value in (person["mobile"], person["phone"]):
            number = normalise_target("sms", value) if value else None
            if number:
                return number
        return None

    def _oss_notice_channels(self):
        channels = super()._oss_notice_channels()
        contact = self._oss_notice_contact()
        if not self._oss_sms_number(contact):
            return channels
        if contact["gov_preferred_channel"] == "sms":
            return [channel for channel in channels if channel != "email"] + ["sms"]
        return channels if channels else ["sms"]

    def _oss_post_and_queue(self, template, channels):
        """The SMS is the notice's short text (an SMS carries no more)."""
        message = super()._oss_post_and_queue(template, channels)
        if "sms" in channels:
            text = self.with_context(lang=self.partner_id.lang or "th_TH")._oss_notice_short_text(message.subject)
            # sudo: the outbox is the system's; the caller was allowed to give the notice
            self.env["gov.sms"].sudo().queue(self._oss_sms_number(), text, self)
        return message

    def unlink(self):
        """A deleted request's SMS not yet sent go with it (its outbox rows name it, without a key)."""
        # sudo: the outbox is the system's
        self.env["gov.sms"].sudo().search([("res_model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        return super().unlink()
