"""Working-time arithmetic of a government office: a weekly schedule, public holidays, a time zone.

Instants are naive UTC ``datetime`` objects (the way Odoo stores them); the schedule and the
holidays are local to the office time zone ``tz`` (any ``tzinfo``: pytz, zoneinfo, fixed offset).

* an attendance is ``(weekday, first_date, last_date, hour_from, hour_to)``: ``weekday`` 0 is
  Monday (an int or its string, as Odoo stores it), the dates bound when it applies (None: always),
  the hours are floats of the local day (8.5 is 08:30);
* holidays are local dates without office hours (see :func:`holiday_dates` for leaves).
"""
import datetime

from .be_date import local_to_utc, utc_to_local

# a calendar with no office day within this many days is unusable: stop instead of looping
MAX_SCAN_DAYS = 3660
DAY = datetime.timedelta(days=1)


class NoOfficeHours(Exception):
    """The calendar has no office hours within MAX_SCAN_DAYS days."""


def holiday_dates(leaves, tz):
    """Local dates covered by leaves given as (start, end) naive UTC instants; a leave ending at
    local midnight does not cover the day it ends on."""
    dates = set()
    for start_utc, end_utc in leaves:
        start, end = utc_to_local(start_utc, tz), utc_to_local(end_utc, tz)
        last = end.date()
        if end.time() == datetime.time(0, 0) and last > start.date():
            last -= DAY
        day = start.date()
        while day <= last:
            dates.add(day)
            day += DAY
    return frozenset(dates)


def _at(local_date, hour):
    return datetime.datetime.combine(local_date, datetime.time()) + datetime.timedelta(hours=hour)


class WorkingCalendar(object):
    """Office hours of one calendar, read into plain values once."""

    def __init__(self, attendances, holidays=(), tz=datetime.timezone.utc):
        self.attendances = [(int(day), first, last, float(hour_from), float(hour_to))
                            for day, first, last, hour_from, hour_to in attendances if hour_to > hour_from]
        self.holidays = frozenset(holidays)
        self.tz = tz

    # ------------------------------------------------------------ days
    def day_intervals(self, local_date):
        """Office intervals of a local date as sorted (hour_from, hour_to) floats."""
        if local_date in self.holidays:
            return []
        weekday = local_date.weekday()
        return sorted((hour_from, hour_to) for day, first, last, hour_from, hour_to in self.attendances
                      if day == weekday and not (first and first > local_date)
                      and not (last and last < local_date))

    def day_hours(self):
        """Office hours of an average working day of the week (7.0 for 08:30-12:00 and 13:00-16:30
        five days a week); 8.0 for a calendar without office hours."""
        days = {day for day, _first, _last, _hour_from, _hour_to in self.attendances}
        if not days:
            return 8.0
        return sum(hour_to - hour_from for _day, _first, _last, hour_from, hour_to in self.attendances) / len(days)

    def is_working_day(self, local_date):
        """True when the local date has office hours and is not a public holiday."""
        return bool(self.day_intervals(local_date))

    def _scan(self, local_date):
        for offset in range(MAX_SCAN_DAYS):
            yield local_date + offset * DAY
        raise NoOfficeHours()

    def local(self, utc_naive):
        return utc_to_local(utc_naive, self.tz)

    def utc(self, local_naive):
        return local_to_utc(local_naive, self.tz)

    # ------------------------------------------------------------ arithmetic
    def add_working_days(self, start_utc, days):
        """End of office hours of the ``days``-th working day after the local day of ``start_utc``.

        Day 1 is the first working day after the day of receipt (a receipt on a weekend or
        holiday counts from the next working day the same way); with ``days=0`` the end of the
        day of receipt, or of the next working day.
        """
        receipt = self.local(start_utc).date()
        remaining = int(days)
        first = receipt if remaining <= 0 else receipt + DAY
        for day in self._scan(first):
            intervals = self.day_intervals(day)
            if not intervals:
                continue
            if remaining <= 1:
                return self.utc(_at(day, intervals[-1][1]))
            remaining -= 1

    def working_hours(self, start_utc, end_utc):
        """Office hours (float, rounded to 6 decimals) between two instants; 0 when end <= start."""
        if end_utc <= start_utc:
            return 0.0
        start, end = self.local(start_utc), self.local(end_utc)
        seconds = 0.0
        day = start.date()
        while day <= end.date():
            for hour_from, hour_to in self.day_intervals(day):
                low, high = max(start, _at(day, hour_from)), min(end, _at(day, hour_to))
                if high > low:
                    seconds += (high - low).total_seconds()
            day += DAY
        return round(seconds / 3600.0, 6)

    def add_working_hours(self, start_utc, hours):
        """The instant at which ``hours`` office hours after ``start_utc`` have elapsed."""
        if hours <= 0:
            return start_utc
        start = self.local(start_utc)
        remaining = datetime.timedelta(hours=hours)
        for day in self._scan(start.date()):
            for hour_from, hour_to in self.day_intervals(day):
                low, high = max(start, _at(day, hour_from)), _at(day, hour_to)
                if high <= low:
                    continue
                if high - low >= remaining:
                    return self.utc(low + remaining)
                remaining -= high - low
