"""The SLA clock of a case, on a :class:`.working_time.WorkingCalendar`.

* the deadline is the end of office hours of the ``days``-th working day after the opening;
* the case is at risk once AT_RISK_SHARE of the allowed working hours are used, breached at
  the deadline;
* while the clock is stopped (waiting for the applicant, resolved) the state is frozen; when it
  runs again both instants are pushed by the office hours it was stopped.
"""
ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
AT_RISK_SHARE = 0.75
# how serious a state is (an escalation is only ever made for a worse one)
RANK = {None: 0, False: 0, ON_TRACK: 0, AT_RISK: 1, BREACHED: 2}


def start(calendar, opened, days):
    """(deadline, at-risk instant, allowed working hours) of a case opened at ``opened``."""
    deadline = calendar.add_working_days(opened, days)
    hours = calendar.working_hours(opened, deadline)
    at_risk = calendar.add_working_hours(opened, hours * AT_RISK_SHARE)
    return deadline, at_risk, hours


def state(now, deadline, at_risk):
    """ON_TRACK, AT_RISK or BREACHED at ``now``; None without a deadline."""
    if not deadline:
        return None
    if deadline <= now:
        return BREACHED
    if at_risk and at_risk <= now:
        return AT_RISK
    return ON_TRACK


def resume(calendar, deadline, at_risk, stopped_since, now):
    """(deadline, at-risk instant, stopped working hours) once a clock stopped since
    ``stopped_since`` runs again at ``now``."""
    stopped = calendar.working_hours(stopped_since, now)
    return (calendar.add_working_hours(deadline, stopped), calendar.add_working_hours(at_risk, stopped),
            stopped)


def handling_hours(calendar, opened, stopped_at, paused_hours=0.0):
    """Office hours from the opening to ``stopped_at`` minus the hours the clock was stopped."""
    return max(calendar.working_hours(opened, stopped_at) - (paused_hours or 0.0), 0.0)
