"""Small cells: what is withheld from the published figures, in one place.

A count from 1 to 4 is published as "<5"; a rate, a mean or a median computed over fewer
than 5 requests or ratings is published as "<5" too (its value would tell about those few
people). Zero is published: it tells about no one. ``None`` means "nothing to compute"
(no finished request in the month): an empty cell in CSV, null in JSON.
"""
import datetime

from odoo.addons.gov_crm.lib.be_date import be_year, month_label as be_month_label

SMALL = 5
SUPPRESSED = "<5"


def count(value):
    if value is None:
        return None
    return SUPPRESSED if 0 < value < SMALL else value


def ratio(numerator, denominator, scale=100.0, digits=1):
    if not denominator:
        return None
    if denominator < SMALL:
        return SUPPRESSED
    return round(scale * numerator / denominator, digits)


def measure(value, population, digits):
    if not population or value is None:
        return None
    if population < SMALL:
        return SUPPRESSED
    return round(value, digits)


def month_be(month):
    """'2026-11' -> '2569-11'."""
    year, number = month.split("-")
    return "%d-%s" % (be_year(int(year)), number)


def month_label(month, lang):
    """'2026-11' -> 'พ.ย. 2569' (Thai) or 'Nov 2569' (English): Buddhist-era years on both."""
    return be_month_label(month, lang)


def valid_month(month):
    """True for a 'YYYY-MM' string of a real month."""
    if not isinstance(month, str) or len(month) != 7:
        return False
    try:
        datetime.datetime.strptime(month, "%Y-%m")
    except ValueError:
        return False
    return True
