"""A stand-in of the LINE Messaging API on loopback, and a LINE user who chats with the agency.

    with line_channel() as line:                 # the server's LINE settings point at the stand-in
        chat = LineChat(base_url, line)          # a LINE user (a new userId)
        chat.say("แจ้งเรื่อง")                      # a signed webhook delivery; the reply it got
        line.pushes                              # the status notices pushed

The stand-in records each reply and push the server makes, answers the profile of a user
(``line.profiles``) and the content of a photo message (``line.contents``), keeps a push's retry
key, or answers every call with ``line.failure``; ``chat.transcript`` keeps what was said, both ways.
"""
import base64
import contextlib
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from .conftest import system_params


class StandInLine:

    def __init__(self, token):
        self.token, self.replies, self.pushes, self.profiles, self.contents = token, [], [], {}, {}
        # (status, body, content type) answered to every call while set, as LINE does when it fails
        self.failure = None
        # pushes LINE takes but whose answer is lost on the way back (answered 500 here); a push
        # sent again with the same X-Line-Retry-Key is then answered 409, as LINE does, not delivered
        self.lost_answers, self.retry_keys = 0, {}
        line = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status, body=b"{}", content_type="application/json", headers=()):
                self.send_response(status)
                for header in headers:
                    self.send_header(*header)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8"))
                if line.failure:
                    return self._send(*line.failure)
                if self.headers.get("Authorization") != "Bearer %s" % line.token:
                    return self._send(401)
                if self.path == "/v2/bot/message/reply":
                    line.replies.append(body)
                elif self.path == "/v2/bot/message/push":
                    key = self.headers.get("X-Line-Retry-Key")
                    if key in line.retry_keys:
                        return self._send(409, b'{"message": "The retry key is already accepted"}',
                                          headers=[("X-Line-Accepted-Request-Id", line.retry_keys[key])])
                    line.pushes.append(body)
                    if key:
                        line.retry_keys[key] = str(uuid.uuid4())
                    if line.lost_answers:
                        line.lost_answers -= 1
                        return self._send(500, b'{"message": "answer lost"}')
                else:
                    return self._send(404)
                return self._send(200)

            def do_GET(self):
                if line.failure:
                    return self._send(*line.failure)
                if self.headers.get("Authorization") != "Bearer %s" % line.token:
                    return self._send(401)
                profile = re.match(r"^/v2/bot/profile/(U[0-9a-f]{32})$", self.path)
                content = re.match(r"^/v2/bot/message/([0-9]+)/content$", self.path)
                if profile and profile.group(1) in line.profiles:
                    return self._send(200, json.dumps(line.profiles[profile.group(1)]).encode("utf-8"))
                if content and content.group(1) in line.contents:
                    data, content_type = line.contents[content.group(1)]
                    return self._send(200, data, content_type)
                return self._send(404)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def reply_to(self, token):
        """The texts replied to the event of ``token`` (an empty list when none)."""
        return [message["text"] for reply in self.replies if reply["replyToken"] == token
                for message in reply["messages"]]

    def pushed_to(self, user_id):
        return [message["text"] for push in self.pushes if push["to"] == user_id for message in push["messages"]]


@contextlib.contextmanager
def line_channel():
    """The stand-in LINE API, set as the server's Messaging API (with a new secret and token)."""
    token, secret = uuid.uuid4().hex, uuid.uuid4().hex
    with StandInLine(token) as line:
        line.secret = secret
        with system_params(oss_channel_line__channel_secret=secret, oss_channel_line__channel_access_token=token,
                           oss_channel_line__api_url=line.url, oss_channel_line__api_data_url=line.url):
            yield line


def sign(secret, body):
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def post(base_url, body, signature):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Line-Signature"] = signature
    return requests.post(base_url + "/line/webhook", data=body, headers=headers, timeout=60)


class LineChat:
    """A LINE user (a new userId, with a profile at the stand-in) talking to the agency's account."""

    def __init__(self, base_url, line, name="สมหญิง ไลน์", language="th"):
        self.base_url, self.line = base_url, line
        self.user_id = "U" + uuid.uuid4().hex
        self.transcript = []
        self._message_ids = iter(range(int(time.time()), 10 ** 12))
        line.profiles[self.user_id] = {"userId": self.user_id, "displayName": name, "language": language}

    def event(self, message, **extra):
        event = {"type": "message", "mode": "active", "webhookEventId": uuid.uuid4().hex.upper(),
                 "timestamp": int(time.time() * 1000), "deliveryContext": {"isRedelivery": False},
                 "source": {"type": "user", "userId": self.user_id}, "replyToken": uuid.uuid4().hex,
                 "message": dict(message, id=str(next(self._message_ids)))}
        event.update(extra)
        return event

    def body(self, *events):
        return json.dumps({"destination": "Uagency", "events": list(events)}).encode("utf-8")

    def deliver(self, event, said):
        """Deliver one signed event; the texts the agency replied to it (asserting a 200)."""
        response = post(self.base_url, self.body(event), sign(self.line.secret, self.body(event)))
        assert response.status_code == 200, (response.status_code, response.text)
        replies = self.line.reply_to(event["replyToken"])
        self.transcript.append(("person", said))
        self.transcript.extend(("agency", text) for text in replies)
        return replies

    def say(self, text):
        return self.deliver(self.event({"type": "text", "text": text}), text)

    def photo(self, data, content_type="image/jpeg"):
        event = self.event({"type": "image", "contentProvider": {"type": "line"}})
        self.line.contents[event["message"]["id"]] = (data, content_type)
        return self.deliver(event, "[photo]")

    def place(self, address, latitude, longitude):
        event = self.event({"type": "location", "title": "", "address": address,
                            "latitude": latitude, "longitude": longitude})
        return self.deliver(event, "[location: %s (%s, %s)]" % (address, latitude, longitude))

    def pushed(self):
        """The notices pushed to this user so far, added to the transcript once."""
        texts = self.line.pushed_to(self.user_id)
        seen = [text for who, text in self.transcript if who == "push"]
        self.transcript.extend(("push", text) for text in texts[len(seen):])
        return texts
