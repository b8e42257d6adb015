"""What the server does when it is saturated or PostgreSQL is unreachable: wait a bounded
time, then answer 503 with Retry-After; never 500, never a 404 that says "no such page".

Installed by ``post_load`` (this module is in ``server_wide_modules``, so the hook runs
when the server starts, before it listens). It patches, in Odoo 11.0:

* ``odoo.sql_db.ConnectionPool.borrow``: when the pool of the process is full (or
  PostgreSQL refuses more clients), wait up to ``gov_db_pool_wait`` seconds for a
  connection to be given back instead of failing at once with "The Connection Pool Is
  Full"; ``give_back`` wakes the waiters. While an HTTP request is being dispatched, a
  failure to connect becomes ``DatabaseUnavailable``: Odoo's dispatcher takes a
  ``psycopg2.OperationalError`` at that point for "this database does not exist" and
  answers 404.
* ``odoo.http.Root.dispatch``: a saturated or unreachable database, raised anywhere in an
  HTTP route or before routing, is answered 503 with ``Retry-After`` (as JSON-RPC for a
  JSON request, in the registered format for a prefix, e.g. Open311's, else a short page).
* ``odoo.http.JsonRequest._handle_exception``: JSON-RPC calls catch their own errors and
  would answer them as a generic "Odoo Server Error" with status 200: same 503 instead.
* ``odoo.http.Root.get_request``: Odoo 11 takes every ``application/json`` body for a
  JSON-RPC call (answered 200 with a JSON-RPC error, whatever the route). The paths
  registered with ``register_plain_http`` (a webhook, a REST API) are dispatched as plain
  HTTP and their routes read the body themselves.
* ``odoo.service.server.PreforkServer.start``: Odoo listens with a backlog of 8
  connections per worker. A burst beyond it has its TCP handshakes dropped; the client's
  retransmission then comes late and the worker, which reads with a 2 s timeout, closes
  the connection without an answer. The backlog becomes ``gov_listen_backlog`` (1024):
  a burst waits in the queue instead.
* ``odoo.service.server.Worker.start``: a worker moves what it inherits from the main process
  (the registries loaded before the fork) out of the garbage collector's generations
  (``gc.freeze``): each full collection went through some 150,000 objects that live as long as
  the worker.
* ``odoo.service.model.check`` (the retry of a call whose transaction met another's): each try
  starts with what the tries before it left to run after the answer dropped, as their
  transactions were (the job of an acknowledgement rolled back with its request); a call retried
  five times had its jobs counted five times and its last one sent past the worker to the job
  runner (``job_after_answer.PER_ANSWER``).
* ``odoo.service.server.WorkerHTTP.sleep`` and ``stop``: a prefork HTTP worker that finds no
  request waiting at the listening socket, and one that stops, first runs what was registered
  with ``when_idle`` (the acknowledgements held while other clerks waited, ``job_after_answer``).
* ``odoo.addons.queue_job.jobrunner.runner._async_http_get``: the runner's GET of a job sent
  without ``requests``; ``QueueJobRunner.process_notifications``: the jobs of the notifications
  waiting read with one SELECT (``job_dispatch``).
* ``odoo.http.Root.dispatch`` again: what a request registered with ``after_answer`` (the job of
  an acknowledgement) runs in the same thread once the answer has been sent and the request's
  transaction committed, before the worker takes the next request (``job_after_answer``).
* ``odoo.service.server.RequestHandler.timeout``: in threaded mode (``workers = 0``) a
  client that announces a longer body than it sends would hold a thread for ever; the
  prefork workers already time a silent client out after 2 s.
"""
import functools
import gc
import json
import logging
import select
import threading
import time

import psycopg2
import psycopg2.errorcodes
import werkzeug.wrappers
import werkzeug.wsgi

from odoo import http, sql_db
from odoo.service import model as service_model
from odoo.service import server as odoo_server
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import config

from . import busy_page, job_dispatch

_logger = logging.getLogger(__name__)

# PostgreSQL error classes meaning "not now" rather than "wrong request": connection
# exceptions (08), insufficient resources (53: too many clients, out of memory) and operator
# intervention (57: shutting down, starting up, cancelled by a timeout)
UNAVAILABLE_CLASSES = ("08", "53", "57")
TOO_MANY_CLIENTS = psycopg2.errorcodes.TOO_MANY_CONNECTIONS

_http = threading.local()  # set while an HTTP request is dispatched by this thread
_released = threading.Condition()  # notified when a connection goes back to a pool
_unavailable_bodies = {}  # path prefix -> function(seconds, path) -> (body, content type)
_plain_http = {}  # path, or prefix ending with "/" -> function(httprequest) run first, or None
_idle = []  # functions a prefork HTTP worker runs when no request is waiting (when_idle)
_listening = []  # in a prefork HTTP worker: the socket it accepts requests from


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached or refuses the connection (not a psycopg2 error, so that
    Odoo's dispatcher does not take it for a missing database)."""


def _seconds(key, default):
    try:
        return max(float(config.get(key) or default), 0.0)
    except (TypeError, ValueError):
        return float(default)


def retry_after_for(exception):
    """Seconds a client should wait when ``exception`` means the server is saturated or its
    database unreachable; None for any other error (a fault of the request or a bug)."""
    cause = exception
    qweb = getattr(exception, "qweb", None)
    if isinstance(qweb, dict) and qweb.get("cause") is not None:
        cause = qweb["cause"]  # an error raised while rendering a template
    unavailable = isinstance(cause, (sql_db.PoolError, DatabaseUnavailable, psycopg2.InterfaceError))
    if isinstance(cause, psycopg2.OperationalError):
        code = cause.pgcode
        unavailable = (code is None or code[:2] in UNAVAILABLE_CLASSES
                       or code in PG_CONCURRENCY_ERRORS_TO_RETRY)
    if not unavailable:
        return None
    return int(_seconds("gov_retry_after", 5)) or 1


def register_unavailable_body(prefix, build):
    """Answer the 503s of the paths under ``prefix`` with ``build(seconds, path) -> (body, content type)``
    (the path tells the format asked for, e.g. Open311's .json or .xml)."""
    _unavailable_bodies[prefix] = build


def register_plain_http(path, prepare=None):
    """Dispatch the requests to ``path`` (to every path under it when it ends with "/") as
    plain HTTP whatever their body; ``prepare(httprequest)`` runs first (e.g. to read a body
    of bounded size before Odoo parses it)."""
    _plain_http[path] = prepare
    _patch(http.Root, "get_request", _get_request)


def _get_request(original):
    def get_request(self, httprequest):
        for path, prepare in _plain_http.items():
            if httprequest.path == path or path.endswith("/") and httprequest.path.startswith(path):
                if prepare:
                    prepare(httprequest)
                return http.HttpRequest(httprequest)
        return original(self, httprequest)
    get_request.gov_http_patched = True
    return get_request


def _unavailable_body(httprequest, seconds):
    """(body, content type) of a 503: the format registered for the path, JSON-RPC, or a page."""
    for prefix, build in _unavailable_bodies.items():
        if httprequest.path.startswith(prefix):
            return build(seconds, httprequest.path)
    if httprequest.mimetype == "application/json":
        return json.dumps({"jsonrpc": "2.0", "id": None, "error": _jsonrpc_error(seconds)}), "application/json"
    return busy_page.render(httprequest, seconds), "text/html"


def _unavailable_response(httprequest, seconds):
    body, mime = _unavailable_body(httprequest, seconds)
    if ";" not in mime:
        mime += "; charset=utf-8"
    response = werkzeug.wrappers.Response(body, status=503, content_type=mime)
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def _jsonrpc_error(seconds):
    message = "The server is busy or its database is unreachable; try again in %d seconds." % seconds
    return {"code": 503, "message": "Service Unavailable",
            "data": {"name": "odoo.addons.gov_http.ServiceUnavailable", "message": message,
                     "arguments": [message], "exception_type": "service_unavailable", "debug": ""}}


# ---------------------------------------------------------------- connection pool
def _borrow(original):
    def borrow(self, connection_info):
        deadline = None
        while True:
            try:
                return original(self, connection_info)
            except sql_db.PoolError:  # pylint: disable=except-pass  # the pool is full: wait, try again
                pass
            except psycopg2.OperationalError as error:
                if error.pgcode != TOO_MANY_CLIENTS and retry_after_for(error) is not None:
                    if getattr(_http, "dispatching", False):
                        raise DatabaseUnavailable(str(error).strip()) from error
                    raise
                if error.pgcode != TOO_MANY_CLIENTS:
                    raise
            # full (here or in PostgreSQL): wait for a connection to come back, a bounded time
            now = time.monotonic()
            if deadline is None:
                deadline = now + _seconds("gov_db_pool_wait", 10)
            if now >= deadline:
                _logger.warning("no database connection freed within %.1f s", _seconds("gov_db_pool_wait", 10))
                raise sql_db.PoolError("The Connection Pool Is Full")
            with _released:
                _released.wait(min(deadline - now, 0.5))
    borrow.gov_http_patched = True
    return borrow


def _give_back(original):
    def give_back(self, connection, keep_in_pool=True):
        try:
            return original(self, connection, keep_in_pool=keep_in_pool)
        finally:
            with _released:
                _released.notify_all()
    give_back.gov_http_patched = True
    return give_back


# ---------------------------------------------------------------- HTTP layer
def after_answer(function, *args):
    """Run ``function(*args)`` once the answer to the HTTP request this thread is dispatching has
    been sent: the request's transaction is committed by then, the client has its answer, and the
    worker takes no other request before it has run. Returns False, and runs nothing, when no
    request is being dispatched (a cron, a test in-process, a server without these patches)."""
    waiting = getattr(_http, "after_answer", None)
    if waiting is None:
        return False
    waiting.append((function, args))
    return True


def answering():
    """Whether this thread is dispatching an HTTP request whose answer ``after_answer`` can follow."""
    return getattr(_http, "after_answer", None) is not None


def waiting_after_answer():
    """How many functions the request this thread is dispatching left to run after its answer."""
    return len(getattr(_http, "after_answer", None) or ())


def requests_waiting():
    """In a prefork HTTP worker, whether a request is waiting to be taken at the socket it listens
    on (by this worker or another); None in any other process or thread (a threaded server, a
    cron, a test), where nobody can tell."""
    if not _listening:
        return None
    try:
        return bool(select.select(_listening, [], [], 0)[0])
    except (OSError, ValueError):  # the socket is closed: the worker is stopping
        return None


def when_idle(function):
    """Have ``function()`` run by a prefork HTTP worker each time it finds no request waiting,
    before it waits for one, and once more before it stops (what it held for its idle time)."""
    if function not in _idle:
        _idle.append(function)


def _run_idle():
    for function in _idle:
        try:
            function()
        except Exception:  # pylint: disable=broad-except  # the worker must go on answering
            _logger.exception("while idle: %s failed", getattr(function, "__name__", function))


def _run_after_answer(waiting):
    def run():
        for function, args in waiting:
            try:
                function(*args)
            except Exception:  # the answer is sent: nobody to tell but the log
                _logger.exception("after the answer: %s failed", getattr(function, "__name__", function))
    return run


def _dispatch(original):
    def dispatch(self, environ, start_response):
        _http.dispatching = True
        _http.after_answer = waiting = []
        try:
            result = original(self, environ, start_response)
            if waiting:
                # run by the WSGI server once the body is written (PEP 3333's close())
                result = werkzeug.wsgi.ClosingIterator(result, _run_after_answer(waiting))
            return result
        except Exception as error:
            seconds = retry_after_for(error)
            if seconds is None:
                raise
            httprequest = werkzeug.wrappers.Request(environ)
            _logger.warning("503 for %s %s: %s", httprequest.method, httprequest.path, error)
            return _unavailable_response(httprequest, seconds)(environ, start_response)
        finally:
            _http.dispatching = False
            _http.after_answer = None
    dispatch.gov_http_patched = True
    return dispatch


def _service_check(original):
    def check(function):
        @functools.wraps(function)
        def call(*args, **kwargs):
            left = waiting_after_answer()

            def each_try(*args, **kwargs):
                waiting = getattr(_http, "after_answer", None)
                if waiting is not None:
                    del waiting[left:]  # a try before this one was rolled back: what it left too
                return function(*args, **kwargs)
            return original(each_try)(*args, **kwargs)
        return call
    check.gov_http_patched = True
    return check


def _json_handle_exception(original):
    def _handle_exception(self, exception):
        seconds = retry_after_for(exception)
        if seconds is None:
            return original(self, exception)
        self._failed = exception  # no commit of the request's transaction
        _logger.warning("503 for JSON-RPC %s: %s", self.httprequest.path, exception)
        response = self._json_response(error=dict(_jsonrpc_error(seconds), http_status=503))
        response.headers["Retry-After"] = str(seconds)
        return response
    _handle_exception.gov_http_patched = True
    return _handle_exception


def _prefork_start(original):
    def start(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if getattr(self, "socket", None):
            self.socket.listen(max(8 * self.population, int(_seconds("gov_listen_backlog", 1024))))
        return result
    start.gov_http_patched = True
    return start


def _worker_start(original):
    def start(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        # what the worker inherits from the main process (the registries it loaded before forking)
        # lives as long as the worker: out of the collector's generations, a full collection no
        # longer goes through it (gc.freeze, Python 3.7)
        if hasattr(gc, "freeze"):
            gc.freeze()
        if isinstance(self, odoo_server.WorkerHTTP) and self.multi.socket:
            _listening[:] = [self.multi.socket]
        return result
    start.gov_http_patched = True
    return start


def _worker_http_sleep(original):
    def sleep(self):
        if _idle and requests_waiting() is False:
            _run_idle()
        return original(self)
    sleep.gov_http_patched = True
    return sleep


def _worker_http_stop(original):
    def stop(self):
        _run_idle()
        return original(self)
    stop.gov_http_patched = True
    return stop


def _patch(owner, name, wrapper):
    current = getattr(owner, name)
    if not getattr(current, "gov_http_patched", False):
        setattr(owner, name, wrapper(current))


def post_load():
    """Install the patches once per process (see the module docstring for what and why)."""
    _patch(sql_db.ConnectionPool, "borrow", _borrow)
    _patch(sql_db.ConnectionPool, "give_back", _give_back)
    _patch(http.Root, "dispatch", _dispatch)
    _patch(http.JsonRequest, "_handle_exception", _json_handle_exception)
    _patch(service_model, "check", _service_check)
    _patch(odoo_server.PreforkServer, "start", _prefork_start)
    _patch(odoo_server.Worker, "start", _worker_start)
    _patch(odoo_server.WorkerHTTP, "sleep", _worker_http_sleep)
    _patch(odoo_server.WorkerHTTP, "stop", _worker_http_stop)
    odoo_server.RequestHandler.timeout = _seconds("gov_http_read_timeout", 10) or None
    job_dispatch.install()
