from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import new_user

# what each role may do: (read, write, create, unlink)
PERSONS = {
    "front_desk": (True, True, True, False),
    "officer": (True, True, False, False),
    "supervisor": (True, True, False, False),
    "service_manager": (True, True, True, True),
    "privacy_officer": (True, True, False, False),
    "internal": (True, False, False, False),
}
CONSENTS = {
    "front_desk": (True, True, True, False),
    "officer": (True, False, False, False),
    "supervisor": (True, False, False, False),
    "service_manager": (True, True, True, False),
    "privacy_officer": (True, True, True, True),
    "internal": (False, False, False, False),
}
DEPARTMENTS = {
    "front_desk": (True, False, False, False),
    "officer": (True, False, False, False),
    "supervisor": (True, False, False, False),
    "service_manager": (True, True, True, True),
    "privacy_officer": (True, False, False, False),
    "internal": (True, False, False, False),
}


class TestAccess(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for role in PERSONS:
            group = "base.group_user" if role == "internal" else "gov_crm.group_gov_%s" % role
            cls.users[role] = new_user(cls.env, "access_%s" % role, group)
        cls.person = cls.env["res.partner"].create({"name": "Access Person", "gov_party_type": "citizen"})
        cls.consent = cls.env["gov.consent"].create({"partner_id": cls.person.id, "purpose": "news"})
        cls.department = cls.env.ref("gov_crm.department_legal")

    def _check(self, matrix, record, create_vals, write_vals):
        for role, (can_read, can_write, can_create, can_unlink) in matrix.items():
            user = self.users[role]
            rec = record.sudo(user)
            with self.subTest(role=role, op="read"):
                if can_read:
                    rec.read(["display_name"])
                else:
                    with self.assertRaises(AccessError):
                        rec.read(["display_name"])
            with self.subTest(role=role, op="write"):
                if can_write:
                    rec.write(write_vals)
                else:
                    with self.assertRaises(AccessError):
                        rec.write(write_vals)
            with self.subTest(role=role, op="create"):
                if can_create:
                    created = self.env[record._name].sudo(user).create(create_vals())
                    self.assertTrue(created.exists())
                else:
                    with self.assertRaises(AccessError):
                        self.env[record._name].sudo(user).create(create_vals())
            with self.subTest(role=role, op="unlink"):
                victim = self.env[record._name].create(create_vals())
                if can_unlink:
                    victim.sudo(user).unlink()
                    self.assertFalse(victim.exists())
                else:
                    with self.assertRaises(AccessError):
                        victim.sudo(user).unlink()

    def test_persons(self):
        self._check(PERSONS, self.person, lambda: {"name": "Made", "gov_party_type": "citizen"},
                    {"phone": "021234567"})

    def test_consents(self):
        # one active basis per person and purpose: each line is of another person
        self._check(CONSENTS, self.consent,
                    lambda: {"partner_id": self.env["res.partner"].create({"name": "Consenting"}).id,
                             "purpose": "satisfaction_survey"},
                    {"note": "updated"})

    def test_departments(self):
        counter = iter(range(1000))
        self._check(DEPARTMENTS, self.department,
                    lambda: {"name": "หน่วยทดสอบ", "code": "T%d" % next(counter)}, {"name_en": "Legal"})

    def test_person_form_opens_for_every_role(self):
        for role, user in self.users.items():
            with self.subTest(role=role):
                row = self.person.sudo(user).read(["gov_consent_count", "gov_duplicate_ids", "national_id"])[0]
                self.assertEqual(row["gov_consent_count"], 0 if role == "internal" else 1)

    def test_privacy_log_read_only(self):
        log = self.env["gov.privacy.log"]._log("full_read", self.person)
        self.assertEqual(log.sudo(self.users["privacy_officer"]).event, "full_read")
        for role in ("front_desk", "officer", "supervisor", "service_manager", "internal"):
            with self.assertRaises(AccessError):
                log.sudo(self.users[role]).read(["event"])
        with self.assertRaises(AccessError):
            log.sudo(self.users["privacy_officer"]).write({"reason": "tampered"})
        with self.assertRaises(AccessError):
            log.sudo(self.users["privacy_officer"]).unlink()
