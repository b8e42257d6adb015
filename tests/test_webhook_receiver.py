"""The product against the reference receiver (tools/webhook_receiver.py), end to end: the
receiver runs as a process of its own on a free port and is killed (SIGKILL) and restarted in
the middle of the stream; nothing is lost and nothing is applied twice. Also: an application
that fails is retried and applied, a replay is refused or acknowledged, a secret is rotated
without losing an event, and the legacy signature still reaches a receiver that accepts it."""
import datetime
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from odoo.addons.oss_agency_exchange.models.oss_agency_event import EVENT_TYPE, signature_header

from .conftest import committed_env, purge_requests
from .test_agency_webhooks import _allow_local_webhooks
from .test_open311_api import API

ROOT = Path(__file__).resolve().parent.parent
RECEIVER = ROOT / "tools" / "webhook_receiver.py"


class ReceiverProcess:
    """tools/webhook_receiver.py as a process; its state is an SQLite file that outlives it."""

    def __init__(self, folder, secrets, port=0, extra=()):
        self.db = str(folder / "receiver.sqlite3")
        self.secrets, self.extra, self.port, self.proc = list(secrets), list(extra), port, None

    def start(self, secrets=None, extra=None):
        command = [sys.executable, str(RECEIVER), "--db", self.db, "--port", str(self.port), "--quiet"]
        for secret in secrets or self.secrets:
            command.append("--secret=" + secret)  # a secret may begin with "-"
        self.proc = subprocess.Popen(command + list(self.extra if extra is None else extra),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert line.startswith("listening on 127.0.0.1:"), (line, self.proc.stderr.read())
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def kill(self):
        """SIGKILL: no clean-up of any kind, as a power cut would."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.kill()

    def rows(self, query):
        with sqlite3.connect(self.db) as connection:
            return connection.execute(query).fetchall()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hook" % self.port


@pytest.fixture
def local_receiver_allowed(gov_server):
    _allow_local_webhooks(True)
    yield
    _allow_local_webhooks(False)


@pytest.fixture
def agency(gov_server, local_receiver_allowed, tmp_path):
    """A new agency (v2 signatures), its Open311 key and a receiver holding its secret; everything
    the test made is removed at the end."""
    with committed_env() as env:
        partner = env["res.partner"].create({"name": "หน่วยงานรับเว็บฮุก %s" % uuid.uuid4().hex[:6],
                                             "is_company": True, "gov_party_type": "agency"})
        partner.action_gov_generate_webhook_secret()
        client = env["oss.api.client"].create({"name": partner.name, "partner_id": partner.id})
        key = client.action_generate_key()["context"]["default_key"]
        info = {"partner_id": partner.id, "client_id": client.id, "key": key,
                "secret": partner.gov_webhook_secret, "signature": partner.gov_webhook_signature}
    receiver = ReceiverProcess(tmp_path, [info["secret"]])
    info["receiver"] = receiver
    yield info
    receiver.stop()
    with committed_env() as env:
        requests_ = env["oss.request"].search([("agency_id", "=", info["partner_id"])])
        purge_requests(env, requests_.ids)
        env["oss.api.client"].browse(info["client_id"]).unlink()
        env["res.partner"].browse(info["partner_id"]).unlink()


def point_webhook(agency, url):
    with committed_env() as env:
        env["res.partner"].browse(agency["partner_id"]).write({"gov_webhook_url": url, "gov_webhook_active": True})


def submit(gov_server, agency):
    response = requests.post(gov_server + API + "/requests.json", timeout=60, data={
        "api_key": agency["key"], "service_code": "G02", "description": "ขอใช้ห้องประชุม"})
    assert response.status_code == 201, response.text
    with committed_env() as env:
        return env["oss.request"].search([("name", "=", response.json()[0]["service_request_id"])]).id


def walk(request_id):
    """Move the request through its life: every change is an event for the agency."""
    with committed_env() as env:
        request = env["oss.request"].browse(request_id)
        request.document_ids.write({"received": True})
        request.action_documents_complete()
        request.action_wait_applicant("แผนผังการจัดห้อง / A floor plan")
        request.action_resume()
        request.action_withdraw()


def events(request_id):
    with committed_env() as env:
        return [(e.sequence, e.idempotency_key, e.request_state, e.state, e.attempt_count)
                for e in env["oss.agency.event"].search([("request_id", "=", request_id)], order="sequence")]


def deliver(now, rounds=1):
    """Deliver as the cron does (committing after each event), ``rounds`` times, the clock moved
    past every backoff between rounds."""
    for _ in range(rounds):
        with committed_env() as env:
            env["oss.agency.event"]._deliver_due(now=now.strftime("%Y-%m-%d %H:%M:%S"), commit=True)
        now += datetime.timedelta(hours=7)
    return now


def assert_applied_once_in_order(receiver, request_id):
    outbox = events(request_id)
    assert all(state == "delivered" for _s, _k, _rs, state, _a in outbox), outbox
    applied = receiver.rows("SELECT key, sequence, state FROM applied ORDER BY sequence")
    assert applied == [(key, sequence, state) for sequence, key, state, _d, _a in outbox]
    processed = {key for (key,) in receiver.rows("SELECT key FROM processed")}
    assert processed == {key for _s, key, _rs, _d, _a in outbox}
    [(sequence, state)] = receiver.rows("SELECT sequence, state FROM requests")
    assert (sequence, state) == (outbox[-1][0], "withdrawn")
    return outbox


def test_nothing_lost_nothing_applied_twice_when_the_receiver_is_killed_mid_stream(gov_server, agency):
    receiver = agency["receiver"].start(extra=["--delay-answer", "30"])
    point_webhook(agency, receiver.url)
    request_id = submit(gov_server, agency)
    walk(request_id)
    assert len(events(request_id)) >= 5
    # the receiver applies and commits the first event, then dies before it answers
    started = time.time()
    sender = threading.Thread(target=deliver, args=(datetime.datetime.utcnow(),))
    sender.start()
    while not receiver.rows("SELECT key FROM applied"):
        assert time.time() - started < 60, "the first event never arrived"
        time.sleep(0.05)
    receiver.kill()
    sender.join(60)
    first = events(request_id)[0]
    assert (first[3], first[4]) == ("pending", 1)  # the sender did not hear back: it will try again
    assert receiver.rows("SELECT count(*) FROM applied") == [(1,)]
    # the receiver comes back on the same port with the same disk; the rest of the stream follows
    receiver.start(extra=[])
    deliver(datetime.datetime.utcnow() + datetime.timedelta(minutes=2), rounds=3)
    outbox = assert_applied_once_in_order(receiver, request_id)
    assert outbox[0][4] == 2  # the first event went twice and was applied once
    # a captured event sent again: acknowledged, not applied; an old capture: refused
    with committed_env() as env:
        event = env["oss.agency.event"].search([("request_id", "=", request_id)], order="sequence", limit=1)
        body = event.payload.encode("utf-8")
    for age, status in ((0, 200), (301, 401)):
        timestamp = str(int(time.time()) - age)
        answer = requests.post(receiver.url, data=body, timeout=10, headers={
            "Content-Type": "application/json", "X-Gov-Event": EVENT_TYPE, "X-Gov-Timestamp": timestamp,
            "Idempotency-Key": outbox[0][1],
            "X-Gov-Signature": signature_header("v2", [agency["secret"]], timestamp, EVENT_TYPE, outbox[0][1], body)})
        assert answer.status_code == status, answer.text
    assert receiver.rows("SELECT count(*) FROM applied") == [(len(outbox),)]


def test_an_event_whose_application_failed_is_applied_on_the_retry(gov_server, agency):
    receiver = agency["receiver"].start(extra=["--fail-first", "1"])
    point_webhook(agency, receiver.url)
    request_id = submit(gov_server, agency)
    walk(request_id)
    now = deliver(datetime.datetime.utcnow())
    first = events(request_id)[0]
    assert (first[3], first[4]) == ("pending", 1)  # answered 500: not recorded as processed
    assert receiver.rows("SELECT count(*) FROM processed") == [(0,)]
    deliver(now, rounds=2)
    outbox = assert_applied_once_in_order(receiver, request_id)
    assert outbox[0][4] == 2
    with committed_env() as env:
        event = env["oss.agency.event"].search([("request_id", "=", request_id)], order="sequence", limit=1)
        history = event.history.splitlines()
    assert [line.split("  ", 1)[1] for line in history] == ["HTTP 500 Internal Server Error", "HTTP 200 OK"]


def test_a_rotated_secret_loses_no_event(gov_server, agency):
    old = agency["secret"]
    receiver = agency["receiver"].start(secrets=[old])
    point_webhook(agency, receiver.url)
    request_id = submit(gov_server, agency)
    with committed_env() as env:
        partner = env["res.partner"].browse(agency["partner_id"])
        partner.action_gov_generate_webhook_secret()
        new = partner.gov_webhook_secret
        assert partner.gov_webhook_secret_previous == old
        until = datetime.datetime.strptime(partner.gov_webhook_secret_previous_until, "%Y-%m-%d %H:%M:%S")
        assert abs((until - datetime.datetime.utcnow()) - datetime.timedelta(hours=48)) < datetime.timedelta(minutes=5)
    walk(request_id)
    # the receiver still holds the old secret only: the events carry a signature with each
    deliver(datetime.datetime.utcnow(), rounds=1)
    delivered = [e for e in events(request_id) if e[3] == "delivered"]
    assert len(delivered) == len(events(request_id))
    # after the window, the old secret signs nothing more: a receiver that did not switch refuses
    with committed_env() as env:
        env.cr.execute("UPDATE res_partner SET gov_webhook_secret_previous_until = now() AT TIME ZONE 'UTC' "
                       "- interval '1 minute' WHERE id = %s", (agency["partner_id"],))
    second = submit(gov_server, agency)
    now = deliver(datetime.datetime.utcnow())
    refused = events(second)[0]
    assert (refused[3], refused[4]) == ("pending", 1)
    with committed_env() as env:
        assert env["oss.agency.event"].search([("request_id", "=", second)], limit=1).last_status == 401
    receiver.kill()
    receiver.start(secrets=[new])  # the agency switched
    deliver(now, rounds=2)
    assert {e[3] for e in events(second)} == {"delivered"}


def test_the_legacy_signature_reaches_a_receiver_that_accepts_it(gov_server, agency):
    with committed_env() as env:
        env["res.partner"].browse(agency["partner_id"]).gov_webhook_signature = "v1"
    receiver = agency["receiver"].start()
    point_webhook(agency, receiver.url)
    request_id = submit(gov_server, agency)
    now = deliver(datetime.datetime.utcnow())
    first = events(request_id)[0]
    assert first[3] == "pending"  # a v2 receiver does not take sha256= unless told to
    receiver.kill()
    receiver.start(extra=["--accept-v1"])
    deliver(now, rounds=2)
    assert {e[3] for e in events(request_id)} == {"delivered"}


def test_the_receiver_refuses_a_forged_or_mismatched_delivery(gov_server, agency):
    receiver = agency["receiver"].start()
    body = json.dumps({"event": EVENT_TYPE, "idempotency_key": "k-1", "sequence": 1,
                       "service_request_id": "OSS-2569-000001", "state": "done"}).encode()
    timestamp = str(int(time.time()))

    def send(signature, key="k-1", event=EVENT_TYPE):
        return requests.post(receiver.url, data=body, timeout=10, headers={
            "X-Gov-Event": event, "X-Gov-Timestamp": timestamp, "Idempotency-Key": key,
            "X-Gov-Signature": signature}).status_code

    good = signature_header("v2", [agency["secret"]], timestamp, EVENT_TYPE, "k-1", body)
    assert send(signature_header("v2", ["not the secret"], timestamp, EVENT_TYPE, "k-1", body)) == 401
    assert send(good, key="k-2") == 401  # the key is signed: changing it breaks the signature
    assert send(good, event="request.deleted") == 401  # so is the event type
    assert send(signature_header("v1", [agency["secret"]], timestamp, EVENT_TYPE, "k-1", body)) == 401
    assert send(good) == 200
    assert send(good) == 200  # the same delivery again: acknowledged
    assert receiver.rows("SELECT count(*) FROM applied") == [(1,)]
