import email.utils
from contextlib import contextmanager
from email.message import EmailMessage
from unittest.mock import patch

from odoo.tools import decode_message_header

from odoo.addons.one_stop_service.tests.common import OssCase

DOMAIN = "agency.example.go.th"


def raw_mail(sender="tester@example.co.th", to="requests@" + DOMAIN, subject="ขอต่อใบอนุญาต",
             body="ขอต่อใบอนุญาตประกอบกิจการ", attachments=(), headers=None, message_id=None,
             content_type=None):
    """The bytes of an e-mail as an MTA delivers it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if subject is not None:
        message["Subject"] = subject
    message["Date"] = email.utils.formatdate()
    message["Message-ID"] = message_id or email.utils.make_msgid(domain="mail.example.co.th")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body or "")
    for name, content, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    if content_type:
        message.replace_header("Content-Type", content_type)
    return message


def header(message, name):
    """A header of an e-mail Odoo built (legacy email.message), decoded."""
    return decode_message_header(message, name)


def body_text(message):
    """The decoded text of every text part of an e-mail."""
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                     for part in parts if part.get_content_maintype() == "text")


class MailIntakeCase(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("mail.catchall.domain", DOMAIN)
        cls.service.channel_ids = [(4, cls.env.ref("one_stop_service.oss_channel_email").id)]

    def setUp(self):
        super().setUp()
        self.sent = []
        sent = self.sent

        def send_email(server, message, *args, **kwargs):
            sent.append(message)
            return message["Message-Id"]
        patcher = patch.object(type(self.env["ir.mail_server"]), "send_email", send_email)
        patcher.start()
        self.addCleanup(patcher.stop)

    def deliver(self, message):
        """What the SMTP gateway does with a message (as the system: set-up, not a user's step),
        then the job runner after its transaction (the acknowledgement's job)."""
        result = self.env["mail.thread"].message_process(False, message.as_bytes())
        self.run_notice_jobs()
        return result

    def requests_of(self, partner_email):
        return self.env["oss.request"].search([("partner_id.email", "=ilike", partner_email)])

    @contextmanager
    def nothing_created(self):
        Request, Partner = self.env["oss.request"], self.env["res.partner"]
        requests_before, partners_before = Request.search_count([]), Partner.search_count([])
        attachments_before = self.env["ir.attachment"].search_count([])
        yield
        self.assertEqual(Request.search_count([]), requests_before)
        self.assertEqual(Partner.search_count([]), partners_before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)
