"""Who prepares, edits and reads a hearing and its responses."""
from odoo.exceptions import AccessError

from .common import HearingCase


class TestHearingAccess(HearingCase):

    @classmethod
    def setUpClass(cls):
        super(TestHearingAccess, cls).setUpClass()
        cls.hearing.sudo(cls.officer_a).action_open()
        Response = cls.env["gov.hearing.response"]
        key = Response._gh_key("email", "a@example.com")
        cls.response, _outcome = Response._gh_submit(cls.hearing, "email", key, cls.answers(
            cls, cls.hearing, text="Please collect on Sundays"))

    def test_officer_of_the_department_edits_and_reads_responses(self):
        self.hearing.sudo(self.officer_a).write({"summary": "Waste bylaw, second draft"})
        self.assertEqual(self.hearing.summary, "Waste bylaw, second draft")
        responses = self.env["gov.hearing.response"].sudo(self.officer_a).search([("hearing_id", "=", self.hearing.id)])
        self.assertEqual(responses, self.response)

    def test_manager_of_the_department_edits(self):
        self.hearing.sudo(self.manager_a).write({"council_consultation": True})
        self.assertTrue(self.hearing.council_consultation)
        self.assertEqual(self.env["gov.hearing.response"].sudo(self.manager_a).search(
            [("hearing_id", "=", self.hearing.id)]), self.response)

    def test_other_department_neither_edits_nor_reads_responses(self):
        for user in (self.officer_b, self.staff_b):
            # the hearing itself is public: staff read it
            self.assertEqual(self.hearing.sudo(user).name, "ร่างเทศบัญญัติจัดการขยะ")
            with self.assertRaises(AccessError):
                self.hearing.sudo(user).write({"summary": "Forged"})
            with self.assertRaises(AccessError):
                self.env["gov.hearing.response"].sudo(user).browse(self.response.id).read(["channel"])
            with self.assertRaises(AccessError):
                self.env["gov.hearing.answer"].sudo(user).browse(self.response.answer_ids.ids).read(["value_text"])
        self.assertFalse(self.env["gov.hearing.response"].sudo(self.officer_b).search(
            [("hearing_id", "=", self.hearing.id)]))
        with self.assertRaises(AccessError):
            self.env["gov.hearing"].sudo(self.officer_b).create({
                "name": "Forged", "department_id": self.dept_a.id, "date_open": "2026-01-01 00:00:00",
                "date_close": "2026-02-01 00:00:00"})

    def test_service_manager_reads_but_does_not_edit_others(self):
        self.assertEqual(self.env["gov.hearing.response"].sudo(self.service_manager).search(
            [("hearing_id", "=", self.hearing.id)]), self.response)
        with self.assertRaises(AccessError):
            self.hearing.sudo(self.service_manager).write({"summary": "Forged"})

    def test_nobody_edits_a_response_or_forges_one(self):
        with self.assertRaises(AccessError):
            self.response.sudo(self.officer_a).write({"channel": "sms"})
        with self.assertRaises(AccessError):
            self.response.answer_ids[:1].sudo(self.officer_a).write({"value_text": "Forged"})
        with self.assertRaises(AccessError):
            self.env["gov.hearing.response"].sudo(self.officer_a).create({
                "hearing_id": self.hearing.id, "channel": "anyone"})

    def test_staff_group_answers_into_themes(self):
        theme = self.env["gov.hearing.theme"].sudo(self.officer_a).create({
            "hearing_id": self.hearing.id, "name": "Collection days", "agency_response": "Sundays added"})
        text = self.response.answer_ids.filtered("value_text")
        text.sudo(self.officer_a).write({"theme_id": theme.id})
        self.assertEqual(theme.answer_count, 1)
        with self.assertRaises(AccessError):
            text.sudo(self.officer_b).write({"theme_id": False})
        with self.assertRaises(AccessError):
            self.env["gov.hearing.theme"].sudo(self.officer_b).create({
                "hearing_id": self.hearing.id, "name": "Forged"})

    def test_respondent_data_hidden(self):
        fields_ = self.env["gov.hearing.response"].sudo(self.officer_a).fields_get()
        self.assertNotIn("respondent_hash", fields_)
        self.assertNotIn("partner_id", fields_)
        self.assertFalse(self.env["gov.hearing.follower"].sudo(self.officer_a).check_access_rights(
            "read", raise_exception=False))
