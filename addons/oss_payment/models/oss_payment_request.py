"""The payment request of a request: what to pay, with its Thai QR bill-payment code.

A request with a balance due has one open payment request for that balance. Its QR carries
the agency's biller ID, the tracking number as reference 1 and the payment request's number
as reference 2, so that the bank's statement names both. When the balance changes (a
partial payment, an assessment) the open one is cancelled and a new one issued.
"""
import base64

import pytz

from odoo import _, api, fields, models

from odoo.addons.gov_crm.lib import promptpay as thai_qr
from odoo.addons.gov_crm.lib import qr_code
from odoo.addons.gov_crm.lib.be_date import be_year
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action
from odoo.addons.gov_crm.tools.xmlid import cached_ref

from .oss_request_payment import PAYABLE_STATES

PR_STATES = [("open", "Open"), ("paid", "Paid"), ("cancelled", "Cancelled")]


qr_png = qr_code.png  # the QR of a payment, as drawn everywhere else


class OssPaymentRequest(models.Model):
    _name = "oss.payment.request"
    _description = "Payment request (Thai QR bill payment)"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "id desc"
    # evidence of what the applicant was asked to pay: written by the request's actions only
    _protected_fields = ("name", "request_id", "date", "amount", "state", "biller_id", "ref1", "ref2",
                         "qr_payload")

    name = fields.Char(string="Number", required=True, readonly=True, index=True)
    # a request is deleted only as a draft, which has no payment request yet
    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    date = fields.Datetime(string="Issued on", required=True, readonly=True, default=fields.Datetime.now)
    amount = fields.Float(digits=(16, 2), required=True, readonly=True)
    state = fields.Selection(PR_STATES, required=True, default="open", index=True, readonly=True)
    biller_id = fields.Char(string="Biller ID", readonly=True)
    ref1 = fields.Char(string="Reference 1", readonly=True, index=True)
    ref2 = fields.Char(string="Reference 2", readonly=True, index=True)
    qr_payload = fields.Char(string="QR payload", readonly=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The number of a payment request must be unique."),
    ]

    def qr_png(self, scale=8):
        self.ensure_one()
        return qr_png(self.qr_payload, scale=scale) if self.qr_payload else b""

    @api.multi
    def oss_qr_data_uri(self, scale=6):
        """Template helper: the QR code as a data: URI (PDF reports, the portal, the status page)."""
        self.ensure_one()
        if not self.qr_payload:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.qr_png(scale)).decode()

    @api.model
    def _oss_next_number(self):
        """PR<Buddhist year><6 digits>: letters and digits only, a valid bill-payment reference."""
        local = pytz.utc.localize(fields.Datetime.from_string(fields.Datetime.now())).astimezone(
            self.env["resource.calendar"].gov_office_tz())
        # sudo: numbering is not something the caller's rights decide
        sequence = cached_ref(self.env, "oss_payment.seq_oss_payment_request").sudo()
        return "PR%d%s" % (be_year(local.year), sequence.next_by_id())


class OssRequest(models.Model):
    _inherit = "oss.request"

    @protected_action
    def _oss_issue_payment_request(self):
        """Keep one open payment request for the balance due (none when nothing is due)."""
        PaymentRequest = self.env["oss.payment.request"].sudo()  # sudo: written by the system, as the route
        for request in self:
            current = request.sudo().payment_request_ids.filtered(lambda pr: pr.state == "open")
            due = request.amount_residual if request.state in PAYABLE_STATES and not request.fee_to_assess else 0
            if current and len(current) == 1 and due > 0 and current.amount == due:
                continue
            if current:
                current.write({"state": "paid" if due <= 0 and request.payment_state == "paid" else "cancelled"})
            if due <= 0:
                continue
            number = PaymentRequest._oss_next_number()
            biller_id = request.env.user.company_id._oss_biller_id()
            payload = thai_qr.bill_payment_payload(biller_id, request.name, due, number) if biller_id else False
            PaymentRequest.create({
                "name": number, "request_id": request.id, "amount": due, "biller_id": biller_id or False,
                "ref1": thai_qr.reference(request.name), "ref2": number, "qr_payload": payload,
            })
            request._oss_log(_("Payment request %(number)s issued for %(amount)s baht.") % {
                "number": number, "amount": "{:,.2f}".format(due)})
