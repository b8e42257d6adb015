"""The outbox of events for agencies: written with the change of state, delivered later.

An event row is created in the transaction that changes the request's state, so a change
is never committed without its event and an event never exists for a change that was rolled
back. Delivery (the cron, or "Retry now") posts the events of a request one after the other,
in order; a failure holds back the later events of that request until it succeeds.
"""
import datetime
import hashlib
import hmac
import json
import logging
import time
import uuid

from odoo import _, api, fields, models

from odoo.addons.oss_open311.open311 import to_w3c

from . import webhook_target

_logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BACKOFF_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600
TIMEOUT_SECONDS = 10
# one deliverer at a time (cron and "Retry now"), so events of a request never overtake
ADVISORY_LOCK_KEY = 4311000
EVENT_TYPE = "request.state_changed"


# lines of delivery history kept on an event
HISTORY_LINES = 50


def signature(secret, timestamp, body):
    """v1 (legacy): ``sha256=<hex>`` of HMAC-SHA256(secret, "<timestamp>.<body>")."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_v2(secret, timestamp, event, key, body):
    """``v2=<hex>`` of HMAC-SHA256(secret, "<timestamp>.<event>.<idempotency key>.<body>"): the
    headers X-Gov-Event and Idempotency-Key are signed with the body."""
    signed = ".".join((timestamp, event, key)).encode("utf-8") + b"." + body
    return "v2=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(scheme, secrets_, timestamp, event, key, body):
    """X-Gov-Signature: ``v2=<new>,v2=<previous>`` (one per valid secret), or the legacy
    ``sha256=<hex>`` made with the current secret."""
    if scheme == "v1":
        return signature(secrets_[0], timestamp, body)
    return ",".join(signature_v2(secret, timestamp, event, key, body) for secret in secrets_)


class OssAgencyEvent(models.Model):
    _name = "oss.agency.event"
    _description = "Event for an agency (outbox)"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "id desc"
    _rec_name = "idempotency_key"
    # what was sent and how it went: written by the outbox only (Retry now runs its own code)
    _protected_fields = ("agency_id", "event_type", "request_id", "sequence", "request_state", "payload",
                         "idempotency_key", "state", "attempt_count", "next_attempt_date", "last_status", "last_error",
                         "delivered_date", "history")

    agency_id = fields.Many2one("res.partner", required=True, ondelete="restrict",
                                index=True, readonly=True)
    event_type = fields.Char(required=True, readonly=True, default=EVENT_TYPE, index=True,
                             help="What happened: sent in the header X-Gov-Event.")
    # an event is about a request, or about another record of a module that extends the outbox
    request_id = fields.Many2one("oss.request", ondelete="cascade",
                                 index=True, readonly=True)
    sequence = fields.Integer(required=True, readonly=True, help="Order of the event among those of its request.")
    request_state = fields.Char(string="New state", readonly=True)
    payload = fields.Text(required=True, readonly=True)
    idempotency_key = fields.Char(required=True, readonly=True, index=True, copy=False)
    state = fields.Selection([("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")],
                             required=True, default="pending", index=True, readonly=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt_date = fields.Datetime(string="Next attempt", readonly=True, index=True,
                                        default=fields.Datetime.now)
    last_status = fields.Integer(string="Last HTTP status", readonly=True)
    last_error = fields.Char(readonly=True)
    delivered_date = fields.Datetime(string="Delivered on", readonly=True)
    history = fields.Text(
        string="Delivery history", readonly=True,
        help="Each attempt (UTC) with its outcome, and each Retry now with who asked; the latest last.")

    _sql_constraints = [
        ("idempotency_key_uniq", "unique(idempotency_key)", "Idempotency keys must be unique."),
        ("request_sequence_uniq", "unique(request_id, sequence)", "Events of a request are numbered once."),
    ]

    @api.model
    def _enqueue(self, requests_):
        """Write an event for each request whose agency listens, in the caller's transaction.

        The requests are read in this model's environment, not in the one of the user whose
        action changed them: whether an agency listens is for service managers to see, and the
        event is the system's consequence of the action. Callers run this as superuser.
        """
        events = self.browse()
        tz = self.env["resource.calendar"].gov_office_tz()
        for request in requests_.with_env(self.env):
            agency = request.agency_id
            if not agency.gov_webhook_active:
                continue
            self.env.cr.execute("SELECT coalesce(max(sequence), 0) + 1 FROM oss_agency_event "
                                "WHERE request_id = %s", (request.id,))
            sequence = self.env.cr.fetchone()[0]
            key = str(uuid.uuid4())
            payload = {
                "event": EVENT_TYPE,
                "idempotency_key": key,
                "sequence": sequence,
                "service_request_id": request.name,
                "service_code": request.service_id.code,
                "state": request.state,
                "status": request._open311_status(),
                "status_notes": request._open311_status_notes(),
                "public_notes": request._oss_public_notes(),
                "expected_datetime": to_w3c(request.expected_date, tz),
                "occurred_at": to_w3c(fields.Datetime.now(), tz),
            }
            events |= self.create({
                "agency_id": agency.id, "request_id": request.id, "sequence": sequence,
                "request_state": request.state, "idempotency_key": key,
                "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
            })
        return events

    @api.multi
    def action_retry_now(self):
        """Try failed or waiting events again now. The attempts so far and their history are
        kept: a failed event that fails again is failed again, with one more attempt counted."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        undelivered = self.filtered(lambda e: e.state != "delivered")
        now = fields.Datetime.now()
        for event in undelivered:
            # sudo: the outbox fields are written by the outbox only; delivery needs the agency's secret
            event.sudo().write({"state": "pending", "next_attempt_date": now,
                                "history": event._history_with(now, _("Retry now asked by %(user)s") % {
                                    "user": self.env.user.name})})
        self.sudo()._deliver_due(request_ids=undelivered.mapped("request_id").ids, event_ids=undelivered.ids)
        return True

    def _history_with(self, now, line):
        """The history with ``line`` added at ``now`` (the latest lines only)."""
        lines = (self.history or "").splitlines() + ["%s  %s" % (now, line)]
        return "\n".join(lines[-HISTORY_LINES:])

    @api.model
    def _cron_deliver(self):
        return self._deliver_due(commit=True)

    @api.model
    def _deliver_due(self, now=None, commit=False, request_ids=None, limit=500, event_ids=None):
        """Post the due events in order per request; return the number delivered.

        ``commit`` (the cron) commits after each event, so a crash loses at most one
        delivery's bookkeeping and that event is simply sent again: at least once.
        """
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        if not cr.fetchone()[0]:
            return 0
        try:
            return self._deliver_locked(now or fields.Datetime.now(), commit, request_ids, limit, event_ids)
        finally:
            cr.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))

    def _deliver_locked(self, now, commit, request_ids, limit, event_ids=None):
        """Deliver the due events; with ``request_ids`` (and ``event_ids``), only those of these
        requests (and these events)."""
        domain = [("state", "!=", "delivered")]
        if request_ids is not None:
            domain += ["|", ("request_id", "in", request_ids), ("id", "in", event_ids or [])]
        blocked, delivered, tried = set(), 0, 0
        for event in self.search(domain, order="request_id, sequence, id"):
            stream = event._stream_key()
            if stream in blocked:
                continue
            if event.state == "failed" or event.next_attempt_date > now or tried >= limit:
                blocked.add(stream)
                continue
            tried += 1
            if event._post(now):
                delivered += 1
            else:
                blocked.add(stream)
            if commit:
                # pylint: disable-next=invalid-commit  # each delivery is kept: an agency's answer cannot be undone
                self.env.cr.commit()
        return delivered

    def _stream_key(self):
        """Events of one stream are delivered in order, a failure holding back the later ones:
        those of a request here; a module that adds events about other records extends it."""
        return ("oss.request", self.request_id.id)

    def _delivery(self):
        """(URL, secret, body bytes) of the delivery; a module that adds event types extends it."""
        agency = self.agency_id
        return agency.gov_webhook_url, agency.gov_webhook_secret, self.payload.encode("utf-8")

    def _delivered(self):
        """Hook once the agency accepted the event."""
        return True

    def _post(self, now):
        """One delivery attempt; True when the agency answered 2xx.

        The address is checked again before each attempt and the connection goes to the
        address that was checked (webhook_target); a failure keeps the status and a short
        reason, never the body of the answer.
        """
        self.ensure_one()
        agency = self.agency_id
        url, secret, body = self._delivery()
        if not url or not secret:
            return self._failed(now, None, _("The agency has no webhook URL or secret."))
        try:
            target = webhook_target.check_target(url, **agency._gov_webhook_allowances())
        except webhook_target.TargetRefused as refusal:
            return self._failed(now, None, _("Address refused: %(reason)s") % {"reason": refusal})
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "gov-crm-agency-exchange/1.0",
            "X-Gov-Event": self.event_type,
            "X-Gov-Timestamp": timestamp,
            "X-Gov-Signature": signature_header(
                agency.gov_webhook_signature, agency._gov_webhook_secrets(fields.Datetime.now()), timestamp,
                self.event_type, self.idempotency_key, body),
            "Idempotency-Key": self.idempotency_key,
        }
        headers.update(self._extra_headers())
        status, reason = webhook_target.send(target, body, headers, TIMEOUT_SECONDS)
        if status is None:
            return self._failed(now, None, reason)
        if 200 <= status < 300:
            delivered = fields.Datetime.now()
            self.write({"state": "delivered", "attempt_count": self.attempt_count + 1,
                        "last_status": status, "last_error": False, "delivered_date": delivered,
                        "history": self._history_with(delivered, webhook_target.describe_status(status))})
            self._delivered()
            return True
        return self._failed(now, status, webhook_target.describe_status(status))

    def _extra_headers(self):
        """Headers a module adds to its events (ASCII only)."""
        return {}

    def _failed(self, now, status, error):
        attempts = self.attempt_count + 1
        delay = min(BACKOFF_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)
        _logger.info("Webhook event %s to %s failed (attempt %s): %s",
                     self.idempotency_key, self.agency_id.id, attempts, error)
        self.write({
            "state": "failed" if attempts >= MAX_ATTEMPTS else "pending",
            "attempt_count": attempts, "last_status": status or 0, "last_error": error,
            "history": self._history_with(fields.Datetime.now(), error),
            "next_attempt_date": fields.Datetime.to_string(
                fields.Datetime.from_string(now) + datetime.timedelta(seconds=delay)),
        })
        return False
