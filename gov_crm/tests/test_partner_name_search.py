"""Many2one domains on partners by name or identifier, as Odoo's expression engine passes them
to name_search: a text or a list of names with =, !=, in, not in, ilike, not ilike."""
from odoo.tests.common import SavepointCase

from .common import new_user

VALID_MOA = "0994000165668"
VALID_PIN = "1101700230708"


class TestPartnerNameSearch(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = new_user(cls.env, "ns_fd", "gov_crm.group_gov_front_desk")
        Partner = cls.env["res.partner"]
        cls.alpha = Partner.create({"name": "Namesearch Alpha Co", "is_company": True,
                                    "gov_party_type": "business", "national_id": VALID_MOA})
        cls.beta = Partner.create({"name": "Namesearch Beta Co", "is_company": True})
        cls.alpha_staff = Partner.create({"name": "Alpha Staff", "parent_id": cls.alpha.id})
        cls.beta_staff = Partner.create({"name": "Beta Staff", "parent_id": cls.beta.id})
        cls.loner = Partner.create({"name": "Namesearch Loner", "gov_party_type": "citizen",
                                    "national_id": VALID_PIN, "phone": "081-234-0000"})
        cls.mine = cls.alpha_staff | cls.beta_staff | cls.loner

    def _found(self, domain):
        """Which of the test's partners the front desk finds with this domain."""
        return self.env["res.partner"].sudo(self.front_desk).search(domain) & self.mine

    def test_parent_in_a_list_of_names(self):
        self.assertEqual(self._found([("parent_id", "in", ["Namesearch Alpha Co", "Namesearch Beta Co"])]),
                         self.alpha_staff | self.beta_staff)
        self.assertEqual(self._found([("parent_id", "in", ("Namesearch Beta Co",))]), self.beta_staff)
        self.assertEqual(self._found([("parent_id", "=", ["Namesearch Alpha Co"])]), self.alpha_staff)
        self.assertEqual(self._found([("parent_id", "in", ["No such company"])]), self.env["res.partner"])

    def test_parent_not_in_a_list_of_names(self):
        self.assertEqual(self._found([("parent_id", "not in", ["Namesearch Alpha Co"])]),
                         self.beta_staff | self.loner)
        self.assertEqual(self._found([("parent_id", "!=", ["Namesearch Alpha Co", "Namesearch Beta Co"])]),
                         self.loner)

    def test_parent_by_one_name(self):
        self.assertEqual(self._found([("parent_id", "=", "Namesearch Beta Co")]), self.beta_staff)
        self.assertEqual(self._found([("parent_id", "in", "Namesearch Beta Co")]), self.beta_staff)
        self.assertEqual(self._found([("parent_id", "!=", "Namesearch Beta Co")]),
                         self.alpha_staff | self.loner)
        self.assertEqual(self._found([("parent_id", "ilike", "namesearch")]), self.alpha_staff | self.beta_staff)
        self.assertEqual(self._found([("parent_id", "not ilike", "alpha")]), self.beta_staff | self.loner)

    def test_parent_set_or_not(self):
        self.assertEqual(self._found([("parent_id", "=", False)]), self.loner)
        self.assertEqual(self._found([("parent_id", "!=", None)]), self.alpha_staff | self.beta_staff)

    def test_parent_by_identifier_typed_as_printed(self):
        self.assertEqual(self._found([("parent_id", "=", "0-9940-00165-66-8")]), self.alpha_staff)
        self.assertEqual(self._found([("parent_id", "!=", "0-9940-00165-66-8")]), self.beta_staff | self.loner)
        self.assertEqual(self._found([("parent_id", "in", ["0-9940-00165-66-8", "Namesearch Beta Co"])]),
                         self.alpha_staff | self.beta_staff)
        self.assertEqual(self._found([("parent_id", "not in", ["0-9940-00165-66-8", "Namesearch Beta Co"])]),
                         self.loner)

    def test_name_search_with_a_list(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        self.assertEqual(Partner.name_search(["Namesearch Alpha Co", "Namesearch Beta Co"], operator="in"),
                         [(self.alpha.id, "Namesearch Alpha Co"), (self.beta.id, "Namesearch Beta Co")])
        found = Partner.name_search(["1-1017-00230-70-8", "Namesearch Beta Co"], operator="in", limit=1)
        self.assertEqual(found, [(self.loner.id, "Namesearch Loner")])
        excluded = [row[0] for row in Partner.name_search(["1-1017-00230-70-8"], operator="not in", limit=None)]
        self.assertNotIn(self.loner.id, excluded)
        self.assertIn(self.alpha.id, excluded)

    def test_name_search_with_nothing_typed(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        self.assertIn(self.loner.id, [row[0] for row in Partner.name_search("", limit=None)])
        for name in (False, None):  # Odoo's meaning: the partners without a name
            self.assertNotIn(self.loner.id, [row[0] for row in Partner.name_search(name, limit=None)])
            self.assertNotIn(self.loner.id, [row[0] for row in Partner.name_search(name, operator="=")])

    def test_name_search_by_phone_excluded(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        self.assertEqual(Partner.name_search("081 234 0000", operator="=")[0][0], self.loner.id)
        others = [row[0] for row in Partner.name_search("081 234 0000", operator="not ilike", limit=None)]
        self.assertNotIn(self.loner.id, others)
        self.assertIn(self.alpha.id, others)

    def test_identifiers_in_a_list_searched_as_digits(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        self.assertEqual(Partner.search([("national_id", "in", ["1-1017-00230-70-8", "0 9940 00165 66 8"])]),
                         self.alpha | self.loner)
        self.assertEqual(Partner.search([("national_id", "=", False), ("id", "in", self.mine.ids)]),
                         self.alpha_staff | self.beta_staff)
