"""The connection pool waits a bounded time; errors that mean "busy" are told apart; a worker
takes what it inherits out of the garbage collector's generations."""
import gc
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
