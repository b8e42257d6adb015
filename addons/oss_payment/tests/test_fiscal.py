import datetime
from unittest import TestCase

import pytz

from ..tools.fiscal import day_bounds_utc, local_day

BANGKOK = pytz.timezone("Asia/Bangkok")


class TestLocalDay(TestCase):

    def test_local_day(self):
        self.assertEqual(local_day("2026-09-30 16:59:59", BANGKOK), datetime.date(2026, 9, 30))
        self.assertEqual(local_day("2026-09-30 17:00:00", BANGKOK), datetime.date(2026, 10, 1))
        self.assertEqual(day_bounds_utc(datetime.date(2026, 10, 1), BANGKOK),
                         ("2026-09-30 17:00:00", "2026-10-01 17:00:00"))
