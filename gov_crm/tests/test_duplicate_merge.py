from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase

from .common import new_user


class TestDuplicateMerge(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_user(cls.env, "merge_manager", "gov_crm.group_gov_service_manager", name="Merge Manager")
        cls.front_desk = new_user(cls.env, "merge_fd", "gov_crm.group_gov_front_desk", name="Merge FD")
        Partner = cls.env["res.partner"]
        cls.keep = Partner.create({"name": "นายวีระ ทดสอบซ้ำ", "gov_party_type": "citizen",
                                   "national_id": "1101700230708", "phone": "0861110001"})
        cls.dup = Partner.create({"name": "นายวีระ ทดสอบซ้ำา", "gov_party_type": "citizen",
                                  "mobile": "086-111-0001", "email": "weera@example.co.th",
                                  "street": "12 ถนนมิตรภาพ"})

    def test_duplicates_shown_before_saving(self):
        new = self.env["res.partner"].new({"name": "วีระ ทดสอบซ้ำ", "gov_party_type": "citizen"})
        self.assertIn(self.keep, new.gov_duplicate_ids)
        by_phone = self.env["res.partner"].new({"name": "ชื่ออื่นเลย", "phone": "086 111 0001"})
        self.assertEqual(set(by_phone.gov_duplicate_ids.ids), {self.keep.id, self.dup.id})
        unrelated = self.env["res.partner"].new({"name": "Completely Different", "phone": "029999999"})
        self.assertFalse(unrelated.gov_duplicate_ids & (self.keep | self.dup))
        # a saved record does not list itself; a person with an ID is not checked
        self.assertNotIn(self.dup, self.dup.gov_duplicate_ids)
        self.assertIn(self.keep, self.dup.gov_duplicate_ids)
        self.assertFalse(self.keep.gov_duplicate_ids)

    def test_merge_moves_every_reference(self):
        consent = self.env["gov.consent"].create({"partner_id": self.dup.id, "purpose": "news"})
        contact = self.env["res.partner"].create({"name": "Child contact", "parent_id": self.dup.id})
        self.dup.message_post(body="note on the duplicate")
        message_count = self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "in", (self.keep | self.dup).ids)])
        dup_id = self.dup.id
        wizard = self.env["gov.partner.merge"].sudo(self.manager).with_context(
            active_model="res.partner", active_ids=[self.dup.id, self.keep.id]).create({})
        self.assertEqual(wizard.survivor_id, self.keep)  # the one with an ID is kept
        wizard.action_merge()
        self.assertFalse(self.env["res.partner"].browse(dup_id).exists())
        self.assertEqual(consent.partner_id, self.keep)
        self.assertEqual(contact.parent_id, self.keep)
        self.assertEqual(self.keep.email, "weera@example.co.th")  # blank fields filled in
        self.assertEqual(self.keep.phone, "0861110001")  # own values kept
        self.assertEqual(self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", dup_id)]), 0)
        self.assertEqual(self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", self.keep.id)]), message_count + 1)
        self.assertIn("Merged into this record", self.keep.message_ids[0].body)
        self.env.cr.execute("SELECT count(*) FROM gov_consent WHERE partner_id = %s", (dup_id,))
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_merge_needs_unlink_right(self):
        with self.assertRaises(AccessError):
            (self.keep | self.dup).sudo(self.front_desk).gov_merge_into(self.keep)

    def test_different_ids_not_merged(self):
        other = self.env["res.partner"].create({"name": "x", "gov_party_type": "citizen",
                                                "national_id": "3100600445635"})
        with self.assertRaises(UserError):
            (self.keep | other).gov_merge_into(self.keep)
