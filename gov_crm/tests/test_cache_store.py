"""Values stored in the record cache by RecordCache.update (base_prefetch.py's ``_gov_store``).

The store writes each value with one dictionary write instead of MutableMapping's call per value;
what it stores, and under which key, must be what Odoo's own store gives: per user for a plain
field, per environment (context) for a field whose value depends on it.
"""
from collections.abc import MutableMapping
from unittest.mock import patch

from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase
from odoo.addons.gov_crm.models.ir_qweb import _as_in_a_request

from .common import new_user, read_conversions

STORED = ("name", "national_id", "gov_phone_digits", "child_ids", "image", "lang")


class TestCacheStore(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(cls.env, "store_clerk", "gov_crm.group_gov_front_desk", name="Store Clerk")
        # set-up: the person the clerk looks up
        cls.person = cls.env["res.partner"].create({
            "name": "สมหญิง ใจดี", "national_id": "1101700230708", "phone": "02 111 2222", "lang": "th_TH"})

    def _cached(self, record):
        """The cache's entries of STORED for ``record`` in every environment: {name: {key: value}}."""
        data = record.env.cache._data
        return {name: dict(data[record._fields[name]].get(record.id, {})) for name in STORED}

    def _stored_by(self, store, context):
        person = self.person.sudo(self.clerk).with_context(**context)
        person.invalidate_cache()
        values = {name: person[name] for name in STORED}  # fetched as the clerk
        person.invalidate_cache()
        store(person._cache, person._convert_to_cache(values, validate=False))
        return self._cached(person), values

    def test_the_clerks_values_are_stored_as_odoos_own_store_stores_them(self):
        for context in ({}, {"lang": "en_US", "bin_size": True}):
            ours, values = self._stored_by(models.RecordCache.update, context)
            odoos, _values = self._stored_by(MutableMapping.update, context)
            self.assertEqual(ours, odoos)
            self.assertEqual(values["national_id"], "1101700230708")
            person = self.person.sudo(self.clerk).with_context(**context)
            self.assertEqual([person[name] for name in STORED], [values[name] for name in STORED])
            # a plain field is the user's, a context-dependent one the environment's
            self.assertEqual(list(ours["name"]), [(person.env.cr, self.clerk.id)])
            self.assertEqual(list(ours["child_ids"]), [person.env])

    def test_another_users_cache_is_left_alone(self):
        person = self.person.sudo(self.clerk)
        person.invalidate_cache()
        person._cache.update({"name": "ชื่อในแคชของพนักงาน"})
        self.assertEqual(person.name, "ชื่อในแคชของพนักงาน")
        self.assertEqual(self.person.name, "สมหญิง ใจดี")  # the system's own read, from the row

    def test_a_fetched_row_is_stored_without_a_call_per_value(self):
        person = self.person.sudo(self.clerk)
        person.invalidate_cache()
        with patch.object(models.RecordCache, "__setitem__", side_effect=AssertionError("a call per value")):
            self.assertEqual(person.national_id, "1101700230708")
            self.assertEqual(person.name, "สมหญิง ใจดี")

    def test_the_fields_checked_once_per_user_are_still_refused_to_others(self):
        """A field of a group the clerk lacks stays refused when asked for, fetched or not."""
        person = self.person.sudo(self.clerk)
        self.assertEqual(person.name, "สมหญิง ใจดี")
        employee = new_user(self.env, "store_employee", "base.group_user")  # set-up: a user of no role
        self.assertEqual(self.person.sudo(employee).name, "สมหญิง ใจดี")
        with self.assertRaises(AccessError):
            self.person.sudo(employee).gov_consent_ids  # pylint: disable=pointless-statement
        self.assertEqual(person.gov_consent_ids.ids, self.person.gov_consent_ids.ids)  # the clerk's group

    def test_a_row_is_fetched_under_the_deploys_stand_in_request(self):
        """Building the asset bundles at a deploy reads the installed modules inside a stand-in request
        with no debug mode (ir_qweb.py): the system's fetch works there as in a real request."""
        module = self.env["ir.module.module"].search([("name", "=", "gov_crm")])
        module.invalidate_cache()
        with _as_in_a_request(self.env.cr.dbname):
            self.assertEqual(module.state, "installed")

    def test_fetched_rows_are_cached_for_the_user_and_the_system_as_a_fetch_would(self):
        """``_gov_cache_rows`` writes the cache's dictionaries itself: the clerk's values under the
        keys of Odoo's own store, the system's too where it has none of its own, and the rows join
        the records' prefetch (the next field asked of one is fetched for all)."""
        other = self.env["res.partner"].create({"name": "สมชาย ใจดี", "national_id": "3100600012348"})  # set-up
        names = ("name", "national_id", "lang")
        rows = [(record.id, [record[name] for name in names]) for record in (self.person, other)]
        clerk_people = self.env["res.partner"].sudo(self.clerk).with_context(lang="en_US")
        (self.person | other).invalidate_cache()
        self.person._cache.update({"name": "ชื่อที่ระบบอ่านไว้แล้ว"})  # the system's own value, kept
        clerk_people._gov_cache_rows([clerk_people._fields[name] for name in names], rows)
        system = self.env["res.partner"]
        with patch.object(models.BaseModel, "_read_from_database", side_effect=AssertionError("fetched again")):
            for record_id, values in rows:
                self.assertEqual([clerk_people.browse(record_id)[name] for name in names], values)
            self.assertEqual([system.browse(other.id)[name] for name in names], rows[1][1])
            self.assertEqual(system.browse(self.person.id).name, "ชื่อที่ระบบอ่านไว้แล้ว")
        cell = self.env.cache._data[system._fields["name"]][other.id]
        self.assertEqual(set(cell), {(self.env.cr, self.clerk.id), (self.env.cr, self.env.uid)})
        self.assertLessEqual({self.person.id, other.id}, clerk_people._prefetch["res.partner"])
        # a field whose value depends on the context (a translated name) is the environment's
        country = self.env.ref("base.th")
        country.invalidate_cache()
        clerk_countries = self.env["res.country"].sudo(self.clerk).with_context(lang="en_US")
        clerk_countries._gov_cache_rows([clerk_countries._fields["name"]], [(country.id, ["Thailand (cached)"])])
        cell = self.env.cache._data[clerk_countries._fields["name"]][country.id]
        self.assertEqual(set(cell), {clerk_countries.env, clerk_countries.sudo().env})
        self.assertEqual(clerk_countries.browse(country.id).name, "Thailand (cached)")

    def test_a_field_with_a_cache_key_of_its_own_is_stored_through_the_record(self):
        """No field class of Odoo 11 has its own cache key; one that had would be stored through the
        record's cache (its key), for the clerk and, unless it has its own, for the system."""
        names = ("name", "national_id")
        values = [self.person[name] for name in names]
        clerk_people = self.env["res.partner"].sudo(self.clerk)
        self.person.invalidate_cache()
        self.person._cache.update({"name": "ชื่อที่ระบบอ่านไว้แล้ว"})  # the system's own value, kept
        stored = []
        original = models.RecordCache.__setitem__

        def through_the_record(cache, name, value):
            stored.append((cache._record.env.uid, name))
            return original(cache, name, value)
        with patch("odoo.addons.gov_crm.models.base_prefetch._plain_keyed", return_value=False), \
                patch.object(models.RecordCache, "__setitem__", through_the_record):
            clerk_people._gov_cache_rows([clerk_people._fields[name] for name in names], [(self.person.id, values)])
        self.assertEqual(stored, [(self.clerk.id, "name"), (self.clerk.id, "national_id"),
                                  (self.env.uid, "national_id")])
        with patch.object(models.BaseModel, "_read_from_database", side_effect=AssertionError("fetched again")):
            self.assertEqual([clerk_people.browse(self.person.id)[name] for name in names], values)
            self.assertEqual(self.person.national_id, values[1])
            self.assertEqual(self.person.name, "ชื่อที่ระบบอ่านไว้แล้ว")

    def test_the_superusers_fetch_of_a_users_row_goes_past_their_read(self):
        """``env.user`` is the superuser's record of the user: every template and mail default that
        names the user's company or address fetched the row through res.users' own read(), which
        converted each value and back. It is fetched straight into the cache, with the values read()
        gives; a user reading a user's row still goes through read() (its own row as the superuser)."""
        company = self.env.user.company_id
        expected = self.clerk.read(["company_id", "login", "partner_id", "email", "lang", "tz"])[0]
        clerk_user = self.env(user=self.clerk.id).user
        self.assertEqual(clerk_user.env.uid, SUPERUSER_ID)
        clerk_user.invalidate_cache()
        with read_conversions() as converted:
            self.assertEqual(clerk_user.company_id, company)
            got = {name: clerk_user[name] for name in ("login", "email", "lang", "tz")}
        self.assertEqual(converted, [])
        self.assertEqual(got, {name: expected[name] for name in got})
        self.assertEqual(clerk_user.partner_id.id, expected["partner_id"][0])
        # a password column is never fetched with the rest of a row
        self.assertNotIn(self.clerk.id, self.env.cache._data.get(self.clerk._fields["password"], {}))
        # the clerk's own fetch of their row: through read(), as before
        as_clerk = self.clerk.sudo(self.clerk)
        as_clerk.invalidate_cache()
        with read_conversions() as converted:
            self.assertEqual(as_clerk.company_id, company)
        self.assertIn("login", converted)
