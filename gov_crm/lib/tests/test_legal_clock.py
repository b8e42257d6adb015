"""s.8: the missing-documents deadline and abandonment; s.10: a delay notice every seven days."""
import datetime

from conftest import utc

from lib import legal_clock


def test_expected_date_counts_working_days_from_completion(office):
    assert legal_clock.expected_date(office, utc("2026-04-10 10:00"), 1) == utc("2026-04-16 16:30")


def test_missing_documents_deadline_and_abandonment(office):
    deadline = legal_clock.docs_deadline(office, utc("2026-04-10 10:00"), 3)
    assert deadline == datetime.date(2026, 4, 20)
    assert not legal_clock.is_abandoned(datetime.date(2026, 4, 20), deadline)
    assert legal_clock.is_abandoned(datetime.date(2026, 4, 21), deadline)
    assert not legal_clock.is_abandoned(datetime.date(2026, 4, 21), None)


def test_delay_notice_on_the_first_late_day_then_every_seven_days(office):
    expected = utc("2026-04-16 16:30")
    assert legal_clock.late_before(office, datetime.date(2026, 4, 17)) == utc("2026-04-17 00:00")
    assert not legal_clock.delay_notice_due(office, datetime.date(2026, 4, 16), expected)
    assert legal_clock.delay_notice_due(office, datetime.date(2026, 4, 17), expected)
    noticed = datetime.date(2026, 4, 17)
    for day in range(18, 24):
        assert not legal_clock.delay_notice_due(office, datetime.date(2026, 4, day), expected, noticed)
    assert legal_clock.delay_notice_due(office, datetime.date(2026, 4, 24), expected, noticed)
    assert legal_clock.last_notice_allowed(datetime.date(2026, 4, 24)) == noticed
    assert legal_clock.delay_notice_dates(office, expected, datetime.date(2026, 5, 8)) == [
        datetime.date(2026, 4, 17), datetime.date(2026, 4, 24), datetime.date(2026, 5, 1), datetime.date(2026, 5, 8)]
    assert not legal_clock.delay_notice_due(office, datetime.date(2026, 4, 24), None)


def test_a_request_expected_at_local_midnight_is_late_the_next_day(office):
    expected = utc("2026-04-17 00:00")
    assert not legal_clock.delay_notice_due(office, datetime.date(2026, 4, 17), expected)
    assert legal_clock.delay_notice_dates(office, expected, datetime.date(2026, 4, 25)) == [
        datetime.date(2026, 4, 18), datetime.date(2026, 4, 25)]
