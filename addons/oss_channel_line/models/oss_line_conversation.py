"""A LINE user's complaint in the making, one row per LINE user, until it becomes a request.

"complaint" (or "แจ้งเรื่อง") starts it; the text of the complaint, a photo (or "skip") and the
place (a LINE location message) follow, each answered with the next question, and the place
makes ONE request in triage through the intake path every channel uses
(``oss.request._oss_intake_message``). "status OSS-..." answers the public status of a request
sent from the same LINE account. Nothing is a request, a person or a file before the place
arrives; an unfinished conversation is forgotten after ``oss_channel_line.conversation_minutes``.

The webhook handles the events as the system (its caller is LINE, checked by the signature);
the front desk may read the conversations under way, nobody else.
"""
import base64
import datetime
import logging
import re
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gov_crm.lib import intake_message
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate
from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage
from odoo.addons.oss_open311.media import clean_photo
from odoo.addons.oss_open311.open311 import Open311Error

from ..line_api import LineApiError, MessagingApi

_logger = logging.getLogger(__name__)
PARAM = "oss_channel_line.%s"
DEFAULTS = {"api_url": "https://api.line.me", "api_data_url": "https://api-data.line.me",
            "photo_max_bytes": 5 * 1024 * 1024, "conversation_minutes": 60, "max_event_age_seconds": 300,
            "user_rate_limit": 30, "user_rate_window": 600}
START_WORDS = ("complaint", "แจ้งเรื่อง")
SKIP_WORDS = ("skip", "ข้าม")
CANCEL_WORDS = ("cancel", "ยกเลิก")
STATUS_RE = re.compile(r"^\s*(?:status|สถานะ)\s*:?\s*(OSS-[0-9A-Za-z/-]{1,40})\s*$", re.IGNORECASE)
USER_ID_RE = re.compile(r"^U[0-9a-f]{32}$")
MAX_TEXT = 4000
PHOTO_TYPES = ("image/jpeg", "image/png")


class OssLineConversation(models.Model):
    _name = "oss.line.conversation"
    _description = "LINE conversation under way"
    _order = "write_date desc"

    line_user_id = fields.Char(string="LINE user", required=True, index=True, readonly=True)
    sender_name = fields.Char(string="LINE name", readonly=True)
    lang = fields.Char(required=True, default="th_TH", readonly=True)
    step = fields.Selection([("text", "Waiting for the text"), ("photo", "Waiting for a photo"),
                             ("location", "Waiting for the place")], required=True, default="text", readonly=True)
    description = fields.Text(readonly=True)
    # the photo stays in the row (no ir.attachment) until the request is made
    photo = fields.Binary(attachment=False, readonly=True)
    photo_name = fields.Char(readonly=True)

    _sql_constraints = [("line_user_uniq", "unique(line_user_id)", "One conversation per LINE user.")]

    # ------------------------------------------------------------ settings and the API
    @api.model
    def _ol_param(self, key):
        # sudo: the channel's settings are system parameters the webhook and the notices read
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM % key)
        default = DEFAULTS.get(key)
        if isinstance(default, int):
            try:
                return int(value) if value else default
            except ValueError:
                return default
        return value or default

    @api.model
    def _ol_api(self):
        return MessagingApi(self._ol_param("channel_access_token"), self._ol_param("api_url"),
                            self._ol_param("api_data_url"))

    # ------------------------------------------------------------ the webhook's deliveries
    @api.model
    def _ol_refusal(self, payload):
        """Why a signed delivery is refused before anything is done ((status, text)), or None."""
        events = payload.get("events") if isinstance(payload, dict) else None
        if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
            return 400, "the body has no list of events"
        ids = [event.get("webhookEventId") for event in events]
        if not all(isinstance(event_id, str) and 0 < len(event_id) <= 64 for event_id in ids) \
                or len(set(ids)) != len(ids):
            return 400, "an event has no webhookEventId"
        if self.env["oss.line.event"]._ol_seen(ids):
            return 409, "replayed delivery: its events were already taken"
        now, age = time.time() * 1000, self._ol_param("max_event_age_seconds") * 1000
        for event in events:
            stamp = event.get("timestamp")
            if not isinstance(stamp, int) or not now - age <= stamp <= now + 60000:
                return 409, "replayed delivery: an event is older than %d seconds" % (age // 1000)
        return None

    @api.model
    def _ol_receive(self, payload):
        """Take the events of a signed delivery checked by ``_ol_refusal``; the replies go to LINE."""
        events = payload["events"]
        self.env["oss.line.event"]._ol_take([event["webhookEventId"] for event in events])
        for event in events:
            source = event.get("source") or {}
            user_id = source.get("userId")
            if source.get("type") != "user" or not isinstance(user_id, str) or not USER_ID_RE.match(user_id):
                continue
            if not self._ol_allowed(user_id):
                _logger.info("LINE: events of a user over the rate limit ignored")
                continue
            texts = self._ol_event(user_id, event)
            if texts and isinstance(event.get("replyToken"), str):
                try:
                    self._ol_api().reply(event["replyToken"], texts)
                except LineApiError as error:
                    _logger.warning("LINE reply not sent: %s", error)

    @api.model
    def _ol_allowed(self, user_id):
        RateLimit = self.env["gov.rate.limit"]
        allowed, _retry = RateLimit.hit("oss_channel_line.user", RateLimit.address_key(user_id),
                                        self._ol_param("user_rate_limit"), self._ol_param("user_rate_window"))
        return allowed

    @api.model
    def _ol_event(self, user_id, event):
        """The texts that answer one event of ``user_id``, in their language."""
        conversation = self.search([("line_user_id", "=", user_id)], limit=1)
        lang = conversation.lang if conversation else self._ol_lang(user_id)
        model, conversation = self.with_context(lang=lang), conversation.with_context(lang=lang)
        message = event.get("message") or {}
        if event.get("type") == "follow":
            return [model._ol_help()]
        if event.get("type") != "message":
            return []
        if message.get("type") == "text" and isinstance(message.get("text"), str):
            return model._ol_text(user_id, conversation, message["text"].strip(), lang)
        if not conversation:
            return [model._ol_help()]
        if message.get("type") == "image" and conversation.step == "photo":
            return conversation._ol_photo(str(message.get("id") or ""))
        if message.get("type") == "location" and conversation.step == "location":
            return conversation._ol_place(message)
        return [conversation._ol_question()]

    @api.model
    def _ol_lang(self, user_id):
        """Thai, or English when the person (or their LINE profile) speaks English."""
        person = self.env["res.partner"].search([("gov_line_id", "=", user_id)], limit=1)
        if person:
            return "en_US" if (person.lang or "").startswith("en") else "th_TH"
        return "en_US" if self._ol_profile(user_id).get("language", "").startswith("en") else "th_TH"

    @api.model
    def _ol_profile(self, user_id):
        try:
            profile = self._ol_api().profile(user_id)
        except (LineApiError, ValueError) as error:
            _logger.info("LINE profile not read: %s", error)
            return {}
        return profile if isinstance(profile, dict) else {}

    # ------------------------------------------------------------ the steps
    @api.model
    def _ol_text(self, user_id, conversation, text, lang):
        words = text.lower()
        status = STATUS_RE.match(text)
        if status:
            return [self.env["oss.request"].with_context(lang=lang)._ol_status_text(user_id, status.group(1).upper())]
        if words in CANCEL_WORDS:
            conversation.unlink()
            return [_("Cancelled: nothing was sent. Type \"complaint\" to start again.")]
        if words in START_WORDS:
            conversation.unlink()
            name = self._ol_profile(user_id).get("displayName")
            self.create({"line_user_id": user_id, "lang": lang,
                         "sender_name": name[:128] if isinstance(name, str) else False})
            return [_("What is the problem? Describe it in one message.")]
        if not conversation:
            return [self._ol_help()]
        if conversation.step == "text":
            if len(text) > MAX_TEXT:
                return [_("The text is too long: write it in %(max)s characters at most.") % {"max": MAX_TEXT}]
            if not text:
                return [conversation._ol_question()]
            conversation.write({"description": text, "step": "photo"})
        elif conversation.step == "photo" and words in SKIP_WORDS:
            conversation.write({"step": "location"})
        return [conversation._ol_question()]

    def _ol_question(self):
        self.ensure_one()
        return {
            "text": _("What is the problem? Describe it in one message."),
            "photo": _("Send a photo of the problem, or type \"skip\"."),
            "location": _("Where is it? Send the place with LINE's location button (+ then Location)."),
        }[self.step]

    @api.model
    def _ol_help(self):
        return _("Type \"complaint\" to report a problem to the agency, or \"status\" and the request number "
                 "(status OSS-...) to read how your request is going.")

    def _ol_photo(self, message_id):
        """The photo of the message, fetched from LINE and checked (type, size, content), then the place."""
        self.ensure_one()
        limit = self._ol_param("photo_max_bytes")
        try:
            if not message_id.isdigit():
                raise LineApiError("no message id")
            data, _content_type = self._ol_api().content(message_id, limit)
            data, mimetype, extension = clean_photo(data)
            if mimetype not in PHOTO_TYPES:
                raise Open311Error("not a JPEG or PNG photo")
        except (LineApiError, Open311Error) as error:
            _logger.info("LINE photo refused: %s", error)
            return [_("This photo could not be taken: send a JPEG or PNG photo under %(size)s MB, or type "
                      "\"skip\".") % {"size": "%.0f" % (limit / (1024.0 * 1024.0))}]
        self.write({"photo": base64.b64encode(data), "photo_name": "line-photo.%s" % extension, "step": "location"})
        return [self._ol_question()]

    def _ol_place(self, message):
        """The request the finished conversation becomes (the conversation is deleted), and its number."""
        self.ensure_one()
        try:
            latitude, longitude = float(message.get("latitude")), float(message.get("longitude"))
        except (TypeError, ValueError):
            return [self._ol_question()]
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return [self._ol_question()]
        address = message.get("address") if isinstance(message.get("address"), str) else ""
        address = address.strip()[:300]
        try:
            with self.env.cr.savepoint():
                request = self._ol_request(address, latitude, longitude)
        except (UserError, ValidationError) as error:
            return [error.name]
        self.unlink()
        return [_("Thank you. Your request number is %(name)s; the staff will check it and you will get news "
                  "here. To read its status, type: status %(name)s") % {"name": request.name}]

    def _ol_request(self, address, latitude, longitude):
        place = [_("Place: %(address)s") % {"address": address}] if address else []
        place.append(_("Map position: %(lat).6f, %(long).6f") % {"lat": latitude, "long": longitude})
        text = "%s\n\n%s" % (self.description, "\n".join(place))
        files = [intake_message.Attachment(self.photo_name, base64.b64decode(self.photo))] if self.photo else []
        message = IntakeMessage("line", self.sender_name or "LINE", None, None, _("LINE: complaint"), text,
                                files, self.env["oss.service"], self.lang)
        Request = self.env["oss.request"].with_context(lang=self.lang, oss_line_user_id=self.line_user_id)
        request = Request._oss_intake_message(message)
        with protected_gate():  # where it happened and who sent it, as LINE gave them: the system's record
            request.write({"web_address": address or False, "web_latitude": latitude, "web_longitude": longitude,
                           "line_user_id": self.line_user_id})
        return request

    @api.model
    def _cron_purge(self):
        """Forget the conversations left unfinished and the deliveries taken a day ago."""
        limit = datetime.datetime.utcnow() - datetime.timedelta(minutes=self._ol_param("conversation_minutes"))
        self.search([("write_date", "<", fields.Datetime.to_string(limit))]).unlink()
        self.env["oss.line.event"]._cron_purge()
