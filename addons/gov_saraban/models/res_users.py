from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    gov_saraban_position = fields.Char(
        string="Position on letters",
        help="The signer's position printed under their name, e.g. ปลัดเทศบาล ปฏิบัติราชการแทน นายกเทศมนตรี.")
    gov_saraban_certificate_ids = fields.One2many(
        "gov.saraban.certificate", "user_id", string="Signing certificates")
