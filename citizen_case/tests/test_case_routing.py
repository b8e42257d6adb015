"""Routing 1 -> 2 + 3 (parallel) -> 4 of a one-stop-service request, worked through cases."""
from odoo.addons.gov_crm.tests.common import sql_statements

from .common import CaseCase, utc


class TestCaseRouting(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["oss.service"].create({
            "code": "TROUTE", "name": "ขออนุญาตก่อสร้าง", "legal_days": 30,
            "step_ids": [
                (0, 0, {"sequence": 1, "name": "Check file", "department_id": cls.dep.id, "days": 2}),
                (0, 0, {"sequence": 2, "name": "Site visit", "department_id": cls.dep_other.id, "days": 5}),
                (0, 0, {"sequence": 2, "name": "Legal review", "department_id": cls.dep.id, "days": 3}),
                (0, 0, {"sequence": 3, "name": "Sign permit", "department_id": cls.dep.id, "days": 1}),
            ]})

    def submit(self):
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.partner.id, "service_id": self.service.id, "description": "Extension"})
        request = request.sudo()
        with self.at("2026-12-01 10:00"):
            request.action_submit()
        return request

    def open_cases(self, request):
        return request.case_ids.filtered(lambda c: c.stage_state in ("new", "progress", "waiting"))

    def test_the_first_case_holds_its_stages_meaning_from_its_insert(self):
        """The case the front desk's submission opens is inserted with its stage's meaning (a stored
        related field), not updated after; a move of stage changes it."""
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.partner.id, "service_id": self.service.id, "description": "Extension"})
        with sql_statements(lambda text: text.startswith("UPDATE citizen_case SET stage_state")) as updated, \
                self.at("2026-12-01 10:00"):
            request.action_submit()
        self.assertEqual(updated, [])
        Case = self.env["citizen.case"].sudo(self.officer)
        case = Case.search([("request_id", "=", request.id)])
        self.assertEqual((len(case), case.stage_id, case.stage_state), (1, self.stage["new"], "new"))
        case.invalidate_cache()
        self.assertEqual(case.stage_state, "new", "what the database holds")
        self.assertEqual(Case.search([("request_id", "=", request.id), ("stage_state", "=", "new")]), case)
        with self.at("2026-12-02 10:00"):
            case.action_resolve("done", "File complete")
        self.assertEqual(case.stage_state, "resolved")
        case.invalidate_cache()
        self.assertEqual(case.stage_state, "resolved")

    def test_route_through_cases(self):
        request = self.submit()
        first = request.case_ids
        self.assertEqual(len(first), 1)
        self.assertEqual((first.department_id, first.step_id.name, first.sla_days), (self.dep, "Check file", 2))
        self.assertEqual(first.partner_id, self.partner)
        self.assertEqual(first.date_open, utc("2026-12-01 10:00"))
        self.assertEqual(first.deadline, utc("2026-12-03 16:30"))
        self.assertEqual(request.case_count, 1)
        # the front desk follows the request's cases, read only
        self.assertEqual(first.sudo(self.front_desk).stage_id, self.stage["new"])
        with self.at("2026-12-02 10:00"):
            first.sudo(self.officer).action_resolve("done", "File complete")
        self.assertEqual(first.step_id.state, "done")
        second = request.case_ids - first
        self.assertEqual(len(second), 2)
        self.assertEqual(set(second.mapped("step_id.name")), {"Site visit", "Legal review"})
        visit = second.filtered(lambda c: c.department_id == self.dep_other)
        review = second - visit
        self.assertEqual(visit.sla_days, 5)
        with self.at("2026-12-03 10:00"):
            review.sudo(self.officer).action_resolve("done")
        self.assertEqual(len(request.case_ids), 3)  # the last step waits for the site visit
        with self.at("2026-12-04 10:00"):
            visit.sudo(self.officer_other).action_resolve("done")
        last = request.case_ids - first - second
        self.assertEqual((len(last), last.step_id.name), (1, "Sign permit"))
        self.assertEqual(request.state, "in_progress")
        last.sudo(self.officer).action_resolve("done", "Permit signed")
        self.assertEqual(request.state, "done")
        self.assertFalse(self.open_cases(request))
        self.assertEqual(request.case_count, 4)

    def test_steps_routed_before_install_get_their_case(self):
        request = self.submit()
        request.case_ids.unlink()  # as if the request had been routed without citizen_case
        step = request.step_ids.filtered(lambda s: s.state == "active")
        self.assertFalse(step.case_ids)
        opened = self.env["oss.request.step"]._open_cases_for_active_steps()
        self.assertIn(step, opened)
        self.assertEqual((len(step.case_ids), step.case_ids.department_id), (1, self.dep))
        self.assertFalse(self.env["oss.request.step"]._open_cases_for_active_steps() & step)

    def test_demo_requests_in_progress_have_cases(self):
        active = self.env["oss.request.step"].search([("state", "=", "active")])
        self.assertTrue(active)
        self.assertFalse(active.filtered(lambda s: not s.case_ids))

    def test_rejection_stops_the_route(self):
        request = self.submit()
        request.case_ids.sudo(self.officer).action_resolve("done")
        visit = request.case_ids.filtered(lambda c: c.department_id == self.dep_other)
        review = request.case_ids.filtered(lambda c: c.step_id.name == "Legal review")
        review.sudo(self.officer).action_resolve("rejected", "The plot is a protected zone")
        self.assertEqual(review.step_id.state, "rejected")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.reject_reason, "The plot is a protected zone")
        # the parallel case is closed, the last step never opens a case
        self.assertEqual(visit.step_id.state, "cancelled")
        self.assertEqual((visit.stage_id, visit.resolution_code), (self.stage["closed"], "cancelled"))
        self.assertEqual(len(request.case_ids), 3)
        self.assertFalse(self.open_cases(request))

    def test_withdrawal_closes_open_cases(self):
        request = self.submit()
        request.action_withdraw()
        self.assertEqual(request.case_ids.resolution_code, "cancelled")
        self.assertEqual(request.case_ids.stage_id, self.stage["closed"])

    def test_partner_case_count(self):
        self.submit()
        self.assertEqual(self.partner.sudo(self.officer).case_count, 1)
        self.assertEqual(self.partner.sudo(self.portal).case_count, 0)

    def test_cases_in_the_access_export(self):
        request = self.submit()
        sections = {title: (headers, rows) for title, headers, rows in map(
            self.partner._gov_dsar_normalise, self.partner._gov_dsar_sections())}
        headers, rows = sections["Your cases"]
        self.assertEqual(headers[:3], ["Reference", "Subject", "Department"])
        self.assertEqual([row[0] for row in rows], request.case_ids.mapped("name"))
