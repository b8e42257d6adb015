"""A job finds its own row once, not on each of its stores.

queue_job's ``Job.store()`` looks for the job's row by its uuid (a search) before each write: when
it is queued (where the uuid was drawn a moment ago, so there is none yet), when the runner marks it
started and when it marks it done, after ``Job.load()`` has found that row already. A notice's job
was searched for four times: once after each acknowledgement queued at the counter, three times
while it runs. Here a job remembers its row's id once found or loaded, for the transaction's cursor
(a job carried on in another cursor, after a rollback, searches again), and a job whose uuid was
drawn by this object and never stored is known to have no row. queue_job's Job class has no hook
for this: its methods are wrapped here, each calling queue_job's own.

A stored job's row is written with mail's tracking off: queue.job is a mail thread with no field
tracked, and the tracking's set-up read the row of the superuser's partner in each job's last write
(a job of the runner is written as the superuser). Its message on a failure is queue_job's own, and
stays; a job's new row is created as queue_job creates it.

The runner's job is loaded by its uuid: queue_job searched the row (a SELECT of its id), fetched it
(a second) and its record ids (a third: a column not fetched with the others). The row is selected
here once, with every column the load reads, and put in the cache as a fetch puts it.
"""
from odoo.addons.queue_job.job import Job

_init, _store, _db_record, _db_record_from_uuid = Job.__init__, Job.store, Job.db_record, Job.db_record_from_uuid
_load_from_db_record = Job._load_from_db_record.__func__


def _job_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    # no uuid given: the uuid property draws one, which no stored row can have
    self._gov_uuid_drawn = self._uuid is None


def _job_db_record(self):
    row = vars(self).get("_gov_row")
    if row is not None and row[0] is self.env.cr:
        return self.env[self.job_model_name].browse(row[1])
    if vars(self).get("_gov_uuid_drawn"):
        return self.env[self.job_model_name].browse()
    record = _db_record(self)
    if record:
        self._gov_row = (self.env.cr, record.id)
    return record


def _job_store(self):
    env = self.env
    if self.db_record():  # known once found or loaded; a drawn uuid has none, without a query
        # a write of the job's row: no tracking (the module's docstring); a new row is created as before
        self.env = env(context=dict(env.context, tracking_disable=True))
    try:
        _store(self)
    finally:
        self.env = env
    self._gov_uuid_drawn = False  # stored: searched for by its uuid from now on


def _job_db_record_from_uuid(env, job_uuid):
    # sudo: queue_job finds the job as the superuser (the runner's environment is)
    model = env["queue.job"].sudo()
    names = [name for name, field in model._fields.items()
             if field.store and field.column_type and (field.prefetch or name == "record_ids")]
    plan = model._gov_fetch_plan(names)
    if plan is None or plan[2]:
        return _db_record_from_uuid(env, job_uuid)
    select, columns, _others = plan
    # the order of queue.job's search by uuid (queue_job's _order)
    env.cr.execute("SELECT %s FROM queue_job WHERE uuid = %%s ORDER BY date_created DESC, date_done DESC "
                   "LIMIT 1" % select, (job_uuid,))
    row = env.cr.fetchone()
    if row is None:
        return model.browse().with_env(env)
    model._gov_take_rows(columns, [row])
    return model.browse(row[0]).with_env(env)


def _job_load_from_db_record(cls, job_db_record):
    job = _load_from_db_record(cls, job_db_record)
    job._gov_row = (job_db_record.env.cr, job_db_record.id)
    return job


Job.__init__ = _job_init
Job.db_record = _job_db_record
Job.store = _job_store
Job._load_from_db_record = classmethod(_job_load_from_db_record)
Job.db_record_from_uuid = staticmethod(_job_db_record_from_uuid)
