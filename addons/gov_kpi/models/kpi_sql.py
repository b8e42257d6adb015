"""SQL fragments shared by the analysis views: local dates, month labels, age bands."""

from odoo.addons.gov_crm.lib.be_date import BE_OFFSET, THAI_MONTHS_SHORT
# the states the figures count, defined with the formulas
from odoo.addons.gov_crm.lib.kpi import (  # noqa: F401 pylint: disable=unused-import
    REQUEST_ABANDONED_STATE, REQUEST_FINISHED_STATES, REQUEST_OPEN_STATES)

AGE_BANDS = [
    ("0_3", "0-3 days"),
    ("4_7", "4-7 days"),
    ("8_15", "8-15 days"),
    ("16_30", "16-30 days"),
    ("31_plus", "More than 30 days"),
]
CASE_OPEN_STATES = ("new", "progress", "waiting")

# the office time zone, that of the agency's working calendar (gov_crm's
# resource.calendar.gov_office_tz), read by each query once (an InitPlan)
OFFICE_TZ = ("(SELECT c.gov_tz FROM resource_calendar c JOIN ir_model_data d ON d.res_id = c.id"
             " WHERE d.module = 'gov_crm' AND d.name = 'calendar_gov_office' AND d.model = 'resource.calendar')")

# constants only (no value from a user reaches these strings)
_MONTHS_ARRAY = "(ARRAY[%s])" % ", ".join("'%s'" % name for name in THAI_MONTHS_SHORT)


def local(column):
    """A naive UTC timestamp column -> the office's local timestamp."""
    return "((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)" % (column, OFFICE_TZ)


def local_now():
    return "(now() AT TIME ZONE %s)" % OFFICE_TZ


def utc_now():
    return "(now() AT TIME ZONE 'UTC')"


def month_ce(column):
    """'2026-11': sorts in time order."""
    return "to_char(%s, 'YYYY-MM')" % local(column)


def month_be(column):
    """'พ.ย. 2569': the Thai short month and the Buddhist-era year."""
    moment = local(column)
    return "(%s[EXTRACT(MONTH FROM %s)::int] || ' ' || (EXTRACT(YEAR FROM %s)::int + %d)::text)" % (
        _MONTHS_ARRAY, moment, moment, BE_OFFSET)


def stored_month(stored, column):
    """The month of ``column`` as ``month_ce`` gives it, read from the column ``stored`` that
    keeps it (gov_kpi's months of oss.request); computed only where that column is empty."""
    return "COALESCE(%s, %s)" % (stored, month_ce(column))


def month_be_of(month):
    """'2026-11' (an SQL expression giving it, as ``month_ce``) -> 'พ.ย. 2569', as ``month_be``
    gives it from the timestamp, with no time-zone conversion."""
    return "(%s[substr(%s, 6, 2)::int] || ' ' || (substr(%s, 1, 4)::int + %d)::text)" % (
        _MONTHS_ARRAY, month, month, BE_OFFSET)


def age_days(column):
    """Calendar days between the local day of ``column`` and today (0 = today)."""
    return "(%s::date - %s::date)" % (local_now(), local(column))


def age_band(days_sql):
    return """CASE WHEN {d} <= 3 THEN '0_3' WHEN {d} <= 7 THEN '4_7' WHEN {d} <= 15 THEN '8_15'
                   WHEN {d} <= 30 THEN '16_30' ELSE '31_plus' END""".format(d=days_sql)


def states(values):
    return "(%s)" % ", ".join("'%s'" % value for value in values)


def rate(condition, among):
    """100 or 0 for the rows ``among``, NULL for the others: the average is the exact rate."""
    return "CASE WHEN %s THEN (CASE WHEN %s THEN 100.0 ELSE 0.0 END) END" % (among, condition)


def flag(condition):
    return "CASE WHEN %s THEN 1 ELSE 0 END" % condition
