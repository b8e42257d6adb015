"""A message that notifies nobody, inserted in one statement, is the row mail's create writes."""
import base64
import re
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests.common import SavepointCase, TransactionCase
from odoo.tools import html_sanitize

from ..models import mail_message
from .common import audited_create, new_user, sql_statements
from .test_privacy import PIN

COLUMNS = ("author_id", "body", "email_from", "message_type", "model", "no_auto_thread", "parent_id",
           "record_name", "reply_to", "res_id", "subject", "subtype_id", "mail_server_id", "create_uid", "write_uid")


class TestMessageInsert(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(cls.env, "msgins_fd", "gov_crm.group_gov_front_desk", name="Front desk M")
        Partner = cls.env["res.partner"]
        cls.document = Partner.create({"name": "นายเอกสาร ทดสอบ", "gov_party_type": "citizen"})
        cls.applicant = Partner.create({"name": "นางผู้ยื่น ทดสอบ", "email": "applicant@example.co.th"})

    def values(self, **extra):
        Message = self.env["mail.message"].sudo(self.clerk)
        values = {
            "model": "res.partner", "res_id": self.document.id, "record_name": self.document.name,
            "message_type": "comment", "subtype_id": self.env.ref("mail.mt_comment").id,
            "author_id": self.clerk.partner_id.id, "email_from": Message._get_default_from(),
            "subject": "Request received (ID %s)" % PIN,
            "body": '<p class="x" style="color: red">Received <b>OSS-1</b> for %s</p><script>alert(1)</script>' % PIN,
            "partner_ids": [(4, self.applicant.id)]}
        values.update(extra)
        return values

    def row(self, message):
        self.env.cr.execute("SELECT %s FROM mail_message WHERE id = %%s" % ", ".join(COLUMNS), (message.id,))
        row = self.env.cr.fetchone()
        self.env.cr.execute("SELECT res_partner_id FROM mail_message_res_partner_rel WHERE mail_message_id = %s",
                            (message.id,))
        return row, [partner_id for (partner_id,) in self.env.cr.fetchall()]

    def test_the_row_and_its_recipients_are_those_mail_s_create_writes(self):
        Message = self.env["mail.message"].sudo(self.clerk)
        before = self.document.message_ids  # the chatter as the document's form has read it
        with sql_statements(lambda text: text.startswith("INSERT INTO mail_message ")) as inserted:
            message = Message._gov_insert_message(self.values())
        # the document's chatter shows it, read in the same transaction
        self.assertEqual(self.document.message_ids - before, message)
        created = Message.sudo().with_context(message_create_from_mail_mail=True).create(self.values())
        self.assertEqual(len(inserted), 1)
        self.assertEqual(self.row(message), self.row(created))
        row, recipients = self.row(message)
        self.assertEqual(recipients, [self.applicant.id])
        body, subject = row[COLUMNS.index("body")], row[COLUMNS.index("subject")]
        self.assertNotIn("<script", body)  # sanitized as the field sanitizes
        self.assertNotIn(PIN, body + subject)  # the ID masked as in any message
        self.assertIn("OSS-1", body)
        self.assertTrue(message.message_id)
        self.assertNotEqual(message.message_id, created.message_id)
        # nobody was notified
        self.assertFalse(self.env["mail.notification"].search([("mail_message_id", "=", message.id)]))
        self.assertEqual((message.subject, message.partner_ids), (created.subject, self.applicant))
        self.assertEqual(message.body, created.body)

    def test_a_body_of_plain_paragraphs_is_written_as_the_sanitizer_gives_it_back_without_it(self):
        """A note's lines (letters, Thai ones too, digits, spaces, plain punctuation) are written as they
        are, which is what the sanitizer gives back; anything else is sanitized as the field does."""
        Message = self.env["mail.message"].sudo(self.clerk)
        plain = "<p>Request OSS-2569/000123 received through Counter.</p><p>Step ตรวจเอกสาร sent to กองช่าง (2).</p>"
        other = "<p>Tom &amp; Jerry&#39;s 100%24</p>"
        sanitized = []

        def counted(text, **kwargs):
            sanitized.append(text)
            return html_sanitize(text, **kwargs)
        with patch("odoo.fields.html_sanitize", counted):
            messages = [Message._gov_insert_message(self.values(body=body, partner_ids=[])) for body in (plain, other)]
        self.assertEqual(sanitized, [other])
        self.assertEqual([self.row(message)[0][COLUMNS.index("body")] for message in messages],
                         [plain, html_sanitize(other)])
        self.assertEqual(html_sanitize(plain), plain)

    def test_what_it_does_not_write_goes_through_mail_s_create(self):
        Message = self.env["mail.message"].sudo(self.clerk)
        image = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 32).decode()
        with sql_statements(lambda text: text.startswith("INSERT INTO mail_message ")) as inserted:
            pictured = Message._gov_insert_message(
                self.values(body='<p><img src="data:image/png;base64,%s"></p>' % image))
            unnamed = Message._gov_insert_message({k: v for k, v in self.values().items() if k != "record_name"})
            replaced = Message._gov_insert_message(self.values(partner_ids=[(6, 0, [self.applicant.id])]))
        self.assertEqual(len(inserted), 3)  # each by the ORM (its own INSERT statement)
        self.assertTrue(pictured.attachment_ids)  # mail turned the image into an attachment
        self.assertNotIn("base64", pictured.body)
        self.assertEqual(unnamed.record_name, self.document.display_name)
        self.assertEqual(replaced.partner_ids, self.applicant)

    def test_a_create_replaced_while_the_server_runs_writes_the_message(self):
        """An audit rule on messages replaces their create (auditlog keeps the method it replaced as
        ``origin``): the message is then written by that create, which logs it."""
        with audited_create(self.env["mail.message"]) as logged:
            message = self.env["mail.message"].sudo(self.clerk)._gov_insert_message(self.values())
        self.assertEqual([vals.get("subject") for vals in logged], [message.subject])
        self.assertEqual(message.partner_ids, self.applicant)


# the characters a plain paragraph may hold (mail_message.PLAIN_PARAGRAPHS)
PLAIN_TEXT = st.text(st.one_of(
    st.characters(whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No")).filter(
        lambda char: re.fullmatch(r"\w", char)),
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B).filter(lambda char: not 0x0E3B <= ord(char) <= 0x0E3E),
    st.sampled_from(" .,:;()/-+*#@!?[]=_")), max_size=40)


class TestPlainParagraphs(TransactionCase):

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(PLAIN_TEXT, min_size=1, max_size=5))
    def test_the_sanitizer_gives_plain_paragraphs_back_as_they_are(self, lines):
        body = "".join("<p>%s</p>" % line for line in lines)
        self.assertTrue(mail_message.PLAIN_PARAGRAPHS.fullmatch(body))
        Message = self.env["mail.message"]
        self.assertEqual(Message._fields["body"].convert_to_column(body, Message), body)  # as the field sanitizes

    def test_markup_entities_quotes_and_percent_signs_are_not_plain(self):
        for body in ("<p>a &amp; b</p>", "<p>%24</p>", "<p>it's</p>", '<p>"x"</p>', "<p>a<b>b</b></p>",
                     "<p>a\nb</p>", "<p>a\xa0b</p>", "<p>a</p>x", "<p class='x'>a</p>", ""):
            self.assertIsNone(mail_message.PLAIN_PARAGRAPHS.fullmatch(body), body)
