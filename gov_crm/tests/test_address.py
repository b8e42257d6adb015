import csv

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_resource
from odoo.tests.common import SavepointCase


class TestAddress(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Sub = cls.env["gov.subdistrict"]
        cls.nai_mueang = cls.Sub.search([("code", "=", "400101")])  # ในเมือง, เมืองขอนแก่น, ขอนแก่น
        cls.tha_phra = cls.Sub.search([("code", "=", "400104")])  # ท่าพระ, postcode 40260

    def _csv_codes(self, name):
        path = get_module_resource("gov_crm", "data", "geography", name)
        with open(path, encoding="utf-8") as handle:
            return {row["code"] for row in csv.DictReader(handle)}

    def test_whole_country_loaded(self):
        self.assertEqual(self.env["gov.province"].search_count([]), 77)
        for model, name, count in [("gov.province", "gov_province.csv", 77),
                                   ("gov.district", "gov_district.csv", 928),
                                   ("gov.subdistrict", "gov_subdistrict.csv", 7436)]:
            codes = self._csv_codes(name)
            self.assertEqual(len(codes), count)
            self.assertEqual(set(self.env[model].search([]).mapped("code")), codes)
        self.assertEqual(self.Sub.search_count([("province_id", "=", False)]), 0)
        self.assertEqual(self.Sub.search_count([("postcodes", "like", " ")]), 160)

    def test_hierarchy(self):
        sub = self.nai_mueang
        self.assertEqual((sub.name, sub.name_en, sub.postcodes), ("ในเมือง", "Nai Mueang", "40000"))
        self.assertEqual(sub.district_id.name, "เมืองขอนแก่น")
        self.assertEqual(sub.province_id.name, "ขอนแก่น")
        self.assertEqual(sub.province_id.code, "40")
        self.assertEqual(self.env["gov.province"].search([("code", "=", "10")]).name_en, "Bangkok")

    def test_onchange_fills_from_subdistrict(self):
        partner = self.env["res.partner"].new({"name": "x", "gov_subdistrict_id": self.tha_phra.id})
        partner._onchange_gov_subdistrict_id()
        self.assertEqual(partner.gov_district_id, self.tha_phra.district_id)
        self.assertEqual(partner.gov_province_id.name, "ขอนแก่น")
        self.assertEqual(partner.zip, "40260")
        self.assertEqual(partner.city, "เมืองขอนแก่น")

    def test_onchange_province_filters_and_clears_district(self):
        bangkok = self.env["gov.province"].search([("code", "=", "10")])
        partner = self.env["res.partner"].new({
            "name": "x", "gov_province_id": bangkok.id, "gov_district_id": self.nai_mueang.district_id.id})
        result = partner._onchange_gov_province_id()
        self.assertFalse(partner.gov_district_id)
        self.assertEqual(result["domain"]["gov_district_id"], [("province_id", "=", bangkok.id)])
        self.assertEqual(self.env["gov.district"].search_count(result["domain"]["gov_district_id"]), 50)

    def test_onchange_district_filters_subdistricts(self):
        partner = self.env["res.partner"].new({"name": "x", "gov_district_id": self.nai_mueang.district_id.id})
        result = partner._onchange_gov_district_id()
        self.assertEqual(partner.gov_province_id.code, "40")
        subs = self.Sub.search(result["domain"]["gov_subdistrict_id"])
        self.assertIn(self.tha_phra, subs)
        self.assertEqual(set(subs.mapped("district_id")), {self.nai_mueang.district_id})

    def test_create_fills_from_subdistrict(self):
        partner = self.env["res.partner"].create({"name": "x", "gov_subdistrict_id": self.tha_phra.id})
        self.assertEqual((partner.zip, partner.gov_province_id.code, partner.gov_district_id.code),
                         ("40260", "40", "4001"))
        self.assertEqual(partner.country_id, self.env.ref("base.th"))

    def test_mismatch_refused(self):
        bangkok = self.env["gov.province"].search([("code", "=", "10")])
        with self.assertRaises(ValidationError) as ctx:
            self.env["res.partner"].create({
                "name": "Mismatch", "gov_subdistrict_id": self.tha_phra.id, "gov_province_id": bangkok.id})
        self.assertIn("do not belong together", ctx.exception.name)

    def test_name_search_by_postcode(self):
        ids = [r[0] for r in self.Sub.name_search("40260")]
        self.assertIn(self.tha_phra.id, ids)
        self.assertEqual(self.tha_phra.name_get()[0][1], "ท่าพระ, เมืองขอนแก่น, ขอนแก่น 40260")
