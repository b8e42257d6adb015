"""Handling time of a request, stored when it finishes so that SQL can aggregate it.

Working time cannot be computed in SQL (office hours, public holidays), and computing
it for every row at every report would not scale. It is computed once, in Python, with
the same calendar as the legal period (``_oss_calendar``), when the request reaches
``done`` or ``rejected`` (or when its dates are corrected afterwards), and stored:

* ``kpi_handling_hours``: office hours from the file being complete (``date_complete``,
  when the legal period starts; ``date_received`` if it never waited for documents)
  to ``date_done``;
* ``kpi_handling_days``: the same in working days, hours divided by the calendar's
  office hours per working day (7 on the government calendar).

Both are empty (NULL) while the request is not finished and a number once it is, 0 included:
a request finished within the office hour it was complete in took 0 working hours, and it
counts in the mean, the median and the 90th percentile like any other. The ORM cannot store
NULL in a float column (it writes 0.0), so the figures are written by SQL.

The lead department (the department of the first step of the route) is stored too,
``kpi_department_id``, so that the requests analysis joins it plainly instead of looking
for the first step of every request at every report. It is kept by SQL whenever steps are
created, changed or deleted, and filled for existing requests when the module is
installed or upgraded.

The month of receipt and the month the request finished (``kpi_month_received``,
``kpi_month_done``: '2026-11' in the office's time zone, as the analysis views label months) are
stored by SQL with the handling time, with the same expressions as the views, so that grouping
a month of requests by month converts no time zone per row. The views compute them where a
request has none yet (a request written by SQL, or created past draft and not changed since);
a change of the office's time zone computes them again for every request.
"""
import contextlib
import threading

from odoo import api, fields, models

from odoo.addons.gov_crm.lib import kpi

from . import kpi_sql as sql

FINISHED_STATES = ("done", "rejected")
_CLOCK_FIELDS = {"state", "date_received", "date_complete", "date_done"}
_LEAD_FIELDS = {"request_id", "sequence", "department_id"}

# the first step of each route, in the order of oss.request.step (sequence, id)
_LEAD_SQL = """
    UPDATE oss_request r SET kpi_department_id = lead.department_id
      FROM (SELECT DISTINCT ON (st.request_id) st.request_id, st.department_id
              FROM oss_request_step st {where}
          ORDER BY st.request_id, st.sequence, st.id) lead
     WHERE lead.request_id = r.id AND r.kpi_department_id IS DISTINCT FROM lead.department_id
"""
# the two months of a request ``q``, and the department of its first step
_MONTHS_OF = "{received} AS received, CASE WHEN q.state IN {finished} THEN {done} END AS done".format(
    received=sql.month_ce("q.date_received"), done=sql.month_ce("q.date_done"),
    finished=sql.states(sql.REQUEST_FINISHED_STATES))
_LEAD_OF = """(SELECT st.department_id FROM oss_request_step st WHERE st.request_id = q.id
                ORDER BY st.sequence, st.id LIMIT 1)"""
# the two months, for the requests ``{where}`` selects; rows already right are left untouched
_MONTHS_SQL = """
    UPDATE oss_request r SET kpi_month_received = m.received, kpi_month_done = m.done
      FROM (SELECT q.id, %s FROM oss_request q {where}) m
     WHERE m.id = r.id AND (r.kpi_month_received IS DISTINCT FROM m.received
                            OR r.kpi_month_done IS DISTINCT FROM m.done)
""" % _MONTHS_OF
_NO_LEAD_SQL = """
    UPDATE oss_request r SET kpi_department_id = NULL
     WHERE r.kpi_department_id IS NOT NULL {where}
       AND NOT EXISTS (SELECT 1 FROM oss_request_step st WHERE st.request_id = r.id)
"""
# both at once for a few requests (the ids in %s): the first step's department, or none
_LEAD_OF_SQL = """
    UPDATE oss_request r SET kpi_department_id = lead.department_id
      FROM (SELECT q.id, %s AS department_id FROM oss_request q WHERE q.id IN %%s) lead
     WHERE lead.id = r.id AND r.kpi_department_id IS DISTINCT FROM lead.department_id
""" % _LEAD_OF
# the months and the lead department of a few requests (the ids in %s) in one statement
_MONTHS_AND_LEAD_SQL = """
    UPDATE oss_request r SET kpi_month_received = m.received, kpi_month_done = m.done,
                             kpi_department_id = m.department_id
      FROM (SELECT q.id, %s, %s AS department_id FROM oss_request q WHERE q.id IN %%s) m
     WHERE m.id = r.id AND (r.kpi_month_received IS DISTINCT FROM m.received
                            OR r.kpi_month_done IS DISTINCT FROM m.done
                            OR r.kpi_department_id IS DISTINCT FROM m.department_id)
""" % (_MONTHS_OF, _LEAD_OF)
# the requests whose bookkeeping is stored once at the end of what is being done to them instead of
# at each write: the lead department of those whose whole route is being created
# (``_oss_start_routing``; a route of three steps stored it three times, two statements each), and
# the months and the lead department of those whose clock starts (``_oss_start_clock``: the
# submission). Thread-local rather than a context key: a context of its own would make the ORM read
# the route's one2many fields again.
_deferred = threading.local()


def _deferred_ids(what):
    """The ids of the requests whose ``what`` ("lead" or "clock") is stored at the end ("carried": those
    whose months and lead department the UPDATE of their route's figures has stored)."""
    ids = getattr(_deferred, what, None)
    if ids is None:
        ids = set()
        setattr(_deferred, what, ids)
    return ids


@contextlib.contextmanager
def _deferring(what, requests):
    """While the block runs, store the ``what`` of ``requests`` at its end rather than at each write."""
    ids = _deferred_ids(what)
    added = set(requests.ids) - ids
    ids.update(added)
    try:
        yield
    finally:
        ids.difference_update(added)


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("kpi_handling_hours", "kpi_handling_days", "kpi_department_id",
                         "kpi_month_received", "kpi_month_done")

    kpi_handling_hours = fields.Float(
        string="Handling time (working hours)", readonly=True, copy=False, group_operator="avg",
        help="Office hours from the complete file to the end, set when the request finishes.")
    kpi_handling_days = fields.Float(
        string="Handling time (working days)", readonly=True, copy=False, group_operator="avg",
        help="Handling time in working days of the office calendar.")

    kpi_department_id = fields.Many2one(
        "gov.department", string="Lead department", readonly=True, copy=False, index=True,
        help="Department of the first step of the route, kept for the KPI reports.")

    kpi_month_received = fields.Char(
        string="Month received", size=7, readonly=True, copy=False,
        help="Month of receipt in the office's time zone (2026-11), kept for the KPI reports.")
    kpi_month_done = fields.Char(
        string="Month finished", size=7, readonly=True, copy=False,
        help="Month the request finished in the office's time zone, kept for the KPI reports.")

    @api.model_cr
    def init(self):
        res = super(OssRequest, self).init()
        # install / upgrade: the requests routed before the field existed (or changed by SQL)
        self.env.cr.execute(_LEAD_SQL.format(where=""))
        self.env.cr.execute(_NO_LEAD_SQL.format(where=""))
        self._kpi_store_months()
        # upgrade: finished requests left without a handling time (0 was once stored as empty),
        # and figures kept on requests that are not finished
        self.env.cr.execute("""
            SELECT id FROM oss_request
             WHERE (state IN %s AND date_done IS NOT NULL AND kpi_handling_hours IS NULL)
                OR (NOT (state IN %s AND date_done IS NOT NULL)
                    AND (kpi_handling_hours IS NOT NULL OR kpi_handling_days IS NOT NULL))""",
                            (FINISHED_STATES, FINISHED_STATES))
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids)._kpi_store_handling()
        return res

    @api.model
    def _kpi_store_lead(self, request_ids):
        """Store the lead department of the requests ``request_ids`` from their steps."""
        ids = tuple(set(request_ids) - {False})
        if not ids:
            return
        self.env.cr.execute(_LEAD_OF_SQL, (ids,))
        self.invalidate_cache(["kpi_department_id"], list(ids))

    def _oss_start_routing(self):
        with _deferring("lead", self):
            result = super(OssRequest, self)._oss_start_routing()
        if not set(self.ids) <= _deferred_ids("clock"):
            self._kpi_store_lead(self.ids)
        return result

    def _oss_start_clock(self, start):
        # the submission: the months followed from its write of the state, the lead department from
        # its route, one statement each; both are now written with the route's figures (_write below)
        # or, when the route wrote none, by one statement at the end
        carried = _deferred_ids("carried")
        with _deferring("clock", self):
            try:
                result = super(OssRequest, self)._oss_start_clock(start)
                done = set(self.ids) & carried
            finally:
                carried.difference_update(self.ids)
        (self - self.browse(done))._kpi_store_handling(lead=True)
        self.browse(done)._kpi_store_handling(months_stored=True)
        return result

    @api.multi
    def _write(self, vals):
        """The UPDATE that stores the figures of the route a submission has just created also stores
        the request's months and lead department, worked out as the views work them out (in the
        office's time zone; the first step by sequence): a second UPDATE of the row, each of whose
        versions adds an entry to every index of the table, costs more than a SELECT of the handling
        time (1.2 ms at a million requests)."""
        if ("steps_total" in vals and len(self._ids) == 1 and self._ids[0] in _deferred_ids("clock")
                and self._ids[0] not in _deferred_ids("carried")):
            vals = dict(vals, **self._kpi_columns())
            _deferred_ids("carried").add(self._ids[0])
        return super(OssRequest, self)._write(vals)

    def _kpi_columns(self):
        """The months and the lead department of the request, as ``_MONTHS_AND_LEAD_SQL`` stores them."""
        self.ensure_one()
        calendar = self._oss_calendar()

        def month(value):
            return calendar._gov_localize(fields.Datetime.from_string(value)).strftime("%Y-%m") if value else False
        # sudo: the route is the system's, created and read as the superuser (_oss_route_next)
        lead = self.sudo().step_ids.sorted(lambda step: (step.sequence, step.id))[:1]
        return {"kpi_month_received": month(self.date_received),
                "kpi_month_done": month(self.date_done) if self.state in sql.REQUEST_FINISHED_STATES else False,
                "kpi_department_id": lead.department_id.id or False}

    @api.model
    def _kpi_store_months(self):
        """Store the months of every request (those of a few: ``_kpi_store_handling``)."""
        self.env.cr.execute(_MONTHS_SQL.format(where=""))
        self.invalidate_cache(["kpi_month_received", "kpi_month_done"])

    @api.multi
    def write(self, vals):
        res = super(OssRequest, self).write(vals)
        if _CLOCK_FIELDS & set(vals):
            (self - self.browse(_deferred_ids("clock")))._kpi_store_handling()
        return res

    @api.multi
    def _kpi_store_handling(self, lead=False, months_stored=False):
        """Store the months of the requests ``self`` (and their lead department, with ``lead``) and the
        handling time of the finished ones among them, empty for the others (``months_stored``: the
        months and the lead department are already stored, only the handling time is)."""
        if not self.ids:
            return True
        ids = tuple(self.ids)
        if months_stored:
            self.env.cr.execute("SELECT id, kpi_handling_hours, kpi_handling_days FROM oss_request "
                                "WHERE id IN %s", (ids,))
        else:
            # one statement for both: the months are stored (a data-modifying WITH runs in full)
            # and the handling time stored so far is read
            stored_sql = _MONTHS_AND_LEAD_SQL if lead else _MONTHS_SQL.format(where="WHERE q.id IN %s")
            self.env.cr.execute("WITH months AS (%s) SELECT id, kpi_handling_hours, kpi_handling_days "
                                "FROM oss_request WHERE id IN %%s" % stored_sql, (ids, ids))
        stored = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        if not months_stored:
            self.invalidate_cache(["kpi_month_received", "kpi_month_done"] + (["kpi_department_id"] if lead else []),
                                  self.ids)
        changed = []
        for request in self:
            hours = days = None
            if request.state in FINISHED_STATES and request.date_done:
                hours, days = request._oss_calendar()._gov_compute_with(
                    kpi.handling_time, fields.Datetime.from_string(request.date_complete or request.date_received),
                    fields.Datetime.from_string(request.date_done))
            if stored.get(request.id) == (hours, days):
                continue
            # SQL: NULL (not finished) must stay apart from 0 (finished at once), which the ORM
            # cannot write; these two columns are the module's own bookkeeping
            self.env.cr.execute("UPDATE oss_request SET kpi_handling_hours = %s, kpi_handling_days = %s "
                                "WHERE id = %s", (hours, days, request.id))
            changed.append(request.id)
        if changed:
            self.invalidate_cache(["kpi_handling_hours", "kpi_handling_days"], changed)
        return True


class OssRequestStep(models.Model):
    _inherit = "oss.request.step"
    # a route's steps store their request's lead department once the route is made (_oss_start_routing
    # above), whether they were created one by one or in one INSERT
    _oss_route_create_known = ("gov_kpi",)

    @api.model
    def create(self, vals):
        step = super(OssRequestStep, self).create(vals)
        request_id = vals.get("request_id") or step.request_id.id  # as given, rather than read back
        if request_id not in _deferred_ids("lead") | _deferred_ids("clock"):
            self.env["oss.request"]._kpi_store_lead([request_id])
        return step

    @api.multi
    def write(self, vals):
        before = self.mapped("request_id").ids if _LEAD_FIELDS & set(vals) else []
        res = super(OssRequestStep, self).write(vals)
        if before:
            self.env["oss.request"]._kpi_store_lead(before + self.mapped("request_id").ids)
        return res

    @api.multi
    def unlink(self):
        requests = self.mapped("request_id").ids
        res = super(OssRequestStep, self).unlink()
        self.env["oss.request"]._kpi_store_lead(requests)
        return res


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.multi
    def write(self, vals):
        res = super(ResourceCalendar, self).write(vals)
        if "gov_tz" in vals and self.env.ref("gov_crm.calendar_gov_office", False) in self:
            # the stored months are local to the office: they move with its time zone
            self.env["oss.request"]._kpi_store_months()
        return res

    @api.multi
    def gov_kpi_day_hours(self):
        """Office hours of an average working day of the week (7.0 on the government calendar)."""
        self.ensure_one()
        return self._gov_working_calendar().day_hours()
