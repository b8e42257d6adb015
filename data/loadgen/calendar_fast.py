"""Office working-time arithmetic for millions of rows, identical to gov_crm's calendar.

``resource.calendar.gov_add_working_days`` / ``gov_working_hours`` /
``gov_add_working_hours`` (gov_crm/models/resource_calendar.py) rescan attendances
and holidays through the ORM on every call: right for one request, far too slow for
two million cases. This class reads the same attendances and holidays once (through
those very methods) into a table of office intervals per local day, then answers with
integer microseconds and bisection. ``verify()`` compares it with the ORM methods on
random instants; the generator runs it before writing anything, so a change of the
calendar rules in gov_crm cannot silently produce inconsistent deadlines.
"""
import bisect
import datetime
import random

import pytz

US = 1000000  # microseconds per second
HOUR_US = 3600 * US
DAY = datetime.timedelta(days=1)


def _us(delta):
    """timedelta -> integer microseconds (exact)."""
    return delta // datetime.timedelta(microseconds=1)


class FastCalendar:
    """Working-time arithmetic of one ``resource.calendar`` over a fixed span of local days."""

    def __init__(self, calendar, first_day, last_day):
        self.calendar = calendar
        self.tz = pytz.timezone(calendar.gov_tz or "UTC")
        self.base = first_day
        self.last = last_day
        holidays = calendar._gov_holiday_dates()
        self.day_intervals = []   # per local day: [(start_us, end_us)] since base midnight
        self.cum = [0]            # working microseconds before each local day
        self.working_days = []    # indexes of days that have office hours
        day, index = first_day, 0
        while day <= last_day:
            origin = index * 24 * HOUR_US
            intervals = [(origin + _us(datetime.timedelta(hours=h_from)),
                          origin + _us(datetime.timedelta(hours=h_to)))
                         for h_from, h_to in calendar._gov_day_intervals(day, holidays)]
            self.day_intervals.append(intervals)
            self.cum.append(self.cum[-1] + sum(b - a for a, b in intervals))
            if intervals:
                self.working_days.append(index)
            day += DAY
            index += 1
        self.base_dt = datetime.datetime.combine(first_day, datetime.time())
        # Asia/Bangkok has had one offset since 1920: use it as a constant when it holds
        offsets = {self.tz.utcoffset(datetime.datetime.combine(first_day + DAY * i, datetime.time(12)))
                   for i in range(0, index, 30)}
        self.fixed_offset = offsets.pop() if len(offsets) == 1 else None

    # ------------------------------------------------------------ conversions
    def to_local_us(self, utc):
        if self.fixed_offset is not None:
            local = utc + self.fixed_offset
        else:
            local = pytz.utc.localize(utc).astimezone(self.tz).replace(tzinfo=None)
        value = _us(local - self.base_dt)
        if value < 0 or value >= len(self.day_intervals) * 24 * HOUR_US:
            raise ValueError("instant %s outside the generator's calendar span %s..%s"
                             % (utc, self.base, self.last))
        return value

    def to_utc(self, local_us):
        """Naive UTC instant, truncated to the second as fields.Datetime stores it."""
        local = self.base_dt + datetime.timedelta(microseconds=local_us // US * US)
        if self.fixed_offset is not None:
            return local - self.fixed_offset
        return self.tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _worked_before(self, local_us):
        """Working microseconds from the span's start to ``local_us``."""
        index = local_us // (24 * HOUR_US)
        total = self.cum[index]
        for start, end in self.day_intervals[index]:
            if local_us <= start:
                break
            total += min(local_us, end) - start
        return total

    # ------------------------------------------------------------ the calendar API
    def add_working_days(self, start_utc, days):
        receipt = self.to_local_us(start_utc) // (24 * HOUR_US)
        days = int(days)
        first = receipt if days <= 0 else receipt + 1
        position = bisect.bisect_left(self.working_days, first) + max(days, 1) - 1
        if position >= len(self.working_days):
            raise ValueError("deadline beyond the generator's calendar span (%s)" % self.last)
        index = self.working_days[position]
        return self.to_utc(self.day_intervals[index][-1][1])

    def working_hours(self, start_utc, end_utc):
        if end_utc <= start_utc:
            return 0.0
        worked = self._worked_before(self.to_local_us(end_utc)) - self._worked_before(self.to_local_us(start_utc))
        return round(worked / US / 3600.0, 6)

    def add_working_hours(self, start_utc, hours):
        if hours <= 0:
            return start_utc.replace(microsecond=0)
        start = self.to_local_us(start_utc)
        target = self._worked_before(start) + _us(datetime.timedelta(hours=hours))
        index = bisect.bisect_left(self.cum, target) - 1  # the day in which the target is reached
        if index >= len(self.day_intervals):
            raise ValueError("instant beyond the generator's calendar span (%s)" % self.last)
        total = self.cum[index]
        for low, high in self.day_intervals[index]:
            if total + (high - low) >= target:
                return self.to_utc(low + (target - total))
            total += high - low
        raise AssertionError("calendar table inconsistent")  # cum says the day reaches target

    # ------------------------------------------------------------ self-check
    def verify(self, samples=200, seed=7):
        """Compare with the ORM methods of gov_crm on random instants; return the mismatches."""
        rnd = random.Random(seed)
        calendar = self.calendar
        span = (self.last - self.base).days - 200
        mismatches = []
        for _i in range(samples):
            start = self.to_utc(rnd.randrange(0, span * 24 * HOUR_US) // US * US)
            days = rnd.choice([0, 1, 2, 3, 5, 7, 15, 30])
            hours = rnd.choice([0.5, 3.0, 7.0, 22.5, 52.5 * 0.75, 105.0])
            end = start + datetime.timedelta(seconds=rnd.randrange(0, 40 * 86400))
            checks = [
                ("add_working_days", (start, days), calendar.gov_add_working_days(start, days),
                 self.add_working_days(start, days)),
                ("working_hours", (start, end), calendar.gov_working_hours(start, end),
                 self.working_hours(start, end)),
                ("add_working_hours", (start, hours), calendar.gov_add_working_hours(start, hours),
                 self.add_working_hours(start, hours)),
            ]
            for name, args, expected, got in checks:
                if isinstance(expected, datetime.datetime):
                    same = expected.replace(microsecond=0) == got.replace(microsecond=0)
                else:
                    same = abs(expected - got) < 1e-6
                if not same:
                    mismatches.append((name, args, expected, got))
        return mismatches
