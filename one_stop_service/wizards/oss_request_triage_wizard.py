from odoo import api, fields, models


class OssRequestTriageWizard(models.TransientModel):
    """The front desk confirms who asks and for what, for a request that arrived as free text."""

    _name = "oss.request.triage.wizard"
    _description = "Confirm the person and the service of a request in triage"

    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade")
    description = fields.Text(related="request_id.description", readonly=True, string="Message")
    sender_id = fields.Many2one(related="request_id.partner_id", readonly=True, string="Sender")
    triage_registered = fields.Boolean(related="request_id.triage_registered", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Applicant", required=True, ondelete="cascade",
                                 help="The person who asks: the sender, or a registered person you found.")
    identifier = fields.Char(string="National or juristic ID",
                             help="Required when the applicant has no ID on record: the ID the person gave you "
                                  "(by phone, or on a document they sent). A registered person with this ID is "
                                  "used instead of the sender's record.")
    service_id = fields.Many2one("oss.service", required=True, ondelete="cascade",
                                 domain=[("code", "!=", "TRIAGE")])

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["oss.request"].browse(self.env.context.get("default_request_id"))
        if request:
            values.setdefault("partner_id", request.partner_id.id)
            if request.service_id != request._oss_triage_service():
                values.setdefault("service_id", request.service_id.id)
        return values

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self.request_id._oss_triage_confirm(self.partner_id, self.service_id, self.identifier)
        return {"type": "ir.actions.act_window", "res_model": "oss.request", "res_id": self.request_id.id,
                "view_mode": "form", "target": "current"}
