"""Requests analysis: one row per request (drafts excluded), so averages of 0/100 flags are
exact rates and sums are exact counts in pivot and graph views.

The department of a request is its lead department: the department of the first step of
its route, stored on the request (``kpi_department_id``), or of the service's route while
the request is not routed yet (a join on the few services, not a look-up per request). The work of the
other departments on the same request is measured by their cases.
"""
from odoo import api, fields, models

from . import kpi_sql as sql


class GovKpiRequestReport(models.Model):
    _name = "gov.kpi.request.report"
    _inherit = ["gov.kpi.report.mixin", "gov.kpi.request.dimensions"]
    _description = "Requests analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_received desc"
    _kpi_percentile_fields = ("handling_days",)

    request_id = fields.Many2one("oss.request", readonly=True)
    name = fields.Char(string="Tracking number", readonly=True)
    date_received = fields.Datetime(string="Received on", readonly=True)
    expected_date = fields.Datetime(string="Expected by", readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)
    on_time_rate = fields.Float(string="On-time rate (%)", readonly=True, group_operator="avg",
                                help="Finished on time / finished.")
    late_count = fields.Integer(string="Late", readonly=True,
                                help="Finished after the legal period, or open and past it.")
    late_rate = fields.Float(string="Late rate (%)", readonly=True, group_operator="avg",
                             help="Late / open and finished requests.")
    handling_days = fields.Float(string="Handling time (working days)", readonly=True,
                                 group_operator="avg")
    age_days = fields.Integer(string="Age (days)", readonly=True, group_operator="avg",
                              help="Calendar days since receipt, for open requests.")
    age_band = fields.Selection(sql.AGE_BANDS, string="Age band", readonly=True)

    def _select(self):
        open_ = "r.state IN %s" % sql.states(sql.REQUEST_OPEN_STATES)
        finished = "r.state IN %s" % sql.states(sql.REQUEST_FINISHED_STATES)
        on_time = "r.date_done <= COALESCE(r.expected_date, r.date_done)"
        late = "(({f}) AND r.date_done > r.expected_date) OR (({o}) AND r.expected_date < {now})".format(
            f=finished, o=open_, now=sql.utc_now())
        # the months are stored on the request (gov_kpi's oss.request): a time-zone conversion
        # per row was most of the cost of grouping by month
        month = sql.stored_month("r.kpi_month_received", "r.date_received")
        month_done = sql.stored_month("r.kpi_month_done", "r.date_done")
        return """
            r.id AS id, r.id AS request_id, r.name AS name,
            COALESCE(r.kpi_department_id, service_lead.department_id) AS department_id,
            r.service_id AS service_id, s."group" AS service_group, r.channel AS channel,
            r.state AS state, r.date_received AS date_received,
            r.expected_date AS expected_date, r.date_done AS date_done,
            {month} AS month, {month_be} AS month_be,
            CASE WHEN {finished} THEN {month_done} END AS month_done,
            CASE WHEN {finished} THEN {month_done_be} END AS month_done_be,
            1 AS nbr,
            {open_flag} AS open_count,
            {finished_flag} AS finished_count,
            CASE WHEN {finished} AND {on_time} THEN 1 ELSE 0 END AS on_time_count,
            {on_time_rate} AS on_time_rate,
            {late_flag} AS late_count,
            {abandoned_flag} AS abandoned_count,
            {late_rate} AS late_rate,
            CASE WHEN {finished} THEN r.kpi_handling_days END AS handling_days,
            CASE WHEN {open} THEN {age} END AS age_days,
            CASE WHEN {open} THEN {band} END AS age_band
        """.format(
            month=month, month_be=sql.month_be_of(month),
            month_done=month_done, month_done_be=sql.month_be_of(month_done),
            finished=finished, open=open_, on_time=on_time,
            open_flag=sql.flag(open_), finished_flag=sql.flag(finished),
            on_time_rate=sql.rate(on_time, finished),
            late_flag=sql.flag(late), abandoned_flag=sql.flag("r.state = '%s'" % sql.REQUEST_ABANDONED_STATE),
            late_rate=sql.rate(late, "(%s) OR (%s)" % (open_, finished)),
            age=sql.age_days("r.date_received"),
            band=sql.age_band(sql.age_days("r.date_received")))

    def _from(self):
        return """
            oss_request r
            JOIN oss_service s ON s.id = r.service_id
            LEFT JOIN (
                SELECT DISTINCT ON (ss.service_id) ss.service_id, ss.department_id
                  FROM oss_service_step ss ORDER BY ss.service_id, ss.sequence, ss.id
            ) service_lead ON service_lead.service_id = r.service_id
        """

    def _where(self):
        return "r.state != 'draft'"

    @api.model_cr
    def init(self):
        res = super(GovKpiRequestReport, self).init()
        # re-creating this view dropped the summary built on it (CASCADE), also when another
        # module extending this view is upgraded alone: build the summary again
        self.env["gov.kpi.request.summary"].init()
        return res
