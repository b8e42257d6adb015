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
