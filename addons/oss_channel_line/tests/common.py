"""The LINE channel without LINE: the Messaging API replaced by a recorder, a person who talks to
the agency's account, and the request their conversation makes, confirmed by the front desk."""
import io
import time
import uuid
from unittest.mock import patch

from PIL import Image

from odoo.addons.one_stop_service.tests.common import OssCase

from ..line_api import LineApiError, MessagingApi


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


class Recorder:
    """Stands in for the Messaging API: records what would have been sent."""

    def __init__(self, language="th", photo=None):
        self.replies, self.pushes, self.language, self.photo = [], [], language, photo

    def reply(self, _api, token, texts):
        self.replies.append((token, texts))

    def push(self, _api, user_id, texts, _retry_key=None):
        self.pushes.append((user_id, texts))

    def profile(self, _api, _user_id):
        return {"displayName": "สมหญิง ไลน์", "language": self.language}

    def content(self, _api, _message_id, _limit):
        if self.photo is None:
            raise LineApiError("no content")
        return self.photo, "image/png"

    def patches(self):
        return [patch.object(MessagingApi, name, lambda api, *args, name=name: getattr(self, name)(api, *args))
                for name in ("reply", "push", "profile", "content")]


class LineCase(OssCase):
    """A LINE account per test (``self.user_id``) talking to the agency's, the API recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("oss_channel_line.channel_access_token", "unit-token")
        cls.Conversation = cls.env["oss.line.conversation"]

    def setUp(self):
        super().setUp()
        self.user_id = "U" + uuid.uuid4().hex
        self.recorder = Recorder(photo=png())
        # the per-user rate limit counts in its own committed rows: the HTTP test checks it
        allowed = patch.object(type(self.env["oss.line.conversation"]), "_ol_allowed", lambda model, user_id: True)
        for patcher in self.recorder.patches() + [allowed]:
            patcher.start()
            self.addCleanup(patcher.stop)

    def event(self, message=None, kind="message", **extra):
        event = {"type": kind, "webhookEventId": uuid.uuid4().hex, "timestamp": int(time.time() * 1000),
                 "source": {"type": "user", "userId": self.user_id}, "replyToken": uuid.uuid4().hex}
        if message:
            event["message"] = message
        event.update(extra)
        return event

    def say(self, *messages):
        """Deliver ``messages`` one event each; the texts replied to the last one."""
        for message in messages:
            payload = {"events": [self.event(message)]}
            self.assertIsNone(self.Conversation._ol_refusal(payload))
            self.Conversation._ol_receive(payload)
        return self.recorder.replies[-1][1]

    def complaint(self):
        """A request made by a finished conversation of ``self.user_id`` (a person LINE only reaches)."""
        self.say({"type": "text", "id": "1", "text": "แจ้งเรื่อง"}, {"type": "text", "id": "2", "text": "น้ำท่วม"},
                 {"type": "text", "id": "3", "text": "skip"},
                 {"type": "location", "id": "4", "latitude": 13.7, "longitude": 100.4})
        return self.env["oss.request"].search([("line_user_id", "=", self.user_id)])

    def confirmed(self, request):
        """The front desk confirms the person (with the ID given when called back) and the service."""
        request.sudo(self.front_desk)._oss_triage_confirm(request.partner_id, self.service,
                                                          identifier="1103700004564")
        return request
