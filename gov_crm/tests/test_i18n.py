from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase


class TestThaiTranslation(SavepointCase):

    def test_labels_menus_and_messages_in_thai(self):
        if not self.env["res.lang"].search([("code", "=", "th_TH")]):
            self.skipTest("Thai is not installed in this database")
        th = self.env(context={"lang": "th_TH"})
        fields = th["res.partner"].fields_get(["national_id", "gov_party_type"])
        self.assertEqual(fields["national_id"]["string"], "เลขประจำตัวประชาชน / เลขทะเบียนนิติบุคคล")
        self.assertIn(("citizen", "G2C ประชาชน"), fields["gov_party_type"]["selection"])
        self.assertEqual(th.ref("gov_crm.menu_gov_root").name, "บริการภาครัฐ")
        self.assertEqual(th.ref("gov_crm.gov_consent_action").name, "ฐานทางกฎหมาย (PDPA)")
        person = th["res.partner"].create({"name": "Thai UI", "gov_party_type": "citizen"})
        self.assertEqual(person.gov_check_contact("news"),
                         (False, "ไม่มีฐานทางกฎหมายที่บันทึกไว้สำหรับข่าวสารและประกาศ"))

    def test_a_refusal_speaks_the_users_language_only(self):
        """A message is written once in English and translated: a Thai user reads it in Thai
        alone, an English user in English alone."""
        if not self.env["res.lang"].search([("code", "=", "th_TH")]):
            self.skipTest("Thai is not installed in this database")
        first = self.env["res.partner"].create(
            {"name": "First Holder", "gov_party_type": "citizen", "national_id": "1101700230708"})
        for lang, expected in [
                ("th_TH", "เลข 1-1017-00230-70-8 ลงทะเบียนไว้แล้วเป็นของ First Holder (ระเบียน %d)"),
                ("en_US", "The ID 1-1017-00230-70-8 is already registered to First Holder (record %d).")]:
            with self.assertRaises(ValidationError) as refused:
                self.env["res.partner"].with_context(lang=lang).create(
                    {"name": "Second", "gov_party_type": "citizen", "national_id": "1-1017-00230-70-8"})
            self.assertEqual(refused.exception.name, expected % first.id)
