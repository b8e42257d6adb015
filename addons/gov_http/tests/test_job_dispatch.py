"""The job runner's GET of a job: what it sends, and the job put back to pending when it fails."""
import base64
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from unittest.mock import Mock, patch

import requests

import odoo
from odoo.sql_db import connection_info_for
from odoo.tests.common import TransactionCase

from odoo.addons.gov_http import job_dispatch


class _Worker(BaseHTTPRequestHandler):
    """A worker on loopback: records each GET, answers with the server's status after its delay."""

    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.seen.append((self.path, dict(self.headers)))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.answered.set()

    def log_message(self, *args):
        pass


class TestJobDispatch(TransactionCase):

    def setUp(self):
        super(TestJobDispatch, self).setUp()
        self.worker = ThreadingHTTPServer(("127.0.0.1", 0), _Worker)
        self.worker.seen, self.worker.delay, self.worker.status = [], 0, 200
        self.worker.answered = threading.Event()
        self.worker.daemon_threads = True
        threading.Thread(target=self.worker.serve_forever, daemon=True).start()
        self.addCleanup(self.worker.server_close)
        self.addCleanup(self.worker.shutdown)
        session = requests.Session()
        session.cookies.set("session_id", "abc123")
        self.runner = SimpleNamespace(session=session, _connection_info_for=Mock())
        self.port = self.worker.server_address[1]

    def _get(self, user=None, password=None, job="6b1f"):
        with patch.object(job_dispatch, "job_back_to_pending") as back:
            job_dispatch.run_job_request(self.runner, "http", "127.0.0.1", self.port, user, password,
                                         "gov db", job)
        return back

    def test_the_get_of_a_job_carries_the_runner_session(self):
        back = self._get()
        ((path, headers),) = self.worker.seen
        self.assertEqual(path, "/queue_job/runjob?db=gov%20db&job_uuid=6b1f")
        self.assertEqual(headers["Cookie"], "session_id=abc123")
        self.assertNotIn("Authorization", headers)
        back.assert_not_called()

    def test_the_runner_authenticates_when_configured(self):
        self._get(user="runner", password="s3cret")
        ((_path, headers),) = self.worker.seen
        self.assertEqual(headers["Authorization"], "Basic " + base64.b64encode(b"runner:s3cret").decode())

    def test_a_worker_answering_an_error_puts_the_job_back(self):
        self.worker.status = 500
        with self.assertLogs("odoo.addons.gov_http.job_dispatch", "ERROR"):
            back = self._get()
        back.assert_called_once_with(self.runner, "gov db", "6b1f")
        self.assertFalse(self.runner.session.cookies, "the session was kept after an error")

    def test_a_worker_not_answering_within_a_second_puts_the_job_back(self):
        self.worker.delay = job_dispatch.TIMEOUT + 0.5
        back = self._get()
        back.assert_called_once_with(self.runner, "gov db", "6b1f")
        self.assertTrue(self.runner.session.cookies, "a slow worker is not a lost session")

    def test_no_worker_listening_puts_the_job_back(self):
        self.worker.server_close()
        with self.assertLogs("odoo.addons.gov_http.job_dispatch", "ERROR"):
            back = self._get()
        back.assert_called_once_with(self.runner, "gov db", "6b1f")

    def test_the_dispatch_sends_from_a_thread_and_the_first_gets_a_session(self):
        original = Mock()
        dispatch = job_dispatch.async_http_get(self.runner, original)
        dispatch("http", "127.0.0.1", self.port, None, None, "gov", "7c2e")
        self.assertTrue(self.worker.answered.wait(10), "the job was not sent")
        self.assertEqual(self.worker.seen[0][0], "/queue_job/runjob?db=gov&job_uuid=7c2e")
        original.assert_not_called()
        self.runner.session.cookies.clear()
        dispatch("http", "127.0.0.1", self.port, None, None, "gov", "8d3f")
        original.assert_called_once_with("http", "127.0.0.1", self.port, None, None, "gov", "8d3f")

    def test_installed_only_where_queue_job_runs_its_runner(self):
        from odoo.addons.queue_job.jobrunner import runner
        self.addCleanup(setattr, runner, "_async_http_get", runner._async_http_get)

        def original(*args):
            pass
        runner._async_http_get = original  # queue_job's own, before any server-wide module's hook
        with patch.object(odoo.conf, "server_wide_modules", ["base", "web"]):
            job_dispatch.install()
        self.assertIs(runner._async_http_get, original)
        with patch.object(odoo.conf, "server_wide_modules", ["base", "web", "queue_job"]):
            job_dispatch.install()
            patched = runner._async_http_get
            job_dispatch.install()
        self.assertTrue(getattr(patched, "gov_http_patched", False))
        self.assertIs(runner._async_http_get, patched, "installed twice")


class TestRunnerNotifications(TransactionCase):
    """The runner reads the jobs of the notifications waiting with one SELECT, and tells each job to
    its channels once, as it is now: queued, taken, done, or gone."""

    def setUp(self):
        super(TestRunnerNotifications, self).setUp()
        from odoo.addons.queue_job.jobrunner.runner import Database
        self.uuids = {state: str(uuid.uuid4()) for state in ("pending", "started", "done")}
        for state, job_uuid in self.uuids.items():
            self.env.cr.execute(
                "INSERT INTO queue_job (uuid, state, name, model_name, method_name, channel, user_id, "
                "date_created, eta) VALUES (%s, %s, 'gov test', 'res.partner', 'exists', 'root.gov_notice', %s, "
                "now(), now() + interval '30 seconds')", (job_uuid, state, odoo.SUPERUSER_ID))
        # queue_job's own reading of the rows, on this test's connection (its rows not committed)
        self.db = SimpleNamespace(db_name=self.env.cr.dbname, conn=SimpleNamespace(notifies=[]), selects=[])

        def select_jobs(where, args):
            self.db.selects.append(where)
            return Database.select_jobs(SimpleNamespace(conn=self.env.cr._cnx), where, args)
        self.db.select_jobs = select_jobs
        self.channels = Mock()
        self.runner = SimpleNamespace(db_by_name={self.db.db_name: self.db}, _stop=False,
                                      channel_manager=self.channels)

    def test_the_notifications_waiting_are_read_with_one_select(self):
        gone = str(uuid.uuid4())
        notified = [self.uuids["pending"], self.uuids["started"], self.uuids["done"], self.uuids["started"], gone]
        self.db.conn.notifies = [SimpleNamespace(payload=payload) for payload in notified]
        job_dispatch.process_notifications(self.runner)
        self.assertEqual(self.db.selects, ["uuid IN %s"])
        self.assertEqual(self.db.conn.notifies, [])
        # notify(db_name, channel, uuid, seq, date_created, priority, eta, state), by uuid
        told = {call[1][2]: call[1] for call in self.channels.notify.mock_calls}
        self.assertEqual(len(self.channels.notify.mock_calls), 3)
        self.assertEqual({job_uuid: told[job_uuid][7] for job_uuid in self.uuids.values()},
                         {job_uuid: state for state, job_uuid in self.uuids.items()})
        self.assertEqual(told[self.uuids["pending"]][0:2], (self.db.db_name, "root.gov_notice"))
        self.channels.remove_job.assert_called_once_with(gone)
        # nothing waiting: nothing read; a runner stopping reads nothing more
        job_dispatch.process_notifications(self.runner)
        self.assertEqual(len(self.db.selects), 1)
        self.db.conn.notifies, self.runner._stop = [SimpleNamespace(payload=gone)], True
        job_dispatch.process_notifications(self.runner)
        self.assertEqual(len(self.db.selects), 1)

    def test_installed_on_the_runner(self):
        from odoo.addons.queue_job.jobrunner import runner
        self.addCleanup(setattr, runner, "_async_http_get", runner._async_http_get)
        self.addCleanup(setattr, runner.QueueJobRunner, "process_notifications",
                        runner.QueueJobRunner.process_notifications)
        with patch.object(odoo.conf, "server_wide_modules", ["base", "web", "queue_job"]):
            job_dispatch.install()
        self.assertIs(runner.QueueJobRunner.process_notifications, job_dispatch.process_notifications)


class TestJobBackToPending(TransactionCase):
    """On its own connection, as the runner's thread does: only a job still enqueued goes back."""

    def test_an_enqueued_job_goes_back_and_a_started_one_stays(self):
        db = self.env.cr.dbname
        runner = SimpleNamespace(_connection_info_for=lambda name: connection_info_for(name)[1])
        jobs = {"enqueued": str(uuid.uuid4()), "started": str(uuid.uuid4())}
        registry = odoo.registry(db)
        try:
            # committed (the function's connection sees committed rows only), due tomorrow: the job
            # runner of a test server on this database leaves them alone
            with registry.cursor() as cr:
                for state, job_uuid in jobs.items():
                    cr.execute("INSERT INTO queue_job (uuid, state, name, model_name, method_name, channel, "
                               "user_id, date_created, date_enqueued, eta) VALUES (%s, %s, 'gov test', "
                               "'res.partner', 'exists', 'root', %s, now(), now(), now() + interval '1 day')",
                               (job_uuid, state, odoo.SUPERUSER_ID))
            for job_uuid in jobs.values():
                job_dispatch.job_back_to_pending(runner, db, job_uuid)
            with registry.cursor() as cr:
                cr.execute("SELECT uuid, state, date_enqueued IS NULL FROM queue_job WHERE uuid IN %s",
                           (tuple(jobs.values()),))
                found = {row[0]: row[1:] for row in cr.fetchall()}
            self.assertEqual(found, {jobs["enqueued"]: ("pending", True), jobs["started"]: ("started", False)})
        finally:
            with registry.cursor() as cr:
                cr.execute("DELETE FROM queue_job WHERE uuid IN %s", (tuple(jobs.values()),))
