"""The SMS outbox: messages to send through the gateway after the transaction that decided them.

A notice decided by a clerk's action must not leave by SMS if that action is rolled back, and
the clerk must not wait for the gateway: like Odoo's mail queue (``mail.mail``), the message is
a row written in the same transaction, and a job sends the rows once they are committed. A
failed send is retried by the next runs, then kept as failed with its reason; the record the
message is about (a request) gets a note either way.
"""
import logging
import threading

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
BATCH = 100


class GovSms(models.Model):
    _name = "gov.sms"
    _description = "SMS to send"
    _order = "id"

    number = fields.Char(required=True, readonly=True)
    text = fields.Text(required=True, readonly=True)
    res_model = fields.Char(string="About (model)", readonly=True, index=True)
    res_id = fields.Integer(string="About (record)", readonly=True, index=True)
    state = fields.Selection([("outgoing", "To send"), ("sent", "Sent"), ("failed", "Failed")],
                             default="outgoing", required=True, readonly=True, index=True)
    attempts = fields.Integer(readonly=True)
    failure_reason = fields.Char(readonly=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)

    @api.model
    def queue(self, number, text, record=None):
        """Keep ``text`` for ``number``: sent by the job once this transaction is committed."""
        return self.create({"number": number, "text": text,
                            "res_model": record._name if record else False, "res_id": record.id if record else False})

    @api.multi
    def action_send_again(self):
        """The administrator's resend of failed messages: back in the outbox with no attempt counted,
        sent by the next run of the job, and noted on the record each one is about."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only an administrator sends an SMS again."))
        sent = self.filtered(lambda sms: sms.state == "sent")
        if sent:
            raise UserError(_("The SMS to %(number)s was already sent: it is not sent again.") % {
                "number": sent[0]._masked_number()})
        # sudo: the outbox is written by the system only; the caller is an administrator (checked above)
        for sms in self.filtered(lambda sms: sms.state == "failed").sudo():
            sms.write({"state": "outgoing", "attempts": 0, "failure_reason": False})
            sms._note(_("SMS to %(number)s queued again by %(user)s") % {
                "number": sms._masked_number(), "user": self.env.user.name})
        return True

    @api.multi
    def action_open_record(self):
        """The record the message is about, in its own form (with the caller's own rights)."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            raise UserError(_("This SMS is about no record."))
        return {"type": "ir.actions.act_window", "res_model": self.res_model, "res_id": self.res_id,
                "view_mode": "form", "target": "current"}

    @api.multi
    def send(self, auto_commit=False):
        """Send each message through the gateway; with ``auto_commit``, commit after each one so
        that a message sent is never sent again after a later failure (as the mail queue does)."""
        for sms in self:
            try:
                self.env["gov.sms.gateway"].send(sms.number, sms.text)
            except UserError as error:
                attempts = sms.attempts + 1
                failed = attempts >= MAX_ATTEMPTS
                sms.write({"attempts": attempts, "failure_reason": error.name,
                           "state": "failed" if failed else "outgoing"})
                if failed:
                    sms._note(_("SMS to %(number)s not sent: %(reason)s") % {
                        "number": sms._masked_number(), "reason": error.name})
            else:
                sms.write({"state": "sent", "attempts": sms.attempts + 1, "failure_reason": False,
                           "date_sent": fields.Datetime.now()})
                sms._note(_("Sent by SMS to %(number)s: %(text)s") % {
                    "number": sms._masked_number(), "text": sms.text})
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

    def _masked_number(self):
        return "xxx-xxx-%s" % (self.number or "")[-4:]

    def _note(self, text):
        """A note on the record the message is about (its chatter), when it has one."""
        if not self.res_model or self.res_model not in self.env:
            return
        record = self.env[self.res_model].browse(self.res_id).exists()
        if record and hasattr(record, "message_post"):
            record.message_post(body=text, message_type="notification", subtype="mail.mt_note")
