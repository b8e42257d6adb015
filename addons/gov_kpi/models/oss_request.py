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

The lead department (the department of the first step of the route) is stored too,
``kpi_department_id``, so that the requests analysis joins it plainly instead of looking
for the first step of every request at every report. It is kept by SQL whenever steps are
created, changed or deleted, and filled for existing requests when the module is
installed or upgraded.
"""
from odoo import api, fields, models

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate

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
_NO_LEAD_SQL = """
    UPDATE oss_request r SET kpi_department_id = NULL
     WHERE r.kpi_department_id IS NOT NULL {where}
       AND NOT EXISTS (SELECT 1 FROM oss_request_step st WHERE st.request_id = r.id)
"""


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("kpi_handling_hours", "kpi_handling_days", "kpi_department_id")

    kpi_handling_hours = fields.Float(
        string="Handling time (working hours)", readonly=True, copy=False, group_operator="avg",
        help="Office hours from the complete file to the end, set when the request finishes.")
    kpi_handling_days = fields.Float(
        string="Handling time (working days)", readonly=True, copy=False, group_operator="avg",
        help="Handling time in working days of the office calendar.")

    kpi_department_id = fields.Many2one(
        "gov.department", string="Lead department", readonly=True, copy=False, index=True,
        help="Department of the first step of the route, kept for the KPI reports.")

    @api.model_cr
    def init(self):
        super(OssRequest, self).init()
        # install / upgrade: the requests routed before the field existed (or changed by SQL)
        self.env.cr.execute(_LEAD_SQL.format(where=""))
        self.env.cr.execute(_NO_LEAD_SQL.format(where=""))

    @api.model
    def _kpi_store_lead(self, request_ids):
        """Store the lead department of the requests ``request_ids`` from their steps."""
        ids = tuple(set(request_ids) - {False})
        if not ids:
            return
        self.env.cr.execute(_LEAD_SQL.format(where="WHERE st.request_id IN %s"), (ids,))
        self.env.cr.execute(_NO_LEAD_SQL.format(where="AND r.id IN %s"), (ids,))
        self.invalidate_cache(["kpi_department_id"], list(ids))

    @api.multi
    def write(self, vals):
        res = super(OssRequest, self).write(vals)
        if _CLOCK_FIELDS & set(vals) and "kpi_handling_hours" not in vals:
            self._kpi_store_handling()
        return res

    @api.multi
    def _kpi_store_handling(self):
        """Store the handling time of the finished requests among ``self``."""
        for request in self:
            if request.state not in FINISHED_STATES or not request.date_done:
                values = {"kpi_handling_hours": 0.0, "kpi_handling_days": 0.0}
            else:
                calendar = request._oss_calendar()
                start = fields.Datetime.from_string(request.date_complete or request.date_received)
                hours = calendar.gov_working_hours(start, fields.Datetime.from_string(request.date_done))
                values = {"kpi_handling_hours": hours,
                          "kpi_handling_days": round(hours / calendar.gov_kpi_day_hours(), 6)}
            if (request.kpi_handling_hours, request.kpi_handling_days) == (
                    values["kpi_handling_hours"], values["kpi_handling_days"]):
                continue
            # super: these two fields are the module's own bookkeeping, no other write logic applies
            with protected_gate():
                super(OssRequest, request).write(values)
        return True


class OssRequestStep(models.Model):
    _inherit = "oss.request.step"

    @api.model
    def create(self, vals):
        step = super(OssRequestStep, self).create(vals)
        self.env["oss.request"]._kpi_store_lead(step.request_id.ids)
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
    def gov_kpi_day_hours(self):
        """Office hours of an average working day of the week (7.0 on the government calendar)."""
        self.ensure_one()
        attendances = self.sudo().attendance_ids.filtered(lambda a: a.hour_to > a.hour_from)
        days = set(attendances.mapped("dayofweek"))
        if not days:
            return 8.0
        return sum(a.hour_to - a.hour_from for a in attendances) / len(days)
