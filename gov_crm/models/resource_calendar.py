"""Working-time arithmetic of a government office, in our own code.

Odoo 11's ``resource.calendar`` planning helpers work in the user's timezone and
have known edge cases (leaves crossing midnight, days with no attendance); the
legal periods of the Licensing Facilitation Act and the case SLAs need exact,
testable answers, so they are computed here from the calendar's attendances and
its generic leaves (leaves without a resource = public holidays, whole local days).

Every public method takes and returns naive UTC ``datetime.datetime`` objects
(the way ``fields.Datetime`` values are stored); local dates are in ``gov_tz``.
"""
import datetime

import pytz

from odoo import _, api, fields, models, tools
from odoo.addons.base.res.res_partner import _tz_get
from odoo.exceptions import UserError

# a calendar with no office day within this many days is unusable: stop instead of looping
MAX_SCAN_DAYS = 3660


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    gov_tz = fields.Selection(
        _tz_get, string="Office timezone", required=True, default="Asia/Bangkok",
        help="Timezone of the office hours and public holidays of this calendar.")

    @api.model
    def gov_office_tz(self):
        """The office time zone (pytz): that of the agency's working calendar. Every local date
        of the back office (receipts, deadlines, reports, the API) is a date in it."""
        # sudo: the time zone of the office is public; portal users and the API read dates in it
        return pytz.timezone(self.env.ref("gov_crm.calendar_gov_office").sudo().gov_tz)

    # ------------------------------------------------------------ helpers
    def _gov_localize(self, utc_naive):
        """Naive UTC datetime -> naive local datetime of the calendar."""
        tz = pytz.timezone(self.gov_tz or "UTC")
        return pytz.utc.localize(utc_naive).astimezone(tz).replace(tzinfo=None)

    def _gov_to_utc(self, local_naive):
        """Naive local datetime of the calendar -> naive UTC datetime."""
        tz = pytz.timezone(self.gov_tz or "UTC")
        return tz.localize(local_naive).astimezone(pytz.utc).replace(tzinfo=None)

    def _gov_holiday_dates(self):
        """Local dates covered by the calendar's generic leaves (public holidays)."""
        self.ensure_one()
        tz_name = self.gov_tz
        # SLA clocks call this for every case: the dates are cached under a signature of
        # the leaves, so any change (or a rolled-back one) gives the right answer at once
        self.env.cr.execute("""
            SELECT md5(string_agg(date_from::text || '/' || date_to::text, ',' ORDER BY date_from, date_to))
              FROM resource_calendar_leaves WHERE calendar_id = %s AND resource_id IS NULL""", (self.id,))
        signature = self.env.cr.fetchone()[0]
        return self._gov_holiday_dates_cached(self.id, tz_name, signature)

    @api.model
    @tools.ormcache("calendar_id", "tz_name", "signature")
    def _gov_holiday_dates_cached(self, calendar_id, tz_name, signature):
        self = self.browse(calendar_id)
        leaves = self.env["resource.calendar.leaves"].sudo().search([
            ("calendar_id", "=", self.id), ("resource_id", "=", False)])
        dates = set()
        for leave in leaves:
            start = self._gov_localize(fields.Datetime.from_string(leave.date_from))
            end = self._gov_localize(fields.Datetime.from_string(leave.date_to))
            last = end.date()
            if end.time() == datetime.time(0, 0) and last > start.date():
                last -= datetime.timedelta(days=1)  # a leave ending at 00:00 does not cover that day
            day = start.date()
            while day <= last:
                dates.add(day)
                day += datetime.timedelta(days=1)
        return frozenset(dates)

    def _gov_attendances(self):
        """The office hours as plain tuples (weekday, first date, last date, hour_from, hour_to),
        read once per computation rather than once per day scanned."""
        rows = []
        for att in self.sudo().attendance_ids:
            if att.hour_to > att.hour_from:
                rows.append((att.dayofweek, fields.Date.from_string(att.date_from) if att.date_from else None,
                             fields.Date.from_string(att.date_to) if att.date_to else None,
                             att.hour_from, att.hour_to))
        return rows

    def _gov_day_intervals(self, local_date, holidays, attendances=None):
        """Office intervals of a local date as sorted (hour_from, hour_to) floats."""
        if local_date in holidays:
            return []
        weekday = str(local_date.weekday())
        return sorted((hour_from, hour_to) for day, first, last, hour_from, hour_to
                      in (self._gov_attendances() if attendances is None else attendances)
                      if day == weekday and not (first and first > local_date) and not (last and last < local_date))

    @staticmethod
    def _gov_at(local_date, hour):
        return datetime.datetime.combine(local_date, datetime.time()) + datetime.timedelta(hours=hour)

    def _gov_scan(self, local_date, step=1):
        """Yield local dates from local_date on; stop with an error after MAX_SCAN_DAYS."""
        for offset in range(MAX_SCAN_DAYS):
            yield local_date + datetime.timedelta(days=offset * step)
        raise UserError(_(
            "The working calendar %(name)s has no office hours within ten years.\n"
            "ปฏิทินการทำงาน %(name)s ไม่มีเวลาราชการภายในสิบปี") % {"name": self.name})

    # ------------------------------------------------------------ public API
    @api.multi
    def gov_is_working_day(self, local_date):
        """True when the local date has office hours and is not a public holiday."""
        self.ensure_one()
        if isinstance(local_date, str):
            local_date = fields.Date.from_string(local_date)
        if isinstance(local_date, datetime.datetime):
            local_date = local_date.date()
        return bool(self._gov_day_intervals(local_date, self._gov_holiday_dates()))

    @api.multi
    def gov_add_working_days(self, start_utc, days):
        """End of office hours of the ``days``-th working day after the local day of ``start_utc``.

        Day 1 is the first working day after the day of receipt (a receipt on a
        weekend or holiday counts from the next working day the same way); with
        ``days=0`` the end of the day of receipt, or of the next working day.
        """
        self.ensure_one()
        holidays, attendances = self._gov_holiday_dates(), self._gov_attendances()
        receipt = self._gov_localize(start_utc).date()
        remaining = int(days)
        first = receipt if remaining <= 0 else receipt + datetime.timedelta(days=1)
        for day in self._gov_scan(first):
            intervals = self._gov_day_intervals(day, holidays, attendances)
            if not intervals:
                continue
            if remaining <= 1:
                return self._gov_to_utc(self._gov_at(day, intervals[-1][1]))
            remaining -= 1

    @api.multi
    def gov_working_hours(self, start_utc, end_utc):
        """Office hours (float) between two instants; 0 when end <= start."""
        self.ensure_one()
        if end_utc <= start_utc:
            return 0.0
        holidays, attendances = self._gov_holiday_dates(), self._gov_attendances()
        start, end = self._gov_localize(start_utc), self._gov_localize(end_utc)
        seconds = 0.0
        day = start.date()
        while day <= end.date():
            for hour_from, hour_to in self._gov_day_intervals(day, holidays, attendances):
                low = max(start, self._gov_at(day, hour_from))
                high = min(end, self._gov_at(day, hour_to))
                if high > low:
                    seconds += (high - low).total_seconds()
            day += datetime.timedelta(days=1)
        return round(seconds / 3600.0, 6)

    @api.multi
    def gov_add_working_hours(self, start_utc, hours):
        """The instant at which ``hours`` office hours after ``start_utc`` have elapsed."""
        self.ensure_one()
        if hours <= 0:
            return start_utc
        holidays, attendances = self._gov_holiday_dates(), self._gov_attendances()
        start = self._gov_localize(start_utc)
        remaining = datetime.timedelta(hours=hours)
        for day in self._gov_scan(start.date()):
            for hour_from, hour_to in self._gov_day_intervals(day, holidays, attendances):
                low = max(start, self._gov_at(day, hour_from))
                high = self._gov_at(day, hour_to)
                if high <= low:
                    continue
                if high - low >= remaining:
                    return self._gov_to_utc(low + remaining)
                remaining -= high - low
