from odoo import api, fields, models
from odoo.osv import expression


class GovDistrict(models.Model):
    """A Thai district (อำเภอ / เขต). Loaded from data/geography (GeoThai, CC BY 4.0)."""

    _name = "gov.district"
    _description = "District"
    _order = "name"

    code = fields.Char(required=True, index=True, readonly=True)
    name = fields.Char(string="Name (Thai)", required=True, index=True, readonly=True)
    name_en = fields.Char(string="Name (English)", index=True, readonly=True)
    province_id = fields.Many2one(
        "gov.province", required=True, index=True, ondelete="restrict", readonly=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The district code must be unique.")]

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        if name and operator == "ilike":
            args = expression.AND([args or [], ["|", ("name", "ilike", name), ("name_en", "ilike", name)]])
            return self.search(args, limit=limit).name_get()
        return super().name_search(name, args=args, operator=operator, limit=limit)
