"""The published service performance: a snapshot of gov_kpi's figures, by month.

Rebuilt (rows that changed), in the transaction that refreshes gov_kpi's requests summary (and once at
installation): readers keep the previous snapshot until that transaction commits, so no
page or file ever shows a half-built table. Every figure is read from gov_kpi, never
computed again here:

* received (by month received), finished and on time (by month finished): the requests
  summary (``gov.kpi.request.summary``), as the *Requests KPIs* pivot shows them;
* median handling time in working days of the requests finished in the month:
  ``kpi_percentiles`` of the requests analysis, the dashboard's and the Excel report's median;
* backlog by age band (open requests now): the requests analysis, as its pivot by age band;
* satisfaction (ratings of the cases resolved in the month): the cases analysis.

A department's requests are those it leads (gov_kpi's lead department); its satisfaction is
that of its own cases. Only counts are stored; what is published from them, with small
cells withheld, is decided in ``gov_public_resources``.
"""
from odoo import api, fields, models

SCOPES = [("department", "Department"), ("service", "Service")]
DIMENSIONS = (("department", "department_id"), ("service", "service_id"))
AGE_BANDS = ("0_3", "4_7", "8_15", "16_30", "31_plus")
_COUNTS = ("received", "finished", "on_time", "handling_count", "rated", "satisfied")
PERF_KEYS = ("scope", "department_id", "service_id", "month")
PERF_COLUMNS = ("received", "finished", "on_time", "handling_count", "median_days", "rated", "rating_mean",
                "satisfied")
BACKLOG_KEYS = ("scope", "department_id", "service_id")
BACKLOG_COLUMNS = ("open_count",) + tuple("age_%s" % band for band in AGE_BANDS)


def unit_keys(scope, key):
    """(scope, department id, service id) of the row of one department or one service."""
    return (scope, key if scope == "department" else None, key if scope == "service" else None)


class GovPublicUnit(models.AbstractModel):
    _name = "gov.public.unit"
    _description = "Published figures of one department or one service"

    scope = fields.Selection(SCOPES, required=True, index=True)
    department_id = fields.Many2one("gov.department", ondelete="cascade", index=True)
    service_id = fields.Many2one("oss.service", ondelete="cascade", index=True)


class GovPublicPerformance(models.Model):
    _name = "gov.public.performance"
    _inherit = "gov.public.unit"
    _description = "Published service performance of a month"
    _log_access = False
    _order = "scope, month desc"

    month = fields.Char(required=True, index=True, help="Month in office time, Common era: 2026-11.")
    received = fields.Integer(help="Requests received in the month.")
    finished = fields.Integer(help="Requests finished (done or rejected) in the month.")
    on_time = fields.Integer(help="Of those, finished within the legal period.")
    handling_count = fields.Integer(help="Finished requests with a handling time (the median's population).")
    median_days = fields.Float(help="Median handling time of those, in working days.")
    rated = fields.Integer(help="Cases resolved in the month and rated.")
    rating_mean = fields.Float(help="Mean rating (1-5) of those.")
    satisfied = fields.Integer(help="Of those, rated 4 or 5.")

    _sql_constraints = [
        ("row_uniq", "unique(scope, department_id, service_id, month)", "One row per department or service and month."),
    ]

    @api.model
    def _gp_rebuild(self):
        """Replace the snapshot with gov_kpi's current figures (see the module docstring)."""
        rows, backlog = {}, {}
        for scope, dim in DIMENSIONS:
            self._gp_collect(scope, dim, rows, backlog)
        perf = [unit_keys(scope, key) + (month,) + tuple(row[name] for name in PERF_COLUMNS)
                for (scope, key, month), row in sorted(rows.items())]
        self._gp_replace("gov_public_performance", PERF_KEYS, PERF_COLUMNS, perf)
        ages = [unit_keys(scope, key) + (sum(bands.values()),) + tuple(bands.get(band, 0) for band in AGE_BANDS)
                for (scope, key), bands in sorted(backlog.items())]
        self._gp_replace("gov_public_backlog", BACKLOG_KEYS, BACKLOG_COLUMNS, ages)
        self.env["gov.public.dataset"]._gp_mark_refreshed()
        self.invalidate_cache()
        self.env["gov.public.backlog"].invalidate_cache()
        return True

    @api.model
    def _gp_replace(self, table, keys, columns, values):
        """Make ``table`` hold exactly ``values`` (tuples of ``keys`` then ``columns``), in this
        transaction: a row whose figures did not change is left as it is (same id), a changed
        one is updated, the others are deleted or inserted. Table and column names are this
        module's constants, the values are parameters."""
        cr = self.env.cr
        names = keys + columns
        cr.execute("DROP TABLE IF EXISTS gp_new")
        # pylint: disable-next=sql-injection  # table and column names of this module's constants, no input
        cr.execute("CREATE TEMPORARY TABLE gp_new ON COMMIT DROP AS SELECT %s FROM %s WITH NO DATA"
                   % (", ".join(names), table))
        insert = "INSERT INTO gp_new (%s) VALUES (%s)" % (", ".join(names), ", ".join(["%s"] * len(names)))
        for value in values:
            cr.execute(insert, value)
        # the nullable keys (department or service) compared as 0 when empty, so that they can be hashed
        match = " AND ".join(("coalesce(t.{0}, 0) = coalesce(n.{0}, 0)" if key.endswith("_id")
                              else "t.{0} = n.{0}").format(key) for key in keys)
        # pylint: disable-next=sql-injection  # table and column names of this module's constants, no input
        cr.execute("DELETE FROM %s t WHERE NOT EXISTS (SELECT 1 FROM gp_new n WHERE %s)" % (table, match))
        # pylint: disable-next=sql-injection  # table and column names of this module's constants, no input
        cr.execute("UPDATE %s t SET %s FROM gp_new n WHERE %s AND (%s) IS DISTINCT FROM (%s)" % (
            table, ", ".join("%s = n.%s" % (c, c) for c in columns), match,
            ", ".join("t.%s" % c for c in columns), ", ".join("n.%s" % c for c in columns)))
        # pylint: disable-next=sql-injection  # table and column names of this module's constants, no input
        cr.execute("INSERT INTO %s (%s) SELECT %s FROM gp_new n WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE %s)" % (
            table, ", ".join(names), ", ".join("n.%s" % c for c in names), table, match))
        cr.execute("DROP TABLE gp_new")

    @api.model
    def _gp_collect(self, scope, dim, rows, backlog):
        """gov_kpi's figures of one dimension into ``rows`` {(scope, id, month): counts} and ``backlog``."""
        # sudo: the published figures cover the whole agency; only counts leave this method
        Summary = self.env["gov.kpi.request.summary"].sudo()
        Requests = self.env["gov.kpi.request.report"].sudo()
        Cases = self.env["gov.kpi.case.report"].sudo()

        def row(key, month):
            new = dict.fromkeys(_COUNTS, 0)
            new.update(median_days=None, rating_mean=None)
            return rows.setdefault((scope, key, month), new)

        for group in Summary.read_group([(dim, "!=", False), ("month", "!=", False)], ["nbr", dim, "month"],
                                        [dim, "month"], lazy=False):
            row(group[dim][0], group["month"])["received"] = group["nbr"]
        for group in Summary.read_group([(dim, "!=", False), ("month_done", "!=", False)],
                                        ["finished_count", "on_time_count", "handling_count", dim, "month_done"],
                                        [dim, "month_done"], lazy=False):
            row(group[dim][0], group["month_done"]).update(
                finished=group["finished_count"], on_time=group["on_time_count"],
                handling_count=group["handling_count"])
        medians = Requests.kpi_percentiles([(dim, "!=", False), ("month_done", "!=", False)], "handling_days",
                                           [dim, "month_done"])
        for (key, month), (median, _p90) in medians.items():
            row(key, month)["median_days"] = median
        for group in Cases.read_group([(dim, "!=", False), ("month_done", "!=", False), ("rated_count", "=", 1)],
                                      ["rated_count", "satisfied_count", "rating_value", dim, "month_done"],
                                      [dim, "month_done"], lazy=False):
            row(group[dim][0], group["month_done"]).update(
                rated=group["rated_count"], satisfied=group["satisfied_count"], rating_mean=group["rating_value"])
        for group in Requests.read_group([(dim, "!=", False), ("open_count", "=", 1)], ["nbr", dim, "age_band"],
                                         [dim, "age_band"], lazy=False):
            backlog.setdefault((scope, group[dim][0]), {})[group["age_band"]] = group["nbr"]


class GovPublicBacklog(models.Model):
    _name = "gov.public.backlog"
    _inherit = "gov.public.unit"
    _description = "Published backlog of open requests by age"
    _log_access = False
    _order = "scope"

    open_count = fields.Integer(string="Open requests")
    age_0_3 = fields.Integer(string="0-3 days")
    age_4_7 = fields.Integer(string="4-7 days")
    age_8_15 = fields.Integer(string="8-15 days")
    age_16_30 = fields.Integer(string="16-30 days")
    age_31_plus = fields.Integer(string="More than 30 days")

    _sql_constraints = [
        ("row_uniq", "unique(scope, department_id, service_id)", "One row per department or service."),
    ]
