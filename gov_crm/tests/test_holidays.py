"""Public holidays that last: the maintained list, loading it, importing a file, the warning."""
import base64
import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import GovCase


class TestHolidays(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.new_user("holiday_manager", "gov_crm.group_gov_service_manager")
        cls.officer = cls.new_user("holiday_officer", "gov_crm.group_gov_officer")
        cls.calendar = cls.env.ref("gov_crm.calendar_gov_office")
        cls.Calendar = cls.env["resource.calendar"]

    def leaves(self, year):
        """The generic leaves of the office calendar starting in a local year (Bangkok, UTC+7)."""
        return self.env["resource.calendar.leaves"].search([
            ("calendar_id", "=", self.calendar.id), ("resource_id", "=", False),
            ("date_from", ">=", "%s-12-31 17:00:00" % (year - 1)), ("date_from", "<", "%s-12-31 17:00:00" % year)])

    def today(self, day):
        return patch.object(type(self.Calendar), "_gov_today", lambda self: day)

    def test_loading_a_year_twice_creates_nothing_twice(self):
        Calendar = self.Calendar.sudo(self.manager)
        Calendar.gov_load_holidays()
        self.leaves(2028).unlink()
        self.assertEqual(Calendar.gov_load_holidays(2028), 17)
        self.assertEqual(Calendar.gov_load_holidays(2028), 0)
        leaves = self.leaves(2028)
        self.assertEqual(len(leaves), 17)
        chakri = leaves.filtered(lambda leave: leave.name == "วันจักรี (Chakri Memorial Day)")
        self.assertEqual((chakri.date_from, chakri.date_to), ("2028-04-05 17:00:00", "2028-04-06 16:59:59"))
        self.assertFalse(self.calendar.gov_is_working_day(datetime.date(2028, 4, 6)))
        self.assertTrue(self.calendar.gov_is_working_day(datetime.date(2028, 4, 7)))
        # the whole list once more: every day is there already
        self.assertEqual(Calendar.gov_load_holidays(), 0)

    def test_a_year_not_in_the_list(self):
        with self.assertRaises(UserError) as error:
            self.Calendar.sudo(self.manager).gov_load_holidays(2040)
        self.assertEqual(error.exception.name, "The holiday file has no holiday in 2040: add the year's holidays "
                                               "to gov_crm/data/holidays/th_public_holidays.csv first.")

    def test_only_the_service_manager_changes_the_holidays(self):
        with self.assertRaises(AccessError):
            self.Calendar.sudo(self.officer).gov_load_holidays(2028)
        with self.assertRaises(AccessError):
            self.Calendar.sudo(self.officer).gov_import_holidays(b"date,name_th,name_en,source\n")

    def test_import_a_file_from_the_settings(self):
        self.leaves(2030).unlink()
        content = ("date,name_th,name_en,source\n"
                   "2030-04-08,ชดเชยวันจักรี,Chakri Memorial Day (substitute),cabinet-2573\n"
                   "2030-05-06,ชดเชยวันฉัตรมงคล,Coronation Day (substitute),cabinet-2573\n").encode()
        settings = self.env["res.config.settings"].sudo(self.manager).create({
            "gov_holiday_file": base64.b64encode(content), "gov_holiday_filename": "2573.csv"})
        action = settings.action_gov_import_holidays()
        self.assertEqual(action["context"], {"gov_holidays_added": 2})
        self.assertEqual(sorted(self.leaves(2030).mapped("name")),
                         ["ชดเชยวันจักรี (Chakri Memorial Day (substitute))",
                          "ชดเชยวันฉัตรมงคล (Coronation Day (substitute))"])
        self.assertEqual(self.Calendar.gov_holidays_until(), datetime.date(2030, 5, 6))
        self.assertEqual(settings.sudo(self.manager).action_gov_import_holidays()["context"],
                         {"gov_holidays_added": 0})

    def test_a_bad_row_names_its_line(self):
        content = ("# the holidays of 2030\n"
                   "date,name_th,name_en,source\n"
                   "2030-04-08,ชดเชยวันจักรี,Chakri Memorial Day (substitute),cabinet-2573\n"
                   "2030-02-30,วันมาฆบูชา,Makha Bucha Day,cabinet-2573\n").encode()
        with self.assertRaises(UserError) as error:
            self.Calendar.sudo(self.manager).gov_import_holidays(content)
        self.assertEqual(error.exception.name,
                         "Line 4: the date 2030-02-30 is not a date written YYYY-MM-DD (Common Era).")
        self.assertFalse(self.leaves(2030).filtered(lambda leave: leave.name.startswith("ชดเชยวันจักรี")))
        with self.assertRaises(UserError) as error:
            self.Calendar.sudo(self.manager).gov_import_holidays("date;name\n".encode("utf-16"))
        self.assertEqual(error.exception.name, "The holiday file must be a CSV file saved as UTF-8.")

    def test_warning_when_the_calendar_ends_soon(self):
        self.leaves(2029).unlink()
        self.Calendar.gov_load_holidays(2028)
        self.assertEqual(self.Calendar.gov_holidays_until(), datetime.date(2028, 12, 11))
        with self.today(datetime.date(2028, 6, 1)):  # 193 days ahead
            self.assertEqual(self.Calendar.sudo(self.manager).gov_holiday_warning(), "")
            self.assertFalse(self.Calendar._gov_cron_holiday_warning())
        with self.today(datetime.date(2028, 7, 2)):  # 162 days ahead
            self.assertEqual(
                self.Calendar.sudo(self.manager).gov_holiday_warning(),
                "The office calendar knows the public holidays only until 2028-12-11 (162 days ahead): after it "
                "every deadline counts holidays as working days. Load the next year's holidays "
                "(Configuration > Agency set-up).")
            message = self.Calendar._gov_cron_holiday_warning()
        self.assertIn(self.manager.partner_id, message.needaction_partner_ids)
        self.assertNotIn(self.officer.partner_id, message.needaction_partner_ids)
        self.assertEqual(message.subject, "Public holidays run out soon")

    def test_the_maintained_list_reaches_two_years_ahead(self):
        until = self.Calendar.gov_holidays_until()
        self.assertGreaterEqual(until, datetime.date(2028, 12, 11))

    def test_load_a_year_from_the_settings(self):
        self.Calendar.gov_load_holidays()
        self.leaves(2028).unlink()
        Settings = self.env["res.config.settings"].sudo(self.manager)
        # the list ends on 2 January 2029: 2029 is the year to complete
        self.assertEqual(Settings.create({}).gov_holiday_year, "2029")
        action = Settings.create({"gov_holiday_year": "2028"}).action_gov_load_holiday_year()
        self.assertEqual(action["context"], {"gov_holidays_added": 17})
        with self.assertRaises(UserError) as error:
            Settings.create({"gov_holiday_year": "28"}).action_gov_load_holiday_year()
        self.assertEqual(error.exception.name, "Give the year to load, e.g. 2028.")
