from odoo import fields, models


class OssApplicantAnswerWizard(models.TransientModel):
    _inherit = "oss.applicant.answer.wizard"

    case_id = fields.Many2one("citizen.case", ondelete="cascade")
