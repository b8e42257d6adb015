from datetime import date, datetime

from odoo.tests.common import SavepointCase

from .common import new_user


class TestGovCalendar(SavepointCase):
    """Office hours Mon-Fri 08:30-12:00 and 13:00-16:30 Bangkok (UTC+7) = 01:30-05:00, 06:00-09:30 UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("gov_crm.calendar_gov_office")

    def test_default_timezone(self):
        self.assertEqual(self.calendar.gov_tz, "Asia/Bangkok")
        self.assertEqual(self.env["resource.calendar"].create({"name": "x"}).gov_tz, "Asia/Bangkok")

    def test_office_timezone_is_the_agency_calendars(self):
        Calendar = self.env["resource.calendar"].sudo(self.env.ref("base.public_user"))
        self.assertEqual(Calendar.gov_office_tz().zone, "Asia/Bangkok")
        self.calendar.gov_tz = "Asia/Tokyo"
        self.assertEqual(Calendar.gov_office_tz().zone, "Asia/Tokyo")

    def test_is_working_day(self):
        cal = self.calendar
        self.assertTrue(cal.gov_is_working_day(date(2026, 11, 25)))  # Wednesday
        self.assertFalse(cal.gov_is_working_day(date(2026, 11, 28)))  # Saturday
        self.assertFalse(cal.gov_is_working_day(date(2026, 11, 29)))  # Sunday
        self.assertFalse(cal.gov_is_working_day(date(2026, 4, 13)))  # Songkran
        self.assertFalse(cal.gov_is_working_day(date(2026, 12, 10)))  # Constitution Day
        self.assertTrue(cal.gov_is_working_day(date(2026, 12, 11)))
        self.assertFalse(cal.gov_is_working_day(date(2027, 1, 1)))
        self.assertTrue(cal.gov_is_working_day("2027-01-04"))

    def test_office_hours_changed_count_at_once(self):
        """The working calendar is kept under a signature of its hours and holidays: a Saturday
        the service manager opens counts at once, and stops counting when it is closed again."""
        manager = new_user(self.env, "calendar_manager", "gov_crm.group_gov_service_manager")
        saturday = date(2026, 11, 28)
        self.assertFalse(self.calendar.gov_is_working_day(saturday))
        opened = self.env["resource.calendar.attendance"].sudo(manager).create({
            "name": "Saturday morning", "calendar_id": self.calendar.id, "dayofweek": "5",
            "hour_from": 9.0, "hour_to": 12.0})
        self.assertTrue(self.calendar.gov_is_working_day(saturday))
        # from December only: 28 November is a Saturday off again, 5 December is open
        opened.sudo(manager).write({"date_from": "2026-12-01"})
        self.assertFalse(self.calendar.gov_is_working_day(saturday))
        self.assertTrue(self.calendar.gov_is_working_day(date(2026, 12, 5)))
        opened.sudo(manager).write({"date_from": False, "date_to": "2026-12-01"})
        self.assertTrue(self.calendar.gov_is_working_day(saturday))
        self.assertFalse(self.calendar.gov_is_working_day(date(2026, 12, 5)))
        opened.sudo(manager).unlink()
        self.assertFalse(self.calendar.gov_is_working_day(saturday))

    def test_the_calendar_read_again_is_one_query(self):
        """Every clock reads the calendar: once built, it costs the signature's query alone."""
        self.calendar.gov_is_working_day(date(2026, 11, 25))
        self.calendar.invalidate_cache()
        self.calendar.gov_tz  # pylint: disable=pointless-statement
        before = self.cr.sql_log_count
        self.assertTrue(self.calendar.gov_is_working_day(date(2026, 11, 26)))
        self.assertEqual(self.cr.sql_log_count - before, 1)

    def test_add_working_days_plain_week(self):
        # received Wednesday 25 Nov 2026 10:00 Bangkok; day 1 = Thursday, ends 16:30 = 09:30 UTC
        start = datetime(2026, 11, 25, 3, 0)
        self.assertEqual(self.calendar.gov_add_working_days(start, 1), datetime(2026, 11, 26, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 2), datetime(2026, 11, 27, 9, 30))
        # day 3 skips the weekend
        self.assertEqual(self.calendar.gov_add_working_days(start, 3), datetime(2026, 11, 30, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 0), datetime(2026, 11, 25, 9, 30))

    def test_add_working_days_local_day_not_utc_day(self):
        # 2026-11-25 20:00 UTC is already Thursday 26 Nov 03:00 in Bangkok
        start = datetime(2026, 11, 25, 20, 0)
        self.assertEqual(self.calendar.gov_add_working_days(start, 1), datetime(2026, 11, 27, 9, 30))

    def test_add_working_days_received_on_weekend(self):
        # Saturday 28 Nov: day 0 is Monday, day 1 is Tuesday
        start = datetime(2026, 11, 28, 3, 0)
        self.assertEqual(self.calendar.gov_add_working_days(start, 0), datetime(2026, 11, 30, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 1), datetime(2026, 11, 30, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 2), datetime(2026, 12, 1, 9, 30))

    def test_add_working_days_over_songkran(self):
        # Friday 10 April 2026; Mon-Wed 13-15 April are Songkran holidays
        start = datetime(2026, 4, 10, 2, 0)
        self.assertEqual(self.calendar.gov_add_working_days(start, 1), datetime(2026, 4, 16, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 2), datetime(2026, 4, 17, 9, 30))

    def test_add_working_days_over_year_end(self):
        # Wednesday 30 Dec 2026: 31 Dec and 1 Jan are holidays, then a weekend
        start = datetime(2026, 12, 30, 3, 0)
        self.assertEqual(self.calendar.gov_add_working_days(start, 1), datetime(2027, 1, 4, 9, 30))
        self.assertEqual(self.calendar.gov_add_working_days(start, 15), datetime(2027, 1, 22, 9, 30))

    def test_working_hours(self):
        cal = self.calendar
        # Wednesday 09:00 to 15:00 Bangkok: 3h morning + 2h afternoon (lunch not counted)
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 25, 2, 0), datetime(2026, 11, 25, 8, 0)), 5.0)
        # inside the lunch break
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 25, 5, 10), datetime(2026, 11, 25, 5, 50)), 0.0)
        # full day is 7 hours; Friday 16:00 to Monday 09:00 = 0.5 + 0.5
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 27, 9, 0), datetime(2026, 11, 30, 2, 0)), 1.0)
        # a whole week = 35 hours
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 22, 0, 0), datetime(2026, 11, 29, 0, 0)), 35.0)
        # over the year end: Wed 30 Dec 08:30 to Mon 4 Jan 12:00 = 7 + 3.5
        self.assertEqual(cal.gov_working_hours(datetime(2026, 12, 30, 1, 30), datetime(2027, 1, 4, 5, 0)), 10.5)
        # reversed or equal bounds
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 2, 0)), 0.0)
        self.assertEqual(cal.gov_working_hours(datetime(2026, 11, 25, 2, 0), datetime(2026, 11, 25, 2, 0)), 0.0)

    def test_add_working_hours(self):
        cal = self.calendar
        # Wednesday 11:00 Bangkok + 2h = 1h before lunch, 1h after = 14:00 (07:00 UTC)
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 11, 25, 4, 0), 2), datetime(2026, 11, 25, 7, 0))
        # started during lunch: counts from 13:00
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 11, 25, 5, 30), 0.5), datetime(2026, 11, 25, 6, 30))
        # Friday 16:00 + 1h = Monday 09:00 (02:00 UTC)
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 11, 27, 9, 0), 1), datetime(2026, 11, 30, 2, 0))
        # exactly the rest of the day ends at 16:30 that day
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 11, 25, 1, 30), 7), datetime(2026, 11, 25, 9, 30))
        # over the year end: Wed 30 Dec 16:00 + 1h -> Mon 4 Jan 09:00
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 12, 30, 9, 0), 1), datetime(2027, 1, 4, 2, 0))
        self.assertEqual(cal.gov_add_working_hours(datetime(2026, 12, 30, 9, 0), 0), datetime(2026, 12, 30, 9, 0))

    def test_hours_and_add_hours_agree(self):
        cal = self.calendar
        start = datetime(2026, 4, 10, 2, 17)
        end = cal.gov_add_working_hours(start, 20.25)
        self.assertEqual(cal.gov_working_hours(start, end), 20.25)

    def test_new_holiday_counts_at_once(self):
        cal = self.calendar
        start = datetime(2026, 11, 25, 3, 0)
        self.assertEqual(cal.gov_add_working_days(start, 1), datetime(2026, 11, 26, 9, 30))
        leave = self.env["resource.calendar.leaves"].create({
            "name": "Special holiday", "calendar_id": cal.id,
            "date_from": "2026-11-25 17:00:00", "date_to": "2026-11-26 16:59:59"})
        self.assertFalse(cal.gov_is_working_day(date(2026, 11, 26)))
        self.assertEqual(cal.gov_add_working_days(start, 1), datetime(2026, 11, 27, 9, 30))
        leave.unlink()
        self.assertEqual(cal.gov_add_working_days(start, 1), datetime(2026, 11, 26, 9, 30))

    def test_leave_of_one_resource_is_not_a_holiday(self):
        resource = self.env["resource.resource"].create({"name": "Officer", "calendar_id": self.calendar.id})
        self.env["resource.calendar.leaves"].create({
            "name": "Sick leave", "calendar_id": self.calendar.id, "resource_id": resource.id,
            "date_from": "2026-11-25 17:00:00", "date_to": "2026-11-26 16:59:59"})
        self.assertTrue(self.calendar.gov_is_working_day(date(2026, 11, 26)))
