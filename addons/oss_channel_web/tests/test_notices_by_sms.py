"""Notices by SMS to a person who gave a mobile number and no e-mail address: queued with the
notice, in the person's language, with the signed status link; sent by the outbox's job through
the gateway (a stand-in on loopback), recorded on the request; retried, then kept as failed."""
from odoo.exceptions import AccessError

from odoo.addons.gov_otp.tests.sms_gateway import StandInGateway
from odoo.addons.one_stop_service.tests.common import OssCase


class TestNoticesBySms(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mobile_only = cls.env["res.partner"].create({
            "name": "นางมือถือ อย่างเดียว", "gov_party_type": "citizen", "mobile": "081-555-4321", "lang": "th_TH"})
        cls.Sms = cls.env["gov.sms"]

    def gateway(self, token="tok"):
        params = self.env["ir.config_parameter"]
        gateway = StandInGateway(token="tok")
        params.set_param("gov_otp.sms_gateway_url", gateway.url)
        params.set_param("gov_otp.sms_gateway_token", token)
        return gateway

    def queued(self, request):
        return self.Sms.search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])

    def test_the_notice_goes_by_sms_after_the_transaction_and_is_recorded(self):
        request = self.new_request(partner=self.mobile_only, received=False)
        self.assertEqual(request._oss_notice_channels(), ["sms"])
        request.sudo(self.front_desk).action_submit()
        self.assertFalse(self.queued(request))  # the notice's job queues it, after the answer
        self.run_notice_jobs()
        notice = request.notice_ids
        self.assertEqual((notice.kind, notice.sent), ("missing_documents", True))
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)]))
        # queued, not sent: the clerk did not wait for the gateway
        sms = self.queued(request)
        self.assertEqual((sms.number, sms.state), ("0815554321", "outgoing"))
        self.assertTrue(sms.text.startswith("เอกสารไม่ครบ"), sms.text)
        self.assertIn(request.oss_track_signed_url(), sms.text)
        self.assertNotIn("Status:", sms.text)  # in the person's language
        with self.gateway() as gateway:
            self.assertEqual(self.Sms._cron_send(), 1)
        self.assertEqual(gateway.messages, [{"to": "0815554321", "text": sms.text}])
        self.assertEqual(sms.state, "sent")
        self.assertTrue(sms.date_sent)
        self.assertIn("xxx-xxx-4321", request.message_ids[0].body)
        # sent once: the next run has nothing to send
        self.assertEqual(self.Sms._cron_send(), 0)

    def test_a_person_who_prefers_sms_gets_it_instead_of_the_email(self):
        self.person_en.write({"mobile": "0891112222", "gov_preferred_channel": "sms"})
        request = self.new_request(partner=self.person_en)
        self.assertEqual(request._oss_notice_channels(), ["sms"])
        request.sudo(self.front_desk).action_submit()
        self.run_notice_jobs()
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)]))
        self.assertRegex(self.queued(request).text, r"^Request received: %s\. Status: " % request.name)
        # a person with an e-mail address and no preference keeps the e-mail
        self.person.mobile = "0893334444"
        self.assertEqual(self.new_request()._oss_notice_channels(), ["email"])

    def test_a_gateway_that_refuses_is_retried_then_the_failure_recorded(self):
        request = self.new_request(partner=self.mobile_only, received=False)
        request.action_submit()
        self.run_notice_jobs()
        sms = self.queued(request)
        with self.gateway(token="wrong"):
            for _run in range(3):
                self.Sms._cron_send()
        self.assertEqual((sms.state, sms.attempts), ("failed", 3))
        self.assertIn("could not be sent", sms.failure_reason)
        self.assertIn("SMS to xxx-xxx-4321 not sent", request.message_ids[0].body)
        self.assertEqual(self.Sms._cron_send(), 0)

    def test_no_role_reads_the_outbox(self):
        request = self.new_request(partner=self.mobile_only, received=False)
        request.action_submit()
        for user in (self.front_desk, self.officer_reg, self.manager):
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).search([])

    def test_a_deleted_request_takes_its_unsent_sms_with_it(self):
        request = self.new_request(partner=self.mobile_only, received=False)
        request.action_submit()
        self.run_notice_jobs()
        sms = self.queued(request)
        self.assertTrue(sms)
        self.env.cr.execute("UPDATE oss_request SET state = 'draft' WHERE id = %s", (request.id,))
        request.invalidate_cache()
        request.sudo(self.manager).unlink()  # a service manager deletes a draft
        self.assertFalse(sms.exists())
