"""The personal-data audit log is written as the ORM's create would write it, one row per person."""
from odoo.tests.common import SavepointCase

from .common import new_user

COLUMNS = ("event", "partner_id", "user_id", "purpose", "reason", "create_uid", "write_uid")


class TestPrivacyLog(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(cls.env, "log_fd_t", "gov_crm.group_gov_front_desk", name="Front desk T")
        cls.people = cls.env["res.partner"].browse([
            cls.env["res.partner"].create({"name": "นายทดสอบ บันทึก%d" % i, "gov_party_type": "citizen"}).id
            for i in range(2)])

    def rows(self, logs):
        self.env.cr.execute("SELECT %s, date FROM gov_privacy_log WHERE id IN %%s ORDER BY id" % ", ".join(COLUMNS),
                            (tuple(logs.ids),))
        return self.env.cr.fetchall()

    def test_a_clerk_s_lookup_writes_the_rows_the_orm_would(self):
        Log = self.env["gov.privacy.log"]
        self.env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        before = self.env.cr.fetchone()[0][:19]  # the ORM reads a moment as its text
        logs = Log.sudo(self.clerk)._log("lookup", self.people, reason="national_id")
        self.assertEqual(len(logs), 2)
        orm = Log.sudo().create({"event": "lookup", "partner_id": self.people[0].id, "user_id": self.clerk.id,
                                 "purpose": None, "reason": "national_id"}) \
            | Log.sudo().create({"event": "lookup", "partner_id": self.people[1].id, "user_id": self.clerk.id,
                                 "purpose": None, "reason": "national_id"})
        inserted, created = self.rows(logs), self.rows(orm)
        self.assertEqual([row[:-1] for row in inserted], [row[:-1] for row in created])
        self.assertEqual([row[:3] for row in inserted],
                         [("lookup", person.id, self.clerk.id) for person in self.people])
        for row in inserted:
            self.assertGreaterEqual(row[-1], before)
        # the privacy officer reads them as any log
        officer = new_user(self.env, "log_po_t", "gov_crm.group_gov_privacy_officer", name="Privacy T")
        self.assertEqual(logs.sudo(officer).mapped("event"), ["lookup", "lookup"])

    def test_an_event_the_log_does_not_know_is_refused_and_nothing_is_written(self):
        Log = self.env["gov.privacy.log"]
        # what the privacy officer, who reads the log, counts before and after
        officer = new_user(self.env, "log_po_n", "gov_crm.group_gov_privacy_officer", name="Privacy N")
        count = Log.sudo(officer).search_count([])
        with self.assertRaises(ValueError):
            Log.sudo(self.clerk)._log("peeked", self.people)
        self.assertEqual(Log.sudo(officer).search_count([]), count)
        self.assertFalse(Log.sudo(self.clerk)._log("lookup", self.env["res.partner"]))
