"""The notice's job: what ``_oss_notify`` decided is rendered, kept in the chatter and queued
on each channel after the caller's transaction commits, by OCA's job queue.

The job row is written in the caller's transaction, with the request and the notice's
evidence: a server that dies between the commit and the job loses nothing, the runner
picks the job up when it starts again. A notice given while a request is answered (the
counter's submission) is run by the worker that answered, right after its answer
(``gov_http.job_after_answer``), with the runner as the safety net. A job that keeps
failing ends ``failed`` and is listed for the service manager (*Configuration > Failed
notices*), who requeues it.
"""
import logging

from odoo import _, api, models
from odoo.exceptions import MissingError

from odoo.addons.gov_crm.tools.xmlid import cached_ref
from odoo.addons.gov_http.job_after_answer import with_delay_after_answer
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

_logger = logging.getLogger(__name__)

# the runner's channel of the notices (scripts/gov.sh writes its capacity in the [queue_job] section)
NOTICE_CHANNEL = "root.gov_notice"
NOTICE_MAX_RETRIES = 5
# seconds before the next try, by tries so far: a mail server or a PDF renderer that is down
# for a while is waited for, about an hour and a half in all
NOTICE_RETRY_PATTERN = {1: 60, 2: 300, 3: 1200, 4: 3600}


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_queue_notice(self, template_xmlid, template, channels, send_now=False):
        """Write the job of one notice (``template`` on ``channels``) in the caller's transaction."""
        self.ensure_one()
        description = _("Notice \"%(notice)s\" of request %(request)s") % {
            "notice": template.name, "request": self.name}
        # tracking_disable: the job row is the system's (queue.job is a mail thread): the clerk does
        # not follow it and no "created" message is posted on it
        return with_delay_after_answer(
            self.with_context(tracking_disable=True),
            channel=NOTICE_CHANNEL, max_retries=NOTICE_MAX_RETRIES, description=description)._oss_notice_job(
            template_xmlid, channels, send_now, self.env.uid)

    @api.model
    def _gov_job_mergeable(self, method_name, args, kwargs):
        """The notices held by a worker while other clerks waited run together, those given by one
        user with the same template and channels in one call (gov_http.job_after_answer): the
        requests, their applicants and the template's rows fetched once for all. Not those sent at
        once: an e-mail sent is not taken back if another notice of the transaction fails."""
        send_now = args[2] if len(args) > 2 else kwargs.get("send_now", False)
        return method_name == "_oss_notice_job" and not send_now

    @job(default_channel=NOTICE_CHANNEL, retry_pattern=NOTICE_RETRY_PATTERN)
    def _oss_notice_job(self, template_xmlid, channels, send_now=False, uid=None):
        """Render the notice, post it in the chatter and queue it on ``channels``, as the user
        ``uid`` who gave it (the runner loads jobs as the superuser).

        Any error is retried (``NOTICE_RETRY_PATTERN``) with nothing of the failed try kept;
        after ``NOTICE_MAX_RETRIES`` tries the job is failed, with its traceback. Given on several
        requests, it gives each its notice, those deleted left out, and its result is each one's.
        """
        requests = self.sudo(uid) if uid else self
        try:
            # the rows fetched once, as the user: the rendering reads them as the superuser from the
            # cache (fetched first as the superuser, the user's reads would fetch them again)
            requests.mapped("state")
        except MissingError:
            requests = requests.exists()
        if not requests:
            return _("The request was deleted: nothing to send.")
        template = cached_ref(self.env, template_xmlid)
        try:
            with self.env.cr.savepoint():
                for request in requests:
                    message = request._oss_post_and_queue(template, channels)
                    if send_now:
                        # sudo: the mail queue is the system's; the acknowledgement does not wait for it
                        self.env["mail.mail"].sudo().search([
                            ("mail_message_id", "=", message.id), ("state", "=", "outgoing")]).send()
        except RetryableJobError:
            raise
        except Exception as error:
            _logger.warning("Notice %s of %s not given, to be retried: %s", template_xmlid, requests, error)
            raise RetryableJobError(_("Notice not given: %(error)s") % {"error": error}) from error
        return _("Notice given on: %(channels)s") % {"channels": ", ".join(channels)}
