from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    oss_request_ids = fields.One2many("oss.request", "partner_id", string="One-stop requests")
    oss_request_count = fields.Integer(compute="_compute_oss_request_count", string="Requests")

    def _compute_oss_request_count(self):
        groups = self.env["oss.request"].read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {g["partner_id"][0]: g["partner_id_count"] for g in groups}
        for partner in self:
            partner.oss_request_count = counts.get(partner.id, 0)

    @api.multi
    def action_view_oss_requests(self):
        self.ensure_one()
        action = self.env.ref("one_stop_service.oss_request_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.multi
    def _gov_dsar_sections(self):
        """Add the person's requests to the PDPA access report of gov_crm."""
        parent = getattr(super(), "_gov_dsar_sections", None)
        sections = parent() if parent else []
        requests = self.env["oss.request"].sudo().search([("partner_id", "in", self.ids)])
        sections.append({
            "title": _("One-stop service requests"),
            "rows": [{
                _("Tracking number"): r.name, _("Service"): r.service_id.name,
                _("State"): dict(r._fields["state"]._description_selection(self.env))[r.state],
                _("Received on"): r.date_received, _("Expected by"): r.expected_date or "",
            } for r in requests],
        })
        return sections
