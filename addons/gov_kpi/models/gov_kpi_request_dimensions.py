"""The dimensions every analysis row has (department, service, channel, months), and those
a request row and a request summary row share."""
from odoo import fields, models

from odoo.addons.one_stop_service.models.oss_channel import channel_selection
from odoo.addons.one_stop_service.models.oss_request import STATES
from odoo.addons.one_stop_service.models.oss_service import SERVICE_GROUPS


class GovKpiDimensions(models.AbstractModel):
    _name = "gov.kpi.dimensions"
    _description = "Dimensions of the KPIs"

    department_id = fields.Many2one("gov.department", readonly=True)
    service_id = fields.Many2one("oss.service", readonly=True)
    service_group = fields.Selection(SERVICE_GROUPS, string="Group", readonly=True)
    channel = fields.Selection(channel_selection, readonly=True)
    month = fields.Char(string="Month received", readonly=True, help="Common-era month, e.g. 2026-11.")
    month_be = fields.Char(string="Month received (B.E.)", readonly=True, help="e.g. พ.ย. 2569")
    month_done = fields.Char(string="Month finished", readonly=True)
    month_done_be = fields.Char(string="Month finished (B.E.)", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)


class GovKpiRequestDimensions(models.AbstractModel):
    _name = "gov.kpi.request.dimensions"
    _inherit = "gov.kpi.dimensions"
    _description = "Dimensions of the requests KPIs"

    state = fields.Selection(STATES, string="Status", readonly=True)
    nbr = fields.Integer(string="Requests", readonly=True)
    finished_count = fields.Integer(string="Finished", readonly=True,
                                    help="Done or rejected: decided within or after the legal period.")
    on_time_count = fields.Integer(string="Finished on time", readonly=True)
    abandoned_count = fields.Integer(
        string="Abandoned", readonly=True,
        help="Closed because the missing documents were not brought by the deadline of the record of "
             "missing documents (s.8): neither open nor finished, neither on time nor late.")
