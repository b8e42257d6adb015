from odoo import api, fields, models

from ..models.oss_applicant_question import QUESTION_HELP


class OssRequestAskWizard(models.TransientModel):
    _name = "oss.request.ask.wizard"
    _description = "Ask the applicant of a request for something"

    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade")
    question = fields.Text(string="What the applicant must supply", required=True, help=QUESTION_HELP)

    @api.multi
    def action_ask(self):
        self.ensure_one()
        self.request_id.action_wait_applicant(self.question)
        return {"type": "ir.actions.act_window_close"}
