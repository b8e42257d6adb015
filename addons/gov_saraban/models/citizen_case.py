"""A case opened for a letter: the department works it, the letter stays one click away."""
from odoo import api, fields, models


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("saraban_letter_id",)

    saraban_letter_id = fields.Many2one("gov.saraban.letter", string="Letter", index=True, ondelete="restrict",
                                        readonly=True)

    @api.multi
    def action_open_saraban_letter(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.saraban.letter",
                "res_id": self.saraban_letter_id.id, "view_mode": "form", "target": "current"}
