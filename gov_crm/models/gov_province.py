from odoo import fields, models


class GovProvince(models.Model):
    """A Thai province (จังหวัด), with its DOPA code. Loaded from data/geography (GeoThai, CC BY 4.0)."""

    _name = "gov.province"
    _description = "Province"
    _order = "name"

    code = fields.Char(required=True, index=True, readonly=True)
    name = fields.Char(string="Name (Thai)", required=True, index=True, readonly=True)
    name_en = fields.Char(string="Name (English)", index=True, readonly=True)
    district_ids = fields.One2many("gov.district", "province_id", string="Districts", readonly=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The province code must be unique.")]
