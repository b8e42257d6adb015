"""Bank statements of bill payments: each line is matched to a request by its references.

A line whose reference 1 is a tracking number (or whose reference 2 is a payment request
number) of a request that can take the amount becomes a payment of that request, with its
official receipt, recorded by the cashier who imports the file. Any other line is listed as
unmatched with the reason, for the cashier to match by hand or set aside with a reason.
Lines are known by the bank's reference: importing a file again adds nothing.
"""
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gov_crm.lib import promptpay as thai_qr
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate

LINE_STATES = [("unmatched", "Unmatched"), ("matched", "Matched"), ("ignored", "Set aside")]
TRACKING_REF_RE = re.compile(r"^OSS(\d{4})(\d{6})$")


class OssBankStatement(models.Model):
    _name = "oss.bank.statement"
    _description = "Bank statement of bill payments"
    _order = "date_import desc, id desc"

    name = fields.Char(string="File", required=True, readonly=True)
    date_import = fields.Datetime(string="Imported on", required=True, readonly=True,
                                  default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Imported by", required=True, ondelete="restrict",
                              readonly=True, default=lambda self: self.env.user, index=True)
    line_ids = fields.One2many("oss.bank.statement.line", "statement_id", string="Lines", readonly=True)
    skipped_count = fields.Integer(string="Lines imported before", readonly=True)
    line_count = fields.Integer(compute="_compute_counts", string="Lines")
    unmatched_count = fields.Integer(compute="_compute_counts", string="Unmatched")
    total = fields.Float(compute="_compute_counts", digits=(16, 2))

    @api.depends("line_ids.state", "line_ids.amount")
    def _compute_counts(self):
        Lines = self.env["oss.bank.statement.line"]
        counts = Lines._gov_count_by("statement_id", self.ids)
        unmatched = Lines._gov_count_by("statement_id", self.ids, [("state", "=", "unmatched")])
        for statement in self:
            statement.line_count = counts.get(statement.id, 0)
            statement.unmatched_count = unmatched.get(statement.id, 0)
            statement.total = round(sum(statement.line_ids.mapped("amount")), 2)

    @api.multi
    # never deleted, so there is no super() to call
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Bank statements are kept as evidence of the money received."))


class OssBankStatementLine(models.Model):
    _name = "oss.bank.statement.line"
    _description = "Bank statement line"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "paid_at, id"
    _rec_name = "bank_ref"
    _protected_fields = ("statement_id", "paid_at", "amount", "ref1", "ref2", "payer", "bank_ref", "state",
                         "request_id", "payment_id", "note")

    statement_id = fields.Many2one("oss.bank.statement", required=True, ondelete="restrict", index=True,
                                   readonly=True)
    paid_at = fields.Datetime(string="Paid on", required=True, readonly=True)
    amount = fields.Float(digits=(16, 2), required=True, readonly=True)
    ref1 = fields.Char(string="Reference 1", readonly=True, index=True)
    ref2 = fields.Char(string="Reference 2", readonly=True)
    payer = fields.Char(readonly=True)
    bank_ref = fields.Char(string="Bank reference", required=True, readonly=True)
    state = fields.Selection(LINE_STATES, required=True, default="unmatched", index=True, readonly=True)
    request_id = fields.Many2one("oss.request", ondelete="restrict", index=True, readonly=True)
    payment_id = fields.Many2one("oss.payment", ondelete="restrict", readonly=True)
    note = fields.Char(string="Why unmatched / set aside", readonly=True)

    _sql_constraints = [
        ("bank_ref_uniq", "unique(bank_ref)", "A bank reference is imported once."),
    ]

    # ------------------------------------------------------------ actions
    @api.multi
    def action_oss_match(self):
        self.ensure_one()
        return self.env["oss.bank.line.match.wizard"]._oss_open(self)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_find_request(self, ref1, ref2):
        """The request that the references name: the tracking number, or the payment request's number."""
        Request = self.env["oss.request"]
        ref1 = re.sub(r"[^A-Za-z0-9]", "", ref1 or "").upper()
        match = TRACKING_REF_RE.match(ref1)
        if match:
            request = Request.search([("name", "=", "OSS-%s-%s" % match.groups())], limit=1)
            if request:
                return request
        for ref in (ref2, ref1):
            if ref:
                payment_request = self.env["oss.payment.request"].search(
                    [("ref2", "=", re.sub(r"[^A-Za-z0-9]", "", ref).upper())], limit=1)
                if payment_request:
                    return payment_request.request_id
        return Request

    def _oss_match(self, request=None):
        """Record the line's money as a payment of ``request`` (or of the request its references
        name); on failure the line stays unmatched with the reason."""
        for line in self.filtered(lambda line: line.state == "unmatched"):
            target = request or line._oss_find_request(line.ref1, line.ref2)
            if not target:
                line._oss_set({"note": _("No request has these references.")})
                continue
            try:
                with self.env.cr.savepoint():
                    payment = self.env["oss.payment"]._oss_record(
                        target, line.amount, "qr", payer_name=line.payer or None,
                        reference=line.bank_ref, statement_line=line)
            except (UserError, ValidationError) as error:
                line._oss_set({"request_id": target.id, "note": error.name[:250]})
                continue
            line._oss_set({"state": "matched", "request_id": target.id, "payment_id": payment.id, "note": False})

    def _oss_ignore(self, reason):
        self.ensure_one()
        if self.state != "unmatched":
            raise UserError(_("Only an unmatched line is set aside."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for setting the line aside (refunded by the bank, not ours...)."))
        self._oss_set({"state": "ignored", "note": reason.strip()[:250]})

    def _oss_set(self, values):
        # sudo: the line's matching is the import's bookkeeping, after the cashier's own check
        with protected_gate():
            self.sudo().write(values)


def line_reference(text):
    """A reference from a statement cell, as the QR carries it (letters and digits, upper-case)."""
    try:
        return thai_qr.reference(text)
    except thai_qr.ThaiQrError:
        return (text or "").strip()[:64] or False
