from odoo import fields, models


class GovConsent(models.Model):
    _inherit = "gov.consent"

    purpose = fields.Selection(selection_add=[("hearing_news", "Public hearings followed")])
