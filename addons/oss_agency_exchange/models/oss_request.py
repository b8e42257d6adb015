"""Requests from or forwarded to an agency: every change of state goes to its outbox."""
from odoo import api, fields, models


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("agency_event_ids",)

    agency_id = fields.Many2one(
        "res.partner", string="Agency (G2G)", ondelete="restrict", index=True,
        domain=[("gov_party_type", "=", "agency")], track_visibility="onchange",
        help="The agency that submitted the request or to which it is forwarded: "
             "it hears of every change of state through its webhook.")
    agency_event_ids = fields.One2many("oss.agency.event", "request_id", string="Agency events",
                                       groups="gov_crm.group_gov_service_manager")

    @api.model
    def create(self, vals):
        request = super().create(vals)
        if request.agency_id and request.state != "draft":
            # sudo: the outbox is closed to the user who changed the request; it is its consequence
            self.env["oss.agency.event"].sudo()._enqueue(request)
        return request

    @api.multi
    def write(self, vals):
        if "state" not in vals and "agency_id" not in vals:
            return super().write(vals)
        before = {request.id: request.state for request in self}
        result = super().write(vals)
        changed = self.filtered(lambda r: r.agency_id and (before[r.id] != r.state or "agency_id" in vals))
        if changed:
            # sudo: as in create
            self.env["oss.agency.event"].sudo()._enqueue(changed)
        return result

    @api.model
    def _oss_public_client_domains(self, client):
        """An agency's key also reads the requests it submitted or that were forwarded to it."""
        domains = super(OssRequest, self)._oss_public_client_domains(client)
        if client.channel == "agency" and client.partner_id:
            domains.append([("agency_id", "=", client.partner_id.id)])
        return domains

    @api.model
    def _open311_request_vals(self, client, service, partner, values):
        vals = super()._open311_request_vals(client, service, partner, values)
        if client.channel == "agency":
            vals["agency_id"] = client.partner_id.id
        return vals
