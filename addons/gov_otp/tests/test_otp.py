"""One-time codes: hashed, used once, expiring, attempts and rate limits counted, sent by e-mail
and through the SMS gateway (a stand-in on loopback)."""
import importlib.util
import os
import re
from email.header import decode_header, make_header
from unittest import mock

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path

from odoo.addons.gov_crm.tests.common import new_user
from .common import OtpTestCase
from .sms_gateway import StandInGateway
from ..models.gov_otp import OtpRateLimited, normalise_target

PURPOSE = "gov_otp.test"
THAI = re.compile("[\u0e00-\u0e7f]")


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

    def mail_text(self, target):
        """Subject and plain text of the last e-mail sent to ``target``."""
        message = next(m for m in reversed(self.sent_mails) if target in m["To"])
        text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
        return str(make_header(decode_header(message["Subject"]))), text.get_payload(decode=True).decode("utf-8")

    def test_email_in_the_language_of_the_page(self):
        """One template: English for a page read in English, its Thai from th.po for a Thai one."""
        self.Otp.issue(PURPOSE, "email", "thai@example.com", "127.0.0.5", "th_TH")
        code = self.mail_code("thai@example.com")
        subject, text = self.mail_text("thai@example.com")
        self.assertEqual(subject, "รหัสยืนยันของคุณ: %s" % code)
        self.assertIn("รหัสยืนยันของคุณคือ", text)
        self.assertIn("ห้ามบอกรหัสนี้แก่ผู้ใด", text)
        self.assertNotIn("confirmation", subject + text)
        self.Otp.issue(PURPOSE, "email", "english@example.com", "127.0.0.5", "en_US")
        code = self.mail_code("english@example.com")
        subject, text = self.mail_text("english@example.com")
        self.assertEqual(subject, "Your confirmation code: %s" % code)
        self.assertIn("Your confirmation code is", text)
        self.assertIn("Do not give it to anyone.", text)
        self.assertFalse(THAI.search(subject + text), text)

    def test_migration_replaces_the_old_bilingual_email(self):
        """A database of 11.0.1.0.0 kept the e-mail with both languages in one text, and its Thai."""
        template = self.env.ref("gov_otp.mail_template_otp")
        old_subject = "รหัสยืนยัน / Your confirmation code: ${ctx.get('otp_code')}"
        old_body = "<div><p>รหัสยืนยันของคุณคือ ...</p><p>Your confirmation code is ...</p></div>"
        for lang in (None, "th_TH"):
            template.with_context(lang=lang).write({"subject": old_subject, "body_html": old_body})
        template.invalidate_cache()
        path = os.path.join(get_module_path("gov_otp"), "migrations", "11.0.1.1.0", "post-migrate.py")
        spec = importlib.util.spec_from_file_location("gov_otp_migration_11_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "11.0.1.0.0")
        english, thai = template.with_context(lang="en_US"), template.with_context(lang="th_TH")
        self.assertEqual(english.subject, "Your confirmation code: ${ctx.get('otp_code')}")
        self.assertEqual(thai.subject, "รหัสยืนยันของคุณ: ${ctx.get('otp_code')}")
        self.assertIn("Your confirmation code is <strong>", english.body_html)
        self.assertFalse(THAI.search(english.body_html))
        self.assertIn("รหัสยืนยันของคุณคือ <strong>", thai.body_html)
        self.assertNotIn("Your confirmation code", thai.body_html)
        self.Otp.issue(PURPOSE, "email", "migrated@example.com", "127.0.0.6", "th_TH")
        self.assertEqual(self.mail_text("migrated@example.com")[0],
                         "รหัสยืนยันของคุณ: %s" % self.mail_code("migrated@example.com"))

    def test_sms_through_the_gateway(self):
        with StandInGateway(token="tok") as gateway:
            params = self.env["ir.config_parameter"]
            params.set_param("gov_otp.sms_gateway_url", gateway.url)
            params.set_param("gov_otp.sms_gateway_token", "tok")
            target = self.Otp.issue(PURPOSE, "sms", "081-234-5678", "127.0.0.4", "en_US")
            self.assertEqual(target, "0812345678")
            self.assertEqual(len(gateway.messages), 1)
            code = gateway.last_code("0812345678")
            self.assertEqual(gateway.messages[0]["text"],
                             "Your code: %s (valid 10 minutes). Do not give it to anyone." % code)
            self.Otp.issue(PURPOSE, "sms", "0811111111", "127.0.0.4", "th_TH")
            self.assertEqual(gateway.messages[1]["text"], "รหัสของคุณ: %s (ใช้ได้ 10 นาที) ห้ามบอกรหัสนี้แก่ผู้ใด"
                             % gateway.last_code("0811111111"))
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
