"""Assess the fee of a submitted request: the quantity, the amount within the legal range, an exemption."""
from odoo import api, fields, models


class OssFeeAssessWizard(models.TransientModel):
    _name = "oss.fee.assess.wizard"
    _description = "Assess the fee"

    request_id = fields.Many2one("oss.request", required=True, readonly=True,
                                 ondelete="cascade")
    service_id = fields.Many2one(related="request_id.service_id", readonly=True)
    fee_type = fields.Selection(related="request_id.fee_type", readonly=True)
    fee_quantity_label = fields.Char(related="request_id.fee_quantity_label", readonly=True)
    fee_rate_id = fields.Many2one("oss.service.fee.rate", string="Rate", ondelete="cascade")
    fee_quantity = fields.Float(string="Quantity", digits=(16, 2))
    fee_amount_set = fields.Float(string="Amount set by the officer", digits=(16, 2))
    fee_exemption_id = fields.Many2one("oss.fee.exemption", string="Exemption", ondelete="cascade")
    fee_exemption_note = fields.Char(string="Evidence of the exemption")
    note = fields.Char(help="Why the fee is set so (kept in the request's history).")

    @api.model
    def _oss_open(self, request):
        wizard = self.create({
            "request_id": request.id, "fee_rate_id": request.fee_rate_id.id, "fee_quantity": request.fee_quantity,
            "fee_amount_set": request.fee_amount_set, "fee_exemption_id": request.fee_exemption_id.id,
            "fee_exemption_note": request.fee_exemption_note,
        })
        return {"type": "ir.actions.act_window", "name": wizard._description, "res_model": self._name,
                "res_id": wizard.id, "view_mode": "form", "target": "new"}

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self.request_id._oss_assess({
            "fee_rate_id": self.fee_rate_id.id or False, "fee_quantity": self.fee_quantity,
            "fee_amount_set": self.fee_amount_set, "fee_exemption_id": self.fee_exemption_id.id or False,
            "fee_exemption_note": self.fee_exemption_note or False,
        }, note=self.note)
        return {"type": "ir.actions.act_window_close"}
