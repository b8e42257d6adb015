"""A request's figures follow its steps, reached through the steps' own request instead of a search.

When a step changes, gov_crm (base_recompute.py) finds the requests whose progress to compute from
the steps' many2one (the cache, or one SELECT) where Odoo 11 searches ``[('step_ids', 'in', ids)]``.
What the officers and the front desk see must not change: the progress after each officer's step,
both requests when a step moves from one to the other, and no value another transaction cached.

A row just inserted is put in the cache as a fetch would give it, and a row a user fetches serves the
superuser too (base_recompute.py, base_prefetch.py): neither is fetched back, and what is read is
what the database holds. The steps of a request already read are read without selecting it again,
and an officer who may not read it is refused them as before.
"""
from collections import defaultdict
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError

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

    def test_a_new_request_has_no_lines_in_the_other_contexts_of_its_call(self):
        """The request is created in a context of its own (mail's: no log, no follower) and the call
        reads its lines in the clerk's and others: they are known to be none there too, until lines
        are created."""
        Request = self.env["oss.request"].sudo(self.front_desk)
        other = Request.with_context(gov_test_other=True)  # an environment of the call before the create
        with sql_statements(lambda text: text.startswith(("SELECT oss_request_step.id",
                                                          "SELECT oss_applicant_question.id"))) as searched:
            request = Request.create({"partner_id": self.person.id, "service_id": self.service.id})
            self.assertEqual(other.browse(request.id).step_ids.ids, [])
            self.assertEqual(other.browse(request.id).question_ids.ids, [])
        self.assertEqual(searched, [])
        request.document_ids.write({"received": True})
        request.action_submit()
        self.assertEqual(len(other.browse(request.id).step_ids), 4)

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


def row_fetches(model):
    """The fetches of rows of ``model``'s table sent inside the block."""
    return sql_statements(lambda text: text.startswith("SELECT %s.id," % model._table))


class TestRowsKnown(OssCase):

    def cached_columns(self, record):
        fields = type(record)._gov_row_fields
        return {field.name: record[field.name] for field in fields if self.env.cache.contains(record, field)}

    def test_a_new_request_is_read_without_fetching_its_row_back(self):
        # set-up by the manager: a service without a fee (a fee's amount is written after the create,
        # which drops it from the cache)
        free = self.env["oss.service"].sudo(self.manager).create({
            "code": "T0F", "name": "บริการไม่มีค่าธรรมเนียม", "name_en": "Free service", "group": "G2C",
            "legal_days": 5})
        Request = self.env["oss.request"].sudo(self.front_desk)
        with row_fetches(Request) as fetched:
            clerk = Request.create({"partner_id": self.person.id, "service_id": free.id, "channel": "counter",
                                    "date_received": "2026-12-01 09:30:00.123456", "description": "Lost card"})
            seen = (clerk.partner_id, clerk.service_id, clerk.channel, clerk.description, clerk.date_received,
                    clerk.state)
        # nothing fetched, by the front desk nor by the system (the create computes the service's group,
        # a related field, as the superuser)
        self.assertEqual(fetched, [])
        self.assertEqual(seen, (self.person, free, "counter", "Lost card", "2026-12-01 09:30:00", "draft"))
        known = self.cached_columns(clerk)
        self.assertIn("date_received", known)
        self.assertIs(known["reject_reason"], False)  # not given: empty, as the row holds it
        clerk.invalidate_cache()
        self.assertEqual(self.cached_columns(clerk), {}, "every column is fetched again")
        # what the database holds (read as the system: some columns are for other groups than the
        # front desk's, who gave or left them empty)
        self.assertEqual({name: clerk.sudo()[name] for name in known}, known)

    def test_a_date_or_an_id_given_as_other_text_is_fetched(self):
        clerk = self.new_request()
        clerk.invalidate_cache()
        clerk._gov_row_known({"date_received": "2026-12-01T09:30:00", "service_id": str(self.service.id),
                              "channel": "counter"})
        for name, known in (("date_received", False), ("service_id", False), ("channel", True)):
            self.assertEqual(self.env.cache.contains(clerk, clerk._fields[name]), known, name)
        clerk.invalidate_cache()

    def test_a_new_requests_figures_are_known_in_every_context_until_its_route_moves_them(self):
        """The figures the create writes with the INSERT and does not compute (its steps, its
        progress) are read in the clerk's and another context of the call without fetching the row;
        once the submission creates the route they are the route's."""
        Request = self.env["oss.request"].sudo(self.front_desk)
        other = Request.with_context(gov_test_other=True)  # an environment of the call before the create
        with row_fetches(Request) as fetched:
            clerk = Request.create({"partner_id": self.person.id, "service_id": self.service.id})
            seen = (clerk.steps_total, clerk.progress, other.browse(clerk.id).steps_done)
        self.assertEqual(fetched, [])
        self.assertEqual(seen, (0, 0.0, 0))
        clerk.document_ids.write({"received": True})
        clerk.action_submit()
        self.assertEqual((other.browse(clerk.id).steps_total, clerk.steps_done), (4, 0))
        clerk.invalidate_cache()
        self.assertEqual((clerk.steps_total, clerk.progress), (4, 0.0), "what the database holds")

    def test_a_figure_marked_to_be_computed_is_not_taken_from_the_values(self):
        clerk = self.new_request()
        clerk.invalidate_cache()
        steps_total = clerk._fields["steps_total"]
        self.env.all.todo.setdefault(steps_total, []).append(clerk)
        try:
            clerk._gov_row_known({"steps_total": 7, "steps_done": 3, "channel": "counter"})
            known = {name: self.env.cache.contains(clerk, clerk._fields[name])
                     for name in ("steps_total", "steps_done", "channel")}
        finally:
            self.env.all.todo.pop(steps_total)
            clerk.invalidate_cache()
        self.assertEqual(known, {"steps_total": False, "steps_done": True, "channel": True})

    def test_a_row_the_front_desk_fetched_serves_the_superuser(self):
        request = self.new_request()
        request.invalidate_cache()
        clerk = self.env["oss.request"].sudo(self.front_desk).browse(request.id)
        with row_fetches(clerk) as fetched:
            name = clerk.name
            # the system's own reads after the clerk's (related fields, the audit log's names)
            system = clerk.sudo()
            self.assertEqual((system.name, system.service_id, system.partner_id),
                             (name, self.service, self.person))
        self.assertEqual(len(fetched), 1)

    def test_a_row_the_superuser_fetched_is_fetched_again_for_a_user(self):
        """The superuser sees rows a user may not: its fetch serves no one else."""
        request = self.new_request()
        request.invalidate_cache()
        name = request.sudo().name  # the system reads it first
        clerk = self.env["oss.request"].sudo(self.front_desk).browse(request.id)
        with row_fetches(clerk) as fetched:  # the front desk, who sees it
            self.assertEqual(clerk.name, name)
        self.assertEqual(len(fetched), 1)

    def test_the_steps_of_a_request_read_are_read_without_selecting_its_row_again(self):
        request = self.new_request()
        request.sudo(self.front_desk).action_submit()
        request.invalidate_cache()
        clerk = self.env["oss.request"].sudo(self.front_desk).browse(request.id)
        self.assertTrue(clerk.name)  # its row, read through the front desk's record rules
        with sql_statements(lambda text: text.startswith("SELECT oss_request.id FROM oss_request")) as selected:
            self.assertEqual(len(clerk.step_ids), 4)
        self.assertEqual(selected, [])
        # an officer of no department on its route, who has read nothing of it: refused as before
        outsider = self.new_user("oss_off_none", "gov_crm.group_gov_officer")
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(outsider).browse(request.id).step_ids


class TestWrittenRowsKnown(OssCase):
    """What a user has just written is read back from the cache, as the database holds it; a write
    rolled back to its savepoint is not; a message posted on a record keeps its row."""

    def test_what_the_front_desk_writes_is_read_without_fetching_the_row_again(self):
        clerk = self.new_request()
        self.assertTrue(clerk.name)  # the row, as the clerk's form has it
        with row_fetches(clerk) as fetched:
            clerk.write({"description": "Lost card, second copy", "channel": "phone",
                         "date_received": "2026-12-01 09:30:00"})
            seen = (clerk.description, clerk.channel, clerk.date_received, clerk.state)
        self.assertEqual(fetched, [])
        self.assertEqual(seen, ("Lost card, second copy", "phone", "2026-12-01 09:30:00", "draft"))
        clerk.invalidate_cache()
        with row_fetches(clerk) as fetched:
            self.assertEqual((clerk.description, clerk.channel, clerk.date_received, clerk.state), seen)
        self.assertEqual(len(fetched), 1, "what the database holds")

    def test_a_value_the_database_writes_otherwise_is_fetched(self):
        clerk = self.new_request()
        self.assertTrue(clerk.name)
        clerk.write({"date_received": "2026-12-01T09:30"})
        with row_fetches(clerk) as fetched:
            self.assertEqual(clerk.date_received, "2026-12-01 09:30:00")
        self.assertEqual(len(fetched), 1)

    def test_a_write_rolled_back_to_its_savepoint_is_not_read(self):
        clerk = self.new_request(description="Lost card")
        self.assertEqual(clerk.description, "Lost card")
        refused = False
        try:
            with self.env.cr.savepoint():
                clerk.write({"description": "Changed, then undone"})
                self.assertEqual(clerk.description, "Changed, then undone")
                clerk.write({"partner_id": -1})  # no such person: the database refuses the write
        except psycopg2.IntegrityError:
            refused = True
        self.assertTrue(refused)
        self.assertEqual(clerk.description, "Lost card")
        self.assertEqual(self.env["oss.request"].browse(clerk.id).description, "Lost card")

    def test_the_submission_finds_the_request_of_its_new_steps_without_a_select(self):
        clerk = self.new_request()
        with sql_statements(lambda text: text.startswith("SELECT request_id FROM oss_request_step")) as selected:
            clerk.action_submit()
        self.assertEqual(selected, [])
        self.assertEqual((clerk.steps_done, clerk.steps_total), (0, 4))
        officer = self.env["oss.request"].sudo(self.officer_reg).browse(clerk.id)
        self.assertEqual((officer.steps_total, officer.progress), (4, 0.0))

    def test_the_submission_reads_its_new_steps_once_as_the_system_that_routes_them(self):
        """The route's steps, created and activated as the superuser, are known to it: no search of
        the request's steps (a request that had none has those just created; before, one for the
        front desk and one for the progress) and no fetch of the rows just inserted. The front desk and
        the officers still read them."""
        clerk = self.new_request()
        with sql_statements(lambda text: text.startswith("SELECT oss_request_step.")) as read:
            clerk.action_submit()
        searched = [text for text in read if text.startswith("SELECT oss_request_step.id FROM")]
        fetched = [text for text in read if text.startswith("SELECT oss_request_step.id,")]
        self.assertEqual((searched, fetched), ([], []))
        self.assertEqual(clerk.step_ids.mapped("state"), ["active", "pending", "pending", "pending"])
        officer = self.env["oss.request"].sudo(self.officer_reg).browse(clerk.id)
        self.assertEqual((officer.steps_total, officer.steps_done, officer.step_ids[0].state), (4, 0, "active"))

    def test_the_notice_reads_the_person_once(self):
        """The notice's channels are asked before its lawful basis, whose check reads the person's
        anonymised flag from the row the channels fetched, not in a fetch of its own."""
        clerk = self.new_request()
        with sql_statements(lambda text: text.startswith("SELECT res_partner.id,res_partner.gov_anonymised FROM")
                            ) as alone:
            clerk.action_submit()
        self.assertEqual(alone, [])
        self.assertEqual(clerk.notice_job_state, "waiting")

    def test_a_note_posted_keeps_the_row_and_shows_in_the_chatter(self):
        clerk = self.new_request()
        self.assertTrue(clerk.name)
        messages = len(clerk.message_ids)
        clerk._oss_log("The applicant called about the documents.")
        with row_fetches(clerk) as fetched:
            self.assertEqual(clerk.state, "draft")
        self.assertEqual(fetched, [])
        self.assertEqual(len(clerk.message_ids), messages + 1)
        self.assertIn("The applicant called", clerk.message_ids[0].body)

    def test_the_acknowledgement_fetches_its_request_once_as_the_clerk(self):
        """The job reads the request as the clerk who gave the notice, whose fetch serves the
        rendering (as the superuser) too; fetched first as the superuser, it is fetched again for the
        clerk's reads."""
        clerk = self.new_request()
        clerk.action_submit()
        self.env.cache.invalidate()
        Request = type(self.env["oss.request"])
        post = Request._oss_post_and_queue
        loaded = []

        def posting(request, template, channels):
            # the row is there for the clerk before the notice is rendered and posted
            loaded.append((request.env.uid, self.env.cache.contains(request, request._fields["state"])))
            return post(request, template, channels)
        with patch.object(Request, "_oss_post_and_queue", posting), row_fetches(clerk) as fetched:
            jobs = self.run_notice_jobs()
        self.assertEqual(jobs.mapped("state"), ["done"])
        self.assertEqual((len(fetched), loaded), (1, [(self.front_desk.id, True)]))
        self.assertIn(self.person, clerk.message_ids.mapped("partner_ids"))

    def test_the_first_steps_keep_the_time_of_change_the_submission_set(self):
        clerk = self.new_request()
        with patch.object(fields.Datetime, "now", staticmethod(lambda *args: "2026-12-03 09:00:00")), \
                sql_statements(lambda text: text.startswith("UPDATE oss_request SET date_public_change")) as sent:
            clerk.action_submit()
        self.assertEqual((sent, clerk.date_public_change), ([], "2026-12-03 09:00:00"))
        step = clerk.step_ids.filtered(lambda s: s.state == "active")[0]
        with patch.object(fields.Datetime, "now", staticmethod(lambda *args: "2026-12-03 10:15:00")):
            step.sudo(self.officer_reg).action_done("checked")
        self.assertEqual(clerk.date_public_change, "2026-12-03 10:15:00")


class TestRelatedAtCreate(OssCase):
    """A stored related field one many2one away (a request's service group) is inserted with the new
    row, the value of the record given, not updated after it; a change of the many2one later computes
    it as before (a case's stage meaning: citizen_case's test_case_routing.py)."""

    def test_a_new_request_holds_its_services_group_from_its_insert(self):
        with sql_statements(lambda text: text.startswith("UPDATE oss_request SET service_group")) as updated:
            clerk = self.new_request()
        self.assertEqual(updated, [])
        self.assertEqual(clerk.service_group, self.service.group)
        clerk.invalidate_cache()
        self.assertEqual(clerk.service_group, self.service.group, "what the database holds")

    def test_a_draft_moved_to_another_service_takes_that_services_group(self):
        # set-up by the manager: a service of another group
        business = self.env["oss.service"].sudo(self.manager).create({
            "code": "T0B", "name": "บริการธุรกิจ", "name_en": "Business service", "group": "G2B",
            "legal_days": 5})
        clerk = self.new_request()
        clerk.write({"service_id": business.id})
        self.assertEqual(clerk.service_group, "G2B")
        clerk.invalidate_cache()
        self.assertEqual(clerk.service_group, "G2B")


class TestModifiedPlan(OssCase):
    """What a change of some fields marks (gov_crm's ``modified``) is worked out once per model and set
    of fields, as Odoo 11 groups it at each call."""

    def test_the_marking_is_odoos_grouping_kept(self):
        Request, Step = self.env["oss.request"], self.env["oss.request.step"]
        for model, fnames in ((Request, Request._fields), (Request, ["state"]), (Step, {"state", "request_id"}),
                              (Step, Step._fields)):
            own, inverses, triggers = model._gov_modified_plan(fnames)
            expected = defaultdict(set)
            for name in fnames:
                for field, path in model._field_triggers[model._fields[name]]:
                    expected[(field.model_name, path)].add(field)
            self.assertEqual({(model_name, path): set(stored) | set(others)
                              for model_name, path, stored, others, _from_others in triggers}, dict(expected))
            for _model_name, _path, stored, others, _from_others in triggers:
                self.assertTrue(all(field.compute and field.store for field in stored))
                self.assertFalse(any(field.compute and field.store for field in others))
            self.assertEqual(set(own), {model._fields[name] for name in fnames})
            self.assertEqual(set(inverses), {(inverse, None) for name in fnames
                                             for inverse in model._field_inverses[model._fields[name]]})
            self.assertIs(model._gov_modified_plan(fnames)[2], triggers, "kept")
        # the steps' request reaches the progress of the request through the step's own row
        step_triggers = {(model_name, path): from_others
                         for model_name, path, _s, _o, from_others in Step._gov_modified_plan(["state"])[2]}
        self.assertIs(step_triggers[("oss.request", "step_ids")], False)
