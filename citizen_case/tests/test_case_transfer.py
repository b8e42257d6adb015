from odoo.exceptions import AccessError, UserError

from .common import CaseCase, utc


class TestCaseTransfer(CaseCase):

    def test_transfer_recorded_with_reason_count_and_chatter(self):
        case = self.new_case("2026-12-04 10:00", days=3, user_id=self.officer.id)
        # a new case was never transferred: its count is written with it, not computed again
        self.env.cr.execute("SELECT transfer_count FROM citizen_case WHERE id = %s", (case.id,))
        self.assertEqual(self.env.cr.fetchone(), (0,))
        with self.at("2026-12-04 11:00"):
            case.sudo(self.officer).action_take()
        deadline, at_risk = case.deadline, case.date_at_risk
        with self.at("2026-12-08 09:00"):
            case.sudo(self.officer).action_transfer(self.dep_other, "  Road works belong to them  ")
        transfer = case.transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.from_department_id, self.dep)
        self.assertEqual(transfer.to_department_id, self.dep_other)
        self.assertEqual(transfer.from_user_id, self.officer)
        self.assertEqual(transfer.user_id, self.officer)
        self.assertEqual(transfer.date, utc("2026-12-08 09:00"))
        self.assertEqual(transfer.reason, "Road works belong to them")
        self.assertEqual(case.transfer_count, 1)
        self.assertEqual(case.department_id, self.dep_other)
        self.assertEqual(case.stage_id, self.stage["new"])
        self.assertFalse(case.user_id)  # manual assignment in the receiving department
        # the rule: the applicant's clock does not restart
        self.assertEqual((case.deadline, case.date_at_risk), (deadline, at_risk))
        notes = case.message_ids.filtered(lambda m: "Road works belong to them" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Transferred from", notes.body)
        # the sender no longer sees the case; the receiver does, and both see the transfer line
        with self.assertRaises(AccessError):
            case.sudo(self.officer).read(["subject"])
        self.assertEqual(case.sudo(self.officer_other).read(["subject"])[0]["subject"], "Test")
        self.assertEqual(transfer.sudo(self.officer).read(["reason"])[0]["reason"], "Road works belong to them")
        self.assertEqual(transfer.sudo(self.officer_other).reason, "Road works belong to them")
        # and a second hop counts
        case.sudo(self.officer_other).action_transfer(self.dep, "Back: needs a permit first")
        self.assertEqual(case.transfer_count, 2)
        self.assertEqual(case.department_id, self.dep)

    def test_transfer_needs_reason_and_another_department(self):
        case = self.new_case()
        with self.assertRaisesRegex(UserError, "needs a reason"):
            case.sudo(self.officer).action_transfer(self.dep_other, "   ")
        with self.assertRaisesRegex(UserError, "already in"):
            case.sudo(self.officer).action_transfer(self.dep, "why not")
        wizard = self.env["citizen.case.transfer.wizard"].sudo(self.officer).create({
            "case_id": case.id, "department_id": self.dep_other.id, "reason": "Wrong desk"})
        wizard.action_transfer()
        self.assertEqual(case.transfer_ids.reason, "Wrong desk")
        self.assertEqual(case.transfer_count, 1)

    def test_transfer_of_resolved_case_refused(self):
        case = self.new_case()
        case.sudo(self.officer).action_resolve("done")
        with self.assertRaisesRegex(UserError, "reopen it first"):
            case.sudo(self.officer).action_transfer(self.dep_other, "late thought")

    def test_transfer_to_department_with_round_robin(self):
        self.dep_other.case_assignment = "round_robin"
        case = self.new_case()
        case.sudo(self.officer).action_transfer(self.dep_other, "Their area")
        self.assertEqual(case.user_id, self.officer_other)
        self.assertFalse(case.escalated_state)


class TestCaseAssignment(CaseCase):

    def test_round_robin(self):
        self.dep.case_assignment = "round_robin"
        users = [self.new_case().user_id for _i in range(4)]
        # the supervisor, a member, is not a candidate unless listed as taking cases
        self.assertEqual(users, [self.officer, self.officer_b, self.officer, self.officer_b])
        self.dep.case_supervisor_taker_ids = self.supervisor
        users = [self.new_case().user_id for _i in range(3)]
        self.assertEqual(users, [self.supervisor, self.officer, self.officer_b])

    def test_fewest_open_cases(self):
        self.dep.case_assignment = "balanced"
        for user in (self.officer, self.officer):
            self.new_case(user_id=user.id)
        done = self.new_case(user_id=self.officer_b.id)
        done.action_resolve("done")  # a resolved case does not count
        self.assertEqual(self.new_case().user_id, self.officer_b)
        self.assertEqual(self.new_case().user_id, self.officer_b)
        self.assertEqual(self.new_case().user_id, self.officer)  # 2 each: lower id
        self.assertNotIn(self.supervisor, self.Case.search([("department_id", "=", self.dep.id)]).mapped("user_id"))

    def test_manual_leaves_unassigned(self):
        self.assertFalse(self.new_case().user_id)

    def test_take_and_reassign_rights(self):
        case = self.new_case()
        case.sudo(self.officer).action_take()
        self.assertEqual(case.user_id, self.officer)
        with self.assertRaisesRegex(AccessError, "Only a supervisor can assign"):
            case.sudo(self.officer_b).action_take()
        with self.assertRaisesRegex(AccessError, "Only a supervisor can assign"):
            case.sudo(self.officer).write({"user_id": self.officer_b.id})
        case.sudo(self.supervisor).write({"user_id": self.officer_b.id})
        self.assertEqual(case.user_id, self.officer_b)
        case.sudo(self.officer_b).write({"user_id": False})  # an officer may let go of their case
        self.assertFalse(case.user_id)

    def test_only_supervisors_close(self):
        case = self.new_case()
        case.sudo(self.officer).action_resolve("done")
        with self.assertRaisesRegex(AccessError, "Only a supervisor can close"):
            case.sudo(self.officer).action_close()
        case.sudo(self.supervisor).action_close()
        self.assertEqual(case.stage_id, self.stage["closed"])
        other = self.new_case()
        with self.assertRaisesRegex(AccessError, "Only a supervisor can close"):
            other.sudo(self.officer).write({"stage_id": self.stage["closed"].id})
