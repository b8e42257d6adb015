"""One-time codes: hashed, used once, expiring, attempts and rate limits counted, sent by e-mail
and through the SMS gateway (a stand-in on loopback)."""
from unittest import mock

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.tests.common import new_user
from .common import OtpTestCase
from .sms_gateway import StandInGateway
from ..models.gov_otp import OtpRateLimited, normalise_target

PURPOSE = "gov_otp.test"


class OtpCase(OtpTestCase):

    @classmethod
    def setUpClass(cls):
        super(OtpCase, cls).setUpClass()
        cls.Otp = cls.env["gov.otp"]
        cls.manager = new_user(cls.env, "otp_manager", "gov_crm.group_gov_service_manager")

    def test_normalise(self):
        self.assertEqual(normalise_target("email", " Somchai@Example.COM "), "somchai@example.com")
        self.assertEqual(normalise_target("sms", "+66 81-234 5678"), "0812345678")
        self.assertEqual(normalise_target("sms", "081 234 5678"), "0812345678")
        self.assertIsNone(normalise_target("sms", "02 123 4567"))
        self.assertIsNone(normalise_target("email", "not an address"))
        with self.assertRaises(ValidationError):
            self.Otp.issue(PURPOSE, "email", "bad@", "127.0.0.1")

    def test_email_code_is_hashed_used_once(self):
        target = self.Otp.issue(PURPOSE, "email", "Person@Example.com", "127.0.0.1", "en_US")
        self.assertEqual(target, "person@example.com")
        code = self.mail_code(target)
        row = self.Otp.search([("target", "=", target)])
        self.assertEqual(len(row), 1)
        self.assertNotIn(code, row.code_hash)
        self.assertFalse(self.Otp.verify(PURPOSE, "email", target, "000000" if code != "000000" else "111111"))
        self.assertFalse(self.Otp.verify("other.purpose", "email", target, code))
        self.assertTrue(self.Otp.verify(PURPOSE, "email", "PERSON@example.com", code))
        self.assertFalse(self.Otp.verify(PURPOSE, "email", target, code), "a code is used once")

    def test_email_code_sent_at_once_or_refused_clearly(self):
        self.Otp.issue(PURPOSE, "email", "atonce@example.com", "127.0.0.1")
        self.assertEqual([message["To"] for message in self.sent_mails], ["atonce@example.com"])
        # sent: the mail holding the code is gone
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", "atonce@example.com")]))
        MailServer = type(self.env["ir.mail_server"])

        def refuse(server, message, *args, **kwargs):
            raise OSError("connection refused")
        with mock.patch.object(MailServer, "send_email", refuse), \
                self.assertRaisesRegex(UserError, "could not be sent by e-mail"):
            self.Otp.issue(PURPOSE, "email", "unreachable@example.com", "127.0.0.1")
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", "unreachable@example.com")]))

    def test_attempts_are_limited(self):
        target = self.Otp.issue(PURPOSE, "email", "tries@example.com", "127.0.0.1")
        code = self.mail_code(target)
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        for _attempt in range(5):
            self.assertFalse(self.Otp.verify(PURPOSE, "email", target, wrong))
        self.assertFalse(self.Otp.verify(PURPOSE, "email", target, code), "no try left after five wrong ones")

    def test_expired_code_refused_and_purged(self):
        target = self.Otp.issue(PURPOSE, "email", "late@example.com", "127.0.0.1")
        code = self.mail_code(target)
        row = self.Otp.search([("target", "=", target)])
        row.write({"expires_at": "2020-01-01 00:00:00"})
        self.assertFalse(self.Otp.verify(PURPOSE, "email", target, code))
        self.Otp._cron_purge()
        self.assertFalse(row.exists())

    def test_new_code_replaces_the_previous(self):
        target = self.Otp.issue(PURPOSE, "email", "again@example.com", "127.0.0.1")
        first = self.mail_code(target)
        self.Otp.issue(PURPOSE, "email", target, "127.0.0.1")
        second = self.mail_code(target)
        if first != second:
            self.assertFalse(self.Otp.verify(PURPOSE, "email", target, first))
        self.assertTrue(self.Otp.verify(PURPOSE, "email", target, second))

    def test_rate_limit_per_target_and_address(self):
        for _n in range(3):
            self.Otp.issue(PURPOSE, "email", "busy@example.com", "127.0.0.2")
        with self.assertRaises(OtpRateLimited):
            self.Otp.issue(PURPOSE, "email", "busy@example.com", "127.0.0.3")
        # the address of the refused call counted nothing: ten codes to ten targets, then a refusal
        for number in range(10):
            self.Otp.issue(PURPOSE, "email", "addr%d@example.com" % number, "127.0.0.3")
        with self.assertRaises(OtpRateLimited):
            self.Otp.issue(PURPOSE, "email", "addr10@example.com", "127.0.0.3")

    def test_sms_through_the_gateway(self):
        with StandInGateway(token="tok") as gateway:
            params = self.env["ir.config_parameter"]
            params.set_param("gov_otp.sms_gateway_url", gateway.url)
            params.set_param("gov_otp.sms_gateway_token", "tok")
            target = self.Otp.issue(PURPOSE, "sms", "081-234-5678", "127.0.0.4", "en_US")
            self.assertEqual(target, "0812345678")
            self.assertEqual(len(gateway.messages), 1)
            code = gateway.last_code("0812345678")
            self.assertIn("Your code: %s" % code, gateway.messages[0]["text"])
            self.assertTrue(self.Otp.verify(PURPOSE, "sms", "0812345678", code))
            params.set_param("gov_otp.sms_gateway_token", "wrong")
            with self.assertRaises(UserError):
                self.Otp.issue(PURPOSE, "sms", "0899999999", "127.0.0.4")

    def test_no_role_reads_codes(self):
        self.Otp.issue(PURPOSE, "email", "secret@example.com", "127.0.0.5")
        with self.assertRaises(AccessError):
            self.Otp.sudo(self.manager).search([])
        with self.assertRaises(AccessError):
            self.Otp.sudo(self.manager).issue(PURPOSE, "email", "x@example.com", "127.0.0.5")
