"""Shared fixtures: a department pair on the government calendar, one user per role."""
import datetime
from contextlib import contextmanager
from unittest.mock import patch

from odoo import fields
from odoo.tests.common import SavepointCase
from odoo.addons.gov_crm.tests.common import new_user

BANGKOK = datetime.timedelta(hours=7)


def utc(local):
    """'YYYY-MM-DD HH:MM[:SS]' Bangkok time -> the UTC string fields.Datetime stores."""
    fmt = "%Y-%m-%d %H:%M:%S" if local.count(":") == 2 else "%Y-%m-%d %H:%M"
    return fields.Datetime.to_string(datetime.datetime.strptime(local, fmt) - BANGKOK)


class CaseCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        def user(login, *groups):
            return new_user(cls.env, login, *groups)

        cls.front_desk = user("case_front", "gov_crm.group_gov_front_desk")
        cls.officer = user("case_officer", "gov_crm.group_gov_officer")
        cls.officer_b = user("case_officer_b", "gov_crm.group_gov_officer")
        cls.officer_other = user("case_officer_other", "gov_crm.group_gov_officer")
        cls.supervisor = user("case_supervisor", "gov_crm.group_gov_supervisor")
        cls.manager = user("case_manager", "gov_crm.group_gov_service_manager")
        cls.portal = user("case_portal", "base.group_portal")
        calendar = cls.env.ref("gov_crm.calendar_gov_office")
        Department = cls.env["gov.department"]
        cls.dep = Department.create({
            "name": "ทดสอบ ก", "code": "TCA", "resource_calendar_id": calendar.id,
            "manager_id": cls.supervisor.id,
            "member_ids": [(6, 0, [cls.officer.id, cls.officer_b.id, cls.supervisor.id])],
        })
        cls.dep_other = Department.create({
            "name": "ทดสอบ ข", "code": "TCB", "resource_calendar_id": calendar.id,
            "member_ids": [(6, 0, [cls.officer_other.id])],
        })
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

    def new_case(self, opened="2026-12-04 10:00", days=3, **values):
        vals = {"subject": "Test", "department_id": self.dep.id, "partner_id": self.partner.id,
                "date_open": utc(opened), "sla_days": days}
        vals.update(values)
        return self.Case.create(vals)
