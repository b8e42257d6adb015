"""Notices by SMS to those who gave a mobile number and no e-mail address (the public form
confirmed by a code sent by SMS), or who prefer SMS: queued in gov_otp's SMS outbox, sent
after the transaction that decided them."""
from odoo import models

from odoo.addons.gov_otp.models.gov_otp import normalise_target


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_sms_number(self):
        """The applicant's Thai mobile number (mobile, else phone), normalised, or None."""
        self.ensure_one()
        for value in (self.partner_id.mobile, self.partner_id.phone):
            number = normalise_target("sms", value) if value else None
            if number:
                return number
        return None

    def _oss_notice_channels(self):
        channels = super()._oss_notice_channels()
        if not self._oss_sms_number():
            return channels
        if self.partner_id.gov_preferred_channel == "sms":
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
