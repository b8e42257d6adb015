import datetime
import os

import pytest

from lib.holidays import HolidayFileError, parse_holidays, runs_out_soon

SOURCE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "holidays", "th_public_holidays.csv")
HEADER = "date,name_th,name_en,source\n"


def test_the_maintained_file_reads_and_reaches_the_end_of_2028():
    with open(SOURCE, encoding="utf-8") as handle:
        holidays = parse_holidays(handle.read())
    years = {holiday.day.year for holiday in holidays}
    assert {2026, 2027, 2028} <= years
    assert max(holiday.day for holiday in holidays) >= datetime.date(2028, 12, 11)
    # a working day off only: the office is closed on weekends anyway
    assert all(holiday.day.weekday() < 5 for holiday in holidays)
    assert all(holiday.source for holiday in holidays)


def test_names_and_notes():
    holidays = parse_holidays("\ufeff# a note\n" + HEADER + "2028-04-06,วันจักรี,Chakri Memorial Day,x\n\n")
    assert [(h.day, h.name, h.line) for h in holidays] == [
        (datetime.date(2028, 4, 6), "วันจักรี (Chakri Memorial Day)", 3)]


@pytest.mark.parametrize("body, line, code", [
    ("", 1, "empty"),
    ("day,name\n", 1, "header"),
    (HEADER + "2028-04-06,วันจักรี,Chakri Memorial Day\n", 2, "columns"),
    (HEADER + "2028-04-06,วันจักรี,Chakri,x\n2028-02-30,วันมาฆบูชา,Makha Bucha,x\n", 3, "date"),
    (HEADER + "06/04/2028,วันจักรี,Chakri,x\n", 2, "date"),
    (HEADER + "2028-04-06,,Chakri,x\n", 2, "name"),
    (HEADER + "2028-04-06,วันจักรี,Chakri,\n", 2, "source"),
    (HEADER + "2028-04-06,วันจักรี,Chakri,x\n# note\n2028-04-06,วันจักรี,Chakri,x\n", 4, "duplicate"),
])
def test_a_bad_row_names_its_line(body, line, code):
    with pytest.raises(HolidayFileError) as error:
        parse_holidays(body)
    assert (error.value.line, error.value.code) == (line, code)


def test_runs_out_soon():
    today = datetime.date(2027, 7, 1)
    assert not runs_out_soon(datetime.date(2027, 12, 28), today)     # 180 days: enough
    assert not runs_out_soon(datetime.date(2028, 1, 1), today)
    assert runs_out_soon(datetime.date(2027, 12, 27), today)         # 179 days
    assert runs_out_soon(None, today)
