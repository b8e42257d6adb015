#!/usr/bin/env python3
"""A reference receiver of the agency exchange's webhooks (docs/API.md, "Agency webhooks").

Plain Python 3 (3.7 or newer), standard library only. It does what a receiver must do:

* checks the signature over the raw body before anything else: ``v2=`` entries of
  ``X-Gov-Signature`` sign ``<timestamp>.<event>.<idempotency key>.<body>``, one per secret
  the sender holds during a rotation; the receiver accepts an entry made with any secret it
  holds (``--secret`` may be given twice while it switches to a new one). The legacy
  ``sha256=`` (``<timestamp>.<body>``) is accepted only with ``--accept-v1``;
* refuses an event older or newer than the replay window (``--window``, 300 s);
* keeps the keys it processed in SQLite, on disk, for longer than the replay window, so a
  restart forgets nothing a replay could use;
* applies an event and records its key in ONE transaction, then answers 200: if applying
  fails, nothing is recorded and the answer is 500, so the sender's retry is applied, not
  dropped as a duplicate; a crash before the commit loses nothing either;
* answers 200 to a key it already has, and applies an event only if its ``sequence`` is
  above the last one applied for that request (an old event is acknowledged, not applied).

What "apply" means here: the agency's copy of each request (state, status, notes, sequence)
in the table ``requests``, and a line per applied event in ``applied``.

Usage::

    python3 tools/webhook_receiver.py --secret="$SECRET" --db receiver.sqlite3 --port 8443

It serves plain HTTP: put it behind your HTTPS reverse proxy (the sender refuses plain http://
unless an administrator allows it). ``--port 0`` picks a free port; the first line printed is
``listening on HOST:PORT``.
"""
import argparse
import contextlib
import hashlib
import hmac
import json
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1024 * 1024
SCHEMA = """
CREATE TABLE IF NOT EXISTS processed (key TEXT PRIMARY KEY, received_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    service_request_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, state TEXT, status TEXT,
    status_notes TEXT, expected_datetime TEXT, occurred_at TEXT);
CREATE TABLE IF NOT EXISTS applied (
    key TEXT PRIMARY KEY, service_request_id TEXT NOT NULL, sequence INTEGER NOT NULL, state TEXT,
    applied_at REAL NOT NULL);
"""


class Refused(Exception):
    """An event the receiver refuses: ``status`` is the HTTP answer."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status


def signed_v2(secret, timestamp, event, key, body):
    message = ".".join((timestamp, event, key)).encode("utf-8") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_v1(secret, timestamp, body):
    return hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def verify(headers, body, secrets, window, accept_v1=False, now=None):
    """The event of a delivery whose signature and time are right; Refused(401) otherwise."""
    timestamp = headers.get("X-Gov-Timestamp") or ""
    event_type = headers.get("X-Gov-Event") or ""
    key = headers.get("Idempotency-Key") or ""
    if not timestamp.isdigit():
        raise Refused(401, "no timestamp")
    entries = [entry.strip().partition("=") for entry in (headers.get("X-Gov-Signature") or "").split(",")]
    valid = False
    for scheme, _sep, digest in entries:
        for secret in secrets:
            if scheme == "v2":
                expected = signed_v2(secret, timestamp, event_type, key, body)
            elif scheme == "sha256" and accept_v1:
                expected = signed_v1(secret, timestamp, body)
            else:
                continue
            valid = hmac.compare_digest(expected, digest) or valid
    if not valid:
        raise Refused(401, "bad signature")
    if abs((now or time.time()) - int(timestamp)) > window:
        raise Refused(401, "outside the replay window")
    try:
        event = json.loads(body.decode("utf-8"))
    except ValueError:
        raise Refused(400, "body is not JSON")
    # with v2 the headers are signed; either way they must tell what the signed body tells
    if event.get("idempotency_key") != key or event.get("event") != event_type:
        raise Refused(400, "headers and body disagree")
    return event


class Store:
    """The receiver's state in SQLite; every delivery is one transaction."""

    def __init__(self, path, keep_seconds):
        self.path, self.keep_seconds = path, keep_seconds
        self.lock = threading.Lock()  # one delivery at a time: the sender delivers in order anyway
        with contextlib.closing(self.connect()) as connection:
            connection.executescript(SCHEMA)

    def connect(self):
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    def handle(self, event, apply_hook=None):
        """Apply ``event`` once; True when it was applied now, False for a duplicate or an old one."""
        with self.lock, contextlib.closing(self.connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                applied = self._handle(connection, event, apply_hook)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return applied

    def _handle(self, connection, event, apply_hook):
        now = time.time()
        connection.execute("DELETE FROM processed WHERE received_at < ?", (now - self.keep_seconds,))
        key = event["idempotency_key"]
        if connection.execute("SELECT 1 FROM processed WHERE key = ?", (key,)).fetchone():
            return False
        row = connection.execute("SELECT sequence FROM requests WHERE service_request_id = ?",
                                 (event["service_request_id"],)).fetchone()
        fresh = row is None or event["sequence"] > row[0]
        if fresh:
            if apply_hook:
                apply_hook(event)  # may fail: then nothing below is kept
            connection.execute(
                "INSERT OR REPLACE INTO requests VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event["service_request_id"], event["sequence"], event.get("state"), event.get("status"),
                 event.get("status_notes"), event.get("expected_datetime"), event.get("occurred_at")))
            connection.execute("INSERT INTO applied VALUES (?, ?, ?, ?, ?)",
                               (key, event["service_request_id"], event["sequence"], event.get("state"), now))
        # recorded only now, after applying, in the same transaction
        connection.execute("INSERT INTO processed VALUES (?, ?)", (key, now))
        return fresh


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, options):
        super().__init__(address, Handler)
        self.options = options
        self.store = Store(options.db, max(options.keep, 2 * options.window))
        self.failures_left = options.fail_first


class Handler(BaseHTTPRequestHandler):
    server_version = "gov-webhook-receiver/1.0"

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        options = self.server.options
        try:
            length = int(self.headers.get("Content-Length") or -1)
            if not 0 <= length <= MAX_BODY:
                raise Refused(413 if length > MAX_BODY else 411, "bad length")
            body = self.rfile.read(length)
            event = verify(self.headers, body, options.secret, options.window, options.accept_v1)
            applied = self.server.store.handle(event, self._apply_hook())
        except Refused as refusal:
            return self._answer(refusal.status, str(refusal))
        except Exception as error:  # any failure to apply: nothing was kept, ask for the retry
            return self._answer(500, "not applied: %s" % type(error).__name__)
        if options.delay_answer:
            time.sleep(options.delay_answer)  # a test kills the receiver here, after the commit
        return self._answer(200, "applied" if applied else "duplicate or old: acknowledged")

    def _apply_hook(self):
        """In tests, ``--fail-first N`` makes the first N applications fail (the disk is full...)."""
        server = self.server

        def hook(_event):
            if server.failures_left > 0:
                server.failures_left -= 1
                raise RuntimeError("apply failed")
        return hook

    def _answer(self, status, text):
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        if not self.server.options.quiet:
            super().log_message(fmt, *args)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", action="append", required=True,
                        help="a webhook secret; give it twice (new and old) while switching to a new one")
    parser.add_argument("--db", default="webhook_receiver.sqlite3", help="SQLite file of the receiver's state")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    parser.add_argument("--window", type=int, default=300, help="replay window in seconds (default 300)")
    parser.add_argument("--keep", type=int, default=3600,
                        help="seconds to keep processed keys (at least twice the window; default 3600)")
    parser.add_argument("--accept-v1", action="store_true",
                        help="also accept the legacy sha256= signature (until the agency is switched to v2)")
    parser.add_argument("--fail-first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--delay-answer", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true")
    options = parser.parse_args(argv)
    server = Receiver((options.host, options.port), options)
    print("listening on %s:%d" % server.server_address[:2], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
