import datetime
from contextlib import contextmanager
from unittest.mock import patch

from odoo.addons.gov_crm.tests.common import GovCase

from .jobs import run_jobs


class OssCase(GovCase):
    """A service routed 1 -> 2 + 3 (parallel) -> 4 across three departments, and users per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = cls.new_user("oss_fd", "gov_crm.group_gov_front_desk")
        cls.officer_reg = cls.new_user("oss_off_reg", "gov_crm.group_gov_officer")
        cls.officer_eng = cls.new_user("oss_off_eng", "gov_crm.group_gov_officer")
        cls.officer_wel = cls.new_user("oss_off_wel", "gov_crm.group_gov_officer")
        cls.manager = cls.new_user("oss_mgr", "gov_crm.group_gov_service_manager")
        cls.dep_reg = cls.new_department("ทดสอบทะเบียน", "T-REG", cls.officer_reg)
        cls.dep_eng = cls.new_department("ทดสอบช่าง", "T-ENG", cls.officer_eng)
        cls.dep_wel = cls.new_department("ทดสอบสวัสดิการ", "T-WEL", cls.officer_wel)
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

    def run_notice_jobs(self, **kwargs):
        """The notices' jobs, run as the job runner does after the step's transaction (tests/jobs.py)."""
        return run_jobs(self.env, **kwargs)

    @contextmanager
    def at(self, utc):
        """Run with oss.request._oss_now() returning the given UTC moment."""
        value = utc if isinstance(utc, str) else utc.strftime("%Y-%m-%d %H:%M:%S")
        with patch.object(type(self.env["oss.request"]), "_oss_now", lambda self: value):
            yield

    @staticmethod
    def utc(*args):
        return datetime.datetime(*args)
