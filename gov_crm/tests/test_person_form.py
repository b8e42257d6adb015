"""The person form as the front desk gets it: one Thai address block, no sales fields."""
import json

from lxml import etree

from .common import GovCase


class TestPersonForm(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.new_user("form_desk", "gov_crm.group_gov_front_desk")

    def arch(self, view_type="form"):
        view = self.env["res.partner"].sudo(self.desk).fields_view_get(view_type=view_type)
        return etree.fromstring(view["arch"])

    @staticmethod
    def modifiers(node):
        return json.loads(node.get("modifiers") or "{}")

    def test_one_thai_address_block(self):
        arch = self.arch()
        blocks = arch.xpath("//sheet/group//div[contains(concat(' ', @class, ' '), ' o_address_format ')]")
        self.assertEqual(len(blocks), 1)
        shown = [field.get("name") for field in blocks[0].xpath("./field")
                 if self.modifiers(field).get("invisible") is not True]
        self.assertEqual(shown, ["street", "street2", "gov_subdistrict_id", "gov_district_id",
                                 "gov_province_id", "zip", "country_id"])
        for name in ("city", "state_id"):
            self.assertIs(self.modifiers(blocks[0].xpath("./field[@name='%s']" % name)[0])["invisible"], True)
        # the address of a person's own contacts is not asked: that page is for businesses
        contacts = arch.xpath("//field[@name='child_ids']/..")[0]
        self.assertEqual(self.modifiers(contacts)["invisible"], [["is_company", "=", False]])

    def test_no_sales_fields(self):
        arch = self.arch()
        self.assertIs(self.modifiers(arch.xpath("//page[@name='sales_purchases']")[0])["invisible"], True)
        for name in ("vat", "function"):
            for node in arch.xpath("//sheet/group//field[@name='%s']" % name):
                self.assertIs(self.modifiers(node)["invisible"], True, name)
        search = self.arch("search")
        self.assertIs(self.modifiers(search.xpath("//field[@name='user_id']")[0])["invisible"], True)
        self.assertIs(self.modifiers(search.xpath("//filter[@name='salesperson']")[0])["invisible"], True)

    def test_thai_name_parts_and_title_on_the_form(self):
        arch = self.arch()
        row = arch.xpath("//div[contains(concat(' ', @class, ' '), ' oe_title ')]"
                         "//div[contains(concat(' ', @class, ' '), ' o_row ')][field[@name='gov_first_name']]")[0]
        self.assertEqual([field.get("name") for field in row.xpath("./field")],
                         ["title", "gov_first_name", "gov_last_name"])
        # the title of Odoo's right-hand column is not shown a second time
        self.assertIs(self.modifiers(arch.xpath("//sheet/group/group/field[@name='title']")[0])["invisible"], True)
