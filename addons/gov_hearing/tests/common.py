"""A department A with a hearing officer and its manager, a department B with its officer, a
service manager, and a hearing of A with one question of each kind."""
import datetime

from odoo import fields

from odoo.addons.gov_crm.tests.common import new_user
from odoo.addons.gov_otp.tests.common import OtpTestCase


def moment(days):
    return fields.Datetime.to_string(datetime.datetime.utcnow() + datetime.timedelta(days=days))


class HearingCase(OtpTestCase):

    @classmethod
    def setUpClass(cls):
        super(HearingCase, cls).setUpClass()
        env = cls.env
        cls.officer_a = new_user(env, "gh_officer_a", "gov_hearing.group_gov_hearing_officer")
        cls.officer_b = new_user(env, "gh_officer_b", "gov_hearing.group_gov_hearing_officer")
        cls.manager_a = new_user(env, "gh_manager_a", "gov_crm.group_gov_supervisor")
        cls.staff_b = new_user(env, "gh_staff_b", "gov_crm.group_gov_officer")
        cls.service_manager = new_user(env, "gh_service_manager", "gov_crm.group_gov_service_manager")
        Dept = env["gov.department"]
        cls.dept_a = Dept.create({"name": "ฝ่ายรับฟัง A", "code": "GHA", "manager_id": cls.manager_a.id,
                                  "member_ids": [(4, cls.officer_a.id)]})
        cls.dept_b = Dept.create({"name": "ฝ่ายรับฟัง B", "code": "GHB",
                                  "member_ids": [(4, cls.officer_b.id), (4, cls.staff_b.id)]})
        cls.hearing = cls._new_hearing(cls.officer_a, cls.dept_a)

    @classmethod
    def _new_hearing(cls, user, dept, audience="confirmed"):
        hearing = cls.env["gov.hearing"].sudo(user).create({
            "name": "ร่างเทศบัญญัติจัดการขยะ", "summary": "Waste bylaw", "department_id": dept.id,
            "date_open": moment(-1), "date_close": moment(10), "audience": audience,
            "question_ids": [
                (0, 0, {"name": "Do you agree?", "kind": "choice", "sequence": 1,
                        "option_ids": [(0, 0, {"name": "Agree", "sequence": 1}),
                                       (0, 0, {"name": "Disagree", "sequence": 2})]}),
                (0, 0, {"name": "How important?", "kind": "scale", "scale_max": 5, "sequence": 2}),
                (0, 0, {"name": "Comments", "kind": "text", "required": False, "sequence": 3}),
            ]})
        return hearing

    def answers(self, hearing, choice=0, scale="3", text=""):
        questions = hearing.question_ids.sorted("sequence")
        return {questions[0].id: str(questions[0].option_ids.sorted("sequence")[choice].id),
                questions[1].id: scale, questions[2].id: text}
