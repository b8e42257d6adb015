import datetime
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests.common import SavepointCase
from odoo.addons.gov_crm.tests.common import new_user


class OssCase(SavepointCase):
    """A service routed 1 -> 2 + 3 (parallel) -> 4 across three departments, and users per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        def user(login, *groups):
            return new_user(cls.env, login, *groups)
        cls.front_desk = user("oss_fd", "gov_crm.group_gov_front_desk")
        cls.officer_reg = user("oss_off_reg", "gov_crm.group_gov_officer")
        cls.officer_eng = user("oss_off_eng", "gov_crm.group_gov_officer")
        cls.officer_wel = user("oss_off_wel", "gov_crm.group_gov_officer")
        cls.manager = user("oss_mgr", "gov_crm.group_gov_service_manager")
        Department = cls.env["gov.department"]
        cls.dep_reg = Department.create({"name": "ทดสอบทะเบียน", "code": "T-REG",
                                         "member_ids": [(6, 0, cls.officer_reg.ids)]})
        cls.dep_eng = Department.create({"name": "ทดสอบช่าง", "code": "T-ENG",
                                         "member_ids": [(6, 0, cls.officer_eng.ids)]})
        cls.dep_wel = Department.create({"name": "ทดสอบสวัสดิการ", "code": "T-WEL",
                                         "member_ids": [(6, 0, cls.officer_wel.ids)]})
        cls.service = cls.env["oss.service"].create({
            "code": "T01", "name": "บริการทดสอบ", "name_en": "Test service", "group": "G2C",
            "legal_days": 5, "fee": 100,
            "document_ids": [
                (0, 0, {"name": "บัตรประจำตัวประชาชน", "mandatory": True}),
                (0, 0, {"name": "ทะเบียนบ้าน", "mandatory": True}),
                (0, 0, {"name": "แผนที่", "mandatory": True, "copies": 2}),
                (0, 0, {"name": "ภาพถ่าย", "mandatory": False}),
            ],
            "step_ids": [
                (0, 0, {"sequence": 1, "name": "Check", "department_id": cls.dep_reg.id, "days": 1}),
                (0, 0, {"sequence": 2, "name": "Inspect", "department_id": cls.dep_eng.id, "days": 2}),
                (0, 0, {"sequence": 2, "name": "Assess", "department_id": cls.dep_wel.id, "days": 2}),
                (0, 0, {"sequence": 4, "name": "Approve", "department_id": cls.dep_reg.id, "days": 1}),
            ],
        })
        cls.person = cls.env["res.partner"].create({
            "name": "นายทดสอบ ระบบ", "gov_party_type": "citizen", "national_id": "1101700203450",
            "phone": "0812223344", "email": "tester@example.co.th", "lang": "th_TH"})
        cls.person_en = cls.env["res.partner"].create({
            "name": "Test Person", "gov_party_type": "citizen", "phone": "0819998877",
            "email": "en@example.co.th", "lang": "en_US"})

    def new_request(self, partner=None, received=True, **vals):
        values = {"partner_id": (partner or self.person).id, "service_id": self.service.id}
        values.update(vals)
        request = self.env["oss.request"].sudo(self.front_desk).create(values)
        if received:
            request.document_ids.write({"received": True})
        return request

    @contextmanager
    def at(self, utc):
        """Run with oss.request._oss_now() returning the given UTC moment."""
        value = utc if isinstance(utc, str) else utc.strftime("%Y-%m-%d %H:%M:%S")
        with patch.object(type(self.env["oss.request"]), "_oss_now", lambda self: value):
            yield

    @staticmethod
    def utc(*args):
        return datetime.datetime(*args)
