"""The LINE Messaging API as this addon uses it: the webhook's signature and four calls.

The signature is checked here with the standard library, not with line-bot-sdk: its 2.x and 3.x
releases require exactly ``requests==2.31.0`` (and ``aiohttp==3.8.4``), and Odoo 11's pinned set
keeps ``requests==2.25.1`` (requirements/constraints.txt), so they cannot be installed beside it;
1.20.0, the last release that accepts that ``requests``, would (with the ``future`` package) and
is the way to replace this module. The check is the one the SDK's ``SignatureValidator`` makes:
the Base64 HMAC-SHA256 of the raw body keyed with the channel secret, compared in constant time.
"""
import base64
import hashlib
import hmac

import requests

TIMEOUT = 10


class LineApiError(Exception):
    """A call to the Messaging API that failed: ``str()`` says why."""


def signature(secret, body):
    """The X-Line-Signature of ``body`` (bytes) for the channel ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def valid_signature(secret, body, header):
    """Whether ``header`` is the signature of ``body``; False without a secret or a header."""
    if not secret or not header or not isinstance(header, str):
        return False
    return hmac.compare_digest(signature(secret, body).encode("ascii"), header.strip().encode("ascii", "replace"))


class MessagingApi:
    """The calls of one channel: ``base_url`` (https://api.line.me) for messages and profiles,
    ``data_url`` (https://api-data.line.me) for the content of a photo."""

    def __init__(self, token, base_url, data_url):
        if not token:
            raise LineApiError("no channel access token is set")
        self.token, self.base_url, self.data_url = token, base_url.rstrip("/"), data_url.rstrip("/")

    def _call(self, method, url, **kwargs):
        headers = {"Authorization": "Bearer %s" % self.token}
        try:
            response = requests.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise LineApiError("the Messaging API did not answer: %s" % error.__class__.__name__)
        if response.status_code != 200:
            raise LineApiError("the Messaging API answered %s" % response.status_code)
        return response

    def reply(self, reply_token, texts):
        self._call("POST", self.base_url + "/v2/bot/message/reply", json={
            "replyToken": reply_token, "messages": [{"type": "text", "text": text[:5000]} for text in texts]})

    def push(self, user_id, texts):
        self._call("POST", self.base_url + "/v2/bot/message/push", json={
            "to": user_id, "messages": [{"type": "text", "text": text[:5000]} for text in texts]})

    def profile(self, user_id):
        """{"displayName", "language", ...} of a LINE user who added the account."""
        return self._call("GET", self.base_url + "/v2/bot/profile/%s" % user_id).json()

    def content(self, message_id, limit):
        """(bytes, content type) of a photo message, refused over ``limit`` bytes."""
        response = self._call("GET", self.data_url + "/v2/bot/message/%s/content" % message_id, stream=True)
        data = response.raw.read(limit + 1, decode_content=True)
        response.close()
        if len(data) > limit:
            raise LineApiError("the photo is larger than %d bytes" % limit)
        return data, (response.headers.get("Content-Type") or "").split(";")[0].strip()
