"""The Thai government's fiscal year and the office's local day.

A fiscal year runs from 1 October to 30 September and is named by the Buddhist-era year
in which it ends: 1 October 2026 to 30 September 2027 is fiscal year 2570.
"""
import datetime

import pytz

OFFICE_TZ = pytz.timezone("Asia/Bangkok")
BE_OFFSET = 543


def local_moment(utc_string):
    """'YYYY-MM-DD HH:MM:SS' (UTC, as Odoo stores it) -> an aware datetime in Bangkok."""
    moment = datetime.datetime.strptime(utc_string[:19], "%Y-%m-%d %H:%M:%S")
    return pytz.utc.localize(moment).astimezone(OFFICE_TZ)


def local_day(utc_string):
    """The office's calendar day of a UTC moment."""
    return local_moment(utc_string).date()


def fiscal_year(day):
    """Buddhist-era fiscal year of a date: 2026-09-30 -> 2569, 2026-10-01 -> 2570."""
    return day.year + (1 if day.month >= 10 else 0) + BE_OFFSET


def fiscal_year_bounds(year_be):
    """(first day, last day) of a Buddhist-era fiscal year."""
    year_ce = year_be - BE_OFFSET
    return datetime.date(year_ce - 1, 10, 1), datetime.date(year_ce, 9, 30)


def day_bounds_utc(day):
    """The office's local ``day`` as UTC strings [start, end)."""
    start = OFFICE_TZ.localize(datetime.datetime.combine(day, datetime.time()))
    end = OFFICE_TZ.localize(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    return tuple(moment.astimezone(pytz.utc).strftime("%Y-%m-%d %H:%M:%S") for moment in (start, end))
