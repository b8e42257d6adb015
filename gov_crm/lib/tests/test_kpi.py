"""The performance figures on small hand-counted lists."""
import datetime

import pytest
from conftest import utc

from lib import kpi


def test_median_and_p90_odd_and_even():
    assert kpi.median([5, 1, 3, 2, 4]) == 3
    assert kpi.p90([5, 1, 3, 2, 4]) == pytest.approx(4.6)  # rank 3.6 of 0..4
    assert kpi.median([4, 1, 3, 2]) == 2.5
    assert kpi.p90([4, 1, 3, 2]) == pytest.approx(3.7)  # rank 2.7 of 0..3
    assert kpi.median([7]) == 7 and kpi.p90([7]) == 7
    assert kpi.median([]) is None
    assert kpi.median([None, 2, 4]) == 3


def test_rates():
    assert kpi.rate(1, 4) == 25.0
    assert kpi.rate(1, 4, 1.0) == 0.25
    assert kpi.rate(0, 0) is None


def test_on_time_and_breach_rates():
    requests = [(10, 12), (13, 12), (None, 5), (11, None), (None, 30)]
    assert kpi.on_time_rate(requests) == pytest.approx(200.0 / 3)  # 2 of 3 finished
    assert kpi.breach_rate(requests, now=20) == 40.0  # finished late, open past its date: 2 of 5
    assert kpi.on_time_rate([(None, 5)]) is None


def test_first_contact_resolution_and_reopen_rate():
    cases = [
        {"resolved": True, "transferred": False, "reopened_early": False},
        {"resolved": True, "transferred": False, "reopened_early": False},
        {"resolved": True, "transferred": True, "reopened_early": False},
        {"resolved": True, "transferred": False, "reopened_early": True},
        {"resolved": False, "transferred": False, "reopened_early": False},
    ]
    assert kpi.first_contact_resolution_rate(cases) == 50.0
    assert kpi.reopen_rate([(True, 0), (True, 2), (True, 1), (False, 1), (True, 0)]) == 50.0
    assert kpi.reopen_rate([]) is None


def test_a_reopening_counts_against_the_first_contact_within_the_window():
    assert kpi.reopen_is_early(5, None, None)
    assert kpi.reopen_is_early(5, 1, 5)
    assert not kpi.reopen_is_early(6, 1, 5)


def test_handling_time_in_working_hours_and_days(office):
    # Friday 10:00 to Thursday 10:00 over Songkran: 5.5 + 1.5 office hours, one 7-hour day
    assert kpi.handling_time(office, utc("2026-04-10 10:00"), utc("2026-04-16 10:00")) == (7.0, 1.0)
    assert kpi.handling_time(office, utc("2026-04-10 10:00"), utc("2026-04-10 10:30")) == (0.5, 0.071429)


def test_abandoned_and_withdrawn_requests_are_counted_apart():
    due = datetime.datetime(2026, 11, 9, 9, 30)
    now = datetime.datetime(2026, 11, 20, 9, 0)
    rows = [("done", due - datetime.timedelta(days=1), due),        # on time
            ("rejected", due + datetime.timedelta(days=1), due),    # finished late
            ("in_progress", None, due),                             # open past its date: late
            ("submitted", None, now + datetime.timedelta(days=3)),  # open, not late yet
            ("abandoned", due + datetime.timedelta(days=2), due),   # closed after its date: not late
            ("withdrawn", due + datetime.timedelta(days=5), due),
            ("draft", None, None)]
    judged = kpi.judged_requests(rows)
    assert judged == [rows[0][1:], rows[1][1:], (None, due), (None, now + datetime.timedelta(days=3))]
    assert kpi.on_time_rate(judged) == 50.0
    assert kpi.breach_rate(judged, now) == 50.0
    assert kpi.abandoned_count(state for state, _done, _expected in rows) == 1
    # an abandoned request never counts as finished, even with its closing instant
    assert kpi.judged_requests([("abandoned", due, due)]) == []
