"""The Thai government's fiscal year and the office's local day (in the office time zone ``tz``,
``resource.calendar.gov_office_tz()``).

A fiscal year runs from 1 October to 30 September and is named by the Buddhist-era year
in which it ends: 1 October 2026 to 30 September 2027 is fiscal year 2570.
"""
import datetime

import pytz

BE_OFFSET = 543


def local_moment(utc_string, tz):
    """'YYYY-MM-DD HH:MM:SS' (UTC, as Odoo stores it) -> an aware datetime in ``tz``."""
    moment = datetime.datetime.strptime(utc_string[:19], "%Y-%m-%d %H:%M:%S")
    return pytz.utc.localize(moment).astimezone(tz)


def local_day(utc_string, tz):
    """The office's calendar day of a UTC moment."""
    return local_moment(utc_string, tz).date()


def fiscal_year(day):
    """Buddhist-era fiscal year of a date: 2026-09-30 -> 2569, 2026-10-01 -> 2570."""
    return day.year + (1 if day.month >= 10 else 0) + BE_OFFSET


def fiscal_year_bounds(year_be):
    """(first day, last day) of a Buddhist-era fiscal year."""
    year_ce = year_be - BE_OFFSET
    return datetime.date(year_ce - 1, 10, 1), datetime.date(year_ce, 9, 30)


def day_bounds_utc(day, tz):
    """The office's local ``day`` as UTC strings [start, end)."""
    start = tz.localize(datetime.datetime.combine(day, datetime.time()))
    end = tz.localize(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    return tuple(moment.astimezone(pytz.utc).strftime("%Y-%m-%d %H:%M:%S") for moment in (start, end))
