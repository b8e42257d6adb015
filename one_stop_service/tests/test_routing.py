from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from odoo.addons.gov_crm.tests.common import audited_create, sql_statements

from .common import OssCase


class TestRouting(OssCase):

    def states(self, request):
        return [(s.sequence, s.name, s.state) for s in request.step_ids]

    def test_serial_parallel_serial_route(self):
        request = self.new_request()
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(self.states(request), [
            (1, "Check", "active"), (2, "Inspect", "pending"), (2, "Assess", "pending"),
            (4, "Approve", "pending")])
        first = request.step_ids[0]
        self.assertTrue(first.date_start)
        first.sudo(self.officer_reg).action_done("ok")
        self.assertEqual(self.states(request), [
            (1, "Check", "done"), (2, "Inspect", "active"), (2, "Assess", "active"),
            (4, "Approve", "pending")])
        self.assertEqual((request.steps_done, request.steps_total, request.progress), (1, 4, 25.0))
        inspect, assess = request.step_ids[1], request.step_ids[2]
        inspect.sudo(self.officer_eng).action_done()
        # the parallel step is still open: the last sequence waits
        self.assertEqual(request.step_ids[3].state, "pending")
        assess.sudo(self.officer_wel).action_done()
        self.assertEqual(request.step_ids[3].state, "active")
        self.assertEqual(request.state, "in_progress")
        request.step_ids[3].sudo(self.officer_reg).action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_done)
        self.assertEqual(request.progress, 100.0)

    def test_a_route_started_by_the_call_that_created_the_request_knows_its_steps(self):
        """The steps of a request submitted as it is created are those its route just created, in the
        order their search gives: they are not searched again. The call has a context of its own (a
        served call's), in which the superuser's environment the route reads them in is new."""
        Request = self.env["oss.request"].sudo(self.front_desk).with_context(tz="Asia/Bangkok", gov_call=id(self))
        lines = Request._oss_document_lines(self.service)
        with sql_statements(lambda text: text.startswith("SELECT oss_request_step.id FROM")) as searched:
            request = Request.create_and_submit({
                "partner_id": self.person.id, "service_id": self.service.id,
                "document_ids": [(0, 0, dict(line, received=True)) for line in lines]})
        self.assertEqual(searched, [])
        known = request.sudo().step_ids  # as the route holds them
        self.assertEqual(known.ids, self.env["oss.request.step"].search([("request_id", "=", request.id)]).ids)
        self.assertEqual(request.step_ids.ids, known.ids)  # and as the front desk reads them
        self.assertEqual([(step.sequence, step.name, step.state) for step in known], [
            (1, "Check", "active"), (2, "Inspect", "pending"), (2, "Assess", "pending"), (4, "Approve", "pending")])
        self.assertEqual((request.steps_done, request.steps_total, request.progress), (0, 4, 0.0))

    def route_rows(self, request):
        self.env.cr.execute("""
            SELECT service_step_id, sequence, name, department_id, days, state, date_start IS NOT NULL,
                   date_done, note, create_uid, write_uid
              FROM oss_request_step WHERE request_id = %s ORDER BY sequence, id""", (request.id,))
        return self.env.cr.fetchall()

    def test_the_route_is_one_insert_of_the_orms_rows(self):
        """The front desk's submission writes the route's steps with one INSERT, the rows the ORM's
        create of each step writes; the request's progress, its first step active with its case and
        the steps it holds are the same."""
        Step = type(self.env["oss.request.step"])
        with patch.object(Step, "create", autospec=True, side_effect=Step.create) as create, \
                sql_statements(lambda text: text.startswith("INSERT INTO oss_request_step")) as inserted:
            request = self.new_request()
            request.sudo(self.front_desk).action_submit()
        self.assertEqual((create.call_count, len(inserted)), (0, 1))
        with patch.object(Step, "_oss_route_insertable", lambda *_args: False):
            oracle = self.new_request()
            oracle.sudo(self.front_desk).action_submit()
        self.assertEqual(len(self.route_rows(request)), 4)
        self.assertEqual(self.route_rows(request), self.route_rows(oracle))
        for record in (request, oracle):
            record.invalidate_cache()
        self.assertEqual([self.states(request), request.steps_total, request.progress],
                         [self.states(oracle), oracle.steps_total, oracle.progress])
        if "citizen.case" in self.env:  # citizen_case: the first step's case, as its department's officer finds it
            for record in (request, oracle):
                cases = self.env["citizen.case"].sudo(self.officer_reg).search([("request_id", "=", record.id)])
                self.assertEqual((cases.step_id, cases.department_id), (record.step_ids[0], self.dep_reg))

    def test_a_route_whose_create_is_extended_elsewhere_is_the_orms(self):
        """A module that extends the steps' create without saying what it does for a route, or an audit
        rule that replaces it, has each step of the route written by that create."""
        Step = self.env["oss.request.step"]
        self.assertTrue(Step._oss_route_insertable())
        extended = Step._gov_create_modules() | {"another_module"}
        with patch.object(type(Step), "_gov_create_modules", lambda *_args: extended):
            self.assertFalse(Step._oss_route_insertable())
        with audited_create(Step) as logged:
            request = self.new_request()
            request.sudo(self.front_desk).action_submit()
        self.assertEqual([vals["name"] for vals in logged], ["Check", "Inspect", "Assess", "Approve"])
        self.assertEqual(self.states(request)[0], (1, "Check", "active"))

    def test_rejection_stops_the_route(self):
        request = self.new_request()
        request.action_submit()
        request.step_ids[0].sudo(self.officer_reg).action_done()
        request.step_ids[1].sudo(self.officer_eng).action_reject("ผังเมืองไม่อนุญาต")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.reject_reason, "ผังเมืองไม่อนุญาต")
        self.assertEqual(self.states(request), [
            (1, "Check", "done"), (2, "Inspect", "rejected"), (2, "Assess", "cancelled"),
            (4, "Approve", "cancelled")])
        with self.assertRaises(UserError):
            request.step_ids[2].sudo(self.officer_wel).action_done()

    def test_reject_needs_a_reason(self):
        request = self.new_request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "Give the reason"):
            request.step_ids[0].sudo(self.officer_reg).action_reject("")

    def test_officer_cannot_finish_another_departments_step(self):
        request = self.new_request()
        request.action_submit()
        with self.assertRaises(AccessError):
            request.step_ids[0].sudo(self.officer_eng).action_done()
        self.assertEqual(request.step_ids[0].state, "active")

    def test_pending_step_cannot_be_done(self):
        request = self.new_request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "is not active"):
            request.step_ids[3].sudo(self.officer_reg).action_done()

    def test_withdraw_cancels_open_steps(self):
        request = self.new_request()
        request.action_submit()
        request.sudo(self.front_desk).action_withdraw()
        self.assertEqual(request.state, "withdrawn")
        self.assertEqual(set(request.step_ids.mapped("state")), {"cancelled"})

    def test_service_without_steps_is_finished_by_hand(self):
        service = self.service.copy({"code": "T02", "step_ids": []})
        request = self.new_request(service_id=service.id)
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        request.sudo(self.manager).action_done()
        self.assertEqual(request.state, "done")

    def test_officer_cannot_move_a_step_by_editing_it(self):
        request = self.new_request()
        request.action_submit()
        step = request.step_ids[0].sudo(self.officer_reg)
        with self.assertRaisesRegex(AccessError, "change only through its actions"):
            step.write({"state": "done"})
        step.write({"note": "ตรวจแล้ว"})  # a note is the officer's to write
        self.assertEqual((step.state, step.note), ("active", "ตรวจแล้ว"))
