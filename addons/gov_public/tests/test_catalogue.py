"""The public catalogue: what it lists, how it searches, what a service page says."""
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase


class TestCatalogue(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Service = cls.env["oss.service"]
        cls.birth = cls.env.ref("one_stop_service.oss_service_c01")
        cls.hidden = cls.Service.create({
            "code": "GP-HIDDEN", "name": "บริการภายในทดสอบ", "name_en": "Internal test service", "group": "G2C",
            "legal_days": 3, "published": False,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ",
                                 "department_id": cls.env.ref("gov_crm.department_civil_registration").id})]})

    def codes(self, *args):
        return self.Service.search(self.Service._gp_domain(*args)).mapped("code")

    def test_only_published_services_are_public(self):
        self.assertNotIn("GP-HIDDEN", self.codes())
        self.assertFalse(self.Service._gp_public("GP-HIDDEN"))
        self.assertEqual(self.Service._gp_public("C01"), self.birth)
        self.assertFalse(self.Service._gp_public(None))
        self.hidden.published = True
        self.assertEqual(self.Service._gp_public("GP-HIDDEN"), self.hidden)

    def test_search_by_name_code_group_department_and_life_event(self):
        self.assertEqual(self.codes("การแจ้งเกิด"), ["C01"])
        self.assertEqual(self.codes("birth registration"), ["C01"])
        self.assertEqual(self.codes("c0"), ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09"])
        self.assertEqual(sorted(self.codes(None, "G2G")), ["G01", "G02", "G03", "G04"])
        works = self.env.ref("gov_crm.department_public_works")
        self.assertEqual(sorted(self.codes(None, None, works)), ["B02", "B06", "C09"])
        building = self.env.ref("gov_public.life_event_building")
        self.assertEqual(sorted(self.codes(None, None, None, building)), ["B02", "B06"])
        self.assertEqual(sorted(self.codes("permit", "G2B", works, building)), ["B02", "B06"])
        self.assertEqual(self.codes("no such service at all"), [])

    def test_citizens_services_come_first(self):
        page, total = self.Service._gp_search_page(self.Service._gp_domain(), 1, size=12)
        self.assertEqual(total, len(self.codes()))
        self.assertEqual(page.mapped("code"), ["C%02d" % n for n in range(1, 13)])
        second, _total = self.Service._gp_search_page(self.Service._gp_domain(), 2, size=12)
        self.assertEqual(second.mapped("code")[0], "B01")
        third, _total = self.Service._gp_search_page(self.Service._gp_domain(), 3, size=12)
        self.assertEqual(third.mapped("code")[-1], "E04")

    def test_service_page_in_both_languages(self):
        thai = self.birth.with_context(lang="th_TH")._gp_page("th_TH")
        english = self.birth.with_context(lang="en_US")._gp_page("en_US")
        self.assertEqual((thai["name"], english["name"]), ("การแจ้งเกิด", "Birth registration"))
        self.assertEqual(english["name_other"], "การแจ้งเกิด")
        self.assertEqual(english["documents"][0], {"name": "Birth certificate issued by the hospital (Tor Ror 1/1)",
                                                   "copies": 1, "mandatory": True, "note": ""})
        self.assertEqual(thai["documents"][0]["name"], "หนังสือรับรองการเกิด (ท.ร.1/1)")
        self.assertEqual(english["steps"], [{"sequence": 10, "name": "Check the documents and issue the birth "
                                             "certificate", "department": "Civil Registration", "days": 1}])
        self.assertEqual((english["legal_days"], english["lead_department_code"]), (1, "REG"))
        self.assertEqual(english["events"], [{"code": "birth", "name": "Having a baby"}])
        self.assertEqual(thai["events"], [{"code": "birth", "name": "การมีบุตร"}])
        # no English text: the Thai one
        self.birth.description_en = False
        self.assertEqual(self.birth._gp_page("en_US")["description"], self.birth.description)

    def test_how_to_apply_through_each_channel(self):
        septic = self.env.ref("one_stop_service.oss_service_c11").with_context(lang="en_US")
        channels = {c["code"]: c for c in septic._gp_page("en_US")["channels"]}
        self.assertEqual(list(channels), ["counter", "phone", "portal", "api"])
        self.assertEqual(channels["portal"]["url"], "/my/requests/new?service_id=%d" % septic.id)
        self.assertEqual(channels["api"]["url"], "/open311/v2/services/C11.json")
        agency = self.env.user.company_id
        agency.write({"street": "1 ถนนทดสอบ", "street2": False, "city": "เมือง", "zip": "50000", "state_id": False,
                      "phone": "053 000 111"})
        channels = {c["code"]: c for c in septic._gp_page("en_US")["channels"]}
        self.assertEqual(channels["counter"]["lines"], [agency.name, "1 ถนนทดสอบ เมือง 50000",
                                                        "Monday-Friday 08:30-12:00, 13:00-16:30"])
        self.assertEqual((channels["phone"]["url"], channels["phone"]["label"]), ("tel:053000111", "053 000 111"))
        thai = septic.with_context(lang="th_TH")._gp_page("th_TH")["agency"]["hours"]
        self.assertEqual(thai, ["วันจันทร์-วันศุกร์ เวลา 08:30-12:00, 13:00-16:30 น."])

    def test_apply_links_are_addresses(self):
        portal = self.env.ref("one_stop_service.oss_channel_portal")
        for bad in ("javascript:alert(1)", "//evil.example/x", "/my/requests new", 'https://x.example/"'):
            with self.assertRaises(ValidationError):
                portal.public_url = bad
        with self.assertRaises(ValidationError):
            portal.public_url = False
        portal.public_url = "https://line.example/apply?service={code}"
        self.assertEqual(portal._gp_apply(self.birth, {"name": "", "address": "", "hours": []})["url"],
                         "https://line.example/apply?service=C01")

    def test_life_event_codes(self):
        Event = self.env["oss.life.event"]
        with self.assertRaises(ValidationError):
            Event.create({"code": "Moving House", "name": "Moving"})
        event = Event.create({"code": "retirement", "name": "Retirement", "service_ids": [(6, 0, self.birth.ids)]})
        self.assertIn(event, self.birth.life_event_ids)
