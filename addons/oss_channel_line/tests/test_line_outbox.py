"""The LINE outbox as the administrator sees it: the failed notices under Settings > Technical >
Messages, sent again by the job (the Messaging API replaced by a recorder that refuses, then
accepts) with a note on the request; the conversations and the webhook's deliveries read; no
other role reads the outbox or sends a notice again, and a notice sent is never sent twice."""
import uuid
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.one_stop_service.tests.common import OssCase

from ..line_api import LineApiError, MessagingApi
from .common import Recorder


def filter_domain(env, action_xmlid, name):
    """The domain of the filter ``name`` of the action's search view."""
    arch = etree.fromstring(env.ref(action_xmlid).search_view_id.arch)
    return safe_eval(arch.xpath("//filter[@name='%s']" % name)[0].get("domain"))


def refuse(_api, _user_id, _texts, _retry_key=None):
    raise LineApiError("the Messaging API answered 500")


class TestLineOutbox(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("oss_channel_line.channel_access_token", "unit-token")
        cls.admin = cls.new_user("line_admin", "base.group_user", "base.group_system")

    def setUp(self):
        super().setUp()
        self.user_id = "U" + uuid.uuid4().hex
        self.recorder = Recorder()

    def failed_push(self):
        """A notice of a request for ``self.user_id`` that the job tried 3 times, LINE refusing."""
        request = self.new_request()
        push = self.env["oss.line.push"].create({"request_id": request.id, "line_user_id": self.user_id,
                                                 "text": "Your request %s is ready" % request.name})
        with patch.object(MessagingApi, "push", refuse):
            for _run in range(3):
                self.env["oss.line.push"]._cron_send()
        self.assertEqual((push.state, push.attempts), ("failed", 3))
        return push

    def test_the_administrator_sees_a_failed_notice_and_sends_it_again(self):
        push = self.failed_push()
        action = self.env.ref("oss_channel_line.oss_line_push_action")
        self.assertEqual(safe_eval(action.context), {"search_default_failed": 1})
        Push = self.env["oss.line.push"].sudo(self.admin)
        action_id = "oss_channel_line.oss_line_push_action"
        self.assertIn(push, Push.search(filter_domain(self.env, action_id, "failed")))
        self.assertNotIn(push, Push.search(filter_domain(self.env, action_id, "outgoing")))
        [row] = Push.browse(push.id).read(["request_id", "line_user_id", "state", "failure_reason"])
        self.assertEqual((row["request_id"], row["line_user_id"], row["state"], row["failure_reason"]),
                         ((push.request_id.id, push.request_id.name), self.user_id, "failed",
                          "the Messaging API answered 500"))
        with self.assertRaises(AccessError):
            Push.browse(push.id).write({"state": "outgoing"})

        Push.browse(push.id).action_send_again()
        self.assertEqual((push.state, push.attempts, push.failure_reason), ("outgoing", 0, False))
        self.assertIn("Notice by LINE queued again by Line Admin", push.request_id.message_ids[0].body)
        with patch.object(MessagingApi, "push", lambda api, *args: self.recorder.push(api, *args)):
            self.env["oss.line.push"]._cron_send()
        self.assertEqual((push.state, push.attempts), ("sent", 1))
        self.assertIn((self.user_id, [push.text]), self.recorder.pushes)

        # a notice sent is not sent again
        with self.assertRaises(UserError) as refused:
            Push.browse(push.id).action_send_again()
        self.assertEqual(refused.exception.name,
                         "The LINE notice of %s was already sent: it is not sent again." % push.request_id.name)
        self.assertEqual(push.state, "sent")

    def test_send_again_from_the_list_of_selected_notices(self):
        push = self.failed_push()
        resend = self.env.ref("oss_channel_line.oss_line_push_action_send_again")
        context = {"active_model": "oss.line.push", "active_ids": [push.id], "active_id": push.id}
        with self.assertRaises(AccessError):
            resend.sudo(self.officer_reg).with_context(**context).run()
        resend.sudo(self.admin).with_context(**context).run()
        self.assertEqual((push.state, push.attempts), ("outgoing", 0))

    def test_front_desk_and_officers_neither_read_nor_resend(self):
        push = self.failed_push()
        for user in (self.front_desk, self.officer_reg):
            Push = self.env["oss.line.push"].sudo(user)
            with self.assertRaises(AccessError):
                Push.search([("state", "=", "failed")])
            with self.assertRaises(AccessError):
                Push.browse(push.id).read(["line_user_id"])
            with self.assertRaises(AccessError):
                Push.browse(push.id).action_send_again()
            with self.assertRaises(AccessError):
                self.env["oss.line.event"].sudo(user).search([])
        self.assertEqual(push.state, "failed")

    def test_the_administrator_reads_conversations_and_deliveries(self):
        conversation = self.env["oss.line.conversation"].create({
            "line_user_id": self.user_id, "sender_name": "สมหญิง ไลน์", "description": "ไฟดับ"})
        event = self.env["oss.line.event"].create({"event_id": uuid.uuid4().hex})
        self.assertEqual(self.env["oss.line.conversation"].sudo(self.admin).search(
            [("line_user_id", "=", self.user_id)]).read(["sender_name", "step"]),
            [{"id": conversation.id, "sender_name": "สมหญิง ไลน์", "step": "text"}])
        self.assertEqual(self.env["oss.line.event"].sudo(self.admin).browse(event.id).event_id, event.event_id)
        for model, record in (("oss.line.conversation", conversation), ("oss.line.event", event)):
            with self.assertRaises(AccessError):
                self.env[model].sudo(self.admin).browse(record.id).unlink()
        with self.assertRaises(AccessError):
            self.env["oss.line.conversation"].sudo(self.admin).browse(conversation.id).write({"step": "photo"})
        with self.assertRaises(AccessError):
            self.env["oss.line.conversation"].sudo(self.officer_reg).search([])
