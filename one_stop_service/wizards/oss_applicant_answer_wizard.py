import base64

from odoo import api, fields, models


class OssApplicantAnswerWizard(models.TransientModel):
    _name = "oss.applicant.answer.wizard"
    _description = "Record the applicant's answer"

    request_id = fields.Many2one("oss.request", ondelete="cascade")
    question_id = fields.Many2one(
        "oss.applicant.question", required=True, ondelete="cascade",
        domain="[('request_id', '=', request_id), ('state', '=', 'open')]")
    question_text = fields.Text(related="question_id.question", readonly=True, string="Asked")
    answer = fields.Text(string="The applicant's answer")
    file = fields.Binary(string="File (optional)", attachment=False)
    filename = fields.Char(string="File name")

    @api.multi
    def action_record(self):
        self.ensure_one()
        content = base64.b64decode(self.file) if self.file else None
        self.question_id.action_record_answer(self.answer, self.filename, content)
        return {"type": "ir.actions.act_window_close"}
