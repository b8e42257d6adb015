"""The real catalogue's building permit routed through department cases (one_stop_service + citizen_case).

B02: 10 Public Works -> 20 Public Works + 20 Public Health (parallel) -> 30 Public Works -> 40 Finance.
"""
from odoo.tests.common import SavepointCase


class TestBuildingPermitThroughCases(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env.ref("one_stop_service.oss_service_b02")
        cls.request = cls.env["oss.request"].create({
            "partner_id": cls.env.ref("gov_crm.partner_citizen_06_demo").id, "service_id": cls.service.id})
        cls.request.action_receive_all_documents()

    def open_cases(self):
        cases = self.request.case_ids.filtered(lambda c: c.stage_state not in ("resolved", "closed"))
        return sorted((c.step_id.sequence, c.department_id.code) for c in cases)

    def resolve(self, department_code, code="done", note=False):
        case = self.request.case_ids.filtered(
            lambda c: c.department_id.code == department_code and c.stage_state not in ("resolved", "closed"))
        self.assertEqual(len(case), 1)
        case.action_resolve(code, note)

    def test_cases_open_sequence_by_sequence(self):
        self.assertFalse(self.request.case_ids)  # nothing before submission
        self.request.action_submit()
        self.assertEqual(self.open_cases(), [(10, "ENG")])
        self.resolve("ENG")
        self.assertEqual(self.open_cases(), [(20, "ENG"), (20, "HLT")])
        self.resolve("HLT")
        self.assertEqual(self.open_cases(), [(20, "ENG")])  # the parallel step still holds the route
        self.resolve("ENG")
        self.assertEqual(self.open_cases(), [(30, "ENG")])
        self.resolve("ENG")
        self.assertEqual(self.open_cases(), [(40, "FIN")])
        self.assertEqual(self.request.state, "in_progress")
        self.resolve("FIN")
        self.assertEqual(self.open_cases(), [])
        self.assertEqual(self.request.state, "done")
        self.assertEqual(len(self.request.case_ids), 5)

    def test_rejected_case_rejects_the_request(self):
        self.request.action_submit()
        self.resolve("ENG")
        self.resolve("HLT", "rejected", "อยู่ในเขตห้ามก่อสร้างโรงงาน")
        self.assertEqual(self.request.state, "rejected")
        self.assertEqual(self.request.reject_reason, "อยู่ในเขตห้ามก่อสร้างโรงงาน")
        self.assertEqual(self.open_cases(), [])
        self.assertEqual(sorted(self.request.step_ids.mapped("state")),
                         ["cancelled", "cancelled", "cancelled", "done", "rejected"])
