"""The SLA clock: deadline, at-risk instant, stopped time, handling hours."""
from conftest import utc

from lib import sla


def test_start_and_states(office):
    deadline, at_risk, hours = sla.start(office, utc("2026-04-20 09:00"), 2)
    assert deadline == utc("2026-04-22 16:30")
    assert hours == 20.5
    assert at_risk == utc("2026-04-22 10:22:30")  # 75% of 20.5 working hours
    assert sla.state(utc("2026-04-22 10:22"), deadline, at_risk) == sla.ON_TRACK
    assert sla.state(at_risk, deadline, at_risk) == sla.AT_RISK
    assert sla.state(deadline, deadline, at_risk) == sla.BREACHED
    assert sla.state(deadline, None, None) is None
    assert sla.RANK[sla.BREACHED] > sla.RANK[sla.AT_RISK] > sla.RANK[sla.ON_TRACK] == sla.RANK[False]


def test_resume_pushes_both_instants_by_the_stopped_office_hours(office):
    deadline, at_risk, stopped = sla.resume(office, utc("2026-04-22 16:30"), utc("2026-04-22 10:22:30"),
                                            utc("2026-04-21 15:30"), utc("2026-04-23 09:30"))
    assert stopped == 9.0
    assert deadline == utc("2026-04-24 10:30")
    assert at_risk == utc("2026-04-23 13:22:30")


def test_handling_hours_leave_out_the_stopped_time(office):
    assert sla.handling_hours(office, utc("2026-04-20 09:00"), utc("2026-04-22 09:00"), 2.0) == 12.0
    assert sla.handling_hours(office, utc("2026-04-20 09:00"), utc("2026-04-20 10:00"), 5.0) == 0.0
