"""A job finds its own row once, not on each of its stores.

queue_job's ``Job.store()`` looks for the job's row by its uuid (a search) before each write: when
it is queued (where the uuid was drawn a moment ago, so there is none yet), when the runner marks it
started and when it marks it done, after ``Job.load()`` has found that row already. A notice's job
was searched for four times: once after each acknowledgement queued at the counter, three times
while it runs. Here a job remembers its row's id once found or loaded, for the transaction's cursor
(a job carried on in another cursor, after a rollback, searches again), and a job whose uuid was
drawn by this object and never stored is known to have no row. queue_job's Job class has no hook
for this: its methods are wrapped here, each calling queue_job's own.
"""
from odoo.addons.queue_job.job import Job

_init, _store, _db_record = Job.__init__, Job.store, Job.db_record
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
    _store(self)
    self._gov_uuid_drawn = False  # stored: searched for by its uuid from now on


def _job_load_from_db_record(cls, job_db_record):
    job = _load_from_db_record(cls, job_db_record)
    job._gov_row = (job_db_record.env.cr, job_db_record.id)
    return job


Job.__init__ = _job_init
Job.db_record = _job_db_record
Job.store = _job_store
Job._load_from_db_record = classmethod(_job_load_from_db_record)
