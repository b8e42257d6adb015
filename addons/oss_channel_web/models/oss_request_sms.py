"""Notices by SMS to those who gave a mobile number and no e-mail address (the public form
confirmed by a code sent by SMS), or who prefer SMS: queued in gov_otp's SMS outbox, sent
after the transaction that decided them."""
from odoo import _, models

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

    def _oss_post_and_queue(self, template):
        """The SMS says what the e-mail's subject says, in the person's language, with the signed
        link of the status page (an SMS carries no more)."""
        message = super()._oss_post_and_queue(template)
        if "sms" in self._oss_notice_channels():
            text = self.with_context(lang=self.partner_id.lang or "th_TH")._oss_sms_notice_text(template)
            # sudo: the outbox is the system's; the caller was allowed to give the notice
            self.env["gov.sms"].sudo().queue(self._oss_sms_number(), text, self)
        return message

    def unlink(self):
        """A deleted request's SMS not yet sent go with it (its outbox rows name it, without a key)."""
        # sudo: the outbox is the system's
        self.env["gov.sms"].sudo().search([("res_model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        return super().unlink()

    def _oss_sms_notice_text(self, template):
        """The notice's subject and the signed status link, in the applicant's language (the
        environment's, for the words around them)."""
        # the template's own language is the applicant's: it renders the subject as the e-mail has it
        subject = template.generate_email(self.id, fields=["subject"])["subject"]
        return _("%(subject)s. Status: %(url)s") % {"subject": subject, "url": self.oss_track_signed_url()}
