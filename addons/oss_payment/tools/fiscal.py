"""The office's local day of a stored instant (in the office time zone ``tz``,
``resource.calendar.gov_office_tz()``); the fiscal year is ``gov_crm.lib.be_date.fiscal_year``.
"""
import datetime

import pytz


def local_moment(utc_string, tz):
    """'YYYY-MM-DD HH:MM:SS' (UTC, as Odoo stores it) -> an aware datetime in ``tz``."""
    moment = datetime.datetime.strptime(utc_string[:19], "%Y-%m-%d %H:%M:%S")
    return pytz.utc.localize(moment).astimezone(tz)


def local_day(utc_string, tz):
    """The office's calendar day of a UTC moment."""
    return local_moment(utc_string, tz).date()


def day_bounds_utc(day, tz):
    """The office's local ``day`` as UTC strings [start, end)."""
    start = tz.localize(datetime.datetime.combine(day, datetime.time()))
    end = tz.localize(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    return tuple(moment.astimezone(pytz.utc).strftime("%Y-%m-%d %H:%M:%S") for moment in (start, end))
