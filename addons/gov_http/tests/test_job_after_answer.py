"""What a request leaves to run after its answer runs once the answer is sent, and a job so run is
claimed from the runner, done, or given back to the runner when it fails."""
import logging

from werkzeug.test import EnvironBuilder

from odoo import sql_db
from odoo.tests.common import TransactionCase

from odoo.addons.gov_http import job_after_answer, patches
from odoo.addons.queue_job.job import Job

SAVEPOINT = "gov_after_answer_test"


class SavepointCursor(object):
    """The test's cursor, where a commit or a rollback is one of a savepoint (as Odoo's TestCursor
    of a registry in test mode, on the test's own transaction)."""

    def __init__(self, cr):
        self._cr = cr
        cr.execute("SAVEPOINT %s" % SAVEPOINT)

    def commit(self):
        self._cr.execute("RELEASE SAVEPOINT %s" % SAVEPOINT)
        self._cr.execute("SAVEPOINT %s" % SAVEPOINT)

    def rollback(self):
        self._cr.execute("ROLLBACK TO SAVEPOINT %s" % SAVEPOINT)
        self._cr.execute("SAVEPOINT %s" % SAVEPOINT)

    def __getattr__(self, name):
        return getattr(self._cr, name)


class TestAfterTheAnswer(TransactionCase):

    def dispatch(self, original):
        """``original`` dispatched as Odoo's Root.dispatch is, with gov_http's patch."""
        environ = EnvironBuilder(path="/web/dataset/call_kw", method="POST").get_environ()
        return patches._dispatch(original)(None, environ, lambda *args: None)

    def test_outside_a_request_nothing_waits_for_an_answer(self):
        self.assertFalse(patches.answering())
        self.assertFalse(patches.after_answer(self.fail))
        delayable = job_after_answer.with_delay_after_answer(self.env["res.partner"], channel="root")
        self.assertNotIsInstance(delayable, job_after_answer.DelayedAfterAnswer)  # queue_job's own

    def test_what_a_request_leaves_runs_once_its_answer_is_sent(self):
        ran = []

        def boom():
            raise ValueError("boom")

        def original(_root, _environ, _start_response):
            self.assertTrue(patches.answering())
            self.assertIsInstance(job_after_answer.with_delay_after_answer(self.env["res.partner"]),
                                  job_after_answer.DelayedAfterAnswer)
            self.assertTrue(patches.after_answer(ran.append, "first"))
            patches.after_answer(boom)
            patches.after_answer(ran.append, "last")
            return [b"the answer"]

        answer = self.dispatch(original)
        self.assertFalse(patches.answering())  # the next request starts with nothing waiting
        self.assertEqual(list(answer), [b"the answer"])
        self.assertEqual(ran, [])  # the body is written: nothing has run yet
        with self.assertLogs("odoo.addons.gov_http.patches", logging.ERROR) as logged:
            answer.close()  # the WSGI server is done with the answer
        self.assertEqual(ran, ["first", "last"])  # a failure does not stop what follows
        self.assertIn("boom", "\n".join(logged.output))

    def test_jobs_beyond_the_first_few_of_a_request_go_to_the_runner(self):
        kinds = []

        def original(_root, _environ, _start_response):
            for _i in range(job_after_answer.PER_ANSWER + 1):
                delayable = job_after_answer.with_delay_after_answer(self.env["res.partner"])
                kinds.append(isinstance(delayable, job_after_answer.DelayedAfterAnswer))
                patches.after_answer(kinds.append, "ran")  # what enqueueing its job would register
            return [b"the answer"]

        self.dispatch(original).close()
        first = job_after_answer.PER_ANSWER
        self.assertEqual(kinds, [True] * first + [False] + ["ran"] * (first + 1))

    def test_an_answer_with_nothing_left_is_not_wrapped(self):
        body = [b"the answer"]
        self.assertIs(self.dispatch(lambda *args: body), body)

    def test_a_request_answered_503_runs_nothing_after(self):
        ran = []

        def original(_root, _environ, _start_response):
            patches.after_answer(ran.append, "never")
            raise sql_db.PoolError("The Connection Pool Is Full")

        answer = self.dispatch(original)
        list(answer)
        answer.close()
        self.assertEqual(ran, [])
        self.assertFalse(patches.answering())

    # ------------------------------------------------------------ the job run after the answer
    def queued(self, method, eta=job_after_answer.GRACE):
        """A job of ``method`` (a bound method of a recordset) written as a request writes it."""
        job = Job(method, channel="root", eta=eta, description="gov test")
        job.store()
        return job.uuid

    def row(self, job_uuid):
        self.env.cr.execute("SELECT state, eta IS NULL, retry, date_enqueued IS NULL, date_started IS NULL, "
                            "date_done IS NULL, result FROM queue_job WHERE uuid = %s", (job_uuid,))
        return self.env.cr.fetchone()

    def run_job(self, job_uuid):
        return job_after_answer.run_job_on(self.registry, SavepointCursor(self.env.cr), job_uuid)

    def test_the_worker_claims_runs_and_ends_the_job(self):
        partner = self.env["res.partner"].create({"name": "Job target"})
        job_uuid = self.queued(partner.exists)
        state, no_eta, _retry, _enqueued, _started, _done, _result = self.row(job_uuid)
        self.assertEqual((state, no_eta), ("pending", False))  # left to the worker for GRACE seconds
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.INFO) as logged:
            self.assertTrue(self.run_job(job_uuid))
        self.assertIn("job %s done after the answer" % job_uuid, logged.output[0])
        # done, never enqueued by the runner, tried once, with its result
        self.assertEqual(self.row(job_uuid), ("done", True, 1, True, False, False, str(partner)))
        self.assertFalse(self.run_job(job_uuid))  # done: not claimed again

    def test_a_job_the_runner_took_is_not_run_again(self):
        job_uuid = self.queued(self.env["res.partner"].exists)
        for state in ("enqueued", "started", "failed"):
            self.env.cr.execute("UPDATE queue_job SET state = %s WHERE uuid = %s", (state, job_uuid))
            self.assertFalse(self.run_job(job_uuid))
            self.assertEqual(self.row(job_uuid)[0], state)

    def test_a_failing_job_goes_back_to_the_runner_with_nothing_kept(self):
        job_uuid = self.queued(self.env["res.partner"].ensure_one)  # no record: it raises
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.WARNING) as logged:
            self.assertFalse(self.run_job(job_uuid))
        self.assertIn("given back to the job runner", logged.output[0])
        # pending and due now: the runner runs it through queue_job's own path (retries, failure)
        self.assertEqual(self.row(job_uuid), ("pending", True, 0, True, True, True, None))
