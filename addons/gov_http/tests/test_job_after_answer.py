"""What a request leaves to run after its answer runs once the answer is sent, and a job so run is
claimed from the runner and done, or ended as queue_job's runner ends a failed try; while other
requests wait, the jobs are held, then run together, those that may be merged in one call."""
import logging
from datetime import datetime, timedelta
from unittest.mock import patch

import psycopg2
from werkzeug.test import EnvironBuilder

from odoo import fields, sql_db
from odoo.service import model as service_model
from odoo.tests.common import TransactionCase

from odoo.addons.gov_http import job_after_answer, patches
from odoo.addons.gov_http.tests.common import SavepointCursor
from odoo.addons.queue_job.exception import NothingToDoJob, RetryableJobError
from odoo.addons.queue_job.job import Job, job


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

    def test_what_a_retried_try_left_is_dropped_with_it(self):
        """A call whose transaction met another's is tried again (Odoo's service check): the work a
        rolled-back try left for after the answer goes with it, and does not count against the
        call's PER_ANSWER."""
        patches.post_load()
        ran, tries = [], []

        class Conflict(psycopg2.OperationalError):
            pgcode = "40001"  # could not serialize access

        def call(_dbname):
            tries.append(len(tries) + 1)
            self.assertEqual(patches.waiting_after_answer(), 1)  # "before" only
            patches.after_answer(ran.append, "try %d" % tries[-1])
            if len(tries) < 3:
                raise Conflict("could not serialize access due to concurrent update")
            return "answered"

        def original(_root, _environ, _start_response):
            patches.after_answer(ran.append, "before")
            self.assertEqual(service_model.check(call)(self.env.cr.dbname), "answered")
            return [b"the answer"]

        with patch.object(service_model.time, "sleep"):
            answer = self.dispatch(original)
        answer.close()
        self.assertEqual(tries, [1, 2, 3])
        self.assertEqual(ran, ["before", "try 3"])

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


class TestJobAfterTheAnswer(TransactionCase):
    """The job run after the answer, loaded from its row as the runner loads it (a job queued by
    another process, or given back)."""

    # whether the worker is given the job as the request queued it (TestQueuedJobAfterTheAnswer)
    AS_QUEUED = False

    def setUp(self):
        super().setUp()
        self.jobs = {}

    def queued(self, method, eta=job_after_answer.GRACE, max_retries=None):
        """A job of ``method`` (a bound method of a recordset) written as a request writes it."""
        job = Job(method, channel="root", eta=eta, max_retries=max_retries, description="gov test")
        job.store()
        self.jobs[job.uuid] = job
        return job.uuid

    def row(self, job_uuid):
        self.env.cr.execute("SELECT state, eta IS NULL, retry, date_enqueued IS NULL, date_started IS NULL, "
                            "date_done IS NULL, result FROM queue_job WHERE uuid = %s", (job_uuid,))
        return self.env.cr.fetchone()

    def exc_info(self, job_uuid):
        self.env.cr.execute("SELECT exc_info FROM queue_job WHERE uuid = %s", (job_uuid,))
        return self.env.cr.fetchone()[0] or ""

    def run_job(self, job_uuid):
        queued = self.jobs.get(job_uuid) if self.AS_QUEUED else None
        return job_after_answer.run_job_on(self.registry, SavepointCursor(self.env.cr), job_uuid, queued)

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

    def test_a_job_that_cannot_be_loaded_goes_back_to_the_runner(self):
        job_uuid = self.queued(self.env["res.partner"].exists)
        self.env.cr.execute("UPDATE queue_job SET method_name = 'gov_no_such_method' WHERE uuid = %s", (job_uuid,))
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.WARNING) as logged:
            self.assertFalse(self.run_job(job_uuid))
        self.assertIn("given back to the job runner", logged.output[0])
        # pending and due now: the runner tries it on its own path
        self.assertEqual(self.row(job_uuid), ("pending", True, 0, True, True, True, None))

    def test_an_error_no_try_mends_fails_the_job_with_its_traceback(self):
        job_uuid = self.queued(self.env["res.partner"].ensure_one)  # no record: it raises
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.ERROR) as logged:
            self.assertFalse(self.run_job(job_uuid))
        self.assertIn("Expected singleton", logged.output[0])
        # failed at once, as the runner fails it: listed for requeueing, with nothing of the try kept
        self.assertEqual(self.row(job_uuid)[:3], ("failed", True, 1))
        self.assertIn("Expected singleton", self.exc_info(job_uuid))

    def job_raising(self, error, max_retries=5):
        """A queued job whose method writes on a partner, then raises ``error``; its retry pattern
        as a notice's (a decorated method of the partners, for the test's time)."""
        self.partner = self.env["res.partner"].create({"name": "Job target"})

        def _gov_test_raising(records):
            records.env.cr.execute("UPDATE res_partner SET comment = 'half done' WHERE id = %s",
                                   (self.partner.id,))
            raise error

        patcher = patch.object(type(self.partner), "_gov_test_raising",
                               job(retry_pattern={1: 60, 3: 600})(_gov_test_raising), create=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        return self.queued(self.partner._gov_test_raising, max_retries=max_retries)

    def test_a_retryable_error_postpones_the_job_and_counts_the_try(self):
        job_uuid = self.job_raising(RetryableJobError("mail server down"))
        before = datetime.utcnow()
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.WARNING) as logged:
            self.assertFalse(self.run_job(job_uuid))
        self.assertIn("postponed: mail server down", logged.output[0])
        state, no_eta, retry, enqueued, started, _done, result = self.row(job_uuid)
        self.assertEqual((state, no_eta, retry, enqueued, started, result),
                         ("pending", False, 1, True, True, "mail server down"))
        # the pattern's wait after a first try, not at once; the try's writes rolled back
        self.env.cr.execute("SELECT eta FROM queue_job WHERE uuid = %s", (job_uuid,))
        self.assertGreaterEqual(fields.Datetime.from_string(self.env.cr.fetchone()[0]) - before,
                                timedelta(seconds=59))
        self.partner.invalidate_cache()
        self.assertFalse(self.partner.comment)

    def test_the_last_try_after_the_answer_fails_the_job(self):
        job_uuid = self.job_raising(RetryableJobError("mail server down"), max_retries=1)
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.ERROR):
            self.assertFalse(self.run_job(job_uuid))
        self.assertEqual(self.row(job_uuid)[:3], ("failed", True, 1))
        self.assertIn("Max. retries (1) reached: mail server down", self.exc_info(job_uuid))

    def test_nothing_to_do_ends_the_job_done(self):
        job_uuid = self.job_raising(NothingToDoJob("the request was withdrawn"))
        self.assertFalse(self.run_job(job_uuid))
        self.assertEqual(self.row(job_uuid)[0], "done")
        self.assertEqual(self.row(job_uuid)[6], "the request was withdrawn")


class TestQueuedJobAfterTheAnswer(TestJobAfterTheAnswer):
    """The same job given to the worker as the request queued it: run without loading its row, and
    ended in its row as the runner's path ends it."""

    AS_QUEUED = True

    def test_the_queued_job_runs_without_loading_its_row(self):
        partner = self.env["res.partner"].create({"name": "Job target"})
        job_uuid = self.queued(partner.exists)
        with patch.object(Job, "load", side_effect=AssertionError("loaded")), \
                patch.object(Job, "store", side_effect=AssertionError("stored through the ORM")):
            self.assertTrue(self.run_job(job_uuid))
        self.assertEqual(self.row(job_uuid), ("done", True, 1, True, False, False, str(partner)))

    def test_the_queued_job_is_given_its_arguments_as_its_row_gives_them(self):
        partner = self.env["res.partner"].create({"name": "Job target"})
        given = []

        def _gov_test_arguments(records, *args, **kwargs):
            given.append((records, args, kwargs))
            return "given"
        patcher = patch.object(type(partner), "_gov_test_arguments", job(_gov_test_arguments), create=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        queued = Job(partner._gov_test_arguments, args=(("email", "sms"), partner), kwargs={"uid": self.env.uid},
                     channel="root", eta=job_after_answer.GRACE, description="gov test")
        queued.store()
        self.jobs[queued.uuid] = queued
        job_uuid = queued.uuid
        self.assertTrue(self.run_job(job_uuid))
        records, args, kwargs = given[0]
        self.assertEqual((records._name, records.ids), ("res.partner", partner.ids))
        self.assertEqual(args, (["email", "sms"], partner))  # the tuple comes back a list, as loaded
        self.assertEqual(kwargs, {"uid": self.env.uid})
        self.assertEqual(self.row(job_uuid)[0], "done")

    def test_a_job_that_cannot_be_loaded_goes_back_to_the_runner(self):
        job_uuid = self.queued(self.env["res.partner"].exists)
        with patch.object(job_after_answer, "_as_queued", side_effect=KeyError("gov.no.such.model")), \
                self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.WARNING) as logged:
            self.assertFalse(self.run_job(job_uuid))
        self.assertIn("given back to the job runner", logged.output[0])
        self.assertEqual(self.row(job_uuid), ("pending", True, 0, True, True, True, None))


class TestHeldJobs(TransactionCase):
    """While requests wait at a prefork worker's socket, the jobs of its answers are held, within
    their limits, then run together (run_jobs, recorded here)."""

    def setUp(self):
        super().setUp()
        self.runs, self.waiting, self.now = [], [True], [1000.0]
        for target, name, value in (
                (job_after_answer, "run_jobs", lambda dbname, jobs: self.runs.append((dbname, list(jobs)))),
                (patches, "requests_waiting", lambda: self.waiting[0]),
                (job_after_answer.time, "monotonic", lambda: self.now[0])):
            patcher = patch.object(target, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)
        self.addCleanup(job_after_answer._held_jobs().clear)

    def test_jobs_are_held_while_requests_wait_then_run_together(self):
        for i in range(job_after_answer.HOLD_MAX - 1):
            job_after_answer.hold_or_run("db", "uuid-%d" % i, "job-%d" % i)
        self.assertEqual(self.runs, [])  # the waiting clerks' answers first
        job_after_answer.hold_or_run("db", "uuid-last", "job-last")
        expected = [("uuid-%d" % i, "job-%d" % i) for i in range(job_after_answer.HOLD_MAX - 1)]
        self.assertEqual(self.runs, [("db", expected + [("uuid-last", "job-last")])])
        self.assertEqual(job_after_answer._held_jobs(), [])

    def test_a_job_runs_at_once_when_no_request_waits_or_nobody_can_tell(self):
        for waiting in (False, None):
            self.waiting[0] = waiting
            job_after_answer.hold_or_run("db", "uuid", "job")
        self.assertEqual(self.runs, [("db", [("uuid", "job")])] * 2)

    def test_held_jobs_run_once_the_first_has_waited_its_limit(self):
        job_after_answer.hold_or_run("db", "first", "job-1")
        self.now[0] += job_after_answer.HOLD_SECONDS - 0.1
        job_after_answer.hold_or_run("db", "second", "job-2")
        self.assertEqual(self.runs, [])
        self.now[0] += 0.2
        job_after_answer.hold_or_run("db", "third", "job-3")
        self.assertEqual(self.runs, [("db", [("first", "job-1"), ("second", "job-2"), ("third", "job-3")])])

    def test_the_idle_worker_runs_the_held_jobs_of_each_database(self):
        self.assertIn(job_after_answer.run_held, patches._idle)  # registered for the worker's idle time
        job_after_answer.hold_or_run("db_b", "b1", "job-b1")
        job_after_answer.hold_or_run("db_a", "a1", "job-a1")
        job_after_answer.hold_or_run("db_b", "b2", "job-b2")
        job_after_answer.run_held()
        self.assertEqual(self.runs, [("db_a", [("a1", "job-a1")]), ("db_b", [("b1", "job-b1"), ("b2", "job-b2")])])
        job_after_answer.run_held()  # nothing held any more
        self.assertEqual(len(self.runs), 2)


class TestJobsRunTogether(TransactionCase):
    """Held jobs claimed at once; those their model says may be merged run in one transaction, one
    call per method, user and arguments; if any fails, each runs on its own."""

    def setUp(self):
        super().setUp()
        self.calls = []
        Partner = self.env["res.partner"]
        self.partners = Partner.browse([Partner.create({"name": "Held %d" % i}).id for i in range(4)])
        calls = self.calls

        def _gov_test_notice(records, label):
            calls.append((records.ids, label, records.env.uid))
            for record in records:  # what is written before a failure is rolled back with it
                record.comment = (record.comment or "") + label
                if record.name == "Broken":
                    raise RetryableJobError("cannot render %s" % record.name)
            return "noted %s" % label

        def _gov_job_mergeable(model, method_name, args, kwargs):
            return method_name == "_gov_test_notice" and args[0] != "alone"

        for name, value in (("_gov_test_notice", job(_gov_test_notice)), ("_gov_job_mergeable", _gov_job_mergeable)):
            patcher = patch.object(type(Partner), name, value, create=True)
            patcher.start()
            self.addCleanup(patcher.stop)

    def queued(self, method, *args):
        job_ = Job(method, args=args, channel="root", eta=job_after_answer.GRACE, max_retries=3,
                   description="gov test")
        job_.store()
        return job_.uuid, job_

    def row(self, job_uuid):
        self.env.cr.execute("SELECT state, retry, result, date_started FROM queue_job WHERE uuid = %s", (job_uuid,))
        return self.env.cr.fetchone()

    def run_jobs(self, jobs):
        return job_after_answer.run_jobs_on(self.registry, SavepointCursor(self.env.cr), jobs)

    def test_jobs_of_one_method_and_arguments_run_as_one_call(self):
        first, second, third, fourth = self.partners
        jobs = [self.queued(first._gov_test_notice, "A"), self.queued(second._gov_test_notice, "A"),
                self.queued(third._gov_test_notice, "B"), self.queued(fourth._gov_test_notice, "A"),
                self.queued(first.exists), self.queued(fourth._gov_test_notice, "alone")]
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.INFO) as logged:
            done = self.run_jobs(jobs)
        self.assertEqual(done, [job_uuid for job_uuid, _job in jobs])
        # one call for the three jobs of "A", as their user; the others each their own
        self.assertEqual(sorted(self.calls), sorted([
            ([first.id, second.id, fourth.id], "A", self.env.uid), ([third.id], "B", self.env.uid),
            ([fourth.id], "alone", self.env.uid)]))
        rows = [self.row(job_uuid) for job_uuid, _job in jobs]
        self.assertEqual([row[:3] for row in rows], [
            ("done", 1, "noted A"), ("done", 1, "noted A"), ("done", 1, "noted B"), ("done", 1, "noted A"),
            ("done", 1, str(first)), ("done", 1, "noted alone")])
        self.assertEqual(len({row[3] for row in rows[:4]}), 1)  # claimed in one statement
        self.assertEqual(self.partners.mapped("comment"), ["A", "A", "B", "Aalone"])
        for job_uuid, _job in jobs:
            self.assertIn("job %s done after the answer" % job_uuid, "\n".join(logged.output))

    def test_if_one_fails_nothing_of_the_call_is_kept_and_each_runs_on_its_own(self):
        first, second, third, _fourth = self.partners
        second.name = "Broken"
        jobs = [self.queued(record._gov_test_notice, "A") for record in (first, second, third)]
        with self.assertLogs("odoo.addons.gov_http.job_after_answer", logging.INFO) as logged:
            done = self.run_jobs(jobs)
        self.assertEqual(done, [jobs[0][0], jobs[2][0]])
        self.assertIn("could not run together, each runs on its own: cannot render Broken", logged.output[0])
        self.assertEqual(self.calls, [([first.id, second.id, third.id], "A", self.env.uid)] + [
            ([record.id], "A", self.env.uid) for record in (first, second, third)])
        self.partners.invalidate_cache()
        self.assertEqual(self.partners[:3].mapped("comment"), ["A", False, "A"])  # written once, not twice
        self.assertEqual(self.row(jobs[0][0])[:3], ("done", 1, "noted A"))
        self.assertEqual(self.row(jobs[1][0])[:3], ("pending", 1, "cannot render Broken"))  # postponed, as alone

    def test_a_job_the_runner_took_is_left_out(self):
        first, second = self.partners[:2]
        jobs = [self.queued(first._gov_test_notice, "A"), self.queued(second._gov_test_notice, "A")]
        self.env.cr.execute("UPDATE queue_job SET state = 'enqueued' WHERE uuid = %s", (jobs[1][0],))
        self.assertEqual(self.run_jobs(jobs), [jobs[0][0]])
        self.assertEqual(self.calls, [([first.id], "A", self.env.uid)])
        self.assertEqual(self.row(jobs[1][0])[0], "enqueued")
        self.assertEqual(self.run_jobs(jobs[1:]), [])
