"""A request's figures follow its steps, reached through the steps' own request instead of a search.

When a step changes, gov_crm (base_recompute.py) finds the requests whose progress to compute from
the steps' many2one (the cache, or one SELECT) where Odoo 11 searches ``[('step_ids', 'in', ids)]``.
What the officers and the front desk see must not change: the progress after each officer's step,
both requests when a step moves from one to the other, and no value another transaction cached.
"""
from unittest.mock import patch

from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase


class TestRecomputeLinks(OssCase):

    def searched(self):
        """Count the searches of requests by their steps while the block runs."""
        Request = type(self.env["oss.request"])
        real = Request.search
        calls = []

        def search(model, args, *rest, **kwargs):
            if any(isinstance(leaf, (list, tuple)) and leaf[0] == "step_ids" for leaf in args):
                calls.append(args)
            return real(model, args, *rest, **kwargs)
        return calls, patch.object(Request, "search", search)

    def test_an_officers_step_moves_the_progress_without_searching_for_the_request(self):
        request = self.new_request()
        calls, patched = self.searched()
        with patched:
            request.sudo(self.front_desk).action_submit()
            self.assertEqual((request.steps_done, request.steps_total), (0, 4))
            request.step_ids[0].sudo(self.officer_reg).action_done("ok")
            seen = self.env["oss.request"].sudo(self.officer_reg).browse(request.id)
            self.assertEqual((seen.steps_done, seen.steps_total, seen.progress), (1, 4, 25.0))
            request.step_ids[1].sudo(self.officer_eng).action_done()
            self.assertEqual(request.progress, 50.0)
        self.assertEqual(calls, [])

    def test_a_new_request_is_known_to_have_no_notice_and_sees_its_steps_once_created(self):
        """While the front desk's new request is created, nothing is searched for that could only
        refer to it later (its notices, their copies); the documents given to it are there, and its
        route's steps as soon as the submission creates them."""
        Request = self.env["oss.request"].sudo(self.front_desk)
        with sql_statements(lambda text: text.startswith("SELECT oss_request_notice")) as searched:
            clerk = Request.create({"partner_id": self.person.id, "service_id": self.service.id})
        self.assertEqual(searched, [])
        clerk.document_ids.write({"received": True})
        self.assertEqual((len(clerk.document_ids), clerk.notice_ids.ids), (4, []))
        self.assertFalse(clerk.step_ids)
        clerk.action_submit()
        self.assertEqual(len(clerk.step_ids), 4)
        officer = self.env["oss.request"].sudo(self.officer_reg).browse(clerk.id)
        self.assertEqual(officer.step_ids.filtered(lambda step: step.state == "active").name, "Check")

    def test_the_requests_found_are_those_the_search_finds(self):
        one, two = self.new_request(), self.new_request(partner=self.person_en)
        for request in (one, two):
            request.sudo(self.front_desk).action_submit()
        steps = self.env["oss.request.step"].browse((one.step_ids[:2] | two.step_ids[-1:]).ids)
        searched = self.env["oss.request"].with_context(active_test=False).search([("step_ids", "in", steps.ids)])
        steps.invalidate_cache()
        self.assertEqual(steps._gov_linked("oss.request", "step_ids"), searched)  # read from the rows
        steps.mapped("request_id")
        self.assertEqual(steps._gov_linked("oss.request", "step_ids"), searched)  # from the cache
        # another path (a chain of fields) is searched for as before
        self.assertEqual(steps._gov_linked("oss.request", "step_ids.request_id.step_ids"),
                         self.env["oss.request"].search([("step_ids.request_id.step_ids", "in", steps.ids)]))

    def test_a_step_moved_to_another_request_updates_both(self):
        one, two = self.new_request(), self.new_request(partner=self.person_en)
        for request in (one, two):
            request.sudo(self.front_desk).action_submit()
        step = one.step_ids[-1]
        self.assertEqual(step.request_id, one)  # in the cache before the move
        # the system's own correction: no role moves a step
        step.sudo().write({"request_id": two.id})
        self.assertEqual((one.steps_total, two.steps_total), (3, 5))

    def test_a_value_another_transaction_cached_is_not_trusted(self):
        one, two = self.new_request(), self.new_request(partner=self.person_en)
        for request in (one, two):
            request.sudo(self.front_desk).action_submit()
        step = one.step_ids[0]
        step.invalidate_cache()
        # the cache of a thread is shared by its cursors: a stale value under another cursor's key
        field = step._fields["request_id"]
        self.env.cache._data[field][step.id][(object(), self.env.uid)] = (two.id,)
        self.assertEqual(step._gov_linked("oss.request", "step_ids"), one)
        step.invalidate_cache()
