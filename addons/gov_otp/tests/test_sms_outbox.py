"""The SMS outbox as the administrator sees it: the failed messages under Settings > Technical >
Messages, sent again through the gateway (a stand-in on loopback that fails, then accepts); no
other role reads the outbox or sends a message again, and a message sent is never sent twice."""
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.gov_crm.tests.common import new_user
from .common import OtpTestCase
from .sms_gateway import StandInGateway

NUMBER = "0815550101"


def filter_domain(env, action_xmlid, name):
    """The domain of the filter ``name`` of the action's search view."""
    arch = etree.fromstring(env.ref(action_xmlid).search_view_id.arch)
    return safe_eval(arch.xpath("//filter[@name='%s']" % name)[0].get("domain"))


class SmsOutboxCase(OtpTestCase):

    @classmethod
    def setUpClass(cls):
        super(SmsOutboxCase, cls).setUpClass()
        cls.admin = new_user(cls.env, "sms_admin", "base.group_user", "base.group_system")
        cls.front_desk = new_user(cls.env, "sms_front_desk", "gov_crm.group_gov_front_desk")
        cls.officer = new_user(cls.env, "sms_officer", "gov_crm.group_gov_officer")
        cls.person = cls.env["res.partner"].create({"name": "SMS outbox person", "mobile": NUMBER})

    def failed_sms(self, gateway):
        """An SMS about ``self.person`` that the job tried 3 times through a failing gateway."""
        params = self.env["ir.config_parameter"]
        params.set_param("gov_otp.sms_gateway_url", gateway.url)
        params.set_param("gov_otp.sms_gateway_token", "tok")
        sms = self.env["gov.sms"].queue(NUMBER, "Your request is ready", self.person)
        gateway.status = 500
        for _run in range(3):
            self.env["gov.sms"]._cron_send()
        self.assertEqual((sms.state, sms.attempts), ("failed", 3))
        return sms

    def test_the_administrator_sees_a_failed_sms_and_sends_it_again(self):
        with StandInGateway(token="tok") as gateway:
            sms = self.failed_sms(gateway)
            action = self.env.ref("gov_otp.gov_sms_action")
            self.assertEqual(safe_eval(action.context), {"search_default_failed": 1})
            Sms = self.env["gov.sms"].sudo(self.admin)
            self.assertIn(sms, Sms.search(filter_domain(self.env, "gov_otp.gov_sms_action", "failed")))
            self.assertNotIn(sms, Sms.search(filter_domain(self.env, "gov_otp.gov_sms_action", "sent")))
            [row] = Sms.browse(sms.id).read(["number", "text", "state", "attempts", "failure_reason"])
            self.assertEqual((row["number"], row["state"], row["attempts"]), (NUMBER, "failed", 3))
            self.assertEqual(row["failure_reason"],
                             "The SMS could not be sent; try again later or give an e-mail address.")
            # the fields are read-only, to the administrator too: only the action writes
            with self.assertRaises(AccessError):
                Sms.browse(sms.id).write({"state": "outgoing"})

            Sms.browse(sms.id).action_send_again()
            self.assertEqual((sms.state, sms.attempts, sms.failure_reason), ("outgoing", 0, False))
            self.assertIn("SMS to xxx-xxx-0101 queued again by Sms Admin", self.person.message_ids[0].body)
            self.assertIn(sms, Sms.search(filter_domain(self.env, "gov_otp.gov_sms_action", "outgoing")))
            gateway.status = 200
            self.env["gov.sms"]._cron_send()
            self.assertEqual((sms.state, sms.attempts), ("sent", 1))
            self.assertIn({"to": NUMBER, "text": "Your request is ready"}, gateway.messages)

            # a message sent is not sent again
            with self.assertRaises(UserError) as refused:
                Sms.browse(sms.id).action_send_again()
            self.assertEqual(refused.exception.name,
                             "The SMS to xxx-xxx-0101 was already sent: it is not sent again.")
            self.assertEqual(sms.state, "sent")

    def test_send_again_from_the_list_of_selected_messages(self):
        with StandInGateway(token="tok") as gateway:
            sms = self.failed_sms(gateway)
        resend = self.env.ref("gov_otp.gov_sms_action_send_again")
        self.assertEqual(resend.binding_model_id.model, "gov.sms")
        context = {"active_model": "gov.sms", "active_ids": [sms.id], "active_id": sms.id}
        with self.assertRaises(AccessError):
            resend.sudo(self.front_desk).with_context(**context).run()
        self.assertEqual(sms.state, "failed")
        resend.sudo(self.admin).with_context(**context).run()
        self.assertEqual((sms.state, sms.attempts), ("outgoing", 0))

    def test_the_administrator_opens_the_record_of_an_sms(self):
        sms = self.env["gov.sms"].queue(NUMBER, "About a person", self.person)
        action = sms.sudo(self.admin).action_open_record()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.person.id))

    def test_front_desk_and_officers_neither_read_nor_resend(self):
        with StandInGateway(token="tok") as gateway:
            sms = self.failed_sms(gateway)
        for user in (self.front_desk, self.officer):
            Sms = self.env["gov.sms"].sudo(user)
            with self.assertRaises(AccessError):
                Sms.search([("state", "=", "failed")])
            with self.assertRaises(AccessError):
                Sms.browse(sms.id).read(["number"])
            with self.assertRaises(AccessError):
                Sms.browse(sms.id).action_send_again()
        self.assertEqual(sms.state, "failed")
