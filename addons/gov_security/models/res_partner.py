"""Anonymisation also reaches the audit log: what a person's record held is not kept there."""

from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def gov_anonymise(self):
        # names as they were, before the records are blanked
        names = {partner.id: [n for n in {partner.sudo().name, partner.sudo().display_name} if n]
                 for partner in self}
        result = super(ResPartner, self).gov_anonymise()
        self.env["auditlog.rule"].sudo()._gov_forget_partners(names)
        return result
