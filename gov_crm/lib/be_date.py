"""Buddhist-era dates: the year is the Common Era year + 543 (2026 CE is 2569 B.E.).

Instants are naive UTC (the way Odoo stores them) and are shown as the date of the office
time zone ``tz`` (any ``tzinfo``: pytz, zoneinfo or a fixed offset).
"""
import datetime

BE_OFFSET = 543
THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
THAI_MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
ENGLISH_MONTHS_SHORT = [name[:3] for name in ENGLISH_MONTHS]


def be_year(year_ce):
    """2026 -> 2569."""
    return year_ce + BE_OFFSET


def ce_year(year_be):
    """2569 -> 2026."""
    return year_be - BE_OFFSET


def utc_to_local(utc_naive, tz):
    """Naive UTC datetime -> naive local datetime in ``tz``."""
    return utc_naive.replace(tzinfo=datetime.timezone.utc).astimezone(tz).replace(tzinfo=None)


def local_to_utc(local_naive, tz):
    """Naive local datetime in ``tz`` -> naive UTC datetime."""
    aware = tz.localize(local_naive) if hasattr(tz, "localize") else local_naive.replace(tzinfo=tz)
    return aware.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _moment(value, tz):
    """A date, a naive UTC datetime or their Odoo strings -> (local date or datetime, has_time)."""
    if isinstance(value, str):
        if len(value) > 10:
            value = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
        else:
            value = datetime.datetime.strptime(value, "%Y-%m-%d").date()
    if isinstance(value, datetime.datetime):
        return utc_to_local(value, tz), True
    return value, False


def format_be_date(value, tz, lang="th_TH", with_time=False):
    """'2026-11-25 09:30:00' (UTC) -> '25 พฤศจิกายน 2569' / '25 November 2569 B.E.' (day in ``tz``);
    with ``with_time`` (instants only) ' เวลา 16:30 น.' / ' 16:30' follows. Empty for no value."""
    if not value:
        return ""
    moment, has_time = _moment(value, tz)
    with_time = with_time and has_time
    year = be_year(moment.year)
    if lang == "th_TH":
        text = "%d %s %d" % (moment.day, THAI_MONTHS[moment.month - 1], year)
        return text + (" เวลา %02d:%02d น." % (moment.hour, moment.minute) if with_time else "")
    text = "%d %s %d B.E." % (moment.day, ENGLISH_MONTHS[moment.month - 1], year)
    return text + (" %02d:%02d" % (moment.hour, moment.minute) if with_time else "")


def is_buddhist_era(lang):
    """Thai users count years in the Buddhist era."""
    return bool(lang) and lang.startswith("th")


def be_pattern(pattern, value):
    """The babel/CLDR date pattern ``pattern`` with its year fields replaced by the Buddhist-era
    year of ``value`` as quoted text (``yyyy`` the calendar year, ``YYYY`` the ISO week-year,
    ``yy`` its last two digits); quoted text is left alone: ('MMMM yyyy', 2027-01-01) ->
    "MMMM '2570'"."""
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            quoted = not quoted
            out.append(char)
            i += 1
            continue
        if not quoted and char in "yY":
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            year = value.year if char == "y" else value.isocalendar()[0]
            text = str(be_year(year))
            out.append("'%s'" % (text[-2:] if j - i == 2 else text))
            i = j
            continue
        out.append(char)
        i += 1
    return "".join(out)


def short_be_date(day):
    """date -> '25 พ.ย. 2569'."""
    return "%d %s %d" % (day.day, THAI_MONTHS_SHORT[day.month - 1], be_year(day.year))


def month_label(month, lang="th_TH"):
    """'2026-11' -> 'พ.ย. 2569' (Thai) or 'Nov 2569' (English): Buddhist-era years on both."""
    year, number = (int(part) for part in month.split("-"))
    names = ENGLISH_MONTHS_SHORT if lang == "en_US" else THAI_MONTHS_SHORT
    return "%s %d" % (names[number - 1], be_year(year))


def month_title(month, year_be, lang="th_TH"):
    """(11, 2569) -> 'เดือนพฤศจิกายน 2569' / 'November 2569 B.E. (2026)': a report's period."""
    if lang == "th_TH":
        return "เดือน%s %d" % (THAI_MONTHS[month - 1], year_be)
    return "%s %d B.E. (%d)" % (ENGLISH_MONTHS[month - 1], year_be, ce_year(year_be))


def fiscal_year(day):
    """Buddhist-era fiscal year of a date (1 October to 30 September, named by the year in which
    it ends): 2026-09-30 -> 2569, 2026-10-01 -> 2570."""
    return be_year(day.year + (1 if day.month >= 10 else 0))


def fiscal_year_bounds(year_be):
    """(first day, last day) of a Buddhist-era fiscal year: 2570 -> (2026-10-01, 2027-09-30)."""
    year_ce = ce_year(year_be)
    return datetime.date(year_ce - 1, 10, 1), datetime.date(year_ce, 9, 30)


def format_citizen_date(value, tz, lang="th_TH", with_time=False):
    """What a citizen reads in their own language: Buddhist-era in Thai ('25 พฤศจิกายน 2569 เวลา
    16:30 น.'), Common Era in English ('25 November 2026 16:30'); the day in ``tz``."""
    if lang == "th_TH" or not value:
        return format_be_date(value, tz, lang="th_TH", with_time=with_time)
    moment, has_time = _moment(value, tz)
    text = "%d %s %d" % (moment.day, ENGLISH_MONTHS[moment.month - 1], moment.year)
    return text + (" %02d:%02d" % (moment.hour, moment.minute) if with_time and has_time else "")
