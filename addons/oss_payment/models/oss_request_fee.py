"""What a request owes: the fee of its service for what was asked at intake, or exempted.

The inputs (rate, quantity, amount set by the officer, exemption) are given at intake and
frozen once the request is submitted; the amount due and how it was computed follow them
and are written only by the request's own code (gov.protected.fields.mixin). After
submission only *Assess the fee* changes them, while nothing has been paid.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action, protected_gate

from .oss_service import FEE_TYPES, to_satang

FEE_INPUTS = ("service_id", "fee_rate_id", "fee_quantity", "fee_amount_set", "fee_exemption_id")


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("amount_due", "amount_exempted", "fee_detail", "fee_to_assess")
    _protected_frozen_fields = ("fee_rate_id", "fee_quantity", "fee_amount_set", "fee_exemption_id",
                                "fee_exemption_note")

    state = fields.Selection(selection_add=[("waiting_payment", "Waiting for payment")])
    fee_type = fields.Selection(FEE_TYPES, related="service_id.fee_type", readonly=True, string="Fee rule")
    fee_rate_id = fields.Many2one(
        "oss.service.fee.rate", string="Rate", ondelete="restrict", index=True,
        readonly=True, states={"draft": [("readonly", False)]})
    fee_quantity = fields.Float(string="Quantity", digits=(16, 2), readonly=True,
                                states={"draft": [("readonly", False)]})
    fee_unit = fields.Char(related="fee_rate_id.unit", readonly=True, string="Unit")
    fee_quantity_label = fields.Char(related="service_id.fee_quantity_label", readonly=True, string="Question")
    fee_amount_set = fields.Float(
        string="Amount set by the officer", digits=(16, 2), readonly=True, states={"draft": [("readonly", False)]},
        help="For a fine or an assessed fee: within the legal range of the service.")
    fee_exemption_id = fields.Many2one(
        "oss.fee.exemption", string="Exemption", ondelete="restrict", index=True,
        readonly=True, states={"draft": [("readonly", False)]})
    fee_exemption_note = fields.Char(string="Evidence of the exemption", readonly=True,
                                     states={"draft": [("readonly", False)]})
    amount_due = fields.Float(string="Amount due", digits=(16, 2), readonly=True, copy=False,
                              track_visibility="onchange")
    amount_exempted = fields.Float(string="Amount exempted", digits=(16, 2), readonly=True, copy=False)
    fee_detail = fields.Char(string="How the fee is computed", readonly=True, copy=False)
    fee_to_assess = fields.Boolean(string="Fee to be assessed", readonly=True, copy=False, index=True,
                                   help="The amount is not known yet: the officer sets it (Assess the fee).")

    @api.constrains("service_id", "fee_rate_id", "fee_quantity", "fee_amount_set", "fee_exemption_id")
    def _check_fee_inputs(self):
        for request in self:
            service = request.service_id
            if request.fee_rate_id and request.fee_rate_id.service_id != service:
                raise ValidationError(_("The rate %(rate)s is not a rate of %(service)s.") % {
                    "rate": request.fee_rate_id.name, "service": service.display_name})
            if request.fee_quantity < 0:
                raise ValidationError(_("The quantity cannot be negative."))
            if request.fee_amount_set:
                request._oss_check_fee_range(request.fee_amount_set)
            exemption = request.fee_exemption_id
            if exemption and not exemption._oss_applies_to(service):
                raise ValidationError(_("The exemption %(exemption)s does not apply to %(service)s.") % {
                    "exemption": exemption.name, "service": service.display_name})

    def _oss_check_fee_range(self, amount):
        """Refuse an amount set by the officer outside the service's legal range."""
        service = self.service_id
        if service.fee_type != "assessed":
            raise ValidationError(_("The fee of %(service)s is not set by the officer.") % {
                "service": service.display_name})
        if amount < service.fee_min or (service.fee_max and amount > service.fee_max) or amount <= 0:
            raise ValidationError(_("%(amount)s baht is outside the legal range of %(service)s: %(range)s baht.") % {
                "amount": "{:,.2f}".format(amount), "service": service.display_name,
                "range": service._oss_fee_range_text()})

    @api.onchange("service_id")
    def _onchange_service_fee(self):
        rates = self.service_id.fee_rate_ids
        self.fee_rate_id = rates[:1] if len(rates) == 1 else False
        self.fee_amount_set = 0.0
        self.fee_exemption_id = False

    @api.onchange(*FEE_INPUTS)
    def _onchange_fee_inputs(self):
        self.update(self._oss_fee_values())

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        request = super().create(vals)
        request._oss_fee_update()
        return request

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in FEE_INPUTS):
            self._oss_fee_update()
        return result

    # ------------------------------------------------------------ business methods
    def _oss_fee_gross(self):
        """(amount, detail, to assess) of the request before any exemption."""
        self.ensure_one()
        service = self.service_id
        if service.fee_type == "fixed":
            return to_satang(service.fee), "", False
        if service.fee_type == "per_unit":
            if not self.fee_rate_id or self.fee_quantity <= 0:
                return 0.0, "", True
            amount, detail = self.fee_rate_id._oss_amount(self.fee_quantity)
            return amount, detail, False
        if service.fee_type == "assessed":
            return to_satang(self.fee_amount_set), "", not self.fee_amount_set
        return 0.0, "", False

    def _oss_fee_values(self):
        self.ensure_one()
        amount, detail, to_assess = self._oss_fee_gross() if self.service_id else (0.0, "", False)
        if self.fee_exemption_id:
            return {"amount_due": 0.0, "amount_exempted": amount, "fee_to_assess": False,
                    "fee_detail": _("Exempted: %(exemption)s") % {"exemption": self.fee_exemption_id.name}}
        return {"amount_due": amount, "amount_exempted": 0.0, "fee_detail": detail or False,
                "fee_to_assess": to_assess}

    @protected_action
    def _oss_fee_update(self):
        """Write the amount due that the inputs give (only what changed: a journal tracks it)."""
        for request in self:
            values = request._oss_fee_values()
            changed = {name: value for name, value in values.items() if request[name] != value}
            if changed:
                # a draft's amount follows the counter's typing: no chatter until it is submitted
                target = request.with_context(mail_notrack=True) if request.state == "draft" else request
                target.write(changed)

    def _oss_assess(self, values, note=None):
        """Set the fee after submission (Assess the fee): the front desk, or an officer of a department
        the request is routed to, while nothing is paid."""
        self.ensure_one()
        user = self.env.user
        if not (user.has_group("gov_crm.group_gov_front_desk") or user.has_group("gov_crm.group_gov_officer")):
            raise AccessError(_("Only the front desk or the request's officers assess a fee."))
        self.check_access_rights("read")
        self.check_access_rule("read")
        if self.state in ("draft", "done", "rejected", "withdrawn"):
            raise UserError(_("The fee of %(name)s is assessed once it is submitted and while it is open.")
                            % {"name": self.name})
        if self.amount_paid:
            raise UserError(_("%(name)s has payments: reverse them before assessing the fee again.")
                            % {"name": self.name})
        inputs = {name: values[name] for name in FEE_INPUTS[1:] + ("fee_exemption_note",) if name in values}
        with self.sudo()._oss_journal():  # sudo: an officer may not post on requests; the note names them
            with protected_gate():  # the assessment's own checks are above; the inputs' rules are constraints
                self.sudo().write(inputs)
            self._oss_fee_update()
            self._oss_log(_("Fee assessed by %(user)s: %(amount)s baht. %(note)s") % {
                "user": user.name, "amount": "{:,.2f}".format(self.amount_due), "note": note or ""})
            self._oss_payment_changed()
        return True

    def _oss_receipt_item(self):
        """What the money is for, as the official receipt (a Thai document) prints it."""
        self.ensure_one()
        kind = "ค่าธรรมเนียม"
        if self.service_id.fee_type == "assessed":
            kind = "ค่าปรับหรือค่าธรรมเนียมตามที่เจ้าหน้าที่กำหนด"
        return " ".join(filter(None, [kind, self.service_id.name, self.fee_detail and "(%s)" % self.fee_detail]))
