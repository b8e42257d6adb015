"""Money received for a request, and money given back.

A payment is never edited or deleted (gov.protected.fields.mixin, and no write or unlink
access): a mistake or a refund is a reversal, a payment of the opposite amount with its
reason, which cancels the official receipt of the payment it reverses. Every payment
belongs to its cashier's day (``oss.cashier.close``): a closed day takes no new payment.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action

from ..tools.fiscal import local_day
from .oss_request_payment import PAYABLE_STATES

METHODS = [
    ("cash", "Cash"),
    ("card", "Card"),
    ("transfer", "Bank transfer"),
    ("qr", "PromptPay QR (bill payment)"),
]
CASHIER_GROUP = "oss_payment.group_oss_cashier"


class OssPayment(models.Model):
    _name = "oss.payment"
    _description = "Payment of a request"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "date desc, id desc"
    _rec_name = "request_id"
    _protected_fields = (
        "request_id", "date", "day", "cashier_id", "method", "amount", "amount_tendered", "reference",
        "payer_name", "reversal_of_id", "reversal_ids", "reason", "receipt_id", "close_id",
        "payment_request_id", "statement_line_id",
    )

    request_id = fields.Many2one("oss.request", required=True, ondelete="restrict",
                                 index=True, readonly=True)
    partner_id = fields.Many2one(related="request_id.partner_id", store=True, readonly=True, index=True,
                                 string="Applicant")
    service_id = fields.Many2one(related="request_id.service_id", store=True, readonly=True, index=True,
                                 string="Service")
    date = fields.Datetime(string="Received on", required=True, readonly=True, index=True,
                           default=fields.Datetime.now)
    day = fields.Date(required=True, readonly=True, index=True,
                      help="The office's calendar day of the payment: the cashier's day it is closed with.")
    cashier_id = fields.Many2one("res.users", required=True, ondelete="restrict",
                                 index=True, readonly=True)
    method = fields.Selection(METHODS, required=True, index=True, readonly=True)
    amount = fields.Float(digits=(16, 2), required=True, readonly=True,
                          help="Positive: money received; negative: money given back (a reversal).")
    amount_tendered = fields.Float(string="Cash tendered", digits=(16, 2), readonly=True)
    amount_change = fields.Float(string="Change given", digits=(16, 2), compute="_compute_amount_change",
                                 store=True)
    reference = fields.Char(readonly=True, help="Card approval code, transfer or bank reference.")
    payer_name = fields.Char(string="Received from", required=True, readonly=True)
    reversal_of_id = fields.Many2one("oss.payment", string="Reverses", ondelete="restrict", index=True,
                                     readonly=True)
    reversal_ids = fields.One2many("oss.payment", "reversal_of_id", string="Reversed by", readonly=True)
    reversed = fields.Boolean(compute="_compute_reversed", store=True, index=True)
    reason = fields.Text(string="Reason of the reversal", readonly=True)
    receipt_id = fields.Many2one("oss.receipt", string="Official receipt", ondelete="restrict", index=True,
                                 readonly=True)
    close_id = fields.Many2one("oss.cashier.close", string="Cashier's day", required=True, ondelete="restrict",
                               index=True, readonly=True)
    payment_request_id = fields.Many2one("oss.payment.request", string="Payment request", ondelete="restrict",
                                         readonly=True, index=True)
    statement_line_id = fields.Many2one("oss.bank.statement.line", string="Bank statement line",
                                        ondelete="restrict", readonly=True, index=True)

    _sql_constraints = [
        ("amount_not_zero", "CHECK(amount <> 0)", "A payment needs an amount."),
        ("reversal_sign", "CHECK((reversal_of_id IS NULL AND amount > 0) OR (reversal_of_id IS NOT NULL "
                          "AND amount < 0))", "A payment is positive and its reversal negative."),
        ("one_reversal", "unique(reversal_of_id)", "A payment is reversed once."),
    ]

    @api.depends("amount", "amount_tendered")
    def _compute_amount_change(self):
        for payment in self:
            change = payment.amount_tendered - payment.amount if payment.amount_tendered else 0.0
            payment.amount_change = round(max(change, 0.0), 2)

    @api.depends("reversal_ids")
    def _compute_reversed(self):
        for payment in self:
            payment.reversed = bool(payment.reversal_ids)

    @api.multi
    def name_get(self):
        return [(payment.id, "%s %s %s" % (payment.request_id.name, payment.receipt_id.display_name or "",
                                           "{:,.2f}".format(payment.amount))) for payment in self]

    @api.multi
    # never deleted, so there is no super() to call
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Payments are never deleted: reverse a payment with its reason instead."))

    # ------------------------------------------------------------ actions
    @api.multi
    def action_oss_reverse(self):
        self.ensure_one()
        return self.env["oss.payment.reverse.wizard"]._oss_open(self)

    @api.multi
    def action_oss_print_receipt(self):
        receipts = self.mapped("receipt_id") | self.mapped("reversal_of_id.receipt_id")
        return self.env.ref("oss_payment.oss_receipt_report").report_action(receipts)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_check_cashier(self):
        if not self.env.user.has_group(CASHIER_GROUP):
            raise AccessError(_("Only a cashier takes or gives back money."))

    @api.model
    @protected_action
    def _oss_record(self, request, amount, method, payer_name=None, amount_tendered=0.0, reference=None,
                    statement_line=None, allow_over=False):
        """Record money received for ``request`` by the current user, a cashier, with its receipt."""
        self._oss_check_cashier()
        request.check_access_rights("read")
        request.check_access_rule("read")
        amount = round(amount or 0.0, 2)
        request._oss_check_payable(amount, allow_over)
        if method == "cash" and amount_tendered and round(amount_tendered, 2) < amount:
            raise ValidationError(_("The cash tendered (%(tendered)s) is less than the amount (%(amount)s).") % {
                "tendered": "{:,.2f}".format(amount_tendered), "amount": "{:,.2f}".format(amount)})
        values = {
            "request_id": request.id, "method": method, "amount": amount,
            "amount_tendered": amount_tendered if method == "cash" else 0.0,
            "reference": reference or False, "payer_name": payer_name or request.partner_id.name,
            "payment_request_id": request._oss_open_payment_request().id or False,
            "statement_line_id": statement_line.id if statement_line else False,
        }
        # sudo: the note on the request (the cashier may not write requests, so not post on them);
        # it names the cashier
        with request.sudo()._oss_journal():
            payment = self._oss_create(values)
            request._oss_log(_("%(amount)s baht received by %(method)s (%(cashier)s).") % {
                "amount": "{:,.2f}".format(amount), "method": payment._oss_method_label(),
                "cashier": self.env.user.name})
            request._oss_payment_changed(payment.date)
        payment._oss_issue_receipt()  # last: the receipt counter is locked until the commit
        return payment

    @protected_action
    def _oss_reverse(self, reason):
        """Give the money of this payment back: a reversal with its reason, the receipt cancelled."""
        self.ensure_one()
        self._oss_check_cashier()
        self.check_access_rule("read")
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the reversal."))
        if self.reversal_of_id or self.reversed:
            raise UserError(_("This payment is a reversal or was reversed already."))
        request = self.request_id
        with request.sudo()._oss_journal():  # sudo: as in _oss_record, the note names the cashier
            reversal = self._oss_create({
                "request_id": request.id, "method": self.method, "amount": -self.amount,
                "payer_name": self.payer_name, "reversal_of_id": self.id, "reason": reason.strip(),
                "reference": self.reference,
            })
            # sudo: nobody writes receipts; the reversal cancels the one of the money given back
            self.receipt_id.sudo()._oss_cancel(reason.strip(), self.env.user)
            request._oss_log(_("%(amount)s baht given back, receipt %(receipt)s cancelled: %(reason)s") % {
                "amount": "{:,.2f}".format(self.amount), "receipt": self.receipt_id.display_name or "-",
                "reason": reason.strip()})
            request._oss_payment_changed()
        return reversal

    def _oss_create(self, values):
        """Create a payment of the current cashier's open day (inside the caller's protected action)."""
        now = self._oss_now()
        day = local_day(now, self.env["resource.calendar"].gov_office_tz())
        close = self.env["oss.cashier.close"]._oss_open_day(self.env.user, day)
        values = dict(values, date=now, day=fields.Date.to_string(day), cashier_id=self.env.user.id,
                      close_id=close.id)
        return self.create(values)

    @api.model
    def _oss_now(self):
        """Now, as a UTC string: when a payment is received (a seam for tests)."""
        return fields.Datetime.now()

    def _oss_issue_receipt(self):
        self.ensure_one()
        # sudo: nobody creates receipts directly; the payment issues its own, numbered without gaps
        receipt = self.env["oss.receipt"].sudo()._oss_issue(self)
        self.sudo().write({"receipt_id": receipt.id})
        return receipt

    def _oss_method_label(self):
        self.ensure_one()
        return dict(self._fields["method"]._description_selection(self.env))[self.method]


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_check_payable(self, amount, allow_over=False):
        """Refuse a payment the request cannot take: not received, closed, nothing due, too much."""
        self.ensure_one()
        if self.state not in PAYABLE_STATES:
            state = dict(self._fields["state"]._description_selection(self.env))[self.state]
            raise UserError(_("Request %(name)s takes no payment in its state (%(state)s).") % {
                "name": self.name, "state": state})
        if self.fee_to_assess:
            raise UserError(_("The fee of %(name)s is not assessed yet.") % {"name": self.name})
        if amount <= 0:
            raise ValidationError(_("The amount must be positive."))
        if amount > round(self.amount_residual, 2) and not allow_over:
            raise ValidationError(_("%(amount)s baht is more than the balance due of %(name)s (%(residual)s baht).") % {
                "amount": "{:,.2f}".format(amount), "name": self.name,
                "residual": "{:,.2f}".format(max(self.amount_residual, 0.0))})
