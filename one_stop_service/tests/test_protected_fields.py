"""What a request, its route and its notices are measured by moves only through their actions."""
from odoo.exceptions import AccessError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action, protected_gate
from odoo.addons.one_stop_service.models.oss_request import lifecycle

from .common import OssCase

PROTECTED = "change only through its actions"


class TestProtectedFields(OssCase):

    def submitted(self):
        request = self.new_request()
        request.action_submit()
        return request

    def test_front_desk_cannot_rewrite_a_submitted_request(self):
        request = self.submitted().sudo(self.front_desk)
        other = self.env["res.partner"].create({"name": "ผู้อื่น", "gov_party_type": "citizen"})
        for vals in ({"name": "OSS-2569-999999"}, {"date_received": "2020-01-01 03:00:00"},
                     {"partner_id": other.id}, {"service_id": self.service.copy({"code": "T09"}).id},
                     {"channel": "portal"}, {"received_by_id": self.manager.id},
                     {"delay_notice_date": "2030-01-01"}, {"progress": 100.0}, {"steps_done": 4},
                     {"step_ids": [(2, request.step_ids[0].id)]}, {"notice_ids": [(5, 0, 0)]}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                request.write(vals)
        self.assertEqual(request.partner_id, self.person)
        request.write({"description": "ปรับรายละเอียด", "public_note": "รอตรวจสถานที่"})  # still editable

    def test_draft_keeps_what_the_counter_fills_in(self):
        request = self.new_request(received=False).sudo(self.front_desk)
        request.write({"partner_id": self.person_en.id, "channel": "phone",
                       "date_received": "2026-12-01 02:00:00"})
        self.assertEqual((request.partner_id, request.channel), (self.person_en, "phone"))
        with self.assertRaisesRegex(AccessError, PROTECTED):
            request.write({"name": "OSS-2569-000001"})

    def test_creation_takes_protected_fields_only_at_their_default(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        base = {"partner_id": self.person.id, "service_id": self.service.id}
        for vals in ({"name": "OSS-2569-123456"}, {"state": "in_progress"}, {"expected_date": "2030-01-01 09:00:00"},
                     {"received_by_id": self.manager.id}, {"date_done": "2026-12-01 09:00:00"}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                Request.create(dict(base, **vals))
        request = Request.create(dict(base, state="draft", received_by_id=self.front_desk.id, name="/"))
        self.assertTrue(request.name.startswith("OSS-"))
        self.assertEqual(request.received_by_id, self.front_desk)

    def test_officer_cannot_reroute_a_step(self):
        request = self.submitted()
        step = request.step_ids[0].sudo(self.officer_reg)
        for vals in ({"department_id": self.dep_eng.id}, {"days": 30}, {"state": "done"}, {"sequence": 9},
                     {"date_done": "2026-12-01 09:00:00"}, {"request_id": self.new_request().id}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                step.write(vals)
        step.write({"note": "ตรวจแล้ว"})
        with self.assertRaisesRegex(AccessError, PROTECTED):
            self.env["oss.request.step"].sudo(self.manager).create({
                "request_id": request.id, "sequence": 9, "name": "Extra", "department_id": self.dep_reg.id})
        step.action_done("ผ่าน")  # the routing action still moves it
        self.assertEqual(step.state, "done")

    def test_service_manager_cannot_forge_a_legal_notice(self):
        request = self.new_request(received=False)
        request.action_submit()
        notice = request.notice_ids.sudo(self.manager)
        self.assertEqual(len(notice), 1)
        for vals in ({"date": "2020-01-01"}, {"sent": True}, {"content": "ไม่มีเอกสารขาด"}, {"kind": "delay"}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(vals)):
                notice.write(vals)
        with self.assertRaisesRegex(AccessError, PROTECTED):
            self.env["oss.request.notice"].sudo(self.manager).create({
                "request_id": request.id, "kind": "delay", "date": "2026-12-01", "content": "x", "sent": True})

    def test_a_client_context_does_not_open_the_gate(self):
        request = self.submitted().sudo(self.front_desk)
        for context in ({"oss_lifecycle": True}, {"lifecycle": 1}, {"protected_gate": True},
                        {"gov_protected_write": True}, {"tracking_disable": True, "install_mode": True}):
            with self.assertRaisesRegex(AccessError, PROTECTED, msg=str(context)):
                request.with_context(**context).write({"state": "done"})

    def test_actions_and_the_gate_may_write(self):
        request = self.new_request().sudo(self.front_desk)
        request.action_submit()  # the @lifecycle actions
        self.assertEqual(request.state, "in_progress")
        request.action_withdraw()
        self.assertEqual(request.state, "withdrawn")

        @lifecycle
        def reopen(record):
            record.write({"state": "in_progress", "date_done": False})
        reopen(request)  # the decorator other modules import still opens the gate
        self.assertEqual(request.state, "in_progress")
        with protected_gate():
            request.write({"delay_reason": "x", "delay_notice_date": "2026-12-01"})
        self.assertEqual(request.delay_notice_date, "2026-12-01")
        self.assertIs(lifecycle, protected_action)
        with self.assertRaisesRegex(AccessError, PROTECTED):  # closed again after the block
            request.write({"delay_notice_date": "2026-12-02"})
