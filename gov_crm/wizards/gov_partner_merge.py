from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GovPartnerMerge(models.TransientModel):
    """Merge duplicate registry records into one survivor (requests, cases and consents follow)."""

    _name = "gov.partner.merge"
    _description = "Merge duplicate people"

    partner_ids = fields.Many2many("res.partner", string="Records to merge", required=True)
    survivor_id = fields.Many2one(
        "res.partner", string="Keep", required=True, ondelete="cascade",
        help="The record that stays; the others are merged into it and deleted.")

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids") or [])
            values["partner_ids"] = [(6, 0, partners.ids)]
            # prefer the record with an ID, then the oldest
            best = partners.sorted(lambda p: (not p.national_id, p.id))[:1]
            values["survivor_id"] = best.id
        return values

    @api.multi
    def action_merge(self):
        self.ensure_one()
        if self.survivor_id not in self.partner_ids or len(self.partner_ids) < 2:
            raise UserError(_(
                "Choose at least two records and keep one of them."))
        survivor = self.partner_ids.gov_merge_into(self.survivor_id)
        return {"type": "ir.actions.act_window", "res_model": "res.partner", "res_id": survivor.id,
                "view_mode": "form", "target": "current"}
