"""5 roles x read, write, create, unlink on cases and transfers; every refusal is an AccessError."""
from odoo.exceptions import AccessError

from .common import CaseCase


class TestCaseAccess(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = cls.env["oss.service"].create({"code": "TCASE", "name": "บริการทดสอบ", "legal_days": 5})
        cls.request = cls.env["oss.request"].create({"partner_id": cls.partner.id, "service_id": service.id})
        Case = cls.Case.with_context(tracking_disable=True)
        cls.case = Case.create({"subject": "Mine", "department_id": cls.dep.id, "request_id": cls.request.id})
        cls.secret = Case.create({"subject": "Secret", "department_id": cls.dep.id,
                                  "request_id": cls.request.id, "confidential": True})
        cls.direct = Case.create({"subject": "Phone", "department_id": cls.dep.id})
        cls.other = Case.create({"subject": "Other", "department_id": cls.dep_other.id,
                                 "request_id": cls.request.id})
        Transfer = cls.env["citizen.case.transfer"]
        cls.transfer = Transfer.create({"case_id": cls.case.id, "from_department_id": cls.dep_other.id,
                                        "to_department_id": cls.dep.id, "reason": "Theirs"})
        cls.secret_transfer = Transfer.create({"case_id": cls.secret.id, "from_department_id": cls.dep_other.id,
                                               "to_department_id": cls.dep.id, "reason": "Theirs too"})
        cls.other_transfer = Transfer.create({"case_id": cls.other.id, "from_department_id": cls.dep.id,
                                              "to_department_id": cls.dep_other.id, "reason": "Not ours"})
        third = cls.env["gov.department"].create({"name": "ทดสอบ ค", "code": "TCC"})
        cls.foreign_transfer = Transfer.create({"case_id": cls.other.id, "from_department_id": third.id,
                                                "to_department_id": cls.dep_other.id, "reason": "Elsewhere"})

    def assertCan(self, user, records, operation, values=None):
        records = records.sudo(user)
        if operation == "read":
            self.assertEqual(len(records.read(["create_date"])), len(records))
        elif operation == "write":
            records.write(values)
        elif operation == "unlink":
            records.unlink()

    def assertCannot(self, user, records, operation, values=None):
        with self.assertRaises(AccessError, msg="%s could %s %s" % (user.login, operation, records)):
            self.assertCan(user, records, operation, values)
            records.sudo(user).check_access_rule(operation)  # e.g. write of nothing

    def new_case_as(self, user, department):
        return self.Case.sudo(user).create({"subject": "New", "department_id": department.id})

    def new_transfer_as(self, user, case):
        return self.env["citizen.case.transfer"].sudo(user).create({
            "case_id": case.id, "from_department_id": case.department_id.id,
            "to_department_id": (self.dep_other if case.department_id == self.dep else self.dep).id,
            "reason": "test"})

    # ------------------------------------------------------------ cases
    def test_front_desk_on_cases(self):
        user = self.front_desk
        self.assertCan(user, self.case, "read")
        self.assertCan(user, self.other, "read")  # any department: the counter answers the applicant
        self.assertCannot(user, self.secret, "read")
        self.assertCannot(user, self.direct, "read")  # not a one-stop-service request
        self.assertNotIn("description", self.case.sudo(user).fields_get())  # summaries only
        self.assertCannot(user, self.case, "write", {"subject": "x"})
        with self.assertRaises(AccessError):
            self.new_case_as(user, self.dep)
        self.assertCannot(user, self.case, "unlink")

    def test_officer_on_cases(self):
        user = self.officer
        self.assertCan(user, self.case | self.secret | self.direct, "read")
        self.assertCannot(user, self.other, "read")
        self.assertCan(user, self.case, "write", {"subject": "Changed"})
        self.assertCannot(user, self.other, "write", {"subject": "x"})
        self.assertEqual(self.new_case_as(user, self.dep).department_id, self.dep)
        with self.assertRaises(AccessError):
            self.new_case_as(user, self.dep_other)
        self.assertCannot(user, self.case, "unlink")

    def test_supervisor_on_cases(self):
        user = self.supervisor
        self.assertCan(user, self.case | self.secret | self.direct, "read")
        self.assertCannot(user, self.other, "read")
        self.assertCan(user, self.case, "write", {"user_id": self.officer_b.id})
        self.assertCannot(user, self.other, "write", {"subject": "x"})
        self.assertTrue(self.new_case_as(user, self.dep))
        with self.assertRaises(AccessError):
            self.new_case_as(user, self.dep_other)
        self.assertCannot(user, self.case, "unlink")

    def test_service_manager_on_cases(self):
        user = self.manager
        self.assertCan(user, self.case | self.secret | self.direct | self.other, "read")
        self.assertCannot(user, self.case, "write", {"subject": "x"})  # reads everything, works nothing
        with self.assertRaises(AccessError):
            self.new_case_as(user, self.dep)
        self.assertCannot(user, self.case, "unlink")

    def test_portal_on_cases(self):
        user = self.portal
        self.assertCannot(user, self.case, "read")
        self.assertCannot(user, self.case, "write", {"subject": "x"})
        with self.assertRaises(AccessError):
            self.new_case_as(user, self.dep)
        self.assertCannot(user, self.case, "unlink")
        with self.assertRaises(AccessError):
            self.Case.sudo(user).search([])

    # ------------------------------------------------------------ transfers
    def test_front_desk_on_transfers(self):
        user = self.front_desk
        self.assertCan(user, self.transfer | self.other_transfer, "read")
        self.assertCannot(user, self.secret_transfer, "read")
        self.assertCannot(user, self.transfer, "write", {"reason": "x"})
        with self.assertRaises(AccessError):
            self.new_transfer_as(user, self.case)
        self.assertCannot(user, self.transfer, "unlink")

    def test_officer_on_transfers(self):
        user = self.officer
        # into the department, and out of it (the sender keeps the trace)
        self.assertCan(user, self.transfer | self.secret_transfer | self.other_transfer, "read")
        self.assertCannot(user, self.foreign_transfer, "read")  # neither from nor in the department
        self.assertCannot(user, self.transfer, "write", {"reason": "x"})
        with self.assertRaises(AccessError):  # a transfer line is written by action_transfer only
            self.new_transfer_as(user, self.case)
        with self.assertRaises(AccessError):
            self.new_transfer_as(user, self.direct.copy({"department_id": self.dep_other.id}))
        self.assertCannot(user, self.transfer, "unlink")

    def test_supervisor_on_transfers(self):
        user = self.supervisor
        self.assertCan(user, self.transfer | self.secret_transfer | self.other_transfer, "read")
        self.assertCannot(user, self.transfer, "write", {"reason": "x"})
        with self.assertRaises(AccessError):  # a transfer line is written by action_transfer only
            self.new_transfer_as(user, self.case)
        with self.assertRaises(AccessError):
            self.new_transfer_as(user, self.other)
        self.assertCannot(user, self.transfer, "unlink")

    def test_service_manager_on_transfers(self):
        user = self.manager
        self.assertCan(user, self.transfer | self.secret_transfer | self.other_transfer, "read")
        self.assertCannot(user, self.transfer, "write", {"reason": "x"})
        with self.assertRaises(AccessError):
            self.new_transfer_as(user, self.case)
        self.assertCannot(user, self.transfer, "unlink")

    def test_portal_on_transfers(self):
        user = self.portal
        self.assertCannot(user, self.transfer, "read")
        self.assertCannot(user, self.transfer, "write", {"reason": "x"})
        with self.assertRaises(AccessError):
            self.new_transfer_as(user, self.case)
        self.assertCannot(user, self.transfer, "unlink")
