"""The analysis views count local days in the time zone of the agency's working calendar."""
from odoo.tests.common import SavepointCase

from ..models import kpi_sql as sql


class TestKpiOfficeTz(SavepointCase):

    def local(self, utc):
        self.env.cr.execute("SELECT %s" % sql.local("%s::timestamp"), (utc,))
        return str(self.env.cr.fetchone()[0])

    def test_local_time_follows_the_office_calendar(self):
        self.assertEqual(self.local("2026-11-30 20:00:00"), "2026-12-01 03:00:00")
        self.env.ref("gov_crm.calendar_gov_office").gov_tz = "UTC"
        self.assertEqual(self.local("2026-11-30 20:00:00"), "2026-11-30 20:00:00")
