"""Fields restricted to groups are reached by no path: not by domains, groupings or orderings."""
from odoo.exceptions import AccessError

from .common import CaseCase


class TestRestrictedFields(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls.Case.create({"subject": "ถนนชำรุด", "department_id": cls.dep.id,
                                      "description": "หน้าบ้านเลขที่ 12 ลับ"})
        cls.case_b = cls.Case.create({"subject": "ไฟดับ", "department_id": cls.dep.id})
        cls.token = cls.case_a._rating_new_token()
        cls.hash = cls.case_a.sudo().rating_token_hash

    def test_a_secret_is_not_probed_through_conditions(self):
        Case = self.Case.sudo(self.manager)  # reads every case, not the token hash
        self.assertTrue(self.hash)
        for leaf in (("rating_token_hash", "=like", self.hash[:1] + "%"), ("rating_token_hash", "=", self.hash),
                     ("rating_token_hash", "!=", False)):
            self.assertFalse(Case.search([("id", "=", self.case_a.id), leaf]), leaf)
        # under a negation it matches everything: the answer says nothing about the value
        self.assertEqual(Case.search([("id", "in", (self.case_a | self.case_b).ids),
                                      "!", ("rating_token_hash", "=like", "z%")]), self.case_a | self.case_b)
        # the system finds the case by its hash (the rating link)
        self.assertEqual(self.Case.search([("rating_token_hash", "=", self.hash)]), self.case_a)

    def test_a_search_box_still_finds_by_the_fields_the_user_reads(self):
        """The front desk reads a request's case but not its description: a text search on
        subject or description finds by subject only, and no description word answers."""
        service = self.env["oss.service"].create({
            "code": "TRF", "name": "บริการทดสอบฟิลด์", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 1, "name": "Check", "department_id": self.dep.id, "days": 2})]})
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.partner.id, "service_id": service.id, "description": "หน้าบ้านเลขที่ 12 ลับ"})
        request.sudo(self.front_desk).action_submit()
        routed = request.sudo().case_ids
        self.assertIn("ลับ", routed.description)
        Desk, Officer = self.Case.sudo(self.front_desk), self.Case.sudo(self.officer)
        word = routed.subject.split()[0]
        search_box = ["|", ("subject", "ilike", word), ("description", "ilike", word), ("id", "=", routed.id)]
        self.assertEqual(Desk.search(search_box), routed)
        self.assertFalse(Desk.search([("description", "ilike", "ลับ"), ("id", "=", routed.id)]))
        self.assertEqual(Officer.search([("description", "ilike", "ลับ"), ("id", "=", routed.id)]), routed)

    def test_no_grouping_or_ordering_by_a_secret(self):
        Case = self.Case.sudo(self.manager)
        with self.assertRaises(AccessError):
            Case.read_group([("id", "=", self.case_a.id)], ["rating_token_hash"], ["rating_token_hash"])
        groups = Case.read_group([("id", "in", (self.case_a | self.case_b).ids)], [], ["department_id"])
        self.assertNotIn("rating_token_hash", groups[0])
        ordered = Case.search([("id", "in", (self.case_a | self.case_b).ids)], order="rating_token_hash, id")
        self.assertEqual(ordered.ids, sorted((self.case_a | self.case_b).ids))
        self.assertEqual(Case.read_group([("id", "=", self.case_a.id)], ["department_id"], ["department_id"],
                                         orderby="rating_token_hash")[0]["department_id_count"], 1)
