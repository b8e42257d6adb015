"""The notice jobs as the service manager sees them (*Configuration > Failed notices*), and the
state of a request's notices on its form (a notice is not said to be given before its job ran)."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import config

from .oss_request_notice_job import NOTICE_CHANNEL

NOTICE_JOB_STATES = [
    ("none", "No notice waiting"),
    ("waiting", "A notice is waiting to be sent"),
    ("failed", "A notice failed"),
]


class QueueJob(models.Model):
    _inherit = "queue.job"

    @api.model_cr
    def init(self):
        result = super().init()
        # the jobs of a request (its form's banner, its deletion), found by the request's id in
        # the record_ids text, which the ORM cannot search
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS queue_job_oss_request_index ON queue_job (record_ids)
             WHERE model_name = 'oss.request'""")
        return result

    @api.model
    def requeue_stuck_jobs(self, enqueued_delta=5, started_delta=0):
        """queue_job's garbage collector (its cron, every 5 minutes) requeues the jobs left
        *enqueued* by a server that stopped; a notice job left *started* holds one of the notice
        channel's places too, for ever: the runner counts it as running, and two of them stop
        every notice. A notice job is one transaction (rendering, message, queued e-mail, SMS and
        LINE outbox rows), rolled back with the process that died: once it has been started for
        longer than a worker may run, it was not given, and is requeued."""
        result = super().requeue_stuck_jobs(enqueued_delta=enqueued_delta, started_delta=started_delta)
        started = self._get_stuck_jobs_domain(0, self._oss_notice_run_limit_minutes())
        self.search(expression.AND([[("channel", "=", NOTICE_CHANNEL)], started])).requeue()
        return result

    @api.model
    def _oss_notice_run_limit_minutes(self):
        """Twice the longest a worker answers a request (limit_time_real) and at least 15 minutes."""
        return max(15, 2 * (config.get("limit_time_real") or 0) // 60)

    def oss_requeue_notice(self):
        """Requeue failed notice jobs: the service manager reads them (record rule on the notice
        channel) but writes no job; the job queue's own bookkeeping writes the state."""
        if not self.env.user.has_group("gov_crm.group_gov_service_manager"):
            raise AccessError(_("Only service managers can requeue the notices."))
        self.check_access_rights("read")
        self.check_access_rule("read")
        jobs = self.sudo()
        if any(job.channel != NOTICE_CHANNEL or job.state != "failed" for job in jobs):
            raise UserError(_("Only failed notice jobs can be requeued."))
        # sudo: checked above, the caller reads these jobs and may requeue notices
        jobs.requeue()
        jobs.write({"eta": False})  # now, not at the time the last try had set for the next one
        return True


class OssRequest(models.Model):
    _inherit = "oss.request"

    notice_job_state = fields.Selection(NOTICE_JOB_STATES, string="Notices", compute="_compute_notice_job_state",
                                        help="Whether a notice to the applicant is still waiting to be sent "
                                             "or failed: the chatter shows a notice once it was sent.")

    @api.depends()
    def _compute_notice_job_state(self):
        if not self.ids:
            for request in self:
                request.notice_job_state = "none"
            return
        # the jobs hold the request's id in their record_ids (JSON text); the notice jobs of
        # these requests not done yet, in one query
        self.env.cr.execute("""
            SELECT record_ids, bool_or(state = 'failed')
              FROM queue_job
             WHERE model_name = %s AND method_name = '_oss_notice_job' AND state <> 'done'
               AND record_ids = ANY(%s)
             GROUP BY record_ids""", (self._name, ["[%d]" % request_id for request_id in self.ids]))
        found = {record_ids: failed for record_ids, failed in self.env.cr.fetchall()}
        for request in self:
            failed = found.get("[%d]" % request.id) if request.id else None
            request.notice_job_state = "none" if failed is None else ("failed" if failed else "waiting")

    def unlink(self):
        """A deleted request's notice jobs go with it (their rows name it, without a key)."""
        self.env.cr.execute("SELECT id FROM queue_job WHERE model_name = %s AND record_ids = ANY(%s)",
                            (self._name, ["[%d]" % request_id for request_id in self.ids]))
        job_ids = [row[0] for row in self.env.cr.fetchall()]
        # sudo: the job queue is the system's
        self.env["queue.job"].sudo().browse(job_ids).unlink()
        return super().unlink()
