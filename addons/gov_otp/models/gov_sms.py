"""The SMS outbox: messages sent through the gateway by a job after the transaction that decided
them (``gov.outbox.mixin``); the record a message is about (a request) gets a note."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.gov_crm.models.gov_outbox_mixin import OutboxFailure


class GovSms(models.Model):
    _name = "gov.sms"
    _inherit = ["gov.outbox.mixin"]
    _description = "SMS to send"

    number = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="About (model)", readonly=True, index=True)
    res_id = fields.Integer(string="About (record)", readonly=True, index=True)

    @api.model
    def queue(self, number, text, record=None):
        """Keep ``text`` for ``number``: sent by the job once this transaction is committed."""
        return self.create({"number": number, "text": text,
                            "res_model": record._name if record else False, "res_id": record.id if record else False})

    def _outbox_deliver(self):
        try:
            self.env["gov.sms.gateway"].send(self.number, self.text)
        except UserError as error:
            raise OutboxFailure(error.name)

    def _outbox_note(self, failure_reason=None):
        if not self.res_model or self.res_model not in self.env:
            return
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record or not hasattr(record, "message_post"):
            return
        number = "xxx-xxx-%s" % (self.number or "")[-4:]
        if failure_reason:
            text = _("SMS to %(number)s not sent: %(reason)s") % {"number": number, "reason": failure_reason}
        else:
            text = _("Sent by SMS to %(number)s: %(text)s") % {"number": number, "text": self.text}
        record.message_post(body=text, message_type="notification", subtype="mail.mt_note")
