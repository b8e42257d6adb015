"""What the public gate shows of a request's fee: the amount, what is left to pay and the QR to pay it;
and the limit on the PDFs the portal renders for a user."""
from odoo import api, models

PDF_SCOPE = "oss_payment.portal_pdf"


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_public_values(self):
        values = super()._oss_public_values()
        values["payment"] = self._oss_public_payment()
        return values

    def _oss_public_payment(self):
        """The fee as the status page shows it (no name, no ID: amounts, references and the QR), or None."""
        self.ensure_one()
        if self.payment_state == "no_fee" and not self.amount_paid:
            return None
        labels = self._oss_labels("payment_state", self.payment_state)
        payment_request = self._oss_open_payment_request()
        return {
            "state": self.payment_state, "state_th": labels[0], "state_en": labels[1],
            "amount_due": self.amount_due, "amount_paid": self.amount_paid,
            "residual": max(self.amount_residual, 0.0),
            "ref1": payment_request.ref1 or "", "ref2": payment_request.ref2 or "",
            "qr": payment_request.oss_qr_data_uri() if payment_request else "",
        }

    @api.model
    def _oss_public_rate_limits(self, scope):
        if scope == PDF_SCOPE:
            return self.env["gov.rate.limit"]._limits_param(
                "oss_payment.portal_pdf_rate_limit", "oss_payment.portal_pdf_rate_window", 30, 600)
        return super()._oss_public_rate_limits(scope)

    @api.model
    def _oss_user_rate(self, scope, uid):
        """Count one call of user ``uid``; (allowed, seconds to wait when refused)."""
        limit, window = self._oss_public_rate_limits(scope)
        return self.env["gov.rate.limit"].hit(scope, "user-%d" % uid, limit, window)
