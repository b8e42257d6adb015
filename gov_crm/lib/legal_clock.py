"""The legal clock of the Licensing Facilitation Act B.E. 2558 (2015), on a
:class:`.working_time.WorkingCalendar`.

* s.8: an incomplete file gets a record of the missing documents with the last (local) day to
  bring them, ``docs_days`` working days after the day of receipt; the request is abandoned the
  day after that. The legal period starts when the file is complete, and ends at the end of
  office hours of its ``legal_days``-th working day.
* s.10: while a request is past that end and not done, the applicant is told why every
  NOTICE_INTERVAL_DAYS calendar days (and a copy goes to OPDC).
"""
import datetime

NOTICE_INTERVAL_DAYS = 7


def expected_date(calendar, complete, legal_days):
    """The instant (naive UTC) by which a request complete at ``complete`` must be done (s.8)."""
    return calendar.add_working_days(complete, legal_days)


def docs_deadline(calendar, received, docs_days):
    """The last local day to bring the missing documents of a request received at ``received``."""
    return calendar.local(calendar.add_working_days(received, docs_days)).date()


def is_abandoned(today, deadline):
    """True when the missing documents were not brought by ``deadline`` (local dates)."""
    return bool(deadline) and today > deadline


def late_before(calendar, today):
    """The instant (naive UTC) of the start of the local ``today``: a request whose expected date
    is before it is late today."""
    return calendar.utc(datetime.datetime.combine(today, datetime.time()))


def last_notice_allowed(today):
    """A request last noticed on or before this local date is due for another delay notice."""
    return today - datetime.timedelta(days=NOTICE_INTERVAL_DAYS)


def delay_notice_due(calendar, today, expected, last_notice=None):
    """True when a request expected at ``expected`` (naive UTC) and last noticed on
    ``last_notice`` (a local date or None) gets a delay notice (s.10) on the local ``today``."""
    if not expected or expected >= late_before(calendar, today):
        return False
    return last_notice is None or last_notice <= last_notice_allowed(today)


def delay_notice_dates(calendar, expected, until):
    """The local dates of the delay notices of a request expected at ``expected`` and not done
    by the local date ``until``: the first late day, then every NOTICE_INTERVAL_DAYS days."""
    # late on a local day when the expected instant is before its start (:func:`late_before`)
    day = calendar.local(expected).date() + datetime.timedelta(days=1)
    dates = []
    while day <= until:
        dates.append(day)
        day += datetime.timedelta(days=NOTICE_INTERVAL_DAYS)
    return dates
