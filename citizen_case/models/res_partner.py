from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    case_count = fields.Integer(compute="_compute_case_count", string="Cases")

    @api.multi
    def _compute_case_count(self):
        """Cases the current user may see, counted in one grouped query."""
        Case = self.env["citizen.case"]
        if not Case.check_access_rights("read", raise_exception=False):
            for partner in self:
                partner.case_count = 0
            return
        groups = Case.read_group([("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {g["partner_id"][0]: g["partner_id_count"] for g in groups}
        for partner in self:
            partner.case_count = counts.get(partner.id, 0)

    @api.multi
    def action_view_cases(self):
        self.ensure_one()
        action = self.env.ref("citizen_case.citizen_case_action").read()[0]
        action.update(domain=[("partner_id", "=", self.id)], context={})
        return action
