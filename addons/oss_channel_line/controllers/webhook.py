"""``POST /line/webhook``: the LINE Messaging API's webhook of the agency's Official Account.

A delivery is taken only when its X-Line-Signature is the HMAC-SHA256 of the raw body keyed with
the channel secret (401 otherwise, before anything is read), and none of its events was taken
before or is older than ``oss_channel_line.max_event_age_seconds`` (409: a replayed delivery
changes nothing). The events are then handled in one transaction, the replies sent to LINE, and
the webhook answers 200 at once.
"""
import json

import psycopg2

from odoo import http
from odoo.http import request

from ..line_api import valid_signature

MAX_BODY = 1024 * 1024


def _answer(status, text):
    return http.Response(json.dumps({"message": text}), status=status, content_type="application/json")


class LineWebhook(http.Controller):

    @http.route("/line/webhook", type="http", auth="none", methods=["POST"], csrf=False)
    def webhook(self, **_kwargs):
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return _answer(413, "the body is too large")
        body = request.httprequest.get_data(cache=True)
        # sudo: the caller is LINE, proved by the signature below; the conversations are the system's
        Conversation = request.env["oss.line.conversation"].sudo()
        secret = Conversation._ol_param("channel_secret")
        if not secret:
            return _answer(503, "the LINE channel is not set up")
        if not valid_signature(secret, body, request.httprequest.headers.get("X-Line-Signature")):
            return _answer(401, "invalid signature")
        try:
            payload = json.loads(body.decode("utf-8"))
        except ValueError:
            return _answer(400, "the body is not JSON")
        refused = Conversation._ol_refusal(payload)
        if refused:
            return _answer(*refused)
        try:
            with request.env.cr.savepoint():
                Conversation._ol_receive(payload)
        except psycopg2.IntegrityError:
            # a parallel delivery of the same events took them first
            return _answer(409, "replayed delivery: its events were already taken")
        return _answer(200, "ok")
