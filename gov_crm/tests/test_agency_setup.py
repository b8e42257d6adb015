"""The agency's own name, seal, address and public web address, set up by the service manager."""
import base64
import os

from odoo.exceptions import AccessError, ValidationError

from .common import GovCase

SEAL = os.path.join(os.path.dirname(__file__), "..", "demo", "img", "agency_seal_demo.png")


class TestAgencySetup(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.new_user("agency_manager", "gov_crm.group_gov_service_manager")
        cls.supervisor = cls.new_user("agency_supervisor", "gov_crm.group_gov_supervisor")
        cls.front_desk = cls.new_user("agency_fd", "gov_crm.group_gov_front_desk")
        cls.company = cls.env.user.company_id
        cls.company.partner_id.state_id = False
        with open(SEAL, "rb") as handle:
            cls.seal = base64.b64encode(handle.read())

    def settings(self, user, **values):
        return self.env["res.config.settings"].sudo(user).create(values)

    def test_service_manager_sets_up_the_agency(self):
        settings = self.settings(self.manager)
        # the screen opens with the agency's values
        self.assertEqual(settings.gov_agency_name, self.company.name)
        settings.write({
            "gov_agency_name": "เทศบาลตำบลทดสอบ", "gov_agency_street": "1 ถนนทดสอบ", "gov_agency_street2": "ตำบลทดสอบ",
            "gov_agency_city": "อำเภอเมือง",
            "gov_agency_zip": "10200", "gov_agency_phone": "02 123 4567",
            "gov_public_url": "https://www.test-agency.example/", "gov_agency_logo": self.seal})
        self.assertEqual(settings.execute(), {"type": "ir.actions.client", "tag": "reload"})
        self.assertEqual((self.company.name, self.company.street, self.company.phone, self.company.gov_public_url),
                         ("เทศบาลตำบลทดสอบ", "1 ถนนทดสอบ", "02 123 4567", "https://www.test-agency.example"))
        agency = self.env["res.company"].sudo(self.front_desk).gov_agency()
        self.assertEqual(agency["name"], "เทศบาลตำบลทดสอบ")
        self.assertEqual(agency["address_text"], "1 ถนนทดสอบ, ตำบลทดสอบ, อำเภอเมือง 10200")
        self.assertEqual(agency["url"], "https://www.test-agency.example")
        self.assertTrue(agency["logo"])
        self.assertEqual(self.env["res.company"]._gov_setup_problems(), [])

    def test_others_are_refused(self):
        for user in (self.supervisor, self.front_desk):
            # the settings' screen does not even open for them
            with self.assertRaises(AccessError):
                self.settings(user, gov_agency_name="Not mine")
            settings = self.env["res.config.settings"].create({"gov_agency_name": "Not mine"}).sudo(user)
            with self.assertRaises(AccessError):
                settings.execute()
            with self.assertRaises(AccessError):
                settings.action_gov_office_hours()
        self.assertNotEqual(self.company.name, "Not mine")

    def test_the_service_manager_saves_nothing_else(self):
        Settings = self.env["res.config.settings"].sudo(self.manager)
        # the other modules' settings are not even read for them
        values = Settings.default_get(list(Settings._fields))
        self.assertIn("gov_agency_name", values)
        self.assertFalse({name for name in values if name != "company_id" and not name.startswith((
            "gov_agency_", "gov_holiday", "gov_office", "gov_setup", "gov_public"))})
        with self.assertRaises(AccessError) as error:
            Settings.create({}).set_values()
        self.assertEqual(error.exception.name, "Only administrators can change the settings.")

    def test_the_public_address_is_a_web_address(self):
        settings = self.settings(self.manager, gov_public_url="www.example.go.th")
        with self.assertRaises(ValidationError) as error:
            settings.execute()
        self.assertEqual(error.exception.name, "The public web address www.example.go.th is not a web address "
                                               "starting with https:// (or http://).")

    def test_placeholders_never_reach_a_citizen(self):
        placeholder = base64.b64encode(self.env["res.company"]._gov_placeholder_logo())
        self.company.write({"name": "YourCompany", "logo": placeholder, "gov_public_url": False, "phone": False,
                            "email": "info@yourcompany.com",
                            "street": False, "street2": False, "city": False, "zip": False, "state_id": False})
        self.env["ir.config_parameter"].set_param("web.base.url", "http://localhost:8181")
        agency = self.env["res.company"].sudo(self.front_desk).gov_agency()
        self.assertEqual((agency["name"], agency["logo"], agency["address"], agency["email"]), ("", "", [], ""))
        self.assertEqual(agency["url"], "http://localhost:8181")
        self.assertEqual(self.env["res.company"].sudo(self.manager)._gov_setup_problems(), [
            "the agency's name (it is still Odoo's placeholder)", "the agency's seal or logo",
            "the agency's address", "the agency's telephone number",
            "the agency's e-mail address (the sender of the e-mails to applicants)",
            "the public web address printed on receipts and notices"])

    def test_office_hours_on_the_screen(self):
        settings = self.settings(self.manager)
        self.assertEqual(settings.gov_office_hours.splitlines()[:2], ["Monday 08:30-12:00", "Monday 13:00-16:30"])
        action = settings.action_gov_office_hours()
        self.assertEqual((action["res_model"], action["res_id"]),
                         ("resource.calendar", self.env.ref("gov_crm.calendar_gov_office").id))
        # the service manager changes the office hours themselves
        attendance = self.env.ref("gov_crm.calendar_gov_office").attendance_ids[:1]
        attendance.sudo(self.manager).write({"hour_to": 12.5})
        self.assertEqual(attendance.hour_to, 12.5)
        with self.assertRaises(AccessError):
            attendance.sudo(self.supervisor).write({"hour_to": 12.0})
