"""Failed and kept e-mails are deleted after the retention period (a daily job)."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase

NOW = datetime.datetime(2026, 12, 1, 2, 0, 0)


class TestMailRetention(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mail = cls.env["mail.mail"]
        cls.person = cls.env["res.partner"].create({"name": "Retention Person", "email": "ret@example.com"})
        cls.Param = cls.env["ir.config_parameter"]

    def _mail(self, state, days_old, on_chatter=False):
        values = {"subject": "Kept %s %s" % (state, days_old), "body_html": "<p>receipt</p>",
                  "state": state, "recipient_ids": [(4, self.person.id)]}
        if on_chatter:
            values["mail_message_id"] = self.person.message_post(body="notice").id
        mail = self.Mail.create(values)
        stamp = fields.Datetime.to_string(NOW - datetime.timedelta(days=days_old))
        self.env.cr.execute("UPDATE mail_mail SET write_date = %s WHERE id = %s", (stamp, mail.id))
        mail.invalidate_cache()
        return mail

    def test_old_failed_and_kept_mails_are_deleted(self):
        self.Param.set_param("gov_crm.mail_retention_days", "30")
        old_failed = self._mail("exception", 40)
        old_sent = self._mail("sent", 31, on_chatter=True)
        old_cancelled = self._mail("cancel", 90)
        old_outgoing = self._mail("outgoing", 40)
        recent_failed = self._mail("exception", 10)
        notice = old_sent.mail_message_id
        lone_message = old_failed.mail_message_id
        self.assertEqual(self.Mail._gov_cron_delete_kept_mails(now=fields.Datetime.to_string(NOW)), 3)
        self.assertFalse((old_failed | old_sent | old_cancelled).exists())
        self.assertEqual((old_outgoing | recent_failed).exists(), old_outgoing | recent_failed)
        # the chatter keeps the notice; a message that was only the e-mail goes with it
        self.assertTrue(notice.exists())
        self.assertFalse(lone_message.exists())

    def test_retention_is_a_system_parameter(self):
        mail = self._mail("exception", 10)
        self.Param.set_param("gov_crm.mail_retention_days", "7")
        self.assertEqual(self.Mail._gov_retention_days(), 7)
        self.assertEqual(self.Mail._gov_cron_delete_kept_mails(now=fields.Datetime.to_string(NOW)), 1)
        self.assertFalse(mail.exists())
        for wrong in ("abc", "0", "-5", ""):
            self.Param.set_param("gov_crm.mail_retention_days", wrong)
            self.assertEqual(self.Mail._gov_retention_days(), 30, wrong)

    def test_the_job_runs_daily(self):
        cron = self.env.ref("gov_crm.ir_cron_mail_retention")
        self.assertEqual((cron.model_id.model, cron.interval_number, cron.interval_type, cron.active),
                         ("mail.mail", 1, "days", True))
        self.assertEqual(self.env.ref("gov_crm.config_mail_retention_days").value, "30")
