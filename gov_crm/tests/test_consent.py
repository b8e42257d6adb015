from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase
from odoo.tools import mute_logger

from .common import new_user, sql_statements


class TestConsent(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = new_user(cls.env, "consent_fd", "gov_crm.group_gov_front_desk", name="FD")
        cls.officer = new_user(cls.env, "consent_of", "gov_crm.group_gov_officer", name="OF")
        cls.privacy = new_user(cls.env, "consent_po", "gov_crm.group_gov_privacy_officer", name="PO")
        cls.person = cls.env["res.partner"].create({"name": "Consent Person", "gov_party_type": "citizen"})
        cls.Log = cls.env["gov.privacy.log"]

    def _refusals(self):
        return self.Log.search([("partner_id", "=", self.person.id), ("event", "=", "contact_refused")])

    def test_notification_implied_until_withdrawn(self):
        allowed, reason = self.person.sudo(self.officer).gov_check_contact("service_notification")
        self.assertTrue(allowed)
        self.assertEqual(reason, "Implied public task basis: notices about the person's own requests.")
        self.person.gov_ensure_public_task_basis(channel="phone")
        consent = self.person.gov_consent_ids
        self.assertEqual((consent.purpose, consent.lawful_basis, consent.channel, consent.state),
                         ("service_notification", "public_task", "phone", "active"))
        self.assertEqual(self.person.gov_check_contact("service_notification"),
                         (True, "Lawful basis: Public task"))
        consent.sudo(self.front_desk).action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        allowed, reason = self.person.sudo(self.officer).gov_check_contact("service_notification")
        self.assertFalse(allowed)
        self.assertEqual(reason, "The person withdrew the basis for Service notifications.")
        log = self._refusals()
        self.assertEqual(len(log), 1)
        self.assertEqual((log.user_id, log.purpose, log.reason),
                         (self.officer, "service_notification", reason))
        self.assertIn("Contact refused (service_notification)", self.person.message_ids[0].body)
        # a later request does not override the objection
        self.person.gov_ensure_public_task_basis()
        self.assertEqual(len(self.person.gov_consent_ids), 1)
        self.assertFalse(self.person.gov_check_contact("service_notification")[0])

    def test_survey_needs_consent(self):
        allowed, reason = self.person.gov_check_contact("satisfaction_survey")
        self.assertFalse(allowed)
        self.assertEqual(reason, "No lawful basis recorded for Satisfaction surveys.")
        self.env["gov.consent"].sudo(self.front_desk).create({
            "partner_id": self.person.id, "purpose": "satisfaction_survey", "lawful_basis": "consent"})
        self.assertEqual(self.person.gov_check_contact("satisfaction_survey"), (True, "Lawful basis: Consent"))
        self.assertFalse(self.person.gov_check_contact("news")[0])
        self.assertEqual(len(self._refusals()), 2)

    def test_the_decision_reads_no_other_column_of_the_person(self):
        """A notice asks before it goes: the person's anonymised flag is read, not their whole
        record with its IDs (one column, not every one, at each notice of an intake)."""
        person = self.person.sudo(self.front_desk)
        person.gov_check_contact("service_notification")  # the user's own record read once
        person.invalidate_cache(ids=person.ids)
        with sql_statements(lambda text: text.startswith("SELECT") and "FROM res_partner" in text) as sent:
            self.assertTrue(person.gov_check_contact("service_notification")[0])
        self.assertEqual(len(sent), 1, sent)
        self.assertIn("gov_anonymised", sent[0])
        self.assertNotIn("national_id", sent[0])

    def test_the_decision_reads_the_persons_lines_in_one_statement(self):
        """The newest line decides: a withdrawn basis, then a new one given, as the front desk asks."""
        person = self.person.sudo(self.front_desk)
        Consent = self.env["gov.consent"].sudo(self.front_desk)
        Consent.create({"partner_id": person.id, "purpose": "satisfaction_survey", "lawful_basis": "consent",
                        "given_on": "2026-01-05 09:00:00"}).action_withdraw()
        with sql_statements(lambda text: "FROM gov_consent" in text) as sent:
            self.assertEqual(person.gov_check_contact("satisfaction_survey"),
                             (False, "The person withdrew the basis for Satisfaction surveys."))
        self.assertEqual(len(sent), 1, sent)
        Consent.create({"partner_id": person.id, "purpose": "satisfaction_survey", "lawful_basis": "contract"})
        with sql_statements(lambda text: "FROM gov_consent" in text) as sent:
            self.assertEqual(person.gov_check_contact("satisfaction_survey"), (True, "Lawful basis: Contract"))
        self.assertEqual(len(sent), 1, sent)

    def test_a_request_asks_for_any_line_in_one_statement(self):
        """Each request of the person, made at the counter, asks whether the person has a line for
        notices (any: a withdrawn one stays an objection), whatever the front desk may read: one
        SELECT, and the implied line only where there is none."""
        person = self.person.sudo(self.front_desk)
        Consent = type(self.env["gov.consent"])
        with patch.object(Consent, "search", side_effect=AssertionError("searched through the ORM")), \
                sql_statements(lambda text: "gov_consent" in text) as sent:
            person.gov_ensure_public_task_basis()
        self.assertEqual([text.split()[0] for text in sent if "SAVEPOINT" not in text], ["SELECT", "INSERT"])
        consent = self.person.gov_consent_ids
        self.assertEqual((consent.lawful_basis, consent.implied), ("public_task", True))
        consent.sudo(self.front_desk).action_withdraw()
        with sql_statements(lambda text: "gov_consent" in text) as sent:
            person.gov_ensure_public_task_basis()
        self.assertEqual(len(sent), 1, sent)
        self.assertEqual(self.person.gov_consent_ids, consent)
        # a line of another purpose is not one for notices
        other = self.env["res.partner"].create({"name": "Other Person", "gov_party_type": "citizen"})
        self.env["gov.consent"].sudo(self.front_desk).create(
            {"partner_id": other.id, "purpose": "news", "lawful_basis": "consent"})
        other.sudo(self.front_desk).gov_ensure_public_task_basis()
        self.assertEqual(sorted(other.gov_consent_ids.mapped("purpose")), ["news", "service_notification"])

    def test_anonymised_never_contacted(self):
        self.person.gov_anonymised = True
        self.assertEqual(self.person.gov_check_contact("service_notification"),
                         (False, "The person's data was anonymised."))

    def test_unknown_purpose(self):
        with self.assertRaises(ValueError):
            self.person.gov_check_contact("marketing")

    def test_consent_access(self):
        consent = self.env["gov.consent"].sudo(self.front_desk).create({
            "partner_id": self.person.id, "purpose": "news"})
        self.assertEqual(consent.given_by_id, self.person)
        self.assertEqual(consent.recorded_by_id, self.front_desk)
        with self.assertRaises(AccessError):
            consent.sudo(self.front_desk).unlink()
        self.assertEqual(consent.sudo(self.officer).purpose, "news")
        with self.assertRaises(AccessError):
            consent.sudo(self.officer).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.env["gov.consent"].sudo(self.officer).create({"partner_id": self.person.id, "purpose": "news"})
        consent.sudo(self.privacy).unlink()
        self.assertFalse(consent.exists())
        # the audit log is for the privacy officer only
        self.person.gov_check_contact("news")
        self.assertEqual(self.Log.sudo(self.privacy).search_count([("partner_id", "=", self.person.id)]), 1)
        with self.assertRaises(AccessError):
            self.Log.sudo(self.officer).search([])

    def test_one_active_basis_per_purpose(self):
        Consent = self.env["gov.consent"].sudo(self.front_desk)
        first = Consent.create({"partner_id": self.person.id, "purpose": "news", "lawful_basis": "consent"})
        with self.assertRaises(ValidationError) as refused:
            Consent.create({"partner_id": self.person.id, "purpose": "news", "lawful_basis": "legitimate_interest"})
        self.assertEqual(refused.exception.name, (
            "Consent Person already has an active lawful basis for this purpose (Consent): withdraw it "
            "before recording another one."))
        # after the withdrawal the person may consent again; the history keeps both lines
        first.action_withdraw()
        again = Consent.create({"partner_id": self.person.id, "purpose": "news", "lawful_basis": "consent"})
        self.assertEqual(self.person.gov_consent_ids.filtered(lambda c: c.purpose == "news"), first | again)
        self.assertEqual((first.state, again.state), ("withdrawn", "active"))
        self.assertTrue(self.person.gov_check_contact("news")[0])

    def test_the_database_refuses_a_second_active_basis(self):
        self.person.gov_ensure_public_task_basis()
        columns = ("partner_id, purpose, lawful_basis, given_on, recorded_by_id, channel, state, implied")
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cr.execute("INSERT INTO gov_consent (%s) VALUES (%%s, 'service_notification', 'consent', "
                            "now(), 1, 'counter', 'active', FALSE)" % columns, (self.person.id,))
        self.person.gov_consent_ids.action_withdraw()
        # withdrawn, the implied line still blocks a second implied one (the objection holds)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cr.execute("INSERT INTO gov_consent (%s) VALUES (%%s, 'service_notification', 'public_task', "
                            "now(), 1, 'counter', 'active', TRUE)" % columns, (self.person.id,))

    def test_implied_basis_lost_race_is_silent(self):
        """A parallel request recorded the line first: this one goes on without an error."""
        line = self.person._gov_insert_implied_basis("service_notification", "web")
        self.assertEqual((line.lawful_basis, line.channel, line.implied, line.recorded_by_id),
                         ("public_task", "web", True, self.env.user))
        line.action_withdraw()
        self.assertFalse(self.person._gov_insert_implied_basis("service_notification", "counter"))
        self.assertEqual(self.person.gov_consent_ids, line)
        self.assertFalse(self.person.gov_check_contact("service_notification")[0])
