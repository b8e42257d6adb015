"""Public holidays from their maintained source: a CSV file of one working day off a row.

The file (``gov_crm/data/holidays/th_public_holidays.csv``) has the columns ``date`` (ISO,
Common Era), ``name_th``, ``name_en`` and ``source``; lines starting with ``#`` are notes. An
agency may import a file of the same shape. A bad row is refused with its line number, so the
person who edits the file finds it.
"""
import csv
import datetime
import io

COLUMNS = ("date", "name_th", "name_en", "source")
# the office calendar warns when fewer days than this are covered ahead of today
WARNING_DAYS = 180


class Holiday(object):
    """One row of the file."""
    __slots__ = ("day", "name_th", "name_en", "source", "line")

    def __init__(self, day, name_th, name_en, source, line):
        self.day, self.name_th, self.name_en, self.source, self.line = day, name_th, name_en, source, line

    @property
    def name(self):
        """The name of the calendar's leave: 'วันจักรี (Chakri Memorial Day)'."""
        return "%s (%s)" % (self.name_th, self.name_en) if self.name_en else self.name_th


class HolidayFileError(ValueError):
    """A row that cannot be read: ``line`` (1-based line of the file), ``code`` (what is wrong:
    'empty', 'header', 'columns', 'date', 'name', 'source', 'duplicate') and ``value``."""

    def __init__(self, line, code, value=""):
        super(HolidayFileError, self).__init__("line %s: %s %s" % (line, code, value))
        self.line, self.code, self.value = line, code, value


def parse_holidays(text):
    """The text of a holiday file -> list of ``Holiday`` sorted by date; ``HolidayFileError``
    names the first bad line."""
    if text.startswith("\ufeff"):  # a byte-order mark, as spreadsheet programs write
        text = text[1:]
    rows = [(number, line) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise HolidayFileError(1, "empty")
    header_line, header = rows[0]
    if tuple(cell.strip().lower() for cell in next(csv.reader([header]))) != COLUMNS:
        raise HolidayFileError(header_line, "header", header.strip())
    holidays, seen = [], {}
    for number, line in rows[1:]:
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line)))]
        if len(cells) != len(COLUMNS):
            raise HolidayFileError(number, "columns", str(len(cells)))
        raw_date, name_th, name_en, source = cells
        try:
            day = datetime.datetime.strptime(raw_date, "%Y-%m-%d").date()
        except ValueError:
            raise HolidayFileError(number, "date", raw_date)
        if not name_th:
            raise HolidayFileError(number, "name")
        if not source:
            raise HolidayFileError(number, "source")
        if day in seen:
            raise HolidayFileError(number, "duplicate", "%s (line %s)" % (raw_date, seen[day]))
        seen[day] = number
        holidays.append(Holiday(day, name_th, name_en, source, number))
    return sorted(holidays, key=lambda holiday: holiday.day)


def days_covered_ahead(last_holiday, today):
    """Days from ``today`` to the last holiday the calendar knows (negative once past, None
    when it knows none)."""
    if last_holiday is None:
        return None
    return (last_holiday - today).days


def runs_out_soon(last_holiday, today, days=WARNING_DAYS):
    """True when the calendar's holidays end fewer than ``days`` days ahead of ``today``."""
    ahead = days_covered_ahead(last_holiday, today)
    return ahead is None or ahead < days
