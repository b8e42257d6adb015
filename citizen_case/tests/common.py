"""Shared fixtures: a department pair on the government calendar, one user per role."""
import datetime
from contextlib import contextmanager
from unittest.mock import patch

from odoo import fields
from odoo.addons.gov_crm.tests.common import GovCase
from odoo.addons.one_stop_service.tests.jobs import run_jobs

BANGKOK = datetime.timedelta(hours=7)


def utc(local):
    """'YYYY-MM-DD HH:MM[:SS]' Bangkok time -> the UTC string fields.Datetime stores."""
    fmt = "%Y-%m-%d %H:%M:%S" if local.count(":") == 2 else "%Y-%m-%d %H:%M"
    return fields.Datetime.to_string(datetime.datetime.strptime(local, fmt) - BANGKOK)


class CaseCase(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.front_desk = cls.new_user("case_front", "gov_crm.group_gov_front_desk")
        cls.officer = cls.new_user("case_officer", "gov_crm.group_gov_officer")
        cls.officer_b = cls.new_user("case_officer_b", "gov_crm.group_gov_officer")
        cls.officer_other = cls.new_user("case_officer_other", "gov_crm.group_gov_officer")
        cls.supervisor = cls.new_user("case_supervisor", "gov_crm.group_gov_supervisor")
        cls.manager = cls.new_user("case_manager", "gov_crm.group_gov_service_manager")
        cls.portal = cls.new_user("case_portal", "base.group_portal")
        cls.dep = cls.new_department("ทดสอบ ก", "TCA", cls.officer | cls.officer_b | cls.supervisor,
                                     manager=cls.supervisor)
        cls.dep_other = cls.new_department("ทดสอบ ข", "TCB", cls.officer_other)
        cls.partner = cls.env["res.partner"].create({
            "name": "สมชาย ทดสอบ", "email": "somchai@example.com", "gov_party_type": "citizen"})
        cls.Case = cls.env["citizen.case"]
        cls.stage = {s: cls.env.ref("citizen_case.stage_%s" % s)
                     for s in ("new", "progress", "waiting", "resolved", "closed")}

    @staticmethod
    @contextmanager
    def at(local):
        """Freeze fields.Datetime.now() at a Bangkok wall-clock time."""
        instant = utc(local)
        with patch.object(fields.Datetime, "now", lambda *args: instant):
            yield instant

    def run_notice_jobs(self, **kwargs):
        """The notices' jobs, run as the job runner does after the step's transaction."""
        return run_jobs(self.env, **kwargs)

    def new_case(self, opened="2026-12-04 10:00", days=3, **values):
        vals = {"subject": "Test", "department_id": self.dep.id, "partner_id": self.partner.id,
                "date_open": utc(opened), "sla_days": days}
        vals.update(values)
        return self.Case.create(vals)


class RoutedCaseCase(CaseCase):
    """Adds a supervisor of the second department and requests routed through both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor_b = cls.new_user("case_supervisor_b", "gov_crm.group_gov_supervisor")
        cls.dep_other.write({"manager_id": cls.supervisor_b.id, "member_ids": [(4, cls.supervisor_b.id)]})
        cls.partner.write({"phone": "0812345678", "lang": "en_US"})

    @classmethod
    def new_service(cls, steps, code="TROUTE"):
        """steps: [(sequence, department, days)]."""
        return cls.env["oss.service"].create({
            "code": code, "name": "บริการทดสอบ %s" % code, "name_en": "Test service %s" % code, "legal_days": 15,
            "document_ids": [(0, 0, {"name": "สำเนาทะเบียนบ้าน", "mandatory": True}),
                             (0, 0, {"name": "แผนที่", "mandatory": False})],
            "step_ids": [(0, 0, {"sequence": seq, "name": "Step %d %s" % (seq, dep.code),
                                 "department_id": dep.id, "days": days}) for seq, dep, days in steps],
        })

    def new_request(self, service):
        """A request submitted by the front desk with its file complete."""
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.partner.id, "service_id": service.id})
        request.action_receive_all_documents()
        request.action_submit()
        return request.sudo()

    def case_of(self, request, department):
        return request.case_ids.filtered(
            lambda c: c.department_id == department and c.stage_state in ("new", "progress", "waiting"))
