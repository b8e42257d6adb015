"""Officers get and take the new cases of their department; supervisors reassign."""
from odoo.exceptions import AccessError, UserError

from .common import CaseCase


class TestOfficersTakeCases(CaseCase):

    def test_demo_departments_give_new_cases_to_officers(self):
        """Round-robin (Civil Registration) and fewest open cases (Public Works) chose the
        supervisor, a member of both, for 4 of 6 new cases."""
        supervisor = self.env.ref("gov_crm.user_supervisor_demo")
        expected = {"gov_crm.department_civil_registration": self.env.ref("gov_crm.user_officer1_demo"),
                    "gov_crm.department_public_works": self.env.ref("gov_crm.user_officer2_demo")}
        for xmlid, officer in expected.items():
            department = self.env.ref(xmlid)
            self.assertIn(supervisor, department.member_ids)
            users = self.env["res.users"]
            for _i in range(3):
                users |= self.Case.create({"subject": "New", "department_id": department.id}).user_id
            self.assertEqual(users, officer, xmlid)

    def test_head_of_unit_and_supervisors_only_when_taking_cases(self):
        self.dep.case_assignment = "round_robin"
        head = self.officer_b  # an officer who heads the unit is not a candidate either
        self.dep.manager_id = head
        self.assertEqual(self.dep._case_candidates(), self.officer)
        self.dep.case_supervisor_taker_ids = head | self.supervisor
        self.assertEqual(self.dep._case_candidates(), self.officer | self.officer_b | self.supervisor)

    def test_officer_takes_an_unassigned_case_of_their_department(self):
        case = self.new_case()
        self.assertFalse(case.user_id)
        self.assertEqual(case.sudo(self.officer).read(["can_take", "can_reassign", "can_work"])[0],
                         {"id": case.id, "can_take": True, "can_reassign": False, "can_work": True})
        case.sudo(self.officer).action_take()
        self.assertEqual((case.user_id, case.stage_state), (self.officer, "progress"))
        # held by someone else: the other officer sees no Take and cannot take it
        self.assertFalse(case.sudo(self.officer_b).can_take)
        with self.assertRaisesRegex(AccessError, "Only a supervisor can assign"):
            case.sudo(self.officer_b).action_take()
        # the department's supervisor may
        self.assertEqual(case.sudo(self.supervisor).read(["can_take", "can_reassign"])[0],
                         {"id": case.id, "can_take": True, "can_reassign": True})

    def test_auto_assigned_new_case_is_taken_by_its_officer(self):
        self.dep.case_assignment = "round_robin"
        case = self.new_case()
        self.assertEqual(case.user_id, self.officer)
        self.assertTrue(case.sudo(self.officer).can_take)  # starts it
        self.assertFalse(case.sudo(self.officer_b).can_take)
        case.sudo(self.officer).action_take()
        self.assertEqual((case.user_id, case.stage_state), (self.officer, "progress"))
        self.assertFalse(case.sudo(self.officer).can_take)

    def test_supervisor_reassigns_within_the_department_only(self):
        case = self.new_case(user_id=self.officer.id)
        with self.assertRaisesRegex(UserError, "Case Officer Other is not an active officer of"):
            case.sudo(self.supervisor).write({"user_id": self.officer_other.id})
        case.sudo(self.supervisor).write({"user_id": self.officer_b.id})
        self.assertEqual(case.user_id, self.officer_b)
        # another department's officer does not even see it
        with self.assertRaises(AccessError):
            case.sudo(self.officer_other).write({"user_id": self.officer_other.id})
        with self.assertRaisesRegex(AccessError, "Only a supervisor can assign"):
            self.Case.sudo(self.officer).create({
                "subject": "Direct", "department_id": self.dep.id, "user_id": self.officer_b.id})
        mine = self.Case.sudo(self.officer).create({
            "subject": "Direct", "department_id": self.dep.id, "user_id": self.officer.id})
        self.assertEqual(mine.user_id, self.officer)

    def test_buttons_follow_the_rights(self):
        case = self.new_case()
        case.action_resolve("done")
        self.assertFalse(case.sudo(self.officer).can_reassign)  # no Close for the officer
        self.assertTrue(case.sudo(self.supervisor).can_reassign)
        self.assertFalse(case.sudo(self.officer).can_take)  # resolved
        manager_view = case.sudo(self.manager).read(["can_work", "can_take", "can_reassign"])[0]
        self.assertEqual(manager_view, {"id": case.id, "can_work": False, "can_take": False, "can_reassign": False})
