"""Requests summary: the requests analysis aggregated, for the pivot and the graph.

A PostgreSQL materialized view of the requests analysis (``gov_kpi_request_report``)
grouped by department, service, group, channel, status, month received and month
finished: a few thousand rows for a million requests. It holds counts and sums only, and
the rates and the mean are derived from them for every group of the pivot (on-time
finished / finished, late / open and finished, handling days / finished), so they are
exactly those of the row-level view at the time of the refresh, never averages of
averages.

It is rebuilt when the module is installed or upgraded and refreshed by a cron every
``REFRESH_MINUTES`` minutes (``REFRESH MATERIALIZED VIEW CONCURRENTLY``: readers are not
blocked). The lateness of open requests is judged at the refresh. The requests analysis
(row level) stays live for drilling down to the requests.
"""
import logging

from odoo import api, fields, models

from odoo.addons.gov_crm.lib import kpi


_logger = logging.getLogger(__name__)

REFRESH_MINUTES = 15
_DIMENSIONS = ("department_id", "service_id", "service_group", "channel", "state",
               "month", "month_be", "month_done", "month_done_be")
# rate -> (numerator, denominator, scale)
_RATES = {
    "on_time_rate": ("on_time_count", "finished_count", 100.0),
    "late_rate": ("late_count", "judged_count", 100.0),
    "handling_days": ("handling_days_sum", "handling_count", 1.0),
}


class GovKpiRequestSummary(models.Model):
    _name = "gov.kpi.request.summary"
    _inherit = "gov.kpi.request.dimensions"
    _description = "Requests summary"
    _auto = False
    _order = "month desc, department_id, service_id"

    late_count = fields.Integer(string="Late", readonly=True,
                                help="Finished after the legal period, or open and past it at the refresh.")
    judged_count = fields.Integer(string="Open or finished", readonly=True)
    handling_days_sum = fields.Float(string="Handling time, total (working days)", readonly=True)
    handling_count = fields.Integer(string="Finished with a handling time", readonly=True)
    on_time_rate = fields.Float(string="On-time rate (%)", readonly=True,
                                help="Finished on time / finished.")
    late_rate = fields.Float(string="Late rate (%)", readonly=True,
                             help="Late / open and finished requests.")
    handling_days = fields.Float(string="Handling time (working days)", readonly=True,
                                 help="Mean handling time of the finished requests.")

    def _kpi_select(self):
        dims = ", ".join(_DIMENSIONS)
        keys = ("COALESCE(department_id, 0), service_id, COALESCE(channel, ''), state, "
                "COALESCE(month, ''), COALESCE(month_done, '')")
        return """
            SELECT row_number() OVER (ORDER BY {keys})::int AS id, {dims},
                   COALESCE(department_id, 0) AS department_key, COALESCE(channel, '') AS channel_key,
                   COALESCE(month, '') AS month_key, COALESCE(month_done, '') AS month_done_key,
                   count(*)::int AS nbr, sum(open_count)::int AS open_count,
                   sum(finished_count)::int AS finished_count, sum(on_time_count)::int AS on_time_count,
                   sum(late_count)::int AS late_count,
                   sum(abandoned_count)::int AS abandoned_count,
                   sum(open_count + finished_count)::int AS judged_count,
                   COALESCE(sum(handling_days), 0.0)::float AS handling_days_sum,
                   count(handling_days)::int AS handling_count,
                   (100.0 * sum(on_time_count) / NULLIF(sum(finished_count), 0))::float AS on_time_rate,
                   (100.0 * sum(late_count) / NULLIF(sum(open_count + finished_count), 0))::float AS late_rate,
                   (sum(handling_days) / NULLIF(count(handling_days), 0))::float AS handling_days
              FROM gov_kpi_request_report
          GROUP BY {dims}""".format(keys=keys, dims=dims)

    @api.model_cr
    def init(self):
        """Build the summary, once per upgrade.

        The requests analysis calls this right after re-creating its view, which drops this
        one with it (CASCADE); when the registry then initialises this model, it exists.
        """
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_matviews WHERE matviewname = %s", (self._table,))
        if cr.fetchone():
            return
        cr.execute("CREATE MATERIALIZED VIEW %s AS %s" % (self._table, self._kpi_select()))
        # the unique index REFRESH ... CONCURRENTLY needs (the dimensions, NULLs as keys)
        cr.execute("""CREATE UNIQUE INDEX {t}_key ON {t} (department_key, service_id, channel_key, state,
                                                         month_key, month_done_key)""".format(t=self._table))
        cr.execute("CREATE INDEX {t}_id ON {t} (id)".format(t=self._table))
        cr.execute("CREATE INDEX {t}_department_id ON {t} (department_id)".format(t=self._table))

    @api.model
    def kpi_refresh(self):
        """Cron: recompute the summary from the requests analysis without blocking readers."""
        self.env.cr.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY %s" % self._table)
        _logger.info("gov_kpi: requests summary refreshed")
        return True

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Rates and the mean of each group from its sums: exact, not averages of averages."""
        names = {spec.split(":")[0] for spec in fields}
        wanted = [rate for rate in _RATES if rate in names]
        extra = sorted({part for rate in wanted for part in _RATES[rate][:2]} - names)
        groups = super(GovKpiRequestSummary, self).read_group(
            domain, list(fields) + extra, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for rate in wanted:
                numerator, denominator, scale = _RATES[rate]
                value = kpi.rate(group[numerator], group.get(denominator), scale)
                group[rate] = False if value is None else value
            for name in extra:
                group.pop(name, None)
        return groups
