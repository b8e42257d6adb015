"""What the public gate shows of a request's fee: the amount, what is left to pay and the QR to pay it."""
from odoo import models


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
