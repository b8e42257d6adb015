"""The SLA clock of a case.

The clock is stored as instants, never rewritten by a job:

* ``deadline``: the end of office hours of the ``sla_days``-th working day after the day the
  case was opened, on the department's working calendar;
* ``date_at_risk``: the instant at which 75% of the allowed working hours are used.

``sla_state`` compares them with the current time, so it is exact on every read and
searchable with plain SQL comparisons. While the clock is stopped (waiting for the
applicant, resolved, closed) the state is frozen in ``sla_frozen_state``; when it runs
again both instants are pushed by the office hours it was stopped.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

SLA_STATES = [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")]
SLA_RANK = {False: 0, "on_track": 0, "at_risk": 1, "breached": 2}
AT_RISK_SHARE = 0.75


def _dt(value):
    return fields.Datetime.from_string(value)


def _str(value):
    return fields.Datetime.to_string(value)


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("sla_days", "sla_hours", "deadline", "date_at_risk", "date_paused", "paused_hours",
                         "sla_frozen_state")

    sla_days = fields.Integer(
        string="Allowed working days", readonly=True, copy=False,
        help="From the routing step (or the department's default for a direct case).")
    sla_hours = fields.Float(string="Allowed working hours", readonly=True, copy=False)
    deadline = fields.Datetime(readonly=True, index=True, copy=False, track_visibility="onchange")
    date_at_risk = fields.Datetime(string="At risk from", readonly=True, index=True, copy=False)
    date_paused = fields.Datetime(string="Clock stopped since", readonly=True, copy=False)
    paused_hours = fields.Float(
        string="Clock stopped (working hours)", readonly=True, copy=False,
        help="Office hours spent waiting for the applicant (or resolved before a reopening).")
    sla_frozen_state = fields.Selection(
        SLA_STATES, string="SLA state when the clock stopped", readonly=True, index=True, copy=False)
    sla_state = fields.Selection(
        SLA_STATES, string="SLA", compute="_compute_sla_state", search="_search_sla_state")

    @api.depends("deadline", "date_at_risk", "sla_frozen_state")
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for case in self:
            case.sla_state = case.sla_frozen_state or case._sla_running_state(now)

    def _sla_running_state(self, now, deadline=None, date_at_risk=None):
        deadline = deadline or self.deadline
        date_at_risk = date_at_risk or self.date_at_risk
        if not deadline:
            return False
        if deadline <= now:
            return "breached"
        if date_at_risk <= now:
            return "at_risk"
        return "on_track"

    @api.model
    def _search_sla_state(self, operator, value):
        if operator in ("=", "!="):
            states = {value}
        elif operator in ("in", "not in"):
            states = set(value)
        else:
            raise UserError(_("Unsupported search on the SLA: %(op)s\nค้นหาสถานะ SLA ไม่ได้: %(op)s")
                            % {"op": operator})
        if operator in ("!=", "not in"):
            states = {key for key, _label in SLA_STATES} - states
        now = fields.Datetime.now()
        norm = expression.normalize_domain
        running = [("sla_frozen_state", "=", False), ("deadline", "!=", False)]
        running_domains = {
            "on_track": running + [("date_at_risk", ">", now)],
            "at_risk": running + [("date_at_risk", "<=", now), ("deadline", ">", now)],
            "breached": running + [("deadline", "<=", now)],
        }
        # expression.OR/AND need normalized domains (explicit '&')
        domains = [expression.OR([[("sla_frozen_state", "=", state)], norm(running_domains[state])])
                   for state in sorted(states) if state in running_domains]
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    # ------------------------------------------------------------ clock arithmetic
    @api.model
    def _sla_start_values(self, calendar, date_open, days):
        """Deadline, at-risk instant and allowed hours of a case opened at ``date_open``."""
        start = _dt(date_open)
        deadline = calendar.gov_add_working_days(start, days)
        hours = calendar.gov_working_hours(start, deadline)
        at_risk = calendar.gov_add_working_hours(start, hours * AT_RISK_SHARE)
        return {"sla_hours": hours, "deadline": _str(deadline), "date_at_risk": _str(at_risk)}

    def _sla_stop_values(self, now):
        return {"date_paused": now, "sla_frozen_state": self._sla_running_state(now)}

    def _sla_resume_values(self, now):
        """Push deadline and at-risk instant by the office hours the clock was stopped."""
        if not self.date_paused or not self.deadline:
            return {"date_paused": False, "sla_frozen_state": False}
        calendar = self.department_id.resource_calendar_id
        stopped = calendar.gov_working_hours(_dt(self.date_paused), _dt(now))
        deadline = _str(calendar.gov_add_working_hours(_dt(self.deadline), stopped))
        date_at_risk = _str(calendar.gov_add_working_hours(_dt(self.date_at_risk), stopped))
        values = {
            "date_paused": False, "sla_frozen_state": False,
            "paused_hours": self.paused_hours + stopped,
            "deadline": deadline, "date_at_risk": date_at_risk,
        }
        # a case back on track (or only at risk) can be escalated again when it slips
        state = self._sla_running_state(now, deadline, date_at_risk)
        if SLA_RANK[self.escalated_state] > SLA_RANK[state]:
            values["escalated_state"] = state if state != "on_track" else False
        return values

    def _handling_hours(self, stopped_at):
        """Office hours from opening to ``stopped_at`` minus the hours the clock was stopped."""
        calendar = self.department_id.resource_calendar_id
        hours = calendar.gov_working_hours(_dt(self.date_open), _dt(stopped_at))
        return max(hours - self.paused_hours, 0.0)
