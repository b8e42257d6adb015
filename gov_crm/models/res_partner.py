from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_party_type = fields.Selection(
        [("citizen", "G2C Citizen"), ("business", "G2B Business"),
         ("agency", "G2G Agency"), ("staff", "G2E Staff")],
        string="Party type", index=True)
    national_id = fields.Char(
        string="National / juristic ID", index=True, copy=False,
        help="13-digit national ID of a citizen or staff member, juristic ID of a business.")
