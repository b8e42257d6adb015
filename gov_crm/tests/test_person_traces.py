"""The person's name, ID, phones and e-mail as anonymisation finds them in free text."""
from odoo.tests.common import SavepointCase

from ..models.gov_person_traces import PersonTraces


class TestPersonTraces(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create({
            "name": "สมหญิง รักษ์ข้อมูล", "gov_first_name": "สมหญิง", "gov_last_name": "รักษ์ข้อมูล",
            "gov_name_en": "Somying Rakkhomoon", "national_id": "3100600445635", "phone": "081-234-5678",
            "mobile": "1555", "email": "Somying.R@Example.co.th", "gov_line_id": "somy"})
        cls.traces = PersonTraces(cls.person, cls.env["res.users"])
        cls.anon = "ANON-%d" % cls.person.id

    def scrub(self, text, own=False):
        """What PostgreSQL makes of the text (the patterns are run there)."""
        self.env.cr.execute("SELECT regexp_replace(%s, %s, %s, 'gi')",
                            (text, self.traces.pattern(own), self.traces.replacement))
        return self.env.cr.fetchone()[0]

    def test_identifiers_as_people_write_them(self):
        for text in ("3100600445635", "3-1006-00445-63-5", "3 1006 00445 63 5", "0812345678", "081-234-5678",
                     "+66 81 234 5678", "66812345678", "somying.r@example.co.th", "สมหญิง รักษ์ข้อมูล",
                     "สมหญิง  รักษ์ข้อมูล", "SOMYING RAKKHOMOON"):
            self.assertEqual(self.scrub("<p>ref %s.</p>" % text), "<p>ref %s.</p>" % self.anon, text)

    def test_other_numbers_and_words_stay(self):
        # longer numbers, other numbers, and the parts of the name that other people share
        for text in ("31006004456351", "0812345679", "10812345678", "สมหญิง", "รักษ์ข้อมูล", "1555", "somy"):
            self.assertEqual(self.scrub(text), text, text)

    def test_first_and_last_name_alone_in_the_person_s_records(self):
        self.assertEqual(self.scrub("คุณสมหญิง โทร 1555 ไลน์ somy", own=True),
                         "คุณ%s โทร %s ไลน์ %s" % (self.anon, self.anon, self.anon))
