"""A form sent with the public web form, kept until its one-time code is confirmed.

Nothing of a form becomes a request, a person or a file before the code that went to the
sender's e-mail address or mobile number is confirmed: until then the form (its text, place and
photos, the photos in the row itself, not as attachments) waits here under a random token,
for as long as the code is valid. Confirmed, it goes through the one path where a free-text
message becomes a request (``oss.request._oss_intake_message``, as an e-mail does) and is
deleted; left unconfirmed, the daily cron forgets it.

Nobody but the system reads or writes these rows: the public routes use them with ``sudo()``
after their own checks (CSRF, honeypot, rate limit, the token and the code).
"""
import base64
import datetime
import logging
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.gov_crm.lib import intake_message
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate
from odoo.addons.gov_crm.tools.xmlid import cached_ref
from odoo.addons.gov_public.models.oss_service import pick
from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage

_logger = logging.getLogger(__name__)
PHOTO_SLOTS = (1, 2, 3)
OTP_PURPOSE = "oss_channel_web.submit.%s"


class OssWebSubmission(models.Model):
    _name = "oss.web.submission"
    _description = "Public web form awaiting its code"
    _order = "id desc"

    token = fields.Char(required=True, index=True, readonly=True, copy=False)
    service_id = fields.Many2one("oss.service", required=True, ondelete="cascade", readonly=True)
    sender_name = fields.Char(required=True, readonly=True)
    channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], required=True, readonly=True)
    target = fields.Char(required=True, readonly=True, help="The normalised e-mail address or mobile number.")
    description = fields.Text(required=True, readonly=True)
    address = fields.Char(readonly=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    located = fields.Boolean(readonly=True, help="Whether the person gave a map position.")
    lang = fields.Char(required=True, default="th_TH", readonly=True)
    expires_at = fields.Datetime(required=True, index=True, readonly=True)
    # the photos stay in the row (no ir.attachment) until the code is confirmed
    photo_1 = fields.Binary(attachment=False, readonly=True)
    photo_1_name = fields.Char(readonly=True)
    photo_2 = fields.Binary(attachment=False, readonly=True)
    photo_2_name = fields.Char(readonly=True)
    photo_3 = fields.Binary(attachment=False, readonly=True)
    photo_3_name = fields.Char(readonly=True)

    _sql_constraints = [("token_uniq", "unique(token)", "The token of a web form must be unique.")]

    @api.model
    def _ow_keep(self, service, values, photos):
        """Keep a checked form of ``service`` until its code is confirmed; ``photos`` are (name, bytes)."""
        minutes = self.env["gov.otp"]._param_int("gov_otp.validity_minutes", 10)
        expires = datetime.datetime.utcnow() + datetime.timedelta(minutes=minutes)
        record = dict(values, token=secrets.token_urlsafe(24), service_id=service.id,
                      expires_at=fields.Datetime.to_string(expires))
        for slot, (name, content) in zip(PHOTO_SLOTS, photos):
            record["photo_%d" % slot] = base64.b64encode(content)
            record["photo_%d_name" % slot] = name
        return self.create(record)

    @api.model
    def _ow_find(self, token, service):
        """The form kept under ``token`` for ``service``, expired or not; an empty recordset otherwise."""
        if not isinstance(token, str) or not 20 <= len(token) <= 64:
            return self.browse()
        return self.search([("token", "=", token), ("service_id", "=", service.id)], limit=1)

    def _ow_expired(self):
        self.ensure_one()
        return self.expires_at <= fields.Datetime.now()

    def _ow_otp_purpose(self):
        self.ensure_one()
        return OTP_PURPOSE % self.id

    def _ow_photos(self):
        self.ensure_one()
        return [intake_message.Attachment(self["photo_%d_name" % slot], base64.b64decode(self["photo_%d" % slot]))
                for slot in PHOTO_SLOTS if self["photo_%d" % slot]]

    def _ow_intake_message(self):
        """The ``IntakeMessage`` of the confirmed form (read in its sender's language): the channel's
        path to a request in triage."""
        self.ensure_one()
        subject = _("Web form: %(service)s") % {"service": pick(self.service_id, "name", self.lang)}
        text = self.description.strip()
        place = self._ow_place_text()
        if place:
            text = "%s\n\n%s" % (text, place)
        return IntakeMessage("web", self.sender_name, self.target if self.channel == "email" else None,
                             self.target if self.channel == "sms" else None,
                             subject, text, self._ow_photos(), self.service_id, self.lang)

    def _ow_place_text(self):
        parts = []
        if self.address:
            parts.append(_("Place: %(address)s") % {"address": self.address})
        if self.located:
            parts.append(_("Map position: %(lat).6f, %(long).6f") % {"lat": self.latitude, "long": self.longitude})
        return "\n".join(parts)

    def _ow_confirm(self):
        """The request in triage this confirmed form becomes (the form is deleted), acknowledged by
        e-mail or SMS with its tracking number and the link to the status page."""
        self.ensure_one()
        Request = self.env["oss.request"].with_context(lang=self.lang)
        request = Request._oss_intake_message(self.with_context(lang=self.lang)._ow_intake_message())
        with protected_gate():  # where it happened, as the person gave it: the system's record
            request.write({"web_address": self.address or False,
                           "web_latitude": self.latitude if self.located else False,
                           "web_longitude": self.longitude if self.located else False})
        channel, target = self.channel, self.target
        self.unlink()
        request._ow_acknowledge(channel, target)
        return request

    @api.model
    def _cron_purge(self):
        """Forget the forms whose code was never confirmed."""
        self.search([("expires_at", "<", fields.Datetime.now())]).unlink()


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _ow_acknowledge(self, channel, target):
        """Tell the person the tracking number where they confirmed their code: by e-mail (with the QR
        code of the status page) or by SMS. A notice that cannot go out is logged on the request; the
        request stays (the confirmation page shows the number too)."""
        self.ensure_one()
        if channel == "email":
            # the notice's job sends the e-mail as soon as it is queued: the acknowledgement does
            # not wait for the mail queue
            self._oss_notify("oss_channel_web.mail_template_oss_web_received", send_now=True)
            return
        lang = self.partner_id.lang or "th_TH"
        text = self.with_context(lang=lang)._ow_sms_text()
        try:
            self.env["gov.sms.gateway"].send(target, text)
        except UserError as error:
            _logger.warning("Acknowledgement SMS of %s not sent: %s", self.name, error.name)
            self._oss_log(_("Acknowledgement by SMS not sent: %(reason)s") % {"reason": error.name})
            return
        self._oss_log(_("Acknowledgement sent by SMS: %(text)s") % {"text": text})

    def _oss_post_and_queue(self, template, channels):
        """The acknowledgement's e-mail carries the QR code of the status page; the message kept on the
        request does not (a picture in a posted message would become a file of its own)."""
        message = super()._oss_post_and_queue(template, channels)
        if template == cached_ref(self.env, "oss_channel_web.mail_template_oss_web_received",
                                  raise_if_not_found=False):
            picture = '<p><img src="%s" alt="QR %s" width="180" height="180"/></p>' % (
                self.oss_track_qr_data_uri(), html_escape(self.name))
            # sudo: the queued e-mail is the system's; the caller was allowed to give the notice
            for mail in self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)]):
                mail.body_html = (mail.body_html or "") + picture
        return message

    def _ow_sms_text(self):
        return _("Request %(name)s received; the staff will confirm it. Status: %(url)s") % {
            "name": self.name, "url": self.oss_track_number_url()}
