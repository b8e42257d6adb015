from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase

from odoo.addons.oss_open311.models.oss_api_client import hash_key
from odoo.addons.oss_open311.open311 import Open311Error
from odoo.addons.gov_crm.tests.common import new_user


class TestApiClient(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_user(cls.env, "api_manager_t", "gov_crm.group_gov_service_manager", name="API manager")
        cls.front_desk = new_user(cls.env, "api_front_desk_t", "gov_crm.group_gov_front_desk", name="API front desk")
        cls.Client = cls.env["oss.api.client"]
        cls.client = cls.Client.sudo(cls.manager).create({"name": "Complaints app", "rate_limit": 5})
        cls.key = cls.client.action_generate_key()["context"]["default_key"]

    def test_key_is_shown_once_and_stored_hashed(self):
        stored = self.client.sudo().read(["key_prefix", "key_hash"])[0]
        self.assertTrue(self.key.startswith("o311_%s_" % stored["key_prefix"]))
        self.assertEqual(stored["key_hash"], hash_key(self.key))
        self.env.cr.execute("SELECT count(*) FROM oss_api_client WHERE key_hash = %s OR key_prefix = %s",
                            (self.key, self.key))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertFalse(self.env["oss.api.client.key"].search([("key", "=", self.key)]))

    def test_authenticate_accepts_the_key_only(self):
        self.assertEqual(self.Client._open311_authenticate(self.key), self.client)
        for bad in (None, "", self.key + "x", self.key[:-1], "o311_zzzz_x", "' OR 1=1 --", 42):
            with self.assertRaises(Open311Error) as caught:
                self.Client._open311_authenticate(bad)
            self.assertEqual(caught.exception.status, 403)

    def test_new_key_revokes_the_old_one_and_archive_revokes_all(self):
        new_key = self.client.sudo(self.manager).action_generate_key()["context"]["default_key"]
        with self.assertRaises(Open311Error):
            self.Client._open311_authenticate(self.key)
        self.assertEqual(self.Client._open311_authenticate(new_key), self.client)
        self.client.sudo(self.manager).active = False
        with self.assertRaises(Open311Error):
            self.Client._open311_authenticate(new_key)

    def test_rate_limit_counts_per_window_and_refuses_over_the_limit(self):
        RateLimit = self.env["gov.rate.limit"]
        answers = [RateLimit._hit_cr(self.env.cr, "open311.key", "test-%d" % self.client.id, 5, 60)
                   for _call in range(7)]
        self.assertEqual([allowed for allowed, _seconds in answers], [True] * 5 + [False] * 2)
        self.assertTrue(all(1 <= seconds <= 60 for _allowed, seconds in answers))

    def test_following_every_request_needs_the_services(self):
        with self.assertRaises(ValidationError):
            self.client.sudo(self.manager).read_service_requests = True
        self.client.sudo(self.manager).write({
            "service_ids": [(6, 0, self.env["oss.service"].search([("code", "=", "C01")]).ids)],
            "read_service_requests": True})
        self.assertTrue(self.client.read_service_requests)

    def test_key_and_counters_are_not_written_by_hand(self):
        for vals in ({"key_prefix": "deadbeef"}, {"key_hash": hash_key("o311_x")}, {"last_call": False},
                     {"key_date": "2026-01-01 00:00:00"}):
            with self.assertRaises(AccessError):
                self.client.sudo(self.manager).write(vals)

    def test_allowed_services(self):
        c01 = self.env["oss.service"].search([("code", "=", "C01")])
        c09 = self.env["oss.service"].search([("code", "=", "C09")])
        self.client._open311_check_service(c09)
        self.client.service_ids = c01
        with self.assertRaises(Open311Error) as caught:
            self.client._open311_check_service(c09)
        self.assertEqual(caught.exception.status, 403)

    def test_channel_follows_the_organisation(self):
        self.assertEqual(self.client.channel, "api")
        self.client.partner_id = self.env.ref("gov_crm.partner_agency_01_demo")
        self.assertEqual(self.client.channel, "agency")

    def test_only_service_managers_manage_clients(self):
        with self.assertRaises(AccessError):
            self.Client.sudo(self.front_desk).create({"name": "Rogue app"})
        with self.assertRaises(AccessError):
            self.client.sudo(self.front_desk).read(["name"])
        with self.assertRaises(AccessError):
            self.client.sudo(self.front_desk).action_generate_key()
        with self.assertRaises(AccessError):
            self.client.sudo(self.manager).read(["key_hash"])
        self.assertEqual(self.client.sudo(self.manager).read(["name"])[0]["name"], "Complaints app")
