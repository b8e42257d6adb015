"""The connection pool waits a bounded time; errors that mean "busy" are told apart; a worker
takes what it inherits out of the garbage collector's generations, and runs what waits for its
idle time when no request waits."""
import gc
import logging
import socket
import threading
import time

import psycopg2
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from odoo import sql_db
from odoo.service import server as odoo_server
from odoo.tests.common import TransactionCase
from odoo.tools import config

from odoo.addons.gov_http import patches, retry_after_for
from odoo.addons.gov_http.patches import DatabaseUnavailable, _unavailable_body


class FakePgError(psycopg2.OperationalError):
    def __init__(self, pgcode):
        super().__init__("fake")
        self._code = pgcode

    @property
    def pgcode(self):
        return self._code


class TestPatches(TransactionCase):

    def test_busy_errors_are_told_apart(self):
        for error in (sql_db.PoolError("The Connection Pool Is Full"), DatabaseUnavailable("refused"),
                      FakePgError(None), FakePgError("53300"), FakePgError("57P01"), FakePgError("08006"),
                      FakePgError("40001")):
            self.assertEqual(retry_after_for(error), 5, error)
        for error in (psycopg2.IntegrityError("duplicate key"), ValueError("x"), FakePgError("42P01")):
            self.assertIsNone(retry_after_for(error), error)

    def test_a_full_pool_waits_for_a_connection_then_gives_up(self):
        pool = sql_db.ConnectionPool(1)
        _db, info = sql_db.connection_info_for(self.env.cr.dbname)
        saved = config.get("gov_db_pool_wait")
        config["gov_db_pool_wait"] = 2
        try:
            first = pool.borrow(info)
            threading.Timer(0.3, pool.give_back, args=(first,)).start()
            started = time.time()
            second = pool.borrow(info)  # waits for the first to come back instead of failing
            self.assertLess(time.time() - started, 1.9)
            config["gov_db_pool_wait"] = 0.5
            started = time.time()
            with self.assertRaises(sql_db.PoolError):
                pool.borrow(info)  # nobody gives a connection back: bounded wait, then the error
            self.assertGreaterEqual(time.time() - started, 0.5)
            pool.give_back(second, keep_in_pool=False)
        finally:
            config["gov_db_pool_wait"] = saved
            pool.close_all()


class TestBusyPage(TransactionCase):
    """The busy page is read without the database, in the visitor's language, Thai first."""

    def page(self, headers=None, cookie=None):
        builder = EnvironBuilder(path="/my", headers=headers or {})
        if cookie:
            builder.headers["Cookie"] = "frontend_lang=%s" % cookie
        body, mime = _unavailable_body(Request(builder.get_environ()), 7)
        self.assertEqual(mime, "text/html")
        return body

    def test_in_the_visitors_language(self):
        thai = self.page({"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
        self.assertIn("<h1>ระบบไม่ว่างชั่วคราว</h1>", thai)
        self.assertIn("กรุณาลองใหม่ในอีก 7 วินาที", thai)
        self.assertNotIn("Service", thai)
        english = self.page({"Accept-Language": "en-GB,en;q=0.8"})
        self.assertIn("<h1>Service temporarily unavailable</h1>", english)
        self.assertIn("Please try again in 7 seconds.", english)
        self.assertNotIn("ระบบ", english)
        # the site's language cookie wins over the browser; no preference reads Thai
        self.assertIn("Service temporarily", self.page({"Accept-Language": "th"}, cookie="en_US"))
        self.assertIn("ระบบไม่ว่างชั่วคราว", self.page())
        self.assertIn("ระบบไม่ว่างชั่วคราว", self.page({"Accept-Language": "fr"}))


class TestWorkerStart(TransactionCase):

    def test_a_worker_moves_what_it_inherited_out_of_the_collectors_generations(self):
        patches.post_load()
        self.assertTrue(getattr(odoo_server.Worker.start, "gov_http_patched", False))
        self.addCleanup(gc.unfreeze)
        gc.unfreeze()
        started = []
        start = patches._worker_start(lambda worker: started.append(worker) or "started")
        self.assertEqual(start("worker"), "started")
        self.assertEqual(started, ["worker"])
        self.assertGreater(gc.get_freeze_count(), 1000, "nothing moved out of the generations")


class FakeWorker(object):
    """What the patched sleep and stop of a prefork HTTP worker read: its listening socket."""

    def __init__(self, listening):
        self.multi = type("Multi", (), {"socket": listening})()


class TestWorkerIdle(TransactionCase):
    """A prefork HTTP worker runs what was registered with when_idle when it finds no request
    waiting at its socket, not while one waits, and before it stops."""

    def setUp(self):
        super().setUp()
        self.listening = socket.socket()
        self.addCleanup(self.listening.close)
        self.listening.bind(("127.0.0.1", 0))
        self.listening.listen(8)
        self.ran, self.slept, self.stopped = [], [], []
        saved_idle, saved_listening = list(patches._idle), list(patches._listening)
        self.addCleanup(lambda: patches._idle.__setitem__(slice(None), saved_idle))
        self.addCleanup(lambda: patches._listening.__setitem__(slice(None), saved_listening))
        patches._idle[:] = [lambda: self.ran.append("idle")]
        self.worker = FakeWorker(self.listening)

    def start_worker(self):
        worker = odoo_server.WorkerHTTP.__new__(odoo_server.WorkerHTTP)
        worker.multi = self.worker.multi
        self.addCleanup(gc.unfreeze)
        patches._worker_start(lambda worker: None)(worker)

    def sleep(self):
        patches._worker_http_sleep(lambda worker: self.slept.append(worker))(self.worker)

    def test_outside_a_prefork_worker_nobody_can_tell(self):
        patches._listening[:] = []
        self.assertIsNone(patches.requests_waiting())
        self.sleep()
        self.assertEqual((self.ran, self.slept), ([], [self.worker]))  # nothing run in a threaded server

    def test_a_worker_runs_what_waits_for_its_idle_time_only_when_no_request_waits(self):
        self.start_worker()
        self.assertEqual(patches._listening, [self.listening])
        self.assertIs(patches.requests_waiting(), False)
        self.sleep()
        self.assertEqual((self.ran, self.slept), (["idle"], [self.worker]))
        client = socket.create_connection(self.listening.getsockname())
        self.addCleanup(client.close)
        time.sleep(0.05)
        self.assertIs(patches.requests_waiting(), True)  # a clerk's request waits to be taken
        self.sleep()
        self.assertEqual((self.ran, len(self.slept)), (["idle"], 2))  # the request first
        self.listening.accept()[0].close()
        self.sleep()
        self.assertEqual(self.ran, ["idle", "idle"])

    def test_a_failure_while_idle_is_logged_and_the_worker_goes_on(self):
        self.start_worker()
        patches._idle[:] = [lambda: 1 / 0, lambda: self.ran.append("next")]
        with self.assertLogs("odoo.addons.gov_http.patches", logging.ERROR) as logged:
            self.sleep()
        self.assertIn("ZeroDivisionError", "\n".join(logged.output))
        self.assertEqual((self.ran, self.slept), (["next"], [self.worker]))

    def test_a_stopping_worker_first_runs_what_waits(self):
        self.start_worker()
        client = socket.create_connection(self.listening.getsockname())
        self.addCleanup(client.close)
        patches._worker_http_stop(lambda worker: self.stopped.append(worker))(self.worker)
        self.assertEqual((self.ran, self.stopped), (["idle"], [self.worker]))
