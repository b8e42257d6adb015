"""A new request holds no step and no activity: its progress and next deadline are written with
it, not computed again at its creation, and are computed as soon as steps or activities come."""
import re

from odoo import fields
from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase


def updates_of(*columns):
    """The UPDATE statements sent inside the block that set one of ``columns``."""
    return sql_statements(lambda text: text.startswith("UPDATE") and any(
        re.search(r"[ ,]%s=" % column, text) for column in columns))


class TestNewRequestComputes(OssCase):

    def stored(self, request):
        self.env.cr.execute("SELECT steps_total, steps_done, progress, activity_date_deadline "
                            "FROM oss_request WHERE id = %s", (request.id,))
        return self.env.cr.fetchone()

    def test_progress_and_deadline_of_a_new_request(self):
        with updates_of("progress", "steps_total", "activity_date_deadline") as updates:
            request = self.new_request(received=False)  # the front desk's draft
        self.assertEqual(updates, [])
        # written with the INSERT: zero steps (not an empty column), no deadline
        self.assertEqual(self.stored(request), (0, 0, 0.0, None))
        self.assertEqual((request.steps_total, request.progress, request.activity_date_deadline), (0, 0.0, False))
        # the steps of the route, once the file is complete, are counted at once
        request.document_ids.write({"received": True})
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(self.stored(request)[:3], (4, 0, 0.0))
        step = request.step_ids.filtered(lambda s: s.state == "active")
        step.sudo(self.officer_reg).action_done()
        self.assertEqual(self.stored(request)[:3], (4, 1, 25.0))
        # an activity scheduled on it (another call of the web client) gives it its next deadline
        request.invalidate_cache()
        deadline = fields.Date.to_string(fields.Date.from_string(fields.Date.today()).replace(day=28))
        # as the chatter's "Schedule activity" creates it: the document by its model's name and id
        Activity = self.env["mail.activity"].sudo(self.front_desk).with_context(
            default_res_model="oss.request", default_res_id=request.id)
        Activity.create({
            "res_model_id": self.env["ir.model"]._get("oss.request").id, "res_id": request.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "โทรแจ้งผู้ยื่น", "date_deadline": deadline, "user_id": self.front_desk.id})
        self.assertEqual(str(self.stored(request)[3]), deadline)
        self.assertEqual(request.activity_date_deadline, deadline)

    def test_a_request_created_with_its_steps_counts_them(self):
        """The first computation is skipped only for what the new record does not have: a request
        written with its steps (an import of the registry's past requests) has them counted."""
        step = self.service.step_ids[0]
        request = self.env["oss.request"].create({
            "partner_id": self.person.id, "service_id": self.service.id, "state": "in_progress",
            "step_ids": [(0, 0, {"service_step_id": step.id, "sequence": step.sequence, "name": step.name,
                                 "department_id": step.department_id.id, "state": "done"}),
                         (0, 0, {"service_step_id": step.id, "sequence": step.sequence + 1, "name": step.name,
                                 "department_id": step.department_id.id})]})
        self.assertEqual(self.stored(request)[:3], (2, 1, 50.0))
