"""The dashboard tells the service manager what the agency has not set up, and when the public
holidays of the office calendar run out."""
import base64
import datetime
import os
from unittest.mock import patch

from odoo.modules.module import get_module_path

from odoo.addons.gov_crm.tests.common import GovCase


class TestKpiSetupWarnings(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.new_user("kpi_setup_manager", "gov_crm.group_gov_service_manager")
        cls.supervisor = cls.new_user("kpi_setup_supervisor", "gov_crm.group_gov_supervisor")
        cls.company = cls.env.user.company_id
        cls.Calendar = cls.env["resource.calendar"]
        cls.Calendar.gov_load_holidays()
        with open(os.path.join(get_module_path("gov_crm"), "demo", "img", "agency_seal_demo.png"), "rb") as handle:
            cls.company.write({"logo": base64.b64encode(handle.read()), "street": "1 ถนนทดสอบ",
                               "phone": "02 000 0000"})

    def open_dashboard(self, user, today=datetime.date(2027, 1, 4)):
        with patch.object(type(self.Calendar), "_gov_today", lambda self: today):
            action = self.env["gov.kpi.dashboard"].sudo(user).action_open_dashboard()
        return self.env["gov.kpi.dashboard"].sudo(user).browse(action["res_id"])

    def test_agency_not_set_up(self):
        self.company.write({"name": "YourCompany", "gov_public_url": False})
        dashboard = self.open_dashboard(self.manager)
        self.assertEqual(dashboard.setup_warning, (
            "The agency is not set up: citizens' receipts and notices lack the agency's name (it is still "
            "Odoo's placeholder); the public web address printed on receipts and notices. Set it up in "
            "Configuration > Agency set-up."))
        # the supervisor cannot set it up: the warning is the service manager's
        self.assertFalse(self.open_dashboard(self.supervisor).setup_warning)

    def test_agency_set_up(self):
        self.company.write({"name": "เทศบาลตำบลแดชบอร์ด", "gov_public_url": "https://dashboard.example"})
        dashboard = self.open_dashboard(self.manager)
        self.assertFalse(dashboard.setup_warning)
        self.assertFalse(dashboard.holiday_warning)

    def test_holidays_run_out(self):
        until = self.Calendar.gov_holidays_until()
        dashboard = self.open_dashboard(self.manager, today=until - datetime.timedelta(days=100))
        self.assertEqual(dashboard.holiday_warning, (
            "The office calendar knows the public holidays only until %s (100 days ahead): after it every "
            "deadline counts holidays as working days. Load the next year's holidays "
            "(Configuration > Agency set-up)." % until))
        self.assertFalse(self.open_dashboard(self.supervisor, today=until - datetime.timedelta(days=100))
                         .holiday_warning)
