"""Messages to send to someone outside after the transaction that decided them (SMS, LINE, ...).

A notice decided by a clerk's action must not leave if that action is rolled back, and the clerk
must not wait for the outside service: as in Odoo's mail queue (``mail.mail``), the message is a
row written in the same transaction, and a job sends the rows once they are committed. A failed
send is retried by the next runs, then kept as failed with its reason; the record the message is
about gets a note either way.

A model of an outbox inherits this mixin, gives the row's text in ``text`` and implements
``_outbox_deliver`` (raising ``OutboxFailure`` with a reason) and the notes.
"""
import threading

from odoo import api, fields, models

MAX_ATTEMPTS = 3
BATCH = 100


class OutboxFailure(Exception):
    """A message the outside service did not take; the reason is kept on the row."""


class GovOutboxMixin(models.AbstractModel):
    _name = "gov.outbox.mixin"
    _description = "Outbox of messages sent after the transaction"
    _order = "id"

    text = fields.Text(required=True, readonly=True)
    state = fields.Selection([("outgoing", "To send"), ("sent", "Sent"), ("failed", "Failed")],
                             default="outgoing", required=True, readonly=True, index=True)
    attempts = fields.Integer(readonly=True)
    failure_reason = fields.Char(readonly=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)

    def _outbox_deliver(self):
        """Send this one message; raise ``OutboxFailure`` when the service refuses it."""
        raise NotImplementedError

    def _outbox_note(self, failure_reason=None):
        """Note on the record the message is about that it was sent, or finally not (hook)."""

    @api.multi
    def send(self, auto_commit=False):
        """Send each message; with ``auto_commit``, commit after each one so that a message sent is
        never sent again after a later failure (as the mail queue does)."""
        for message in self:
            try:
                message._outbox_deliver()
            except OutboxFailure as error:
                attempts = message.attempts + 1
                failed = attempts >= MAX_ATTEMPTS
                message.write({"attempts": attempts, "failure_reason": str(error)[:200],
                               "state": "failed" if failed else "outgoing"})
                if failed:
                    message._outbox_note(failure_reason=str(error))
            else:
                message.write({"state": "sent", "attempts": message.attempts + 1, "failure_reason": False,
                               "date_sent": fields.Datetime.now()})
                message._outbox_note()
            if auto_commit:
                # pylint: disable-next=invalid-commit  # a message sent is kept sent, as in the mail queue
                self.env.cr.commit()
        return True

    @api.model
    def _cron_send(self):
        outgoing = self.search([("state", "=", "outgoing")], limit=BATCH)
        # the test runner's flag: a test's transaction is never committed
        outgoing.send(auto_commit=not getattr(threading.current_thread(), "testing", False))
        return len(outgoing)
