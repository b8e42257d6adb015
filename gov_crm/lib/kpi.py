"""The performance figures of the service, as functions over plain lists.

The analysis views of gov_kpi compute the same figures in SQL over millions of rows
(``percentile_cont`` is the same linear interpolation as :func:`percentile`); these are their
definitions, used by the addons for the figures computed in Python and by the tests.

A request is finished when done or rejected, on time when finished by its expected date, late
when finished after it or still open past it; a case is resolved at first contact when it was
resolved, never transferred and not reopened within FCR_WORKING_DAYS working days of the
resolution.
"""
FCR_WORKING_DAYS = 10

# the states of a request the figures count: open, finished; closed as abandoned because the
# missing documents were not brought by the deadline (s.8) it is counted apart, neither open
# nor finished, neither on time nor late; withdrawn and draft requests are not counted at all
REQUEST_OPEN_STATES = ("submitted", "waiting_docs", "in_progress", "waiting_applicant")
REQUEST_FINISHED_STATES = ("done", "rejected")
REQUEST_ABANDONED_STATE = "abandoned"


def handling_time(calendar, start, done):
    """(working hours, working days) a request took from ``start`` (complete, or received when it
    never waited for documents) to ``done``, on a :class:`.working_time.WorkingCalendar`; the days
    are the hours over the office hours of an average working day, both rounded to 6 decimals."""
    hours = calendar.working_hours(start, done)
    return hours, round(hours / calendar.day_hours(), 6)


def rate(numerator, denominator, scale=100.0):
    """``scale * numerator / denominator``, None when there is nothing to divide by."""
    if not denominator:
        return None
    return scale * numerator / denominator


def percentile(values, share):
    """The ``share`` (0 to 1) percentile of the values by linear interpolation between the closest
    ranks (PostgreSQL's ``percentile_cont``); None for no value."""
    ordered = sorted(value for value in values if value is not None)
    if not ordered:
        return None
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values):
    """The median (the 0.5 percentile)."""
    return percentile(values, 0.5)


def p90(values):
    """The 90th percentile."""
    return percentile(values, 0.9)


def on_time_rate(requests):
    """% of the finished requests finished by their expected date; ``requests`` are
    (finished instant or None, expected instant or None) pairs (no expected date: on time)."""
    finished = [(done, expected) for done, expected in requests if done]
    return rate(sum(1 for done, expected in finished if not expected or done <= expected), len(finished))


def judged_requests(requests):
    """(state, finished instant or None, expected instant or None) of requests -> the
    (finished instant, expected) pairs :func:`on_time_rate` and :func:`breach_rate` take: the
    open requests (no finished instant) and the finished ones; abandoned, withdrawn and draft
    requests are left out, whatever instant they were closed at."""
    return [(done if state in REQUEST_FINISHED_STATES else None, expected)
            for state, done, expected in requests
            if state in REQUEST_OPEN_STATES or state in REQUEST_FINISHED_STATES]


def abandoned_count(states):
    """How many of the requests' states are abandoned (s.8)."""
    return sum(1 for state in states if state == REQUEST_ABANDONED_STATE)


def breach_rate(requests, now):
    """% of the open and finished requests that are late: finished after their expected date,
    or open past it at ``now``; ``requests`` are (finished instant or None, expected) pairs."""
    requests = list(requests)
    late = sum(1 for done, expected in requests if expected and (done or now) > expected)
    return rate(late, len(requests))


def reopen_is_early(now, resolved, limit):
    """True when a reopening at ``now`` counts against the first contact: the case had no
    resolution instant, or ``now`` is not after ``limit`` (FCR_WORKING_DAYS after it)."""
    return not resolved or now <= limit


def first_contact_resolution_rate(cases):
    """% of the resolved cases resolved at first contact; ``cases`` are dicts with
    ``resolved``, ``transferred`` and ``reopened_early`` booleans."""
    resolved = [case for case in cases if case["resolved"]]
    first = sum(1 for case in resolved if not case["transferred"] and not case["reopened_early"])
    return rate(first, len(resolved))


def reopen_rate(cases):
    """% of the resolved cases reopened at least once; ``cases`` are (resolved, reopen_count)."""
    resolved = [count for was_resolved, count in cases if was_resolved]
    return rate(sum(1 for count in resolved if count), len(resolved))
