"""An environment asked for again is found by its arguments (base_environments.py): the same one
Odoo gives, without going through the transaction's other environments."""
import gc
from unittest.mock import patch

from odoo import api
from odoo.tests.common import SavepointCase

from .common import new_user


class TestEnvironments(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(cls.env, "env_clerk", "gov_crm.group_gov_front_desk")

    def test_the_same_arguments_give_the_same_environment_without_a_search(self):
        clerk = self.env["res.partner"].sudo(self.clerk)
        clerks = clerk.with_context(lang="th_TH", tz="Asia/Bangkok")
        # every other environment of the transaction is left alone: Odoo's search goes through them
        with patch.object(api.Environments, "__iter__", side_effect=AssertionError("searched")):
            self.assertIs(self.env["res.partner"].sudo(self.clerk).env, clerk.env)
            self.assertIs(clerk.with_context(tz="Asia/Bangkok", lang="th_TH").env, clerks.env)
            self.assertIs(clerks.with_context(lang="th_TH").env, clerks.env)
        # another context, another user, another cursor's transaction: other environments
        self.assertIsNot(clerks.with_context(lang="en_US").env, clerks.env)
        self.assertIsNot(clerks.sudo().env, clerks.env)
        self.assertEqual(clerks.with_context(lang="en_US").env.context["lang"], "en_US")
        # the cache is the transaction's, shared by all of them, as in Odoo
        self.assertIs(clerks.env.cache, self.env.cache)

    def test_a_context_with_a_list_is_found_as_odoo_finds_it(self):
        listed = self.env["res.partner"].with_context(active_ids=[1, 2], gov_test="listed")
        self.assertIs(self.env["res.partner"].with_context(active_ids=[1, 2], gov_test="listed").env, listed.env)
        self.assertIsNot(self.env["res.partner"].with_context(active_ids=[1, 3], gov_test="listed").env, listed.env)

    def test_an_environment_no_record_refers_to_is_dropped_as_before(self):
        env = self.env(context={"gov_test": "dropped"})
        key = (env.cr, env.uid, frozenset(env.context.items()))
        index = api.Environment.envs.gov_index
        self.assertIs(index[key], env)
        del env
        gc.collect()
        self.assertNotIn(key, index)
        self.assertFalse([env for env in api.Environment.envs if env.context.get("gov_test") == "dropped"])
