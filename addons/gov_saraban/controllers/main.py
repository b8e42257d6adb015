"""The letter inbox of the agency: ``POST /gov/saraban/inbox``.

Another agency's outbox posts a signed letter here. The call is authenticated like every event
of the exchange: ``X-Gov-Sender`` names the sending agency by its letter number prefix
(percent-encoded), ``X-Gov-Signature`` carries ``v2=HMAC(secret, "<X-Gov-Timestamp>.<X-Gov-Event>.
<Idempotency-Key>.<body>")`` (or the legacy ``sha256=HMAC(secret, "<X-Gov-Timestamp>.<body>")`` when
that agency is set to v1) with a secret shared with that agency (the current one, or the previous one
while its rotation window lasts), and the timestamp must be within five minutes. The
body is JSON (``application/vnd.gov.letter+json``: Odoo would take ``application/json`` for a
JSON-RPC call). Posting the same letter again answers 200 with the number it already has.
Every call counts against the rate limit of its client address (429 with ``Retry-After``),
before the signature is checked.
"""
import hmac
import json
import logging
import time
from urllib.parse import unquote

import psycopg2

from odoo import fields, http
from odoo.http import request

from odoo.addons.oss_agency_exchange.models.oss_agency_event import signature, signature_v2

from ..models.gov_saraban_letter_exchange import EVENT_LETTER, ExchangeRefused
from ..models.oss_request import INBOX_SCOPE

_logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 40 * 1024 * 1024
MAX_SKEW_SECONDS = 300


def _answer(status, payload, headers=()):
    return http.Response(json.dumps(payload, ensure_ascii=False), status=status,
                         headers=[("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]
                         + list(headers))


def _storable(value, depth=0):
    """True when every text in ``value`` can be stored: no NUL character, no lone surrogate
    (JSON lets both through; PostgreSQL takes neither), and not nested without end."""
    if depth > 20:
        return False
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_storable(k, depth + 1) and _storable(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(item, depth + 1) for item in value)
    return True


class SarabanInbox(http.Controller):

    @http.route("/gov/saraban/inbox", type="http", auth="public", methods=["POST"], csrf=False)
    def inbox(self, **_kw):
        httprequest = request.httprequest
        # sudo: bookkeeping of the rate limit, keyed by a hash of the client address
        allowed, seconds = request.env["oss.request"].sudo()._oss_public_rate(INBOX_SCOPE, httprequest.remote_addr)
        if not allowed:
            return _answer(429, {"error": "too many calls from your address; retry in %d seconds" % seconds},
                           [("Retry-After", str(seconds))])
        if (httprequest.content_length or 0) > MAX_BODY_BYTES:
            return _answer(413, {"error": "the letter is larger than %d bytes" % MAX_BODY_BYTES})
        body = httprequest.get_data()
        sender = self._authenticate(httprequest.headers, body)
        if sender is None:
            return _answer(401, {"error": "unknown sender or bad signature"})
        if httprequest.headers.get("X-Gov-Event") != EVENT_LETTER:
            return _answer(400, {"error": "this inbox takes only %s events" % EVENT_LETTER})
        try:
            payload = json.loads(body.decode("utf-8"))
            if not isinstance(payload, dict):
                raise ValueError
        except (ValueError, RecursionError):
            return _answer(400, {"error": "the body is not a JSON object"})
        if not _storable(payload):
            return _answer(400, {"error": "the body holds text that cannot be stored (NUL or lone surrogates)"})
        if not isinstance(payload.get("letter"), dict):
            return _answer(400, {"error": "letter must be an object"})
        # sudo: the caller is the sending agency, authenticated above, not a user: the letter is
        # taken in by the system (registered, verified, routed) as the exchange's own action
        Letter = request.env["gov.saraban.letter"].sudo()
        try:
            with request.env.cr.savepoint():
                letter, created = Letter._saraban_receive(sender, payload)
        except ExchangeRefused as refusal:
            return _answer(400, {"error": str(refusal)})
        except psycopg2.IntegrityError:
            # the same letter is being taken in by a parallel delivery: the sender retries later
            return _answer(409, {"error": "the letter is being registered; retry later"})
        return _answer(200, {"status": "registered" if created else "already registered",
                             "number": letter.name, "verdict": letter.signature_verdict})

    @staticmethod
    def _authenticate(headers, body):
        """The sending agency when the call is signed with its secret, else None."""
        code = unquote(headers.get("X-Gov-Sender", ""))
        timestamp = headers.get("X-Gov-Timestamp", "")
        given = headers.get("X-Gov-Signature", "")
        if not code or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
            return None
        # sudo: the caller is not a user; the agency is found by the code it gives, and only a
        # signature made with that agency's secret lets the call through
        sender = request.env["res.partner"].sudo()._gov_saraban_sender(code)
        secrets = sender._gov_webhook_secrets(fields.Datetime.now()) if sender else []
        event, key = headers.get("X-Gov-Event", ""), headers.get("Idempotency-Key", "")
        if sender and sender.gov_webhook_signature == "v1":
            expected = [signature(secret, timestamp, body) for secret in secrets[:1]]
        else:
            expected = [signature_v2(secret, timestamp, event, key, body) for secret in secrets]
        offered = [entry.strip() for entry in given.split(",") if entry.strip()]
        if not any(hmac.compare_digest(mine, theirs) for mine in expected for theirs in offered):
            _logger.info("Letter inbox: refused a call for sender %r", code[:40])
            return None
        return sender
