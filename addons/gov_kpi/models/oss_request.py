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
"""
from odoo import api, fields, models

FINISHED_STATES = ("done", "rejected")
_CLOCK_FIELDS = {"state", "date_received", "date_complete", "date_done"}


class OssRequest(models.Model):
    _inherit = "oss.request"

    kpi_handling_hours = fields.Float(
        string="Handling time (working hours)", readonly=True, copy=False, group_operator="avg",
        help="Office hours from the complete file to the end, set when the request finishes.")
    kpi_handling_days = fields.Float(
        string="Handling time (working days)", readonly=True, copy=False, group_operator="avg",
        help="Handling time in working days of the office calendar.")

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
            super(OssRequest, request).write(values)
        return True


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
