"""Officers cannot rewrite what they are measured by; the case's actions still set it."""
from inspect import getargspec

from odoo.exceptions import AccessError

from .common import CaseCase

PROTECTED = "change only through its actions"

# every field the department is measured by, with a value someone might want to give it
MEASURED = {
    "deadline": "2030-01-01 10:00:00", "date_at_risk": "2029-12-31 10:00:00", "sla_days": 90,
    "sla_hours": 630.0, "date_paused": "2026-12-04 03:00:00", "paused_hours": 100.0,
    "sla_frozen_state": "on_track", "date_open": "2026-12-30 03:00:00",
    "date_first_response": "2026-12-04 03:05:00", "first_response_hours": 0.1,
    "date_resolved": "2026-12-04 04:00:00", "handling_hours": 0.5, "resolution_code": "done",
    "resolution_note": "x", "reopen_count": 0, "rating": "5", "rating_comment": "ดีมาก",
    "rating_date": "2026-12-04 05:00:00", "rating_channel": "desk", "escalated_state": "on_track",
    "transfer_count": 0, "kpi_reopened_early": False, "name": "CASE-FAKE",
}


class TestCaseProtected(CaseCase):

    def test_no_role_rewrites_the_measures(self):
        case = self.new_case(user_id=self.officer.id)
        for user in (self.officer, self.supervisor):
            for field, value in MEASURED.items():
                with self.assertRaisesRegex(AccessError, PROTECTED, msg="%s: %s" % (user.login, field)):
                    case.sudo(user).write({field: value})
        for user in (self.front_desk, self.manager):  # no write access at all
            for field, value in MEASURED.items():
                with self.assertRaises(AccessError, msg="%s: %s" % (user.login, field)):
                    case.sudo(user).write({field: value})
        self.assertFalse(case.rating)

    def test_department_moves_only_by_a_transfer(self):
        case = self.new_case(user_id=self.officer.id)
        with self.assertRaisesRegex(AccessError, PROTECTED):
            case.sudo(self.supervisor).write({"department_id": self.dep_other.id})
        for field, value in (("request_id", self.env["oss.request"].search([], limit=1).id),
                             ("step_id", self.env["oss.request.step"].search([], limit=1).id)):
            with self.assertRaisesRegex(AccessError, PROTECTED):
                case.sudo(self.officer).write({field: value})
        case.sudo(self.officer).action_transfer(self.dep_other, "ถนนเป็นของกองช่าง")
        self.assertEqual(case.department_id, self.dep_other)

    def test_a_new_case_gets_its_clock_from_the_department(self):
        Case = self.Case.sudo(self.officer)
        for field in ("deadline", "date_at_risk", "sla_days", "date_open", "rating", "reopen_count"):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=field):
                Case.create({"subject": "x", "department_id": self.dep.id,
                             field: MEASURED[field] or 3})
        case = Case.create({"subject": "โทรแจ้ง", "department_id": self.dep.id, "deadline": False})
        self.assertEqual(case.sla_days, self.dep.case_default_days)
        self.assertTrue(case.deadline)

    def test_actions_set_what_editing_cannot(self):
        case = self.new_case("2026-12-04 10:00", days=3)
        with self.at("2026-12-04 11:00"):
            case.sudo(self.officer).action_take()
        self.assertEqual(case.first_response_hours, 1.0)
        with self.at("2026-12-04 13:30"):
            case.sudo(self.officer).action_ask_applicant("สำเนาทะเบียนบ้าน / A copy of the house registration")
        self.assertTrue(case.date_paused)
        with self.at("2026-12-07 09:30"):
            case.sudo(self.officer).write({"stage_id": self.stage["progress"].id})  # kanban move
        self.assertFalse(case.date_paused)
        with self.at("2026-12-07 10:00"):
            case.sudo(self.officer).action_resolve("done", "ทำเรียบร้อย")
        self.assertEqual((case.resolution_code, case.resolution_note), ("done", "ทำเรียบร้อย"))
        self.assertTrue(case.handling_hours)
        case.sudo(self.officer).rating_record_desk("4", "พอใจ")
        self.assertEqual((case.rating, case.rating_channel), ("4", "desk"))
        case.sudo(self.officer).action_reopen()
        self.assertEqual(case.reopen_count, 1)

    def test_a_reply_is_the_first_response(self):
        case = self.new_case(user_id=self.officer.id)
        case.sudo(self.officer).message_post(body="ได้รับเรื่องแล้ว", message_type="comment",
                                             subtype="mail.mt_comment")
        self.assertTrue(case.date_first_response)

    def test_transfer_lines_are_written_by_the_transfer_only(self):
        case = self.new_case(user_id=self.officer.id)
        case.sudo(self.officer).action_transfer(self.dep_other, "ผิดหน่วยงาน")
        line = case.transfer_ids.sudo(self.officer_other)
        with self.assertRaises(AccessError):
            line.write({"reason": "อื่น"})
        with self.assertRaisesRegex(AccessError, PROTECTED):
            self.env["citizen.case.transfer"].sudo(self.officer_other).create({
                "case_id": case.id, "from_department_id": self.dep_other.id,
                "to_department_id": self.dep.id, "reason": "fake"})
        self.assertEqual(case.transfer_count, 1)

    def test_actions_keep_their_signature_for_rpc(self):
        """Odoo finds the position of an RPC call's context from the method's arguments."""
        self.assertEqual(getargspec(type(self.Case).action_resolve).args, ["self", "code", "note"])
        self.assertEqual(getargspec(type(self.Case).action_transfer).args, ["self", "department", "reason", "user"])
