"""Working days and hours over Thai public holidays, weekends and the lunch break."""
import datetime

import pytest
from conftest import BANGKOK, OFFICE_HOURS, utc

from lib.working_time import NoOfficeHours, WorkingCalendar, holiday_dates


def test_songkran_is_skipped(office):
    # received on Friday 10 April 2026; Monday to Wednesday 13-15 April are Songkran
    start = utc("2026-04-10 10:00")
    assert office.add_working_days(start, 1) == utc("2026-04-16 16:30")
    assert office.add_working_days(start, 3) == utc("2026-04-20 16:30")
    assert office.add_working_days(start, 0) == utc("2026-04-10 16:30")


def test_receipt_on_a_weekend_counts_from_the_next_working_day(office):
    assert office.add_working_days(utc("2026-04-11 10:00"), 0) == utc("2026-04-16 16:30")
    assert office.add_working_days(utc("2026-04-11 10:00"), 1) == utc("2026-04-16 16:30")
    assert office.add_working_days(utc("2026-04-11 10:00"), 2) == utc("2026-04-17 16:30")


def test_over_the_new_year(office):
    # 31 December 2025 is a working day; 1-2 January 2026 are holidays, then a weekend
    assert office.add_working_days(utc("2025-12-30 10:00"), 1) == utc("2025-12-31 16:30")
    assert office.add_working_days(utc("2025-12-30 10:00"), 2) == utc("2026-01-05 16:30")


def test_working_hours(office):
    assert office.working_hours(utc("2026-04-10 10:00"), utc("2026-04-16 10:00")) == 7.0
    assert office.working_hours(utc("2026-04-10 12:15"), utc("2026-04-10 12:45")) == 0.0
    assert office.working_hours(utc("2026-04-16 10:00"), utc("2026-04-10 10:00")) == 0.0
    assert office.working_hours(utc("2026-04-20 08:00"), utc("2026-04-20 18:00")) == 7.0


def test_add_working_hours(office):
    start = utc("2026-04-10 10:00")
    assert office.add_working_hours(start, 7.0) == utc("2026-04-16 10:00")
    assert office.add_working_hours(start, 5.5) == utc("2026-04-10 16:30")
    assert office.add_working_hours(utc("2026-04-20 11:00"), 1.5) == utc("2026-04-20 13:30")
    assert office.add_working_hours(start, 0) == start


def test_working_days_and_holidays_from_leaves():
    # a leave from 13 April 00:00 to 16 April 00:00 (Bangkok) covers 13, 14 and 15 April
    leaves = [(datetime.datetime(2026, 4, 12, 17, 0), datetime.datetime(2026, 4, 15, 17, 0)),
              (datetime.datetime(2026, 5, 3, 17, 0), datetime.datetime(2026, 5, 4, 10, 0))]
    assert holiday_dates(leaves, BANGKOK) == frozenset(
        datetime.date(2026, 4, day) for day in (13, 14, 15)) | {datetime.date(2026, 5, 4)}
    calendar = WorkingCalendar(OFFICE_HOURS, holiday_dates(leaves, BANGKOK), BANGKOK)
    assert not calendar.is_working_day(datetime.date(2026, 4, 13))
    assert not calendar.is_working_day(datetime.date(2026, 4, 18))  # a Saturday
    assert calendar.is_working_day(datetime.date(2026, 4, 16))


def test_attendances_as_odoo_stores_them_with_dates():
    # weekdays as strings, a schedule that only applies from 1 May
    calendar = WorkingCalendar([("0", datetime.date(2026, 5, 1), None, 9.0, 12.0)], (), BANGKOK)
    assert not calendar.is_working_day(datetime.date(2026, 4, 27))
    assert calendar.day_intervals(datetime.date(2026, 5, 4)) == [(9.0, 12.0)]
    assert calendar.add_working_days(utc("2026-04-27 10:00"), 1) == utc("2026-05-04 12:00")


def test_a_calendar_without_office_hours_stops():
    with pytest.raises(NoOfficeHours):
        WorkingCalendar([], (), BANGKOK).add_working_days(utc("2026-04-10 10:00"), 1)
    with pytest.raises(NoOfficeHours):
        WorkingCalendar([], (), BANGKOK).add_working_hours(utc("2026-04-10 10:00"), 1)


def test_office_hours_of_an_average_working_day(office):
    assert office.day_hours() == 7.0
    assert WorkingCalendar([(0, None, None, 8.0, 12.0), (2, None, None, 8.0, 17.0)], (), BANGKOK).day_hours() == 6.5
    assert WorkingCalendar([], (), BANGKOK).day_hours() == 8.0
