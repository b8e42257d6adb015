from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

VALID_PIN = "1101700230708"
VALID_PIN_2 = "3100600445635"
VALID_MOA = "0994000165668"


class TestIdentifier(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]

    def _citizen(self, national_id, **extra):
        return self.Partner.create(dict({"name": "Test Person", "gov_party_type": "citizen",
                                         "national_id": national_id}, **extra))

    def test_valid_digits_stored(self):
        self.assertEqual(self._citizen(VALID_PIN).national_id, VALID_PIN)

    def test_formatted_with_dashes(self):
        self.assertEqual(self._citizen("1-1017-00230-70-8").national_id, VALID_PIN)

    def test_formatted_with_spaces(self):
        self.assertEqual(self._citizen(" 1 1017 00230 70 8 ").national_id, VALID_PIN)

    def test_business_juristic_id(self):
        business = self.Partner.create({"name": "Co", "gov_party_type": "business",
                                        "national_id": "0-9940-00165-66-8"})
        self.assertEqual(business.national_id, VALID_MOA)

    def test_wrong_check_digit_on_create(self):
        with self.assertRaises(ValidationError) as ctx:
            self._citizen("1101700230709")
        self.assertEqual(ctx.exception.name,
                         "The check digit (the last digit) of the national ID 1101700230709 is wrong: "
                         "a digit was probably mistyped.")

    def test_too_short(self):
        with self.assertRaises(ValidationError) as ctx:
            self._citizen("110170023070")
        self.assertEqual(ctx.exception.name, "The national ID must have 13 digits; 110170023070 has 12.")
        # a Thai user reads it in Thai alone
        if self.env["res.lang"].search([("code", "=", "th_TH")]):
            with self.assertRaises(ValidationError) as ctx:
                self.Partner.with_context(lang="th_TH").create(
                    {"name": "Test Person", "gov_party_type": "citizen", "national_id": "110170023071"})
            self.assertEqual(ctx.exception.name, "เลขประจำตัวประชาชนต้องมี 13 หลัก แต่ 110170023071 มี 12 หลัก")

    def test_too_long(self):
        with self.assertRaises(ValidationError) as ctx:
            self._citizen("1-1017-00230-70-81")
        self.assertIn("must have 13 digits; 11017002307081 has 14.", ctx.exception.name)

    def test_letters_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self._citizen("1101700A30708")
        self.assertIn("may contain only digits, spaces and dashes", ctx.exception.name)

    def test_citizen_cannot_start_with_zero(self):
        with self.assertRaises(ValidationError) as ctx:
            self._citizen(VALID_MOA)
        self.assertIn("A national ID cannot start with 0 or 9; 0994000165668 does.", ctx.exception.name)

    def test_business_must_start_with_zero(self):
        with self.assertRaises(ValidationError) as ctx:
            self.Partner.create({"name": "Co", "gov_party_type": "business", "national_id": VALID_PIN})
        self.assertIn("A juristic ID starts with 0; 1101700230708 does not.", ctx.exception.name)

    def test_business_wrong_check_digit(self):
        with self.assertRaises(ValidationError) as ctx:
            self.Partner.create({"name": "Co", "gov_party_type": "business", "national_id": "0994000165669"})
        self.assertIn("check digit (the last digit) of the juristic ID 0994000165669 is wrong",
                      ctx.exception.name)

    def test_wrong_check_digit_on_write(self):
        person = self._citizen(VALID_PIN)
        with self.assertRaises(ValidationError) as ctx:
            person.write({"national_id": "3100600445636"})
        self.assertIn("check digit", ctx.exception.name)

    def test_formatted_on_write(self):
        person = self._citizen(VALID_PIN)
        person.write({"national_id": "3 1006 00445 63 5"})
        self.assertEqual(person.national_id, VALID_PIN_2)

    def test_changing_party_type_revalidates(self):
        person = self._citizen(VALID_PIN)
        with self.assertRaises(ValidationError):
            person.gov_party_type = "business"

    def test_empty_is_allowed_and_stored_null(self):
        person = self._citizen("")
        self.assertFalse(person.national_id)
        self.assertFalse(self._citizen(False).national_id)

    def test_unique_names_existing_record(self):
        first = self._citizen(VALID_PIN, name="First Holder")
        with self.assertRaises(ValidationError) as ctx:
            self._citizen("1-1017-00230-70-8", name="Second")
        self.assertEqual(ctx.exception.name,
                         "The ID 1-1017-00230-70-8 is already registered to First Holder (record %s)."
                         % first.id)

    def test_unique_on_write_and_archived(self):
        first = self._citizen(VALID_PIN, name="Archived Holder")
        first.active = False
        other = self._citizen(VALID_PIN_2)
        with self.assertRaises(ValidationError) as ctx:
            other.write({"national_id": VALID_PIN})
        self.assertIn("already registered to Archived Holder", ctx.exception.name)

    def test_import_valid_and_invalid(self):
        result = self.Partner.load(["name", "gov_party_type", "national_id"], [
            ["Imported One", "citizen", "1-1017-00230-70-8"],
        ])
        self.assertFalse(result["messages"])
        self.assertEqual(self.Partner.browse(result["ids"]).national_id, VALID_PIN)
        result = self.Partner.load(["name", "gov_party_type", "national_id"], [
            ["Imported Two", "citizen", "3100600445636"],
        ])
        self.assertFalse(result["ids"])
        self.assertIn("check digit", result["messages"][0]["message"])

    def test_import_duplicate_refused(self):
        self._citizen(VALID_PIN, name="Already There")
        result = self.Partner.load(["name", "gov_party_type", "national_id"], [
            ["Imported Dup", "citizen", VALID_PIN]])
        self.assertFalse(result["ids"])
        self.assertIn("already registered to Already There", result["messages"][0]["message"])

    def test_search_formatted_or_not(self):
        person = self._citizen(VALID_PIN, phone="081-234-0000")
        self.assertEqual(self.Partner.search([("national_id", "=", "1-1017-00230-70-8")]), person)
        self.assertEqual(self.Partner.search([("national_id", "=", VALID_PIN)]), person)
        self.assertEqual(self.Partner.search([("national_id", "ilike", "00230-70")]), person)

    def test_empty_x2many_in_reads_the_recipients_not_the_registry(self):
        person = self._citizen(VALID_PIN, phone="081-234-0000")
        person.email = "person@example.co.th"
        domain = ["|", ("id", "in", person.ids), ("channel_ids", "in", []), ("email", "!=", "x@example.com")]
        query = self.Partner._where_calc(self.Partner._gov_normalise_domain(domain))
        self.assertNotIn("mail_channel_partner", query.get_sql()[1])
        self.assertEqual(self.Partner.search(domain), person)
        self.assertFalse(self.Partner.search([("channel_ids", "in", [])]))

    def test_name_search_by_id_phone_and_name(self):
        person = self._citizen(VALID_PIN, name="นายทดสอบ ค้นหาได้", phone="081-234-0000")
        self.assertEqual(self.Partner.name_search("1-1017-00230-70-8")[0][0], person.id)
        self.assertEqual(self.Partner.name_search(VALID_PIN)[0][0], person.id)
        self.assertEqual(self.Partner.name_search("0812340000")[0][0], person.id)
        self.assertEqual(self.Partner.name_search("081 234 0000")[0][0], person.id)
        self.assertIn(person.id, [r[0] for r in self.Partner.name_search("ค้นหาได้")])

    def test_display_formatted(self):
        person = self._citizen(VALID_PIN)
        self.assertEqual(person.national_id_display, "1-1017-00230-70-8")

    def test_demo_ids_valid(self):
        demo = self.env.ref("gov_crm.partner_citizen_01_demo")
        self.assertEqual(demo.national_id, "3185102586282")
