"""The SLA clock of a case.

The clock is stored as instants, never rewritten by a job:

* ``deadline``: the end of office hours of the ``sla_days``-th working day after the day the
  case was opened, on the department's working calendar;
* ``date_at_risk``: the instant at which 75% of the allowed working hours are used.

``sla_state`` compares them with the current time, so it is exact on every read and
searchable with plain SQL comparisons. While the clock is stopped (waiting for the
applicant, resolved, closed) the state is frozen in ``sla_frozen_state``; when it runs
again both instants are pushed by the office hours it was stopped. The arithmetic is
``gov_crm.lib.sla``'s, on the department's calendar read by ``_gov_working_calendar``.
"""
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.gov_crm.lib import sla

SLA_STATES = [(sla.ON_TRACK, "On track"), (sla.AT_RISK, "At risk"), (sla.BREACHED, "Breached")]


def _dt(value):
    """An Odoo datetime string (or a datetime, or False) -> a naive UTC datetime or None."""
    if isinstance(value, datetime.datetime) or not value:
        return value or None
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
        """The state of the running clock at ``now`` (Odoo strings), False without a deadline."""
        deadline = deadline or self.deadline
        date_at_risk = date_at_risk or self.date_at_risk
        return sla.state(_dt(now), _dt(deadline), _dt(date_at_risk)) or False

    @api.model
    def _search_sla_state(self, operator, value):
        if operator in ("=", "!="):
            states = {value}
        elif operator in ("in", "not in"):
            states = set(value)
        else:
            raise UserError(_("Unsupported search on the SLA: %(op)s")
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
        deadline, at_risk, hours = calendar._gov_compute_with(sla.start, _dt(date_open), days)
        return {"sla_hours": hours, "deadline": _str(deadline), "date_at_risk": _str(at_risk)}

    def _sla_stop_values(self, now):
        return {"date_paused": now, "sla_frozen_state": self._sla_running_state(now)}

    def _sla_resume_values(self, now):
        """Push deadline and at-risk instant by the office hours the clock was stopped."""
        if not self.date_paused or not self.deadline:
            return {"date_paused": False, "sla_frozen_state": False}
        calendar = self.department_id.resource_calendar_id
        deadline, date_at_risk, stopped = calendar._gov_compute_with(
            sla.resume, _dt(self.deadline), _dt(self.date_at_risk), _dt(self.date_paused), _dt(now))
        deadline, date_at_risk = _str(deadline), _str(date_at_risk)
        values = {
            "date_paused": False, "sla_frozen_state": False,
            "paused_hours": self.paused_hours + stopped,
            "deadline": deadline, "date_at_risk": date_at_risk,
        }
        # a case back on track (or only at risk) can be escalated again when it slips
        state = self._sla_running_state(now, deadline, date_at_risk)
        if sla.RANK[self.escalated_state] > sla.RANK[state]:
            values["escalated_state"] = state if state != sla.ON_TRACK else False
        return values

    def _handling_hours(self, stopped_at):
        """Office hours from opening to ``stopped_at`` minus the hours the clock was stopped."""
        calendar = self.department_id.resource_calendar_id
        return calendar._gov_compute_with(sla.handling_hours, _dt(self.date_open), _dt(stopped_at),
                                          self.paused_hours)
