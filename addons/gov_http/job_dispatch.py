"""How the job runner hands a job to a worker, and how it hears of the jobs' changes.

One GET of /queue_job/runjob, sent from a thread.

queue_job's runner (in the server's main process) sends that GET with ``requests``, whose
preparation of a request (cookie jars, adapters, a connection pool, hooks) is most of the main
process's processor time under intake load: some 3 % of the server's, for a request whose answer
is not read. The same GET is sent here with ``http.client``, with what queue_job's sends: the
runner's session cookie (obtained once by queue_job's own code, so that no request makes a new
session file), the basic authentication of ``queue_job.http_auth_*`` when it is set, a timeout of
one second. What queue_job does on a failure is kept too: a job whose worker did not answer within
that second, or answered an error, is put back to pending (if it is still enqueued) and runs
again; an error is logged and the cookie forgotten.

The runner hears of each change of a job's row (queue_job's trigger notifies its uuid) and read that
job's row again for each notification, one SELECT each: three per acknowledgement given after the
answer (queued, taken by the worker, done), the taking and the end of ten held acknowledgements
arriving at once. The notifications waiting are read here with one SELECT for all their jobs; each job
is then told to the runner's channels as queue_job tells it (its row as it is now, or its removal
when the row is gone), once however many changes were notified.
"""
import base64
import http.client
import logging
import socket
import threading
from contextlib import closing
from urllib.parse import quote

import psycopg2
from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

import odoo

_logger = logging.getLogger(__name__)

TIMEOUT = 1  # seconds, as queue_job's runner: the answer is not awaited


def cookie_header(jar):
    """The Cookie header of a requests cookie jar (the runner's session)."""
    return "; ".join("%s=%s" % (cookie.name, cookie.value) for cookie in jar)


def job_back_to_pending(runner, db_name, job_uuid):
    """Put an enqueued job back to pending, on a connection of its own (the runner's thread)."""
    connection = psycopg2.connect(**runner._connection_info_for(db_name))
    try:
        connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
        with closing(connection.cursor()) as cr:
            cr.execute("UPDATE queue_job SET state='pending', date_enqueued=NULL, date_started=NULL "
                       "WHERE uuid=%s AND state='enqueued'", (job_uuid,))
    finally:
        connection.close()


def run_job_request(runner, scheme, host, port, user, password, db_name, job_uuid):
    """The GET of one job, in the calling thread; the job back to pending when it fails."""
    path = "/queue_job/runjob?db=%s&job_uuid=%s" % (quote(db_name, safe=""), quote(job_uuid, safe=""))
    headers = {"Cookie": cookie_header(runner.session.cookies)}
    if user:
        token = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
        headers["Authorization"] = "Basic " + token
    connection_class = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = connection_class(host, port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers=headers)
        status = connection.getresponse().status
        if status >= 400:
            raise http.client.HTTPException("HTTP %d" % status)
    except socket.timeout:
        job_back_to_pending(runner, db_name, job_uuid)
    except Exception:
        _logger.exception("exception in GET %s://%s:%s%s", scheme, host, port, path)
        runner.session.cookies.clear()
        job_back_to_pending(runner, db_name, job_uuid)
    finally:
        connection.close()


def async_http_get(runner, original):
    """queue_job's ``_async_http_get`` with the GET sent as above (the session obtained by it)."""
    def dispatch(scheme, host, port, user, password, db_name, job_uuid):
        if not runner.session.cookies:
            return original(scheme, host, port, user, password, db_name, job_uuid)
        thread = threading.Thread(target=run_job_request,
                                  args=(runner, scheme, host, port, user, password, db_name, job_uuid))
        thread.daemon = True
        thread.start()
    dispatch.gov_http_patched = True
    return dispatch


def process_notifications(self):
    """queue_job's ``QueueJobRunner.process_notifications``, one SELECT per database (see above)."""
    for db in self.db_by_name.values():
        if self._stop:
            break
        notified = []
        while db.conn.notifies:
            notified.append(db.conn.notifies.pop().payload)
        uuids = list(dict.fromkeys(notified))  # each job once
        if not uuids:
            continue
        rows = {row[1]: row for row in db.select_jobs("uuid IN %s", (tuple(uuids),))}  # row[1]: its uuid
        for uuid in uuids:
            if uuid in rows:
                self.channel_manager.notify(db.db_name, *rows[uuid])
            else:
                self.channel_manager.remove_job(uuid)


process_notifications.gov_http_patched = True


def install():
    """Replace the runner's dispatch and its reading of notifications where queue_job is a
    server-wide module (it runs the runner). Only then: importing queue_job's runner is what starts a
    runner with the server."""
    if "queue_job" not in odoo.conf.server_wide_modules:
        return
    from odoo.addons.queue_job.jobrunner import runner
    if not getattr(runner._async_http_get, "gov_http_patched", False):
        runner._async_http_get = async_http_get(runner, runner._async_http_get)
    if not getattr(runner.QueueJobRunner.process_notifications, "gov_http_patched", False):
        runner.QueueJobRunner.process_notifications = process_notifications
