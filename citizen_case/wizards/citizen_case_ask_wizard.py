from odoo import api, fields, models

from odoo.addons.one_stop_service.models.oss_applicant_question import QUESTION_HELP


class CitizenCaseAskWizard(models.TransientModel):
    _name = "citizen.case.ask.wizard"
    _description = "Ask the applicant of a case for something"

    case_id = fields.Many2one("citizen.case", required=True, ondelete="cascade")
    question = fields.Text(string="What the applicant must supply", required=True, help=QUESTION_HELP)

    @api.multi
    def action_ask(self):
        self.ensure_one()
        self.case_id.action_ask_applicant(self.question)
        return {"type": "ir.actions.act_window_close"}
