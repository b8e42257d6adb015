"""What a request has paid, and processing that waits for payment.

A service may wait for payment (``fee_waits_payment``): once the file is complete the request
waits for payment instead of starting its legal clock, and the clock and the route start
when the fee is paid in full (or when the amount turns out to be nothing). This hooks into
the request's one place where the clock starts, ``_oss_start_clock``.
"""
from odoo import _, api, fields, models

from odoo.addons.one_stop_service.models.oss_request import lifecycle

PAYMENT_STATES = [
    ("no_fee", "No fee"),
    ("exempt", "Exempted"),
    ("to_assess", "To be assessed"),
    ("unpaid", "Not paid"),
    ("partial", "Partly paid"),
    ("paid", "Paid"),
    ("overpaid", "Overpaid"),
]
# a request takes payments in these states (not before it is received, not once withdrawn or rejected)
PAYABLE_STATES = ("submitted", "waiting_docs", "waiting_payment", "in_progress", "waiting_applicant", "done")


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("payment_ids", "receipt_ids", "payment_request_ids")

    payment_ids = fields.One2many("oss.payment", "request_id", string="Payments", readonly=True)
    receipt_ids = fields.One2many("oss.receipt", "request_id", string="Official receipts", readonly=True)
    payment_request_ids = fields.One2many("oss.payment.request", "request_id", string="Payment requests",
                                          readonly=True)
    amount_paid = fields.Float(string="Amount paid", digits=(16, 2), compute="_compute_amount_paid", store=True)
    amount_residual = fields.Float(string="Balance due", digits=(16, 2), compute="_compute_amount_paid",
                                   store=True)
    payment_state = fields.Selection(PAYMENT_STATES, string="Payment", compute="_compute_amount_paid",
                                     store=True, index=True)

    # a new request has no payment: what it has paid is written with its INSERT, not computed after
    # it (gov_crm's mail_activity_mixin); a fee set after the create computes it again
    _gov_empty_on_create = ("amount_paid", "amount_residual", "payment_state")

    @api.depends("amount_due", "fee_to_assess", "fee_exemption_id", "payment_ids.amount")
    def _compute_amount_paid(self):
        for request in self:
            request.amount_paid, request.amount_residual, request.payment_state = self._oss_payment_figures(
                request.amount_due, sum(request.payment_ids.mapped("amount")), request.fee_to_assess,
                request.fee_exemption_id)

    @api.model
    def _oss_payment_figures(self, amount_due, paid, to_assess, exemption):
        """(amount paid, balance due, payment state) of a request that owes ``amount_due`` and has
        paid ``paid``."""
        paid = round(paid, 2)
        residual = round(amount_due - paid, 2)
        if to_assess:
            state = "to_assess"
        elif paid > amount_due:
            state = "overpaid"
        elif exemption and not paid:
            state = "exempt"
        elif not amount_due:
            state = "no_fee"
        else:
            state = "paid" if residual <= 0 else ("partial" if paid else "unpaid")
        return paid, residual, state

    @api.model
    def create(self, vals):
        # the figures of the values given, whatever the caller says of them (they are left out of the
        # computation that would correct them); with payments given, that computation makes them
        vals = dict(vals)
        vals.update(zip(("amount_paid", "amount_residual", "payment_state"), self._oss_payment_figures(
            vals.get("amount_due") or 0.0, 0.0, vals.get("fee_to_assess"), vals.get("fee_exemption_id"))))
        return super().create(vals)

    # ------------------------------------------------------------ the legal clock waits for payment
    def _oss_payment_holds(self):
        """True while processing waits for the fee of a service that waits for payment."""
        self.ensure_one()
        return self.service_id.fee_waits_payment and self.payment_state in ("to_assess", "unpaid", "partial")

    @lifecycle
    def _oss_start_clock(self, start):
        if self._oss_payment_holds():
            if self.state != "waiting_payment":
                self.write({"state": "waiting_payment"})
                self._oss_log(_("Processing waits for the payment of the fee."))
                self._oss_send_payment_notice()
            return None
        return super()._oss_start_clock(start)

    @lifecycle
    def _oss_payment_changed(self, moment=None):
        """After a payment, a reversal or an assessment: the payment request follows the balance,
        and a request that waited for payment starts once nothing holds it any more (its legal
        period from ``moment``, the time of the payment)."""
        for request in self:
            request._oss_issue_payment_request()
            if request.state == "waiting_payment" and not request._oss_payment_holds():
                request._oss_log(_("The fee is settled: the processing period starts."))
                # sudo: the clock and the route follow from the payment, which the cashier or the
                # assessing officer may take but not write on the request themselves
                request.sudo()._oss_start_clock(moment or request._oss_now())

    # ------------------------------------------------------------ actions
    @api.multi
    @lifecycle
    def action_withdraw(self):
        result = super().action_withdraw()
        self._oss_issue_payment_request()  # nothing more to pay: the QR of a withdrawn request lapses
        return result

    @api.multi
    @lifecycle
    def action_submit(self):
        self._oss_fee_update()  # the catalogue's rates as they are on the day the request is received
        for request in self:
            with request._oss_journal():  # one note: the submission and the payment request
                super(OssRequest, request).action_submit()
                request._oss_issue_payment_request()
        return True

    @api.multi
    def action_oss_take_payment(self):
        self.ensure_one()
        return self.env["oss.payment.wizard"]._oss_open(self)

    @api.multi
    def action_oss_assess_fee(self):
        self.ensure_one()
        return self.env["oss.fee.assess.wizard"]._oss_open(self)

    @api.multi
    def action_oss_print_payment_notice(self):
        self.ensure_one()
        payment_request = self._oss_open_payment_request()
        return self.env.ref("oss_payment.oss_payment_notice_report").report_action(payment_request)

    # ------------------------------------------------------------ template helpers
    @api.multi
    def oss_open_payment_request(self):
        """The open payment request of the request (for the receipt, the portal and notices)."""
        self.ensure_one()
        return self._oss_open_payment_request()

    @api.multi
    def oss_amount_text(self, amount):
        return "{:,.2f}".format(amount)

    def _oss_open_payment_request(self):
        return self.payment_request_ids.filtered(lambda pr: pr.state == "open")[:1]
