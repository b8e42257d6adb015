"""Running the jobs of a channel in a test, the way queue_job's runner and its /runjob
controller do: after the step that wrote them ("after the answer"), as the superuser, each
job enqueued, started, performed, then done; a retryable error postpones it, any other
error fails it with its traceback. The test's transaction stands for the commits: a job's
failed try is rolled back to a savepoint, as the controller's transaction would be.
"""
import traceback

from odoo import SUPERUSER_ID, fields
from odoo.addons.queue_job.exception import NothingToDoJob, RetryableJobError
from odoo.addons.queue_job.job import Job

from odoo.addons.one_stop_service.models.oss_request_notice_job import NOTICE_CHANNEL


def pending_jobs(env, channel=NOTICE_CHANNEL, ignore_eta=False):
    """The jobs of ``channel`` (and its sub-channels) the runner would start now, in its order."""
    domain = [("state", "=", "pending"), "|", ("channel", "=", channel), ("channel", "=like", channel + ".%")]
    if not ignore_eta:
        domain += ["|", ("eta", "=", False), ("eta", "<=", fields.Datetime.now())]
    return env["queue.job"].sudo().search(domain, order="priority, date_created, id")


def run_job(env, uuid):
    """Run one job as the runner does; returns its state afterwards."""
    admin = env(user=SUPERUSER_ID)
    job = Job.load(admin, uuid)
    job.set_enqueued()
    job.set_started()
    job.store()
    try:
        with admin.cr.savepoint():
            job.perform()
    except NothingToDoJob as error:
        job.set_done(str(error) or None)
    except RetryableJobError as error:
        job.postpone(result=str(error), seconds=error.seconds)
        job.set_pending(reset_retry=False)
    # the controller's: any other error fails the job
    except Exception:  # pylint: disable=broad-except
        job.set_failed(exc_info=traceback.format_exc())
    else:
        job.set_done()
    job.store()
    return job.state


def run_jobs(env, channel=NOTICE_CHANNEL, ignore_eta=False, rounds=10):
    """Run the pending jobs of ``channel`` until none is left (a job may write others);
    ``ignore_eta``: also those postponed to later (the next tries of a failing job).
    Returns the queue.job records run."""
    done = env["queue.job"].sudo()
    for _round in range(rounds):
        jobs = pending_jobs(env, channel, ignore_eta) - done
        if not jobs:
            break
        for job in jobs:
            run_job(env, job.uuid)
        done |= jobs
    env.cache.invalidate()  # the caller reads what the jobs wrote
    return done
