"""The dimensions every analysis row has (department, service, channel, months), and those
a request row and a request summary row share."""
from odoo import api, fields, models

from odoo.addons.gov_crm.lib import be_date
from odoo.addons.one_stop_service.models.oss_channel import channel_selection
from odoo.addons.one_stop_service.models.oss_request import STATES
from odoo.addons.one_stop_service.models.oss_service import SERVICE_GROUPS


BE_MONTHS = ("month_be", "month_done_be")


def _be_month_key(label):
    """'พ.ย. 2569' -> (2569, 11); a row without the month (not finished yet) after every month."""
    name, _sep, year = (label or "").rpartition(" ")
    if name not in be_date.THAI_MONTHS_SHORT or not year.isdigit():
        return (10 ** 6, 0)
    return (int(year), be_date.THAI_MONTHS_SHORT.index(name) + 1)


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

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Groups by a Buddhist-era month come in time order ('ธ.ค. 2568' before 'ม.ค. 2569'), not in
        the alphabetical order of their labels, for the pivot and the graph alike."""
        groups = super(GovKpiDimensions, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        first = ([groupby] if isinstance(groupby, str) else list(groupby or []))[:1]
        name = first[0].split(":")[0] if first else None
        if name in BE_MONTHS and not orderby and not offset and not limit:
            groups.sort(key=lambda group: _be_month_key(group.get(name)))
        return groups


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
