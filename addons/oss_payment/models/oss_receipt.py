"""The official receipt (ใบเสร็จรับเงิน): numbered per fiscal year without gaps, never edited.

Numbers run from 1 in each fiscal year (October to September, named by its Buddhist-era
year) with no gap: ``oss.receipt.counter`` holds the last number of each year and is
incremented in the transaction that issues the receipt, so a rolled-back payment gives its
number back, and two cashiers never get the same one (the second waits for the first's
commit, then PostgreSQL makes it retry). Books (เล่มที่) hold a fixed number of receipts.
A receipt is cancelled, with its reason, only by reversing its payment; it stays in the
sequence. Nobody writes a receipt, not even as superuser: only the issuing and cancelling
code, inside the protected gate.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.gov_crm.lib.baht_text import bahttext
from odoo.addons.gov_crm.lib.be_date import fiscal_year
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import gate_open, protected_action

from ..tools.fiscal import local_day

RECEIPT_STATES = [("valid", "Valid"), ("cancelled", "Cancelled")]
DEFAULT_BOOK_SIZE = 100


class OssReceipt(models.Model):
    _name = "oss.receipt"
    _description = "Official receipt"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "fiscal_year desc, number desc"
    _protected_fields = (
        "name", "fiscal_year", "number", "book", "date", "payment_id", "request_id", "service_id",
        "partner_id", "payer_name", "tracking_number", "service_name", "item", "amount", "amount_text", "method",
        "reference", "cashier_id",
        "cashier_name", "company_id", "state", "cancel_reason", "cancel_date", "cancelled_by_id",
    )

    name = fields.Char(string="Receipt number", required=True, readonly=True, index=True)
    fiscal_year = fields.Integer(string="Fiscal year (B.E.)", required=True, readonly=True, index=True)
    number = fields.Integer(string="Number (เลขที่)", required=True, readonly=True)
    book = fields.Integer(string="Book (เล่มที่)", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    payment_id = fields.Many2one("oss.payment", required=True, ondelete="restrict",
                                 index=True, readonly=True)
    request_id = fields.Many2one("oss.request", required=True, ondelete="restrict",
                                 index=True, readonly=True)
    service_id = fields.Many2one("oss.service", ondelete="restrict", index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Applicant", ondelete="restrict", index=True,
                                 readonly=True)
    payer_name = fields.Char(string="Received from", required=True, readonly=True)
    tracking_number = fields.Char(required=True, readonly=True, index=True)
    service_name = fields.Char(string="Service as printed", readonly=True)
    item = fields.Char(readonly=True, help="What the money is for, as printed on the receipt.")
    amount = fields.Float(digits=(16, 2), required=True, readonly=True)
    amount_text = fields.Char(string="Amount in words", required=True, readonly=True)
    method = fields.Char(string="Paid by", readonly=True)
    reference = fields.Char(readonly=True)
    cashier_id = fields.Many2one("res.users", required=True, ondelete="restrict", index=True,
                                 readonly=True)
    cashier_name = fields.Char(string="Cashier's name", readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", required=True, ondelete="restrict",
                                 readonly=True)
    state = fields.Selection(RECEIPT_STATES, required=True, default="valid", index=True, readonly=True)
    cancel_reason = fields.Text(string="Reason of the cancellation", readonly=True)
    cancel_date = fields.Datetime(string="Cancelled on", readonly=True)
    cancelled_by_id = fields.Many2one("res.users", string="Cancelled by", ondelete="restrict", readonly=True)
    book_label = fields.Char(compute="_compute_labels", string="Book")
    number_label = fields.Char(compute="_compute_labels", string="Number")

    _sql_constraints = [
        ("number_uniq", "unique(fiscal_year, number)", "A receipt number is used once in a fiscal year."),
        ("payment_uniq", "unique(payment_id)", "A payment has one official receipt."),
    ]

    @api.depends("fiscal_year", "number", "book")
    def _compute_labels(self):
        for receipt in self:
            receipt.book_label = "%04d/%d" % (receipt.book, receipt.fiscal_year)
            receipt.number_label = "%06d" % receipt.number

    @api.multi
    def name_get(self):
        return [(receipt.id, _("Book %(book)s No. %(number)s") % {
            "book": receipt.book_label, "number": receipt.number_label}) for receipt in self]

    def _protected_bypass(self):
        return gate_open()  # superuser code too writes receipts only through the issuing code

    @api.multi
    # never deleted, so there is no super() to call
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Official receipts are never deleted: a cancelled receipt stays in the sequence."))

    @api.multi
    def action_print(self):
        return self.env.ref("oss_payment.oss_receipt_report").report_action(self)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_book_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("oss_payment.receipt_book_size")
        return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_BOOK_SIZE

    @api.model
    @protected_action
    def _oss_issue(self, payment):
        """The receipt of ``payment``, with the next number of the fiscal year of its date."""
        year = fiscal_year(local_day(payment.date, self.env["resource.calendar"].gov_office_tz()))
        number = self.env["oss.receipt.counter"]._oss_next(year)
        request = payment.request_id
        return self.create({
            "name": "%d-%06d" % (year, number), "fiscal_year": year, "number": number,
            "book": (number - 1) // self._oss_book_size() + 1, "date": payment.date,
            "payment_id": payment.id, "request_id": request.id, "service_id": request.service_id.id,
            "partner_id": request.partner_id.id, "payer_name": payment.payer_name,
            "tracking_number": request.name,
            "service_name": "%s %s" % (request.service_id.code, request.service_id.name),
            "item": request._oss_receipt_item(), "amount": payment.amount, "amount_text": bahttext(payment.amount),
            "method": payment.with_context(lang="th_TH")._oss_method_label(), "reference": payment.reference,
            "cashier_id": payment.cashier_id.id,
            "cashier_name": payment.cashier_id.name, "company_id": payment.cashier_id.company_id.id,
        })

    @protected_action
    def _oss_cancel(self, reason, user):
        for receipt in self:
            if receipt.state == "cancelled":
                raise UserError(_("Receipt %(receipt)s is already cancelled.") % {"receipt": receipt.display_name})
            receipt.write({"state": "cancelled", "cancel_reason": reason, "cancel_date": fields.Datetime.now(),
                           "cancelled_by_id": user.id})

    # ------------------------------------------------------------ template helpers
    @api.multi
    def oss_be_date(self, value, lang="th_TH", with_time=False):
        return self.env["oss.request"].oss_be_date(value, lang=lang, with_time=with_time)


class OssReceiptCounter(models.Model):
    """The last receipt number of each fiscal year (one row per year, locked while a receipt is issued)."""

    _name = "oss.receipt.counter"
    _description = "Receipt numbers per fiscal year"
    _log_access = False

    fiscal_year = fields.Integer(string="Fiscal year (B.E.)", required=True, readonly=True)
    last_number = fields.Integer(required=True, readonly=True)

    _sql_constraints = [
        ("fiscal_year_uniq", "unique(fiscal_year)", "One counter per fiscal year."),
    ]

    @api.model
    def _oss_next(self, year):
        """The next number of ``year``, in the caller's transaction (given back if it rolls back).

        Concurrent issuers update the same row: the later ones wait for the first's commit and
        then fail with a serialisation error, which Odoo answers by running the call again.
        """
        self.env.cr.execute("""
            INSERT INTO oss_receipt_counter (fiscal_year, last_number) VALUES (%s, 1)
            ON CONFLICT (fiscal_year) DO UPDATE SET last_number = oss_receipt_counter.last_number + 1
            RETURNING last_number""", (year,))
        return self.env.cr.fetchone()[0]
