"""The LINE outbox: notices pushed to a LINE account by a job after the transaction that decided
them (``gov.outbox.mixin``, as the SMS outbox ``gov.sms``); the request gets a note."""
import logging

from odoo import _, api, fields, models

from odoo.addons.gov_crm.models.gov_outbox_mixin import OutboxFailure

from ..line_api import LineApiError

_logger = logging.getLogger(__name__)


class OssLinePush(models.Model):
    _name = "oss.line.push"
    _inherit = ["gov.outbox.mixin"]
    _description = "LINE notice to push"

    request_id = fields.Many2one("oss.request", required=True, readonly=True, ondelete="cascade", index=True)
    line_user_id = fields.Char(string="LINE user", required=True, readonly=True)

    @api.model
    def queue(self, request, text):
        """Keep ``text`` for the LINE account of ``request``: pushed by the job once this
        transaction is committed."""
        return self.create({"request_id": request.id, "line_user_id": request.line_user_id, "text": text})

    def _outbox_deliver(self):
        try:
            self.env["oss.line.conversation"]._ol_api().push(self.line_user_id, [self.text])
        except LineApiError as error:
            _logger.warning("LINE notice of %s not pushed (attempt %d): %s", self.request_id.name,
                            self.attempts + 1, error)
            raise OutboxFailure(str(error))

    def _outbox_note(self, failure_reason=None):
        if failure_reason:
            self.request_id._oss_log(_("Notice by LINE not sent: %(reason)s") % {"reason": failure_reason})
        else:
            self.request_id._oss_log(_("Sent by LINE: %(text)s") % {"text": self.text})
