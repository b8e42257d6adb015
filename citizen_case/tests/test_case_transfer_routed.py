"""A routed case transferred to another department is finished by that department; only
a supervisor of either department picks who receives a transfer."""
from odoo.exceptions import AccessError, UserError

from .common import RoutedCaseCase


class TestTransferRoutedCase(RoutedCaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.new_service([(10, cls.dep, 3), (20, cls.dep, 2)])

    def test_receiving_department_resolves_and_the_route_moves_on(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        step = case.step_id
        case.sudo(self.officer).action_take()
        # the officer of the first department transfers it
        wizard = self.env["citizen.case.transfer.wizard"].sudo(self.officer).create({
            "case_id": case.id, "department_id": self.dep_other.id,
            "reason": "The building inspection belongs to them"})
        wizard.action_transfer()
        self.assertEqual(case.department_id, self.dep_other)
        # the step follows the case; the transfer line keeps where it was
        self.assertEqual(step.department_id, self.dep_other)
        self.assertEqual((case.transfer_ids.from_department_id, case.transfer_ids.to_department_id),
                         (self.dep, self.dep_other))
        self.assertIn("Step Step 10 TCA transferred from ทดสอบ ก to ทดสอบ ข.",
                      request.message_ids.mapped("body")[0])
        # the receiving supervisor assigns it; the officer takes it and reads the request
        case.sudo(self.supervisor_b).write({"user_id": self.officer_other.id})
        case.sudo(self.officer_other).action_take()
        as_receiver = request.sudo(self.officer_other)
        self.assertEqual(as_receiver.name, request.name)
        self.assertEqual(as_receiver.document_ids.mapped("name"), ["สำเนาทะเบียนบ้าน", "แผนที่"])
        self.assertEqual(len(case.sudo(self.officer_other).request_document_ids), 2)
        as_receiver.notice_ids.read(["kind"])
        # the resolution finishes the step (it raised AccessError on oss.request.step)
        resolve = self.env["citizen.case.resolve.wizard"].sudo(self.officer_other).create({
            "case_id": case.id, "resolution_code": "done", "resolution_note": "Inspected"})
        resolve.action_resolve()
        self.assertEqual(case.stage_state, "resolved")
        self.assertEqual((step.state, step.note), ("done", "Inspected"))
        # the route moves on: the next step's case opens in the first department
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(self.case_of(request, self.dep).step_id.sequence, 20)

    def test_the_sender_keeps_the_transfer_line_only(self):
        request = self.new_request(self.env["oss.service"].create({
            "code": "TONE", "name": "ขั้นตอนเดียว", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 10, "name": "Only", "department_id": self.dep.id})]}))
        case = self.case_of(request, self.dep)
        case.sudo(self.officer).action_transfer(self.dep_other, "Theirs")
        with self.assertRaises(AccessError):
            case.sudo(self.officer).read(["subject"])
        with self.assertRaises(AccessError):
            request.sudo(self.officer).read(["name"])
        with self.assertRaises(AccessError):
            case.step_id.sudo(self.officer).action_done()
        self.assertEqual(case.transfer_ids.sudo(self.officer).read(["reason"])[0]["reason"], "Theirs")
        self.assertEqual(case.step_id.state, "active")


class TestTransferOfficerChoice(RoutedCaseCase):

    def test_officer_cannot_pick_who_receives(self):
        case = self.new_case()
        with self.assertRaisesRegex(AccessError, "Only a supervisor of .* can choose who receives"):
            case.sudo(self.officer).action_transfer(self.dep_other, "Theirs", self.officer_other)
        wizard = self.env["citizen.case.transfer.wizard"].sudo(self.officer).create({
            "case_id": case.id, "department_id": self.dep_other.id, "reason": "Theirs",
            "user_id": self.officer_b.id})
        self.assertFalse(wizard.can_pick_user)
        self.assertFalse(wizard.allowed_user_ids)
        with self.assertRaises(AccessError):
            wizard.action_transfer()
        # nothing moved
        self.assertEqual(case.department_id, self.dep)
        self.assertFalse(case.transfer_ids)

    def test_supervisor_picks_an_active_officer_of_the_receiving_department(self):
        case = self.new_case()
        wizard = self.env["citizen.case.transfer.wizard"].sudo(self.supervisor).create({
            "case_id": case.id, "department_id": self.dep_other.id, "reason": "Theirs"})
        self.assertTrue(wizard.can_pick_user)
        self.assertEqual(wizard.allowed_user_ids, self.officer_other | self.supervisor_b)
        with self.assertRaisesRegex(UserError, "Officer B is not an active officer of"):
            case.sudo(self.supervisor).action_transfer(self.dep_other, "Theirs", self.officer_b)
        stranger = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Stranger", "login": "case_stranger", "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        with self.assertRaisesRegex(UserError, "Stranger is not an active officer of"):
            case.sudo(self.supervisor).action_transfer(self.dep_other, "Theirs", stranger)
        self.officer_other.active = False
        with self.assertRaisesRegex(UserError, "is not an active officer of"):
            case.sudo(self.supervisor).action_transfer(self.dep_other, "Theirs", self.officer_other)
        self.officer_other.active = True
        self.assertFalse(case.transfer_ids)
        wizard.user_id = self.officer_other
        action = wizard.action_transfer()
        self.assertEqual(case.user_id, self.officer_other)
        self.assertEqual(case.transfer_ids.reason, "Theirs")
        self.assertEqual((action["res_model"], action["res_id"], action["target"]),
                         ("citizen.case.transfer", case.transfer_ids.id, "main"))
