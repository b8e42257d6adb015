"""What a service costs: its fee rule, rates per unit, legal range and whether work waits for payment."""
import math
from decimal import ROUND_HALF_UP, Decimal

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FEE_TYPES = [
    ("free", "Free"),
    ("fixed", "Fixed fee"),
    ("per_unit", "Per unit (asked at intake)"),
    ("assessed", "Set by the officer within the legal range"),
]
ROUNDINGS = [
    ("exact", "Exact quantity"),
    ("up", "A part of a block counts as a block"),
    ("half", "More than half a block counts as a block"),
]


def to_satang(value):
    """A float amount rounded half up to the satang."""
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class OssService(models.Model):
    _inherit = "oss.service"

    fee_type = fields.Selection(
        FEE_TYPES, string="Fee rule", required=True, default="free", index=True,
        help="Free; a fixed fee (the Fee field); per unit, with the quantity asked at intake and one of "
             "the rates below; or an amount the officer sets within the legal range (fines, assessed fees).")
    fee_rate_ids = fields.One2many("oss.service.fee.rate", "service_id", string="Rates per unit", copy=True)
    fee_quantity_label = fields.Char(
        string="Question at intake (Thai)", help="What the front desk asks, e.g. พื้นที่อาคาร (ตารางเมตร).")
    fee_quantity_label_en = fields.Char(string="Question at intake (English)")
    fee_min = fields.Float(string="Lowest amount (legal range)", digits=(16, 2))
    fee_max = fields.Float(string="Highest amount (legal range)", digits=(16, 2),
                           help="0: the law sets no maximum (an assessed tax, for one).")
    fee_waits_payment = fields.Boolean(
        string="Processing waits for payment", index=True,
        help="The request waits for payment once its file is complete; the legal period and the route "
             "start when the fee is paid in full.")
    revenue_code = fields.Char(
        string="Revenue code", help="The code of this revenue in the agency's accounting system "
                                    "(e-LAAS, GFMIS), carried in the payments export.")

    _sql_constraints = [
        ("fee_range_positive", "CHECK(fee_min >= 0 AND fee_max >= 0)", "The legal range cannot be negative."),
    ]

    @api.constrains("fee_type", "fee", "fee_min", "fee_max", "fee_rate_ids")
    def _check_fee_rule(self):
        for service in self:
            if service.fee_type == "fixed" and service.fee <= 0:
                raise ValidationError(_("Service %(service)s: a fixed fee needs an amount.") % {
                    "service": service.display_name})
            if service.fee_type == "per_unit" and not service.fee_rate_ids:
                raise ValidationError(_("Service %(service)s: a fee per unit needs at least one rate.") % {
                    "service": service.display_name})
            if service.fee_type == "assessed" and service.fee_max and service.fee_max < service.fee_min:
                raise ValidationError(_("Service %(service)s: the highest amount is below the lowest.") % {
                    "service": service.display_name})

    @api.model
    def create(self, vals):
        if "fee_type" not in vals:  # a service created without a rule charges its fee, if any
            vals = dict(vals, fee_type="fixed" if vals.get("fee") else "free")
        return super().create(vals)

    def _oss_fee_range_text(self):
        self.ensure_one()
        if self.fee_max:
            return "%s - %s" % ("{:,.2f}".format(self.fee_min), "{:,.2f}".format(self.fee_max))
        return _("%(amount)s or more") % {"amount": "{:,.2f}".format(self.fee_min)}


class OssServiceFeeRate(models.Model):
    """A rate of a fee per unit: the price of a block of units, e.g. 0.50 baht per square metre
    for a building of up to two floors, or 5 baht per 500 cm² of a Thai-only sign."""

    _name = "oss.service.fee.rate"
    _description = "Fee rate of a service"
    _order = "service_id, sequence, id"

    service_id = fields.Many2one("oss.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Rate (Thai)", required=True)
    name_en = fields.Char(string="Rate (English)")
    unit = fields.Char(string="Unit (Thai)", required=True, help="e.g. ตารางเมตร, ตารางเซนติเมตร, หน้า")
    unit_en = fields.Char(string="Unit (English)")
    price = fields.Float(string="Price per block (THB)", digits=(16, 2), required=True)
    block = fields.Float(string="Units per block", default=1.0, required=True,
                         help="The price is for this many units: 500 for a rate per 500 cm².")
    rounding = fields.Selection(ROUNDINGS, string="Part of a block", required=True, default="exact")
    minimum = fields.Float(string="Minimum amount (THB)", digits=(16, 2))

    _sql_constraints = [
        ("price_positive", "CHECK(price > 0)", "The price of a rate must be positive."),
        ("block_positive", "CHECK(block > 0)", "A block needs a positive number of units."),
        ("minimum_positive", "CHECK(minimum >= 0)", "The minimum amount cannot be negative."),
    ]

    @api.multi
    def name_get(self):
        return [(rate.id, "%s: %s บาท / %s%s" % (
            rate.name, "{:,.2f}".format(rate.price), "" if rate.block == 1 else "{:g} ".format(rate.block),
            rate.unit)) for rate in self]

    def _oss_blocks(self, quantity):
        self.ensure_one()
        blocks = quantity / self.block
        if self.rounding == "up":
            return math.ceil(round(blocks, 6))
        if self.rounding == "half":
            whole = math.floor(blocks)
            return whole + (1 if blocks - whole > 0.5 else 0)
        return blocks

    def _oss_amount(self, quantity):
        """(amount, how it was computed) for ``quantity`` units."""
        self.ensure_one()
        blocks = self._oss_blocks(quantity)
        amount = to_satang(blocks * self.price)
        detail = "{:,.2f} {} × {:,.2f} บาท{}".format(
            quantity, self.unit, self.price, "" if self.block == 1 else " / {:g} {}".format(self.block, self.unit))
        if amount < self.minimum:
            amount = to_satang(self.minimum)
            detail += " (ขั้นต่ำ {:,.2f} บาท)".format(self.minimum)
        return amount, detail
