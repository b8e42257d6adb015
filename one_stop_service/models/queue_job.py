"""The notice jobs as the service manager sees them (*Configuration > Failed notices*), and the
state of a request's notices on its form (a notice is not said to be given before its job ran)."""
from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import config

from odoo.addons.queue_job.models.queue_job import channel_func_name

from .oss_request_notice_job import NOTICE_CHANNEL

# what queue_job computes after a job's row is inserted: a search of the job's function and two
# UPDATEs of the new row in the transaction that queues it (the counter's, for an acknowledgement)
COMPUTED_AT_CREATE = ("channel_method_name", "job_function_id", "func_string")
# the columns a new job's row leaves empty: its chatter's and its activities' (it has neither yet)
EMPTY_AT_CREATE = ("activity_date_deadline", "message_last_post")

NOTICE_JOB_STATES = [
    ("none", "No notice waiting"),
    ("waiting", "A notice is waiting to be sent"),
    ("failed", "A notice failed"),
]


class QueueJob(models.Model):
    _inherit = "queue.job"
    # left out of the computation Odoo runs after the INSERT (gov_crm's mail.activity.mixin): a job's
    # create writes them with its row
    _gov_empty_on_create = COMPUTED_AT_CREATE

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
    def create(self, vals):
        """The job's row inserted with the values queue_job computes for it (COMPUTED_AT_CREATE),
        worked out here as queue_job does; a row queue_job's job does not describe fully has them
        computed by queue_job after its INSERT."""
        computed = self._gov_computed_at_create(vals)
        row = self._gov_inserted_row(dict(vals, **computed)) if computed is not None else None
        if row is not None:
            return self._gov_insert_rows([row])
        job = super().create(dict(vals, **computed) if computed is not None else vals)
        if computed is None:
            job.invalidate_cache(list(COMPUTED_AT_CREATE), job.ids)  # the INSERT's empty values
            for name in COMPUTED_AT_CREATE:
                self.env.add_todo(self._fields[name], job)
            job.recompute()
        return job

    @api.model
    def _gov_inserted_row(self, vals):
        """The columns of the row of a job queued by the job queue (``Job.store()`` creates it as the
        superuser; a notice's with mail's tracking off) as the ORM's create writes them; None when
        the ORM is to create it: another user, tracking on (the creator follows the job), no channel
        (queue_job computes it), a value that is not one of the row's columns, or a column given no
        value that a new job does not leave empty.

        The job queue's row is written with one INSERT (``_gov_insert_rows``): through the ORM's
        create, some six hundred Python function calls in the clerk's transaction of each intake, for
        a row that no other model's field depends on (no stored computation, no constraint, and the
        chatter left out).
        """
        if self.env.uid != SUPERUSER_ID or not self.env.context.get("tracking_disable") or not vals.get("channel"):
            return None
        columns = [name for name, field in self._fields.items()
                   if field.store and field.column_type and name not in models.MAGIC_COLUMNS]
        if any(name not in columns for name in vals) or any(
                name not in vals and name not in EMPTY_AT_CREATE for name in columns):
            return None
        return {name: vals.get(name) for name in columns}

    @api.model
    def _gov_computed_at_create(self, vals):
        """queue_job's ``_compute_job_function`` and ``_compute_func_string`` for the values of a new
        job; None unless they are all given and the job's method exists."""
        if any(name in vals for name in COMPUTED_AT_CREATE) or any(
                name not in vals for name in ("model_name", "method_name", "record_ids", "args", "kwargs")):
            return None
        if vals["model_name"] not in self.env:
            return None
        model = self.env[vals["model_name"]]
        method = getattr(model, vals["method_name"], None)
        if method is None:
            return None
        # the values as the new row gives them back (their JSON read again: a tuple becomes a list)
        stored = {}
        for name in ("record_ids", "args", "kwargs"):
            field = self._fields[name]
            stored[name] = field.convert_to_cache(field.convert_to_column(vals[name], self), self)
        arguments = [repr(arg) for arg in stored["args"]] + [
            "%s=%r" % (key, value) for key, value in stored["kwargs"].items()]
        name = channel_func_name(model, method)
        return {
            "channel_method_name": name,
            "job_function_id": self._gov_job_function_id(name) or False,
            "func_string": "%s.%s(%s)" % (repr(model.browse(stored["record_ids"])), vals["method_name"],
                                          ", ".join(arguments)),
        }

    @api.model
    @tools.ormcache("name")
    def _gov_job_function_id(self, name):
        """The id of the job function ``name`` (queue_job registers them as the modules load; a
        change of one empties the cache: QueueJobFunction below)."""
        # sudo: the job queue's own configuration
        return self.env["queue.job.function"].sudo().search([("name", "=", name)], limit=1).id

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


class QueueJobFunction(models.Model):
    _inherit = "queue.job.function"

    # rows each process keeps between calls (base_shared_rows), registered as the modules load: a
    # change of one empties every cache of every process, the ids of QueueJob._gov_job_function_id
    _gov_shared_rows = True


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
