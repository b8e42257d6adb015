import datetime
from unittest import TestCase

import pytz

from ..tools.fiscal import day_bounds_utc, fiscal_year, fiscal_year_bounds, local_day

BANGKOK = pytz.timezone("Asia/Bangkok")


class TestFiscalYear(TestCase):

    def test_fiscal_year_starts_on_1_october(self):
        self.assertEqual(fiscal_year(datetime.date(2026, 9, 30)), 2569)
        self.assertEqual(fiscal_year(datetime.date(2026, 10, 1)), 2570)
        self.assertEqual(fiscal_year(datetime.date(2027, 1, 1)), 2570)
        self.assertEqual(fiscal_year_bounds(2570), (datetime.date(2026, 10, 1), datetime.date(2027, 9, 30)))

    def test_local_day(self):
        self.assertEqual(local_day("2026-09-30 16:59:59", BANGKOK), datetime.date(2026, 9, 30))
        self.assertEqual(local_day("2026-09-30 17:00:00", BANGKOK), datetime.date(2026, 10, 1))
        self.assertEqual(day_bounds_utc(datetime.date(2026, 10, 1), BANGKOK),
                         ("2026-09-30 17:00:00", "2026-10-01 17:00:00"))
