"""Buddhist-era dates around the new year, in the office time zone."""
import datetime

from conftest import BANGKOK

from lib import be_date


def test_years():
    assert be_date.be_year(2026) == 2569
    assert be_date.ce_year(2570) == 2027


def test_new_year_in_bangkok():
    # 31 December 2025 17:00 UTC is already 1 January 2026 (2569) in Bangkok
    assert be_date.format_be_date("2025-12-31 16:59:59", BANGKOK) == "31 ธันวาคม 2568"
    assert be_date.format_be_date("2025-12-31 17:00:00", BANGKOK) == "1 มกราคม 2569"
    assert be_date.format_be_date(datetime.datetime(2025, 12, 31, 17, 0), BANGKOK, "en_US") == "1 January 2569 B.E."


def test_dates_and_times():
    assert be_date.format_be_date("2026-11-25", BANGKOK) == "25 พฤศจิกายน 2569"
    assert be_date.format_be_date(datetime.date(2026, 2, 1), BANGKOK, "en_US") == "1 February 2569 B.E."
    assert be_date.format_be_date("2026-11-25 02:30:00", BANGKOK, with_time=True) == "25 พฤศจิกายน 2569 เวลา 09:30 น."
    assert be_date.format_be_date("2026-11-25 02:30:00", BANGKOK, "en_US", True) == "25 November 2569 B.E. 09:30"
    assert be_date.format_be_date("2026-11-25", BANGKOK, with_time=True) == "25 พฤศจิกายน 2569"
    assert be_date.format_be_date(False, BANGKOK) == ""


def test_short_forms_and_months():
    assert be_date.short_be_date(datetime.date(2026, 11, 25)) == "25 พ.ย. 2569"
    assert be_date.month_label("2026-01") == "ม.ค. 2569"
    assert be_date.month_label("2026-12", "en_US") == "Dec 2569"
    assert be_date.month_title(11, 2569) == "เดือนพฤศจิกายน 2569"
    assert be_date.month_title(1, 2570, "en_US") == "January 2570 B.E. (2027)"


def test_fiscal_year_starts_on_1_october():
    assert be_date.fiscal_year(datetime.date(2026, 9, 30)) == 2569
    assert be_date.fiscal_year(datetime.date(2026, 10, 1)) == 2570
    assert be_date.fiscal_year(datetime.date(2027, 1, 1)) == 2570
    assert be_date.fiscal_year_bounds(2570) == (datetime.date(2026, 10, 1), datetime.date(2027, 9, 30))


def test_utc_round_trip():
    local = datetime.datetime(2026, 4, 10, 16, 30)
    assert be_date.local_to_utc(local, BANGKOK) == datetime.datetime(2026, 4, 10, 9, 30)
    assert be_date.utc_to_local(datetime.datetime(2026, 4, 10, 9, 30), BANGKOK) == local


def test_citizen_dates_by_language():
    assert be_date.format_citizen_date("2026-11-25 09:30:00", BANGKOK, "th_TH", with_time=True) == \
        "25 พฤศจิกายน 2569 เวลา 16:30 น."
    assert be_date.format_citizen_date("2026-11-25 09:30:00", BANGKOK, "en_US", with_time=True) == \
        "25 November 2026 16:30"
    assert be_date.format_citizen_date("2026-12-31 18:00:00", BANGKOK, "en_US") == "1 January 2027"
    assert be_date.format_citizen_date("1980-02-29", BANGKOK, "th_TH") == "29 กุมภาพันธ์ 2523"
    assert be_date.format_citizen_date(False, BANGKOK, "en_US") == ""


def test_buddhist_era_languages():
    assert be_date.is_buddhist_era("th_TH")
    assert not be_date.is_buddhist_era("en_US")
    assert not be_date.is_buddhist_era(None)


def test_pattern_years_in_buddhist_era():
    day = datetime.date(2027, 1, 1)  # ISO week 53 of 2026
    assert be_date.be_pattern("MMMM yyyy", day) == "MMMM '2570'"
    assert be_date.be_pattern("'W'w YYYY", day) == "'W'w '2569'"
    assert be_date.be_pattern("QQQ yy", day) == "QQQ '70'"
    assert be_date.be_pattern("d MMM y", datetime.date(2026, 11, 25)) == "d MMM '2569'"
    # quoted text keeps its letters, even a y
    assert be_date.be_pattern("'year' yyyy", day) == "'year' '2570'"
