"""Search over the letters' text: Thai words inside unspaced Thai text, and English words."""
from .common import SarabanCase


class TestSearch(SarabanCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thai = cls.Letter.sudo(cls.clerk).create({
            "direction": "incoming", "partner_id": cls.agency.id, "subject": "ขอความอนุเคราะห์ข้อมูลทะเบียนราษฎร",
            "body": "เทศบาลขอส่งสำเนาทะเบียนบ้านของผู้ยื่นคำขอ"})
        cls.english = cls.Letter.sudo(cls.clerk).create({
            "direction": "incoming", "partner_id": cls.agency.id, "subject": "Flood relief coordination",
            "body": "The municipality requests the registrations of affected households."})

    def find(self, text, user=None):
        return self.Letter.sudo(user or self.clerk).search([("text_search", "ilike", text)])

    def test_simple_configuration_keeps_unspaced_thai_as_one_token(self):
        self.env.cr.execute("SELECT to_tsvector('simple', %s)::text", ("ขอข้อมูลทะเบียนราษฎร",))
        self.assertEqual(self.env.cr.fetchone()[0], "'ขอข้อมูลทะเบียนราษฎร':1")

    def test_a_thai_word_inside_the_text_is_found(self):
        self.assertEqual(self.find("ทะเบียนบ้าน") & (self.thai | self.english), self.thai)
        self.assertEqual(self.find("ทะเบียนราษฎร") & (self.thai | self.english), self.thai)
        self.assertFalse(self.find("ใบอนุญาตก่อสร้าง") & (self.thai | self.english))

    def test_english_words_match_their_forms(self):
        self.assertEqual(self.find("household") & (self.thai | self.english), self.english)
        self.assertEqual(self.find("registration") & (self.thai | self.english), self.english)
        self.assertEqual(self.find("FLOOD") & (self.thai | self.english), self.english)

    def test_search_by_number_party_and_date(self):
        self.thai.sudo(self.clerk).action_register()
        found = self.Letter.sudo(self.clerk).search([
            ("name", "ilike", self.thai.name), ("partner_id", "=", self.agency.id),
            ("date_registered", ">=", self.thai.date_registered)])
        self.assertEqual(found, self.thai)
        self.assertEqual(self.find(self.thai.name), self.thai)

    def test_the_search_respects_who_may_read(self):
        self.assertFalse(self.find("ทะเบียนบ้าน", user=self.front_desk))
