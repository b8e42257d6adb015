"""The cashier's day: every payment belongs to one, and a closed day takes no new payment.

A day is opened by its first payment and closed by its cashier, who hands over the money
with the daily close report (PDF and Excel): the receipts, the totals by method and the
cancelled receipts. Closing stores the totals, computed from the day's payments.

Each payment updates its day's row (``payment_count``) in its own transaction, and closing
updates the same row: whichever of a payment and the close commits second is made to retry
by PostgreSQL, so a close never misses a payment committed at the same moment, and a payment
never lands in a day already closed.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action

from ..tools.fiscal import local_day, local_moment
from .oss_payment import CASHIER_GROUP, METHODS

CLOSE_STATES = [("open", "Open"), ("closed", "Closed")]
TOTAL_FIELDS = ["total_%s" % code for code, _label in METHODS]


class OssCashierClose(models.Model):
    _name = "oss.cashier.close"
    _description = "Cashier's day and its close"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "day desc, cashier_id"
    _protected_fields = tuple(["cashier_id", "day", "state", "date_closed", "payment_count", "receipt_count",
                               "cancelled_count", "total_received", "total_refunded", "total"] + TOTAL_FIELDS)

    name = fields.Char(compute="_compute_name", string="Day")
    cashier_id = fields.Many2one("res.users", required=True, ondelete="restrict", index=True,
                                 readonly=True)
    day = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(CLOSE_STATES, required=True, default="open", index=True, readonly=True)
    date_closed = fields.Datetime(string="Closed on", readonly=True)
    payment_ids = fields.One2many("oss.payment", "close_id", string="Payments", readonly=True)
    payment_count = fields.Integer(string="Payments", readonly=True)
    receipt_count = fields.Integer(string="Receipts issued", readonly=True)
    cancelled_count = fields.Integer(string="Receipts cancelled", readonly=True)
    total_cash = fields.Float(string="Cash", digits=(16, 2), readonly=True)
    total_card = fields.Float(string="Card", digits=(16, 2), readonly=True)
    total_transfer = fields.Float(string="Bank transfer", digits=(16, 2), readonly=True)
    total_qr = fields.Float(string="PromptPay QR", digits=(16, 2), readonly=True)
    total_received = fields.Float(string="Received", digits=(16, 2), readonly=True)
    total_refunded = fields.Float(string="Given back", digits=(16, 2), readonly=True)
    total = fields.Float(string="Net total", digits=(16, 2), readonly=True)

    _sql_constraints = [
        ("cashier_day_uniq", "unique(cashier_id, day)", "A cashier has one close per day."),
    ]

    @api.depends("cashier_id", "day")
    def _compute_name(self):
        for close in self:
            close.name = "%s %s" % (close.cashier_id.name or "", self.env["oss.request"].oss_be_date(close.day))

    @api.multi
    # never deleted, so there is no super() to call
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("A cashier's day is never deleted."))

    # ------------------------------------------------------------ actions
    @api.model
    def action_oss_close_my_day(self):
        """The current cashier's day, opened if need be (from the menu)."""
        self.env["oss.payment"]._oss_check_cashier()
        day = local_day(self.env["oss.payment"]._oss_now(), self.env["resource.calendar"].gov_office_tz())
        close = self.search([("cashier_id", "=", self.env.uid), ("day", "=", fields.Date.to_string(day))])
        action = self.env.ref("oss_payment.oss_cashier_close_action").read()[0]
        if close:
            action.update(res_id=close.id, view_mode="form", views=[(False, "form")])
        return action

    @api.multi
    @protected_action
    def action_close(self):
        """Close the day: store its totals from its payments. Only its own cashier closes it."""
        for close in self:
            if close.cashier_id != self.env.user or not self.env.user.has_group(CASHIER_GROUP):
                raise AccessError(_("Only the cashier of the day closes it."))
            if close.state != "open":
                raise UserError(_("This day is already closed."))
            # sudo: the totals cover every payment of the day, read after the cashier's check above
            close.sudo().write(dict(close.sudo()._oss_totals(), state="closed", date_closed=fields.Datetime.now()))
        return True

    @api.multi
    def action_print(self):
        return self.env.ref("oss_payment.oss_cashier_close_report").report_action(self)

    @api.multi
    def action_export_xlsx(self):
        self.ensure_one()
        return self.env["oss.cashier.close.xlsx"]._oss_download(self)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_open_day(self, user, day):
        """The open day of ``user`` on ``day`` (opened now if it was not), counted for this payment."""
        cr = self.env.cr
        # ON CONFLICT: two first payments of a cashier at once open one day, the later one retried
        cr.execute("""
            INSERT INTO oss_cashier_close (cashier_id, day, state, payment_count, create_uid, create_date,
                                           write_uid, write_date)
            VALUES (%s, %s, 'open', 0, %s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC')
            ON CONFLICT (cashier_id, day) DO NOTHING""", (user.id, day, user.id, user.id))
        # the row a close writes too: whichever commits second retries and sees the other
        cr.execute("""
            UPDATE oss_cashier_close SET payment_count = payment_count + 1
            WHERE cashier_id = %s AND day = %s RETURNING id, state""", (user.id, day))
        close_id, state = cr.fetchone()
        if state != "open":
            raise UserError(_("Your day of %(day)s is closed: it takes no new payment.") % {
                "day": self.env["oss.request"].oss_be_date(fields.Date.to_string(day))})
        self.invalidate_cache(["payment_count", "state"], [close_id])
        return self.browse(close_id)

    def _oss_totals(self):
        """Counts and totals of the day, from its payments (one grouped query)."""
        self.ensure_one()
        groups = self.env["oss.payment"].read_group(
            [("close_id", "=", self.id)], ["method", "amount"], ["method"], lazy=False)
        values = {name: 0.0 for name in TOTAL_FIELDS}
        for group in groups:
            values["total_%s" % group["method"]] = round(group["amount"], 2)
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE amount > 0), COALESCE(sum(amount) FILTER (WHERE amount > 0), 0),
                   count(*) FILTER (WHERE amount < 0), COALESCE(-sum(amount) FILTER (WHERE amount < 0), 0),
                   COALESCE(sum(amount), 0)
            FROM oss_payment WHERE close_id = %s""", (self.id,))
        received_count, received, refunded_count, refunded, total = self.env.cr.fetchone()
        values.update(payment_count=received_count + refunded_count, receipt_count=received_count,
                      cancelled_count=refunded_count, total_received=round(received, 2),
                      total_refunded=round(refunded, 2), total=round(total, 2))
        return values

    @api.multi
    def oss_report_lines(self):
        """Template helper: the day's payments with their receipts, in the order they were taken."""
        self.ensure_one()
        return self.payment_ids.sorted(lambda p: (p.date, p.id))

    @api.multi
    def oss_be_date(self, value, lang="th_TH", with_time=False):
        return self.env["oss.request"].oss_be_date(value, lang=lang, with_time=with_time)

    @api.multi
    def oss_local_time(self, value):
        """Template helper: the office's local time of a UTC moment, HH:MM:SS."""
        return local_moment(value, self.env["resource.calendar"].gov_office_tz()).strftime("%H:%M:%S")
