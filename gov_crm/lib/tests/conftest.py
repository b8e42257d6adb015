"""The package's tests run with plain pytest and no Odoo: ``lib`` is imported from gov_crm/
on its own (importing ``gov_crm`` itself would load the addon and Odoo)."""
import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from lib.working_time import WorkingCalendar  # noqa: E402  (after the path is set)

BANGKOK = datetime.timezone(datetime.timedelta(hours=7), "Asia/Bangkok")
# the office hours of gov_crm's calendar: Monday to Friday, 08:30-12:00 and 13:00-16:30
OFFICE_HOURS = [(day, None, None, hour_from, hour_to)
                for day in range(5) for hour_from, hour_to in ((8.5, 12.0), (13.0, 16.5))]
# Thai public holidays of 2026 used in the tests
HOLIDAYS_2026 = [datetime.date(2026, 1, 1), datetime.date(2026, 1, 2), datetime.date(2026, 4, 6),
                 datetime.date(2026, 4, 13), datetime.date(2026, 4, 14), datetime.date(2026, 4, 15),
                 datetime.date(2026, 12, 31)]


def utc(text):
    """'2026-04-10 09:00' or '2026-04-10 09:00:30' (Bangkok) -> the naive UTC instant."""
    local = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M")
    return local - datetime.timedelta(hours=7)


@pytest.fixture
def office():
    return WorkingCalendar(OFFICE_HOURS, HOLIDAYS_2026, BANGKOK)
