from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gov_saraban_prefix = fields.Char(related="company_id.gov_saraban_prefix")
    gov_saraban_emblem = fields.Binary(related="company_id.gov_saraban_emblem")
    gov_saraban_address = fields.Text(related="company_id.gov_saraban_address")
    gov_saraban_intake_department_id = fields.Many2one(related="company_id.gov_saraban_intake_department_id")
    gov_saraban_tsa_url = fields.Char(related="company_id.gov_saraban_tsa_url")
