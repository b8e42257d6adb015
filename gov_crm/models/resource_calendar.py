"""The office calendar read into plain values for the working-time arithmetic of gov_crm.lib.

The legal periods of the Licensing Facilitation Act and the case SLAs need exact, testable
answers: they are computed by ``gov_crm.lib.working_time`` from the calendar's attendances and
its generic leaves (leaves without a resource = public holidays, whole local days). This model
only reads those into plain values and turns the package's errors into the user's language.

Every public method takes and returns naive UTC ``datetime.datetime`` objects
(the way ``fields.Datetime`` values are stored); local dates are in ``gov_tz``.
"""
import datetime

import pytz

from odoo import _, api, fields, models, tools
from odoo.addons.base.res.res_partner import _tz_get
from odoo.exceptions import UserError

from ..lib import working_time
from ..lib.be_date import local_to_utc, utc_to_local
from ..tools.xmlid import cached_ref


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    gov_tz = fields.Selection(
        _tz_get, string="Office timezone", required=True, default="Asia/Bangkok",
        help="Timezone of the office hours and public holidays of this calendar.")

    @api.model
    def gov_office_tz(self):
        """The office time zone (pytz): that of the agency's working calendar. Every local date
        of the back office (receipts, deadlines, reports, the API) is a date in it."""
        # sudo: the time zone of the office is public; portal users and the API read dates in it
        return pytz.timezone(cached_ref(self.env, "gov_crm.calendar_gov_office").sudo().gov_tz)

    # ------------------------------------------------------------ reading the calendar
    def _gov_localize(self, utc_naive):
        """Naive UTC datetime -> naive local datetime of the calendar."""
        return utc_to_local(utc_naive, pytz.timezone(self.gov_tz or "UTC"))

    def _gov_to_utc(self, local_naive):
        """Naive local datetime of the calendar -> naive UTC datetime."""
        return local_to_utc(local_naive, pytz.timezone(self.gov_tz or "UTC"))

    def _gov_signature(self):
        """(public holidays, office hours): md5 signatures of the calendar's leaves and attendances.

        SLA and legal clocks read the calendar for every case and request: what is built from
        it is cached under these signatures, so any change (or a rolled-back one) gives the
        right answer at once, for one query instead of reading both again."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT (SELECT md5(string_agg(date_from::text || '/' || date_to::text, ','
                                          ORDER BY date_from, date_to))
                      FROM resource_calendar_leaves WHERE calendar_id = %(id)s AND resource_id IS NULL),
                   (SELECT md5(string_agg(concat_ws('/', dayofweek, coalesce(date_from::text, '-'),
                                                    coalesce(date_to::text, '-'), hour_from, hour_to), ','
                                          ORDER BY id))
                      FROM resource_calendar_attendance WHERE calendar_id = %(id)s)""", {"id": self.id})
        return self.env.cr.fetchone()

    def _gov_holiday_dates(self):
        """Local dates covered by the calendar's generic leaves (public holidays)."""
        self.ensure_one()
        return self._gov_holiday_dates_cached(self.id, self.gov_tz, self._gov_signature()[0])

    @api.model
    @tools.ormcache("calendar_id", "tz_name", "signature")
    def _gov_holiday_dates_cached(self, calendar_id, tz_name, signature):
        leaves = self.env["resource.calendar.leaves"].sudo().search([
            ("calendar_id", "=", calendar_id), ("resource_id", "=", False)])
        return working_time.holiday_dates(
            [(fields.Datetime.from_string(leave.date_from), fields.Datetime.from_string(leave.date_to))
             for leave in leaves], pytz.timezone(tz_name or "UTC"))

    def _gov_attendances(self):
        """The office hours as plain tuples (weekday, first date, last date, hour_from, hour_to)."""
        return [(att.dayofweek, fields.Date.from_string(att.date_from) if att.date_from else None,
                 fields.Date.from_string(att.date_to) if att.date_to else None, att.hour_from, att.hour_to)
                for att in self.sudo().attendance_ids]

    def _gov_working_calendar(self, holidays=None):
        """The calendar as a ``gov_crm.lib.working_time.WorkingCalendar`` (which is never changed
        once built: the one of a signature is shared)."""
        self.ensure_one()
        if holidays is not None:
            return working_time.WorkingCalendar(self._gov_attendances(), holidays, pytz.timezone(self.gov_tz or "UTC"))
        leaves, attendances = self._gov_signature()
        return self._gov_working_calendar_cached(self.id, self.gov_tz, leaves, attendances)

    @api.model
    @tools.ormcache("calendar_id", "tz_name", "leaves", "attendances")
    def _gov_working_calendar_cached(self, calendar_id, tz_name, leaves, attendances):
        calendar = self.browse(calendar_id).sudo()
        return working_time.WorkingCalendar(
            calendar._gov_attendances(), self._gov_holiday_dates_cached(calendar_id, tz_name, leaves),
            pytz.timezone(tz_name or "UTC"))

    def _gov_day_intervals(self, local_date, holidays):
        """Office intervals of a local date as sorted (hour_from, hour_to) floats."""
        return self._gov_working_calendar(holidays).day_intervals(local_date)

    def _gov_compute(self, method, *args):
        """Run a method of the calendar's ``WorkingCalendar``."""
        return self._gov_compute_with(lambda calendar, *values: getattr(calendar, method)(*values), *args)

    def _gov_compute_with(self, function, *args):
        """``function(working_calendar, *args)`` (a rule of gov_crm.lib on this calendar);
        a calendar without office hours is the user's error."""
        self.ensure_one()
        try:
            return function(self._gov_working_calendar(), *args)
        except working_time.NoOfficeHours:
            raise UserError(_(
                "The working calendar %(name)s has no office hours within ten years.") % {"name": self.name})

    # ------------------------------------------------------------ public API
    @api.multi
    def gov_is_working_day(self, local_date):
        """True when the local date has office hours and is not a public holiday."""
        self.ensure_one()
        if isinstance(local_date, str):
            local_date = fields.Date.from_string(local_date)
        if isinstance(local_date, datetime.datetime):
            local_date = local_date.date()
        return self._gov_working_calendar().is_working_day(local_date)

    @api.multi
    def gov_add_working_days(self, start_utc, days):
        """End of office hours of the ``days``-th working day after the local day of ``start_utc``
        (``gov_crm.lib.working_time.WorkingCalendar.add_working_days``)."""
        self.ensure_one()
        return self._gov_compute("add_working_days", start_utc, days)

    @api.multi
    def gov_working_hours(self, start_utc, end_utc):
        """Office hours (float) between two instants; 0 when end <= start."""
        self.ensure_one()
        return self._gov_compute("working_hours", start_utc, end_utc)

    @api.multi
    def gov_add_working_hours(self, start_utc, hours):
        """The instant at which ``hours`` office hours after ``start_utc`` have elapsed."""
        self.ensure_one()
        return self._gov_compute("add_working_hours", start_utc, hours)
