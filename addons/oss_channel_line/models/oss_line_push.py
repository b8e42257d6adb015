"""The LINE outbox: notices to push to a LINE account after the transaction that decided them.

As with the SMS outbox (``gov.sms``) and Odoo's mail queue, a notice decided by a clerk's action
must not reach the person if that action is rolled back, and the clerk must not wait for LINE:
the push is a row written in the same transaction, and a job sends the rows once they are
committed. A failed push is retried by the next runs, then kept as failed with its reason; the
request gets a note either way.
"""
import logging
import threading
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..line_api import LineApiError

_logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
BATCH = 100


class OssLinePush(models.Model):
    _name = "oss.line.push"
    _description = "LINE notice to push"
    _order = "id"

    request_id = fields.Many2one("oss.request", required=True, readonly=True, ondelete="cascade", index=True)
    line_user_id = fields.Char(string="LINE user", required=True, readonly=True)
    text = fields.Text(required=True, readonly=True)
    state = fields.Selection([("outgoing", "To send"), ("sent", "Sent"), ("failed", "Failed")],
                             default="outgoing", required=True, readonly=True, index=True)
    attempts = fields.Integer(readonly=True)
    failure_reason = fields.Char(readonly=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)
    # sent with every attempt: LINE delivers a push once per key, so an attempt whose answer was
    # lost (a timeout after LINE took it) does not reach the person twice when retried
    retry_key = fields.Char(string="Retry key", readonly=True, copy=False, default=lambda self: str(uuid.uuid4()))

    @api.model
    def queue(self, request, text):
        """Keep ``text`` for the LINE account of ``request``: pushed by the job once this
        transaction is committed."""
        return self.create({"request_id": request.id, "line_user_id": request.line_user_id, "text": text})

    @api.multi
    def action_send_again(self):
        """The administrator's resend of failed notices: back in the outbox with no attempt counted,
        pushed by the next run of the job, and noted on the request."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only an administrator sends a LINE notice again."))
        sent = self.filtered(lambda push: push.state == "sent")
        if sent:
            raise UserError(_("The LINE notice of %(request)s was already sent: it is not sent again.") % {
                "request": sent[0].sudo().request_id.name})
        # sudo: the outbox and the request's chatter are written by the system only; the caller is an
        # administrator (checked above)
        for push in self.filtered(lambda push: push.state == "failed").sudo():
            push.write({"state": "outgoing", "attempts": 0, "failure_reason": False})
            push.request_id._oss_log(_("Notice by LINE queued again by %(user)s") % {"user": self.env.user.name})
        return True

    @api.multi
    def send(self, auto_commit=False):
        """Push each notice; with ``auto_commit``, commit after each one so that a notice pushed
        is never pushed again after a later failure (as the mail queue does)."""
        for push in self:
            try:
                self.env["oss.line.conversation"]._ol_api().push(push.line_user_id, [push.text], push.retry_key)
            except LineApiError as error:
                attempts = push.attempts + 1
                failed = attempts >= MAX_ATTEMPTS
                _logger.warning("LINE notice of %s not pushed (attempt %d): %s", push.request_id.name, attempts,
                                error)
                push.write({"attempts": attempts, "failure_reason": str(error)[:200],
                            "state": "failed" if failed else "outgoing"})
                if failed:
                    push.request_id._oss_log(_("Notice by LINE not sent: %(reason)s") % {"reason": str(error)})
            else:
                push.write({"state": "sent", "attempts": push.attempts + 1, "failure_reason": False,
                            "date_sent": fields.Datetime.now()})
                push.request_id._oss_log(_("Sent by LINE: %(text)s") % {"text": push.text})
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
