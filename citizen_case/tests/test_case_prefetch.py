"""Cases fetched into the record cache straight from their rows, read as the officers who open them.

gov_crm fetches a row not in the cache without read()'s conversions (base_prefetch.py). What an
officer sees must not change: the values read() gives, another department's case refused even
when fetched along with one's own, a field of another group refused, and the follower lines
(whose read() checks their document) still refused to an officer of another department.
"""
from unittest.mock import patch

from odoo import models
from odoo.exceptions import AccessError
from odoo.addons.gov_crm.tests.common import read_conversions

from .common import CaseCase, utc

COMPARED = ("subject", "department_id", "partner_id", "stage_id", "date_open", "sla_days", "deadline", "priority")


class TestCasePrefetch(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # set-up: cases as the routing opens them, one in each department
        values = {"partner_id": cls.partner.id, "date_open": utc("2026-12-04 10:00"), "sla_days": 3}
        cls.own = cls.Case.create(dict(values, subject="ถนนชำรุด หน้าบ้านเลขที่ 12", department_id=cls.dep.id))
        cls.other = cls.Case.create(dict(values, subject="ไฟฟ้าดับ ซอย 3", department_id=cls.dep_other.id))
        cls.own.message_subscribe(partner_ids=cls.officer.partner_id.ids)  # the officer follows their case

    def test_an_officer_reads_through_the_cache_what_read_returns(self):
        case = self.Case.sudo(self.officer).browse(self.own.id)
        fetched = {name: case._fields[name].convert_to_write(case[name], case) for name in COMPARED}
        self.assertEqual(fetched["subject"], "ถนนชำรุด หน้าบ้านเลขที่ 12")
        case.invalidate_cache()
        (read,) = case.read(list(COMPARED), load="_classic_write")
        self.assertEqual(fetched, {name: read[name] for name in COMPARED})

    def test_the_row_is_fetched_without_converting_each_value_there_and_back(self):
        case = self.Case.sudo(self.officer).browse(self.own.id)
        with read_conversions() as converted:
            self.assertEqual(case.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
            self.assertTrue(case.deadline)  # in the cache with the rest of the row
        self.assertEqual(converted, [])

    def test_another_departments_case_fetched_with_ones_own_stays_refused(self):
        own, other = self.Case.sudo(self.officer).browse([self.own.id, self.other.id])
        self.assertEqual(own.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
        with self.assertRaises(AccessError):
            other.subject  # pylint: disable=pointless-statement

    def test_a_field_of_another_group_is_refused(self):
        case = self.Case.sudo(self.officer).browse(self.own.id)
        with self.assertRaises(AccessError):
            case.rating_token_hash  # pylint: disable=pointless-statement

    def test_follower_lines_of_another_departments_case_stay_refused(self):
        # set-up: the officer's follower line, found as the system
        follower = self.own.message_follower_ids.filtered(lambda f: f.partner_id == self.officer.partner_id)
        self.assertEqual(self.env["mail.followers"].sudo(self.officer).browse(follower.id).res_id, self.own.id)
        refused = self.env["mail.followers"].sudo(self.officer_other).browse(follower.id)
        with self.assertRaises(AccessError):
            refused.res_id  # pylint: disable=pointless-statement

    def test_a_group_granted_opens_its_fields_to_the_next_fetch(self):
        """The fields fetched with a row are known per user (cached): a group granted shows at once."""
        case = self.Case.sudo(self.officer).browse(self.own.id)
        token = case._fields["rating_token_hash"]
        self.assertEqual(case.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
        self.assertFalse(case.env.cache.contains(case, token))  # not the officer's to fetch
        # set-up: the administrator makes the officer a system administrator too
        self.officer.write({"groups_id": [(4, self.env.ref("base.group_system").id)]})
        case.invalidate_cache()
        self.assertEqual(case.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
        self.assertTrue(case.env.cache.contains(case, token))  # fetched with the row now
        self.assertFalse(case.rating_token_hash)

    def test_a_row_is_fetched_as_odoo_fetches_it(self):
        """The SELECT written once per set of fields (base_prefetch.py's _gov_fetch_rows) fills the cache
        as _read_from_database does, for the officer's own case, without calling it."""
        case = self.Case.sudo(self.officer).browse(self.own.id)
        odoos_fetch = models.BaseModel._read_from_database

        def fetch(records, *args, **kwargs):
            self.assertNotEqual(records._name, "citizen.case", "the case fetched by Odoo's method")
            return odoos_fetch(records, *args, **kwargs)

        with patch.object(models.BaseModel, "_read_from_database", fetch):
            self.assertEqual(case.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
        cache = case.env.cache
        names = [name for name, field in case._fields.items() if cache.contains(case, field)]
        self.assertIn("deadline", names)
        ours = {name: case._cache[name] for name in names}
        case.invalidate_cache()
        case._read_from_database([name for name in names if case._fields[name].store])
        self.assertEqual({name: case._cache[name] for name in names}, ours)

    def test_a_case_is_fetched_whole_after_the_models_are_set_up_again(self):
        """Loading a module or upgrading sets every model up again, with new field objects where a
        model's classes changed: a fetch after it stores its values for the fields as they are now."""
        case = self.Case.sudo(self.officer).browse(self.own.id)
        state = case.stage_state
        self.assertFalse(case.transfer_ids)
        # set-up: what loading a module that extends the models does to the registry
        self.registry.model_cache.clear()
        self.registry.setup_models(self.cr)
        self.addCleanup(setattr, self.registry, "registry_invalidated", False)
        case = self.env(user=self.officer)["citizen.case"].browse(self.own.id)
        self.assertFalse(case.transfer_ids)
        self.assertEqual(case.stage_state, state)
        self.assertEqual(case.subject, "ถนนชำรุด หน้าบ้านเลขที่ 12")
