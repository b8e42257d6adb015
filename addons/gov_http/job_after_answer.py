"""A job queued while answering a request, run by the worker that answered it, once the answer is sent.

queue_job's runner hands each pending job to a worker with an HTTP request of its own
(``/queue_job/runjob``): Odoo's dispatch of that request, the job's row loaded, marked enqueued,
started and done in three transactions, and the runner's own work in the server's main process
for each change of state. For the acknowledgement of a request taken at the counter, that was a
fourth HTTP request per intake. Here the worker that answered the clerk runs the job itself after
the answer: the clerk does not wait for it, and the worker takes no other request before it.

Nothing is lost and nothing runs twice:

* the job's row is written in the caller's transaction, as with ``with_delay``, with an ``eta``
  ``GRACE`` seconds ahead: the runner leaves it alone until then, and takes it then if the worker
  died before running it;
* the worker claims the row (pending to started) in a transaction of its own before running
  it: a job the runner has taken, or a transaction that did not commit, is not claimed;
* the job then runs and is marked done in one transaction. It runs as it was queued (its method,
  records and arguments as its row gives them back), without loading the row the claim has just
  checked, and its end is written with one UPDATE of the columns that change (state, tries,
  result, time done): through queue_job's ``Job.load()`` and ``Job.store()``, some eight hundred
  more Python function calls for each acknowledgement, for a row no other field depends on. If
  it fails, that transaction is
  rolled back and the job ends as queue_job's ``/queue_job/runjob`` ends it: a retryable error
  postpones it by its retry pattern, the try counted among its ``max_retries``; the last try, or
  an error that is not retryable, fails it with its traceback; "nothing to do" makes it done. A
  worker that dies while running it leaves it started, as ``/queue_job/runjob`` does.

Outside the answer to an HTTP request (a cron, a test in-process, a server without gov_http's
patches) the job is queued for the runner as ``with_delay`` queues it; so are the jobs of a
request beyond its first ``PER_ANSWER`` (a manager's action on many requests): the worker is
not held for long after one answer, and the runner's channels share the rest out.

While other requests wait at the counter's server (a prefork worker that finds one waiting at its
socket), the worker answers them first and holds the jobs of its answers, up to ``HOLD_MAX`` jobs
and ``HOLD_SECONDS``; it runs them together once it finds no request waiting, or one of those
limits reached, or before it stops. Held jobs are claimed in one statement, and those whose
model says they may run together (its ``_gov_job_mergeable(method, args, kwargs)``) run in one
transaction, those of the same method, user and arguments as one call on all their records: an
acknowledgement fetched its request, its applicant and its template's rows on its own, and wrote
its claim and its end in transactions of their own. Such a method must do for its records together
what it does for each alone, its result is each job's, and it must do nothing that a rollback does
not undo (an e-mail sent at once is not). If any of them fails, nothing of their transaction is
kept, and each runs on its own, ending as above. A worker that dies holding jobs leaves them
pending: the runner takes them at their ``eta``.
"""
import json
import logging
import threading
import time
import traceback

import psycopg2

import odoo
from odoo import _
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from . import patches

_logger = logging.getLogger(__name__)

GRACE = 30  # seconds the runner leaves a job to the worker answering the request that queued it
PG_RETRY = 5  # seconds before the next try of a job that met another transaction (as /queue_job/runjob)
PER_ANSWER = 5  # jobs a worker runs after one answer at most
HOLD_MAX = 10  # jobs a worker holds while requests wait, at most (ten acknowledgements: about 60 ms to run)
HOLD_SECONDS = 2  # the longest a held job waits for the worker to be free (well within GRACE)

_held = threading.local()  # this thread's held jobs: [(database, job uuid, Job as queued, when)]


class DelayedAfterAnswer(object):
    """``records.with_delay(**options)`` whose job is also run by the answering worker."""

    def __init__(self, records, options):
        self._records = records
        self._options = options

    def __getattr__(self, name):
        delayable = self._records.with_delay(**dict(self._options, eta=GRACE))
        method = getattr(delayable, name)
        dbname = self._records.env.cr.dbname

        def enqueue(*args, **kwargs):
            job = method(*args, **kwargs)
            patches.after_answer(hold_or_run, dbname, job.uuid, job)
            return job
        return enqueue


def with_delay_after_answer(records, **options):
    """``records.with_delay(**options)``, except that while an HTTP request is being answered the
    job is run by the worker answering it, after the answer (the module's docstring)."""
    if not patches.answering() or patches.waiting_after_answer() >= PER_ANSWER:
        return records.with_delay(**options)
    return DelayedAfterAnswer(records, options)


def hold_or_run(dbname, job_uuid, queued):
    """After an answer: hold the job ``job_uuid`` of ``dbname`` (``queued``: its Job) while other
    requests wait and the held jobs are within their limits; else run every held job."""
    held = _held_jobs()
    held.append((dbname, job_uuid, queued, time.monotonic()))
    if len(held) < HOLD_MAX and time.monotonic() - held[0][3] < HOLD_SECONDS and patches.requests_waiting():
        return
    run_held()


def _held_jobs():
    held = getattr(_held, "jobs", None)
    if held is None:
        held = _held.jobs = []
    return held


def run_held():
    """Run the jobs this thread holds, those of each database together (``run_jobs``)."""
    held = _held_jobs()
    if not held:
        return
    jobs, held[:] = list(held), []
    for dbname in sorted({dbname for dbname, _uuid, _job, _when in jobs}):
        run_jobs(dbname, [(job_uuid, queued) for name, job_uuid, queued, _when in jobs if name == dbname])


patches.when_idle(run_held)


def run_job(dbname, job_uuid, queued=None):
    """Claim the pending job ``job_uuid`` of ``dbname`` (``queued``: its Job, as the request queued
    it), run it and mark it done; on a failure, give it back to the runner. Called once the answer is
    sent, outside any request."""
    return job_uuid in run_jobs(dbname, [(job_uuid, queued)])


def run_jobs(dbname, jobs):
    """``run_job`` of each of ``jobs`` ((uuid, Job as queued or None)) of ``dbname``: claimed together,
    those that may be merged run together (the module's docstring). Returns the uuids done."""
    # what other processes changed since the request began, heard as a request hears it (one
    # SELECT): the rows of the configuration this process keeps may then be used by the jobs
    registry = odoo.registry(dbname).check_signaling()
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        return run_jobs_on(registry, cr, jobs)


def run_job_on(registry, cr, job_uuid, queued=None):
    """``run_job`` on the cursor ``cr`` of ``registry``, which it commits. Returns whether the job
    was claimed and done."""
    return job_uuid in run_jobs_on(registry, cr, [(job_uuid, queued)])


def run_jobs_on(registry, cr, jobs):
    """``run_jobs`` on the cursor ``cr`` of ``registry``, which it commits."""
    # the claims, committed before the jobs run: the runner takes a started job for running
    cr.execute("UPDATE queue_job SET state = 'started', date_started = now() at time zone 'utc', eta = NULL "
               "WHERE uuid IN %s AND state = 'pending' RETURNING uuid, retry, date_started",
               (tuple(job_uuid for job_uuid, _queued in jobs),))
    claimed = {job_uuid: (retry, started) for job_uuid, retry, started in cr.fetchall()}
    if not claimed:
        return []
    # pylint: disable-next=invalid-commit  # the worker's own cursor, after the request's transaction
    cr.commit()
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    claimed = [(job_uuid, queued) + claimed[job_uuid] for job_uuid, queued in jobs if job_uuid in claimed]
    together = [job for job in claimed if _mergeable(env, job[1])]
    if len(together) > 1 and _run_together(registry, cr, env, together):
        done = [job_uuid for job_uuid, _queued, _retry, _started in together]
        claimed = [job for job in claimed if job not in together]
    else:
        done = []
    return done + [job_uuid for job_uuid, queued, retry, started in claimed
                   if _run_claimed(registry, cr, env, job_uuid, queued, retry, started)]


def _mergeable(env, queued):
    """Whether the job ``queued`` (a Job as queued, or None) may run with others: its model says so
    of its method and arguments (``_gov_job_mergeable``)."""
    if queued is None or queued.model_name not in env.registry:
        return False
    mergeable = getattr(env[queued.model_name], "_gov_job_mergeable", None)
    return bool(mergeable and mergeable(queued.method_name, queued.args, queued.kwargs))


def _run_together(registry, cr, env, claimed):
    """Run the claimed jobs ``claimed`` ((uuid, Job as queued, tries, started)) in one transaction
    it commits, those of the same method, user and arguments as one call on all their records;
    False, with nothing kept, if any fails."""
    from odoo.addons.queue_job.fields import JobEncoder  # queue_job need not be installed for gov_http

    try:
        calls = {}
        for _uuid, queued, retry, started in claimed:
            job = _as_queued(env, queued, retry, started)
            key = (job.model_name, job.method_name, job.user_id,
                   json.dumps([list(job.args), job.kwargs], cls=JobEncoder, sort_keys=True))
            calls.setdefault(key, []).append(job)
        for jobs in calls.values():
            first = jobs[0]
            ids = list(dict.fromkeys(record_id for job in jobs for record_id in job.recordset.ids))
            records = env[first.model_name].browse(ids).sudo(first.user_id)
            result = getattr(records, first.method_name)(*first.args, **first.kwargs)
            _store_done(cr, [job.uuid for job in jobs], result)
        # pylint: disable-next=invalid-commit  # the jobs' own transaction, as queue_job's /runjob commits one
        cr.commit()
    except Exception as error:  # pylint: disable=broad-except  # then each job runs on its own
        _roll_back(registry, cr, env)
        _logger.info("jobs %s could not run together, each runs on its own: %s",
                     ", ".join(job_uuid for job_uuid, _queued, _retry, _started in claimed), error)
        return False
    registry.signal_changes()
    for job_uuid, _queued, _retry, _started in claimed:
        _logger.info("job %s done after the answer", job_uuid)
    return True


def _run_claimed(registry, cr, env, job_uuid, queued, retry, started):
    """Run the claimed job ``job_uuid`` (``queued``: its Job as queued, or None to load it; tried
    ``retry`` times, started at ``started``) and mark it done in one transaction it commits; or end
    its try as the runner would. Returns whether it was done."""
    from odoo.addons.queue_job.job import Job  # queue_job need not be installed for gov_http

    job = None
    try:
        job = _as_queued(env, queued, retry, started) if queued is not None else Job.load(env, job_uuid)
        _store_done(cr, [job_uuid], job.perform())
        # pylint: disable-next=invalid-commit  # the job's own transaction, as queue_job's /runjob commits it
        cr.commit()
    except Exception as error:  # pylint: disable=broad-except  # every failure ends the job one way
        trace = traceback.format_exc()
        _roll_back(registry, cr, env)
        _end_failed_try(cr, job_uuid, job, error, trace)
        # pylint: disable-next=invalid-commit  # the end of the try is kept, whatever follows
        cr.commit()
        return False
    registry.signal_changes()
    # the line ending what the worker did for this job (bench/harness.py reads it)
    _logger.info("job %s done after the answer", job_uuid)
    return True


def _as_queued(env, job, retry, date_started):
    """The Job ``job`` queued by the request, in the worker's environment ``env``, as ``Job.load()``
    would give it from its row just claimed (tried ``retry`` times, started at ``date_started``)."""
    from odoo.addons.queue_job.job import STARTED

    stored = env[job.job_model_name]
    job.env, job.job_model = env, stored
    job.recordset = env[job.model_name].browse(job.recordset.ids)
    # the arguments as the row gives them back (a tuple becomes a list, a recordset is rebuilt)
    for name in ("args", "kwargs"):
        field = stored._fields[name]
        setattr(job, name, field.convert_to_cache(field.convert_to_column(getattr(job, name), stored), stored))
    job.args = tuple(job.args)
    job.retry, job.state, job.eta = retry, STARTED, None  # the claim emptied the row's eta
    job.date_enqueued, job.date_started = None, odoo.fields.Datetime.from_string(date_started)
    return job


def _store_done(cr, uuids, result):
    """Write the end of the claimed jobs ``uuids``, done with ``result`` after one more try, as
    ``Job.store()`` would, in the columns it changes."""
    # (queue.job keeps no write date nor author of a write)
    cr.execute("UPDATE queue_job SET state = 'done', retry = retry + 1, result = %s, exc_info = NULL, "
               "date_done = %s WHERE uuid IN %s",
               (str(result) if result else None, odoo.fields.Datetime.now(), tuple(uuids)))


def _roll_back(registry, cr, env):
    """Undo what a failed try did: its transaction, the registry's changes and the records' cache."""
    cr.rollback()
    registry.reset_changes()
    env.clear()


def _end_failed_try(cr, job_uuid, job, error, trace):
    """End the try of ``job`` (None when it could not be loaded) that raised ``error``, its
    transaction rolled back, as queue_job's ``/queue_job/runjob`` ends a try (its exceptions are
    its own, so its rules are followed here rather than copied into another state machine)."""
    from odoo.addons.queue_job.exception import NothingToDoJob, RetryableJobError

    if job is None:  # not even loaded: the runner tries it at once, on its own path
        _logger.warning("job %s could not be loaded after the answer; given back to the job runner: %s",
                        job_uuid, error)
        cr.execute("UPDATE queue_job SET state = 'pending', date_started = NULL "
                   "WHERE uuid = %s AND state = 'started'", (job_uuid,))
        return
    concurrent = isinstance(error, psycopg2.OperationalError) and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
    if isinstance(error, NothingToDoJob):
        job.set_done(str(error) or _("Job interrupted and set to Done: nothing to do."))
    elif isinstance(error, RetryableJobError) or concurrent:
        # perform() counted the try: the job keeps the count, and the runner takes it at its eta
        job.postpone(result=str(error), seconds=PG_RETRY if concurrent else error.seconds)
        job.set_pending(reset_retry=False)
        _logger.warning("job %s failed after the answer (try %d), postponed: %s", job_uuid, job.retry, error)
    else:  # the last try (FailedJobError) or an error no try mends
        job.set_failed(exc_info=trace)
        _logger.error("job %s failed after the answer:\n%s", job_uuid, trace)
    job.store()
