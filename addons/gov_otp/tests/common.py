"""What the tests of one-time codes and of the modules using them share: the rate limits counted
on the test's cursor, and the e-mails sent kept in a list instead of reaching a mail server."""
import re
from unittest import mock

from odoo.tests.common import SavepointCase


class OtpTestCase(SavepointCase):
    """A SavepointCase whose ``sent_mails`` lists the messages sent through ``ir.mail_server``."""

    def setUp(self):
        super(OtpTestCase, self).setUp()
        # the limits are counted on the test's cursor (hit() commits on a cursor of its own)
        RateLimit = type(self.env["gov.rate.limit"])
        patcher = mock.patch.object(RateLimit, "hit", lambda model, scope, key, limit, window: model._hit_cr(
            model.env.cr, scope, key, limit, window))
        patcher.start()
        self.addCleanup(patcher.stop)
        # codes by e-mail are sent at once: the message goes to this list (test mode sends nothing)
        self.sent_mails = []
        MailServer = type(self.env["ir.mail_server"])
        patcher = mock.patch.object(MailServer, "send_email", lambda server, message, *args, **kwargs: (
            self.sent_mails.append(message) or message["Message-Id"] or "<test>"))
        patcher.start()
        self.addCleanup(patcher.stop)

    def mail_code(self, target):
        """The code of the last e-mail sent to ``target``."""
        for message in reversed(self.sent_mails):
            if target in message["To"]:
                text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
                return re.search(r"\b([0-9]{6})\b", text.get_payload(decode=True).decode("utf-8")).group(1)
        return None
