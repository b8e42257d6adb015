"""Cases analysis: one row per department case.

* breached: the SLA state is "breached", exactly as ``citizen.case.sla_state`` says it
  (frozen state while the clock is stopped, else the deadline against now);
* resolved: resolved at least once (``date_resolved`` set, or reopened since);
* first-contact resolution: resolved, never transferred, and not reopened within 10
  working days of the resolution (``kpi_reopened_early``);
* reopen rate: reopened at least once / resolved;
* satisfaction: the 1-5 rating; share of 4-5 among rated cases.
"""
from odoo import fields, models

from odoo.addons.citizen_case.models.citizen_case_sla import SLA_STATES
from odoo.addons.citizen_case.models.citizen_case_stage import STAGE_STATES

from . import kpi_sql as sql

# citizen_case keeps the number of transfers of each case stored (a count per case in
# the view cost two index look-ups per case row at every report)
_TRANSFERS = "COALESCE(c.transfer_count, 0)"


class GovKpiCaseReport(models.Model):
    _name = "gov.kpi.case.report"
    _inherit = ["gov.kpi.report.mixin", "gov.kpi.dimensions"]
    _description = "Cases analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_open desc"
    _kpi_percentile_fields = ("handling_hours", "first_response_hours")

    case_id = fields.Many2one("citizen.case", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    user_id = fields.Many2one("res.users", string="Officer", readonly=True)
    request_id = fields.Many2one("oss.request", readonly=True)
    stage_state = fields.Selection(STAGE_STATES, string="Stage", readonly=True)
    sla_state = fields.Selection(SLA_STATES, string="SLA", readonly=True)
    date_open = fields.Datetime(string="Opened on", readonly=True)
    deadline = fields.Datetime(readonly=True)
    date_resolved = fields.Datetime(string="Resolved on", readonly=True)
    rating_date = fields.Datetime(string="Rated on", readonly=True)
    # the months of gov.kpi.dimensions, named for cases
    month = fields.Char(string="Month opened")
    month_be = fields.Char(string="Month opened (B.E.)")
    month_done = fields.Char(string="Month resolved")
    month_done_be = fields.Char(string="Month resolved (B.E.)")
    nbr = fields.Integer(string="Cases", readonly=True)
    resolved_count = fields.Integer(string="Resolved", readonly=True)
    at_risk_count = fields.Integer(string="Open at risk", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    breach_rate = fields.Float(string="Breach rate (%)", readonly=True, group_operator="avg")
    first_response_hours = fields.Float(string="First response (working hours)", readonly=True,
                                        group_operator="avg")
    handling_hours = fields.Float(string="Handling time (working hours)", readonly=True,
                                  group_operator="avg")
    transfer_count = fields.Integer(string="Transfers", readonly=True)
    reopen_count = fields.Integer(string="Reopenings", readonly=True)
    transfers_per_case = fields.Float(string="Transfers per case", readonly=True, group_operator="avg")
    reopened_count = fields.Integer(string="Reopened", readonly=True)
    reopen_rate = fields.Float(string="Reopen rate (%)", readonly=True, group_operator="avg")
    fcr_count = fields.Integer(string="First-contact resolutions", readonly=True)
    fcr_rate = fields.Float(string="First-contact resolution (%)", readonly=True, group_operator="avg")
    rating_value = fields.Float(string="Satisfaction (1-5)", readonly=True, group_operator="avg")
    rated_count = fields.Integer(string="Rated", readonly=True)
    satisfied_count = fields.Integer(string="Rated 4-5", readonly=True)
    satisfied_rate = fields.Float(string="Share rated 4-5 (%)", readonly=True, group_operator="avg")
    age_days = fields.Integer(string="Age (days)", readonly=True, group_operator="avg")
    age_band = fields.Selection(sql.AGE_BANDS, string="Age band", readonly=True)

    def _sla_state_sql(self):
        """Same rule as citizen.case._compute_sla_state."""
        return """COALESCE(c.sla_frozen_state, CASE WHEN c.deadline IS NULL THEN NULL
                    WHEN c.deadline <= {now} THEN 'breached'
                    WHEN c.date_at_risk <= {now} THEN 'at_risk' ELSE 'on_track' END)""".format(
            now=sql.utc_now())

    def _select(self):
        sla = self._sla_state_sql()
        open_ = "c.stage_state IN %s" % sql.states(sql.CASE_OPEN_STATES)
        resolved = "(c.date_resolved IS NOT NULL OR c.reopen_count > 0)"
        fcr = "({tr} = 0 AND NOT COALESCE(c.kpi_reopened_early, FALSE))".format(tr=_TRANSFERS)
        rated = "c.rating IS NOT NULL"
        return """
            c.id AS id, c.id AS case_id, c.name AS name, c.department_id AS department_id,
            c.user_id AS user_id, c.request_id AS request_id, r.service_id AS service_id,
            s."group" AS service_group, r.channel AS channel, c.stage_state AS stage_state,
            {sla} AS sla_state, c.date_open AS date_open, c.deadline AS deadline,
            c.date_resolved AS date_resolved, c.rating_date AS rating_date,
            {month} AS month, {month_be} AS month_be,
            CASE WHEN c.date_resolved IS NOT NULL THEN {month_done} END AS month_done,
            CASE WHEN c.date_resolved IS NOT NULL THEN {month_done_be} END AS month_done_be,
            1 AS nbr,
            {open_flag} AS open_count,
            {resolved_flag} AS resolved_count,
            CASE WHEN {open} AND {sla} = 'at_risk' THEN 1 ELSE 0 END AS at_risk_count,
            CASE WHEN {sla} = 'breached' THEN 1 ELSE 0 END AS breached_count,
            {breach_rate} AS breach_rate,
            CASE WHEN c.date_first_response IS NOT NULL THEN c.first_response_hours END
                AS first_response_hours,
            CASE WHEN c.date_resolved IS NOT NULL THEN c.handling_hours END AS handling_hours,
            {tr} AS transfer_count,
            {tr}::float AS transfers_per_case,
            c.reopen_count AS reopen_count,
            {reopened_flag} AS reopened_count,
            {reopen_rate} AS reopen_rate,
            CASE WHEN {resolved} AND {fcr} THEN 1 ELSE 0 END AS fcr_count,
            {fcr_rate} AS fcr_rate,
            CASE WHEN {rated} THEN c.rating::int END AS rating_value,
            {rated_flag} AS rated_count,
            CASE WHEN {rated} AND c.rating::int >= 4 THEN 1 ELSE 0 END AS satisfied_count,
            {satisfied_rate} AS satisfied_rate,
            CASE WHEN {open} THEN {age} END AS age_days,
            CASE WHEN {open} THEN {band} END AS age_band
        """.format(
            tr=_TRANSFERS, sla=sla, open=open_, resolved=resolved, fcr=fcr, rated=rated,
            month=sql.month_ce("c.date_open"), month_be=sql.month_be("c.date_open"),
            month_done=sql.month_ce("c.date_resolved"), month_done_be=sql.month_be("c.date_resolved"),
            open_flag=sql.flag(open_), resolved_flag=sql.flag(resolved),
            breach_rate=sql.rate("%s = 'breached'" % sla, "%s IS NOT NULL" % sla),
            reopened_flag=sql.flag("c.reopen_count > 0"),
            reopen_rate=sql.rate("c.reopen_count > 0", resolved),
            fcr_rate=sql.rate(fcr, resolved),
            rated_flag=sql.flag(rated),
            satisfied_rate=sql.rate("c.rating::int >= 4", rated),
            age=sql.age_days("c.date_open"), band=sql.age_band(sql.age_days("c.date_open")))

    def _from(self):
        return """
            citizen_case c
            LEFT JOIN oss_request r ON r.id = c.request_id
            LEFT JOIN oss_service s ON s.id = r.service_id
        """
