"""The LINE Messaging API as this addon uses it: the webhook's signature and four calls, made with
line-bot-sdk.

line-bot-sdk 1.20.0 is the release used: its 2.x and 3.x releases require exactly
``requests==2.31.0`` (and ``aiohttp``), which Odoo 11's pinned set (``requests==2.25.1``) cannot
take; 1.20.0 accepts any ``requests`` 2.x. This module keeps the rest of the addon to four calls
and one error, whatever the SDK raises (an answer other than 2xx, an error body that is not JSON,
a connection refused or timed out).
"""
import requests
from linebot import LineBotApi
from linebot.exceptions import LineBotApiError
from linebot.models import TextSendMessage
from linebot.webhook import SignatureValidator

TIMEOUT = 10
MAX_TEXT = 5000  # the Messaging API's limit of one text message


class LineApiError(Exception):
    """A call to the Messaging API that failed: ``str()`` says why."""


def valid_signature(secret, body, header):
    """Whether ``header`` is the X-Line-Signature of ``body`` (bytes) for the channel ``secret``:
    the SDK's check (the Base64 HMAC-SHA256 of the body, compared in constant time). False without
    a secret or a header, and for a body that is not UTF-8 (LINE sends JSON in UTF-8)."""
    if not secret or not header or not isinstance(header, str):
        return False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return SignatureValidator(secret).validate(text, header.strip())


class MessagingApi:
    """The calls of one channel: ``base_url`` (https://api.line.me) for messages and profiles,
    ``data_url`` (https://api-data.line.me) for the content of a photo."""

    def __init__(self, token, base_url, data_url):
        if not token:
            raise LineApiError("no channel access token is set")
        self.base_url, self.data_url = base_url.rstrip("/"), data_url.rstrip("/")
        self.sdk = LineBotApi(token, endpoint=self.base_url, data_endpoint=self.data_url, timeout=TIMEOUT)

    @staticmethod
    def _call(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except LineBotApiError as error:
            if kwargs.get("retry_key") and error.status_code == 409 and error.accepted_request_id:
                return None  # accepted before under this retry key (see ``push``)
            raise LineApiError("the Messaging API answered %s" % error.status_code)
        except ValueError:
            # an answer other than 2xx whose body is not JSON: the SDK fails reading the error
            raise LineApiError("the Messaging API answered with an error that is not JSON")
        except requests.RequestException as error:
            raise LineApiError("the Messaging API did not answer: %s" % error.__class__.__name__)

    @staticmethod
    def _messages(texts):
        return [TextSendMessage(text=text[:MAX_TEXT]) for text in texts]

    def reply(self, reply_token, texts):
        self._call(self.sdk.reply_message, reply_token, self._messages(texts))

    def push(self, user_id, texts, retry_key=None):
        """Push ``texts`` to ``user_id``. With ``retry_key`` (a UUID kept with the notice and sent
        again with each attempt), a push LINE accepted before but whose answer was lost is not
        delivered twice: LINE answers 409 with the id of the request it accepted, which is the
        push done."""
        self._call(self.sdk.push_message, user_id, self._messages(texts), retry_key=retry_key)

    def profile(self, user_id):
        """{"displayName", "language", ...} of a LINE user who added the account."""
        return self._call(self.sdk.get_profile, user_id).as_json_dict()

    def content(self, message_id, limit):
        """(bytes, content type) of a photo message, refused over ``limit`` bytes (read no further)."""
        content = self._call(self.sdk.get_message_content, message_id)
        data = b""
        try:
            for chunk in content.iter_content(64 * 1024):
                data += chunk
                if len(data) > limit:
                    raise LineApiError("the photo is larger than %d bytes" % limit)
        except requests.RequestException as error:
            raise LineApiError("the photo was not read to its end: %s" % error.__class__.__name__)
        finally:
            content.response.response.close()
        return data, (content.content_type or "").split(";")[0].strip()
