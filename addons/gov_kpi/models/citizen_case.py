"""First-contact resolution needs to know whether a reopening came soon after the resolution.

citizen_case counts reopenings (``reopen_count``) but does not keep when they happened.
When a resolved (or closed) case goes back to an open stage, this module records whether
it happened no later than the end of the 10th working day after the day of the
resolution, on the department's calendar (the same arithmetic as legal periods):
``kpi_reopened_early``. A reopening after that window is a new request in disguise and
does not spoil the first contact.
"""
from odoo import api, fields, models

from odoo.addons.gov_crm.lib import kpi

_CLOSED_STATES = ("resolved", "closed")
_OPEN_STATES = ("new", "progress", "waiting")


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("kpi_reopened_early",)

    # the dashboard reads the ratings of this month through this index
    rating_date = fields.Datetime(index=True)
    kpi_reopened_early = fields.Boolean(
        string="Reopened within 10 working days", readonly=True, copy=False, index=True,
        help="Reopened no later than the 10th working day after its resolution: "
             "not a first-contact resolution.")

    @api.multi
    def write(self, vals):
        early = self.browse()
        if vals.get("stage_id") and "kpi_reopened_early" not in vals:
            stage = self.env["citizen.case.stage"].browse(vals["stage_id"])
            if stage.state in _OPEN_STATES:
                now = fields.Datetime.from_string(fields.Datetime.now())
                early = self.filtered(lambda case: case.stage_state in _CLOSED_STATES
                                      and case._kpi_reopen_is_early(now))
        res = super(CitizenCase, self).write(vals)
        if early:
            # sudo: bookkeeping of the KPI, whoever reopened the case
            early.sudo().write({"kpi_reopened_early": True})
        return res

    def _kpi_reopen_is_early(self, now):
        # closed without a resolution date: count it against the first contact
        if not self.date_resolved:
            return kpi.reopen_is_early(now, None, None)
        calendar = self.department_id.resource_calendar_id
        limit = calendar.gov_add_working_days(fields.Datetime.from_string(self.date_resolved),
                                              kpi.FCR_WORKING_DAYS)
        return kpi.reopen_is_early(now, self.date_resolved, limit)
