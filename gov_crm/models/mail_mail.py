"""Retention of the e-mails the queue keeps: failed ones and those sent but kept."""
import datetime
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "gov_crm.mail_retention_days"
DEFAULT_RETENTION_DAYS = 30
KEPT_STATES = ("exception", "sent", "cancel")
BATCH = 1000


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _gov_retention_days(self):
        """Days a failed or kept e-mail stays: the system parameter, or 30 when it is not a
        positive whole number."""
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        try:
            days = int(value)
        except (TypeError, ValueError):
            days = 0
        if days < 1:
            if value:
                _logger.warning("%s=%r is not a positive number of days; using %d",
                                RETENTION_PARAM, value, DEFAULT_RETENTION_DAYS)
            days = DEFAULT_RETENTION_DAYS
        return days

    @api.model
    def _gov_cron_delete_kept_mails(self, now=None):
        """Delete the failed, cancelled and sent-but-kept e-mails not touched for the retention
        period (the daily job). The chatter keeps its copy of a notice: unlink() deletes the
        message only for e-mails that are not a message's notification. Returns the count."""
        now = fields.Datetime.from_string(now) if now else datetime.datetime.utcnow()
        cutoff = fields.Datetime.to_string(now - datetime.timedelta(days=self._gov_retention_days()))
        Mail = self.sudo()
        domain = [("state", "in", KEPT_STATES), ("write_date", "<", cutoff)]
        deleted = 0
        while True:
            mails = Mail.search(domain, limit=BATCH, order="id")
            if not mails:
                break
            deleted += len(mails)
            mails.unlink()
        if deleted:
            _logger.info("mail retention: %d kept e-mails older than %s deleted", deleted, cutoff)
        return deleted
