"""The cashier's screens: take a payment, give one back."""
from odoo import api, fields, models

from ..models.oss_payment import METHODS


class OssPaymentWizard(models.TransientModel):
    _name = "oss.payment.wizard"
    _description = "Take a payment"

    request_id = fields.Many2one("oss.request", required=True, readonly=True,
                                 ondelete="cascade")
    amount_residual = fields.Float(related="request_id.amount_residual", readonly=True, string="Balance due")
    method = fields.Selection(METHODS, required=True, default="cash")
    amount = fields.Float(digits=(16, 2), required=True)
    amount_tendered = fields.Float(string="Cash tendered", digits=(16, 2))
    amount_change = fields.Float(string="Change to give", digits=(16, 2), compute="_compute_amount_change")
    reference = fields.Char(help="Card approval code, or the transfer's reference.")
    payer_name = fields.Char(string="Received from", required=True)

    @api.depends("amount", "amount_tendered", "method")
    def _compute_amount_change(self):
        for wizard in self:
            change = wizard.amount_tendered - wizard.amount if wizard.method == "cash" else 0.0
            wizard.amount_change = round(max(change, 0.0), 2)

    @api.model
    def _oss_open(self, request):
        self.env["oss.payment"]._oss_check_cashier()
        wizard = self.create({"request_id": request.id, "amount": max(request.amount_residual, 0.0),
                              "payer_name": request.partner_id.name})
        return {"type": "ir.actions.act_window", "name": wizard._description, "res_model": self._name,
                "res_id": wizard.id, "view_mode": "form", "target": "new"}

    @api.multi
    def action_confirm(self):
        """Record the payment and print its official receipt."""
        self.ensure_one()
        payment = self.env["oss.payment"]._oss_record(
            self.request_id, self.amount, self.method, payer_name=self.payer_name,
            amount_tendered=self.amount_tendered, reference=self.reference)
        return self.env.ref("oss_payment.oss_receipt_report").report_action(payment.receipt_id)


class OssPaymentReverseWizard(models.TransientModel):
    _name = "oss.payment.reverse.wizard"
    _description = "Reverse a payment"

    payment_id = fields.Many2one("oss.payment", required=True, readonly=True,
                                 ondelete="cascade")
    amount = fields.Float(related="payment_id.amount", readonly=True)
    reason = fields.Text(help="Why the money is given back: kept with the payment and on the cancelled receipt.")

    @api.model
    def _oss_open(self, payment):
        self.env["oss.payment"]._oss_check_cashier()
        wizard = self.create({"payment_id": payment.id})
        return {"type": "ir.actions.act_window", "name": wizard._description, "res_model": self._name,
                "res_id": wizard.id, "view_mode": "form", "target": "new"}

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self.payment_id._oss_reverse(self.reason)
        return {"type": "ir.actions.act_window_close"}
