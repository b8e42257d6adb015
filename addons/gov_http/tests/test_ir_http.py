"""An anonymous request is the public user, found without a query once the cache is warm."""
from unittest.mock import patch

from odoo.tests.common import TransactionCase


class _Session(dict):
    uid = None


class _Request(object):
    def __init__(self, env, session_uid=None):
        self.env = env
        self.session = _Session()
        self.session.uid = session_uid
        self.uid = None


class TestPublicUser(TransactionCase):

    def _authenticate(self, fake):
        with patch("odoo.addons.gov_http.models.ir_http.request", fake):
            self.env["ir.http"]._auth_method_public()
        return fake.uid

    def test_anonymous_request_is_the_public_user_without_a_query(self):
        public = self.env.ref("base.public_user")
        self.assertEqual(self._authenticate(_Request(self.env)), public.id)  # warms the cache
        before = self.env.cr.sql_log_count
        self.assertEqual(self._authenticate(_Request(self.env)), public.id)
        self.assertEqual(self.env.cr.sql_log_count, before, "the public user cost a query")

    def test_a_logged_in_session_keeps_its_user(self):
        user = self.env.ref("base.user_demo")
        self.assertEqual(self._authenticate(_Request(self.env, user.id)), user.id)
