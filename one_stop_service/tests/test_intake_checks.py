"""The intake field takes a valid ID or a Thai phone number, says which, and warns of duplicates."""
from odoo.exceptions import UserError, ValidationError

from .common import OssCase


class TestIntakeChecks(OssCase):

    # pylint: disable-next=method-required-super  # a test helper reading the intake field, not the ORM read
    def read(self, value):
        draft = self.env["oss.request"].sudo(self.front_desk).new({"intake_id": value})
        draft._onchange_intake_id()
        return draft

    def register(self, **vals):
        values = {"service_id": self.service.id, "intake_name": "นายใหม่ ลงทะเบียน"}
        values.update(vals)
        return self.env["oss.request"].sudo(self.front_desk).create(values)

    def count_people(self):
        return self.env["res.partner"].with_context(active_test=False).search_count([])

    def test_recognised_kinds(self):
        self.assertEqual(self.read("0105536092641").intake_found,
                         "Juristic ID 0-1055-36092-64-1: not registered yet. "
                         "Enter the name below to register the person.")
        self.assertEqual(self.read("053 999 876").intake_found,
                         "Landline number 053-999-876: not registered yet. "
                         "Enter the name below to register the person.")
        found = self.read("+66 81 222 3344")
        self.assertEqual(found.partner_id, self.person)
        self.assertEqual(found.intake_found, "Mobile number 081-222-3344: found นายทดสอบ ระบบ.")

    def test_mistyped_id_is_refused_in_the_form(self):
        twelve = self.read("3-1009-00123-45")
        self.assertFalse(twelve.partner_id)
        self.assertFalse(twelve.intake_found)
        self.assertEqual(twelve.intake_error.split("\n")[0],
                         "The national ID must have 13 digits; 310090012345 has 12.")
        # a wrong check digit is said before "not registered yet"
        self.assertTrue(self.read("3100900123456").intake_error.startswith(
            "The check digit (the last digit) of the national ID 3100900123456 is wrong"))
        self.assertTrue(self.read("0105536092640").intake_error.startswith(
            "The check digit (the last digit) of the juristic ID 0105536092640 is wrong"))
        self.assertEqual(self.read("081234567").intake_error,
                         "081234567 is not a Thai phone number: a landline has 9 digits starting with 02 "
                         "to 07, a mobile 10 digits starting with 06, 08 or 09.")
        self.assertEqual(self.read("สมชาย").intake_error,
                         "สมชาย is neither an ID nor a phone number: type the 13 digits of a national or "
                         "juristic ID, or a Thai phone number.")

    def test_mistyped_id_is_refused_when_saving(self):
        before = self.count_people()
        with self.assertRaisesRegex(ValidationError, "must have 13 digits; 310090012345 has 12"):
            self.register(intake_id="310090012345")
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.register(intake_id="3100900123456")
        with self.assertRaisesRegex(ValidationError, "not a Thai phone number"):
            self.register(intake_id="0123456789")
        with self.assertRaisesRegex(ValidationError, "not a Thai phone number"):
            self.register(intake_id="3100900123455", intake_phone="12345")
        # refused even when an applicant was chosen by hand: the clerk clears or corrects the field
        with self.assertRaisesRegex(ValidationError, "must have 13 digits"):
            self.register(intake_id="310090012345", partner_id=self.person.id)
        self.assertEqual(self.count_people(), before)

    def test_registered_with_what_was_recognised(self):
        business = self.register(intake_id="0105536092641", intake_name="บริษัท ทดสอบ จำกัด").partner_id
        self.assertEqual((business.national_id, business.gov_party_type, business.is_company),
                         ("0105536092641", "business", True))
        person = self.register(intake_id="089-555-1234").partner_id
        self.assertEqual((person.national_id, person.phone, person.gov_party_type),
                         (False, "0895551234", "citizen"))
        both = self.register(intake_id="02-555-1234", intake_phone="+66 89 555 9999").partner_id
        self.assertEqual((both.phone, both.mobile), ("0895559999", "025551234"))

    def test_saving_finds_a_registered_person_instead_of_registering_again(self):
        before = self.count_people()
        request = self.register(intake_id="0812223344", intake_name="ชื่อที่พิมพ์ใหม่")
        self.assertEqual(request.partner_id, self.person)
        self.assertEqual(self.count_people(), before)

    def test_no_person_no_request(self):
        with self.assertRaisesRegex(UserError, "Find the applicant by ID or phone"):
            self.env["oss.request"].sudo(self.front_desk).create({"service_id": self.service.id,
                                                                  "intake_id": "0899999999"})

    def test_likely_duplicates_shown_and_picked(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        draft = Request.new({"intake_id": "0899990000", "intake_name": "ทดสอบ ระบบ"})
        draft._onchange_intake_id()
        self.assertFalse(draft.partner_id)
        self.assertIn(self.person, draft.intake_duplicate_ids)
        by_phone = Request.new({"intake_id": "3100900123455", "intake_name": "ชื่ออื่นเลย",
                                "intake_phone": "081 999 8877"})
        self.assertIn(self.person_en, by_phone.intake_duplicate_ids)
        self.assertNotIn(self.person, by_phone.intake_duplicate_ids)
        draft.intake_pick_id = self.person
        draft._onchange_intake_pick_id()
        self.assertEqual(draft.partner_id, self.person)
        self.assertEqual(draft.intake_found, "Chosen among the possible duplicates: นายทดสอบ ระบบ.")
        self.assertFalse(draft.intake_duplicate_ids)
