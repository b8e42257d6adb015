from odoo import fields, models


class GovPrivacyLog(models.Model):
    _inherit = "gov.privacy.log"

    event = fields.Selection(selection_add=[("consent_withdrawn", "Consent withdrawn")])
