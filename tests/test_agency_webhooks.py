"""G2G exchange end to end: an agency posts through Open311 and hears every change of its
request at a local receiver that fails at first; an Odoo killed mid-delivery loses nothing."""
import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from .conftest import _settings, committed_env
from .test_open311_api import API

ROOT = Path(__file__).resolve().parent.parent
# 0: the system picks a free port, so several checkouts can run the suite on one machine
RECEIVER_PORT = int(os.environ.get("GOV_TEST_RECEIVER_PORT", "0"))


class Receiver(ThreadingHTTPServer):
    """A stand-in agency: records every delivery; fails, or hangs, when told to."""

    daemon_threads = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), ReceiverHandler)
        self.deliveries = []  # (status answered, headers, body)
        self.fail_next = 0
        self.hang_next = 0
        self.arrived = threading.Event()


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        if server.hang_next:
            server.hang_next -= 1
            server.deliveries.append((None, dict(self.headers, Path=self.path), body))
            server.arrived.set()
            time.sleep(20)  # the sender is killed while it waits for this answer
            return
        status = 200
        if server.fail_next:
            server.fail_next -= 1
            status = 503
        server.deliveries.append((status, dict(self.headers, Path=self.path), body))
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"busy")

    def log_message(self, *_args):
        pass


@pytest.fixture(scope="module")
def receiver():
    server = Receiver(RECEIVER_PORT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


ALLOW_HTTP = "oss_agency_exchange.webhook_allow_http"
ALLOW_PRIVATE = "oss_agency_exchange.webhook_allow_private"


def _allow_local_webhooks(private, http=None):
    """What an administrator ticks in Settings > Agency exchange for a receiver on this machine."""
    with committed_env() as env:
        for key, allowed in ((ALLOW_PRIVATE, private), (ALLOW_HTTP, private if http is None else http)):
            # off is the default: the parameter is removed rather than left behind as "False"
            env["ir.config_parameter"].set_param(key, "True" if allowed else False)


@pytest.fixture
def local_receiver_allowed(gov_server):
    _allow_local_webhooks(True)
    yield
    _allow_local_webhooks(False)


@pytest.fixture
def agency(gov_server, receiver, local_receiver_allowed):
    """A new agency with a webhook to the receiver and an Open311 key: (partner id, secret, key)."""
    receiver.deliveries.clear()
    with committed_env() as env:
        if "oss.agency.event" not in env.registry:
            pytest.fail("oss_agency_exchange is not installed in the test database (scripts/gov.sh MODULES)")
        partner = env["res.partner"].create({
            "name": "สำนักงานทดสอบ %s" % uuid.uuid4().hex[:6], "is_company": True,
            "gov_party_type": "agency"})
        partner.action_gov_generate_webhook_secret()
        partner.write({"gov_webhook_url": "http://127.0.0.1:%d/hook/%d" % (receiver.server_address[1], partner.id),
                       "gov_webhook_active": True})
        client = env["oss.api.client"].create({"name": partner.name, "partner_id": partner.id})
        key = client.action_generate_key()["context"]["default_key"]
        return partner.id, partner.gov_webhook_secret, key


def _submit(gov_server, key):
    response = requests.post(gov_server + API + "/requests.json", timeout=30, data={
        "api_key": key, "service_code": "G02", "description": "ขอสำเนาทะเบียนบ้าน"})
    assert response.status_code == 201, response.text
    number = response.json()[0]["service_request_id"]
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        assert request.channel == "agency"
        return request.id


def _events(request_id):
    with committed_env() as env:
        return [(e.sequence, e.idempotency_key, e.request_state, e.state)
                for e in env["oss.agency.event"].search([("request_id", "=", request_id)], order="sequence")]


def _deliver_until_done(request_id, rounds=30):
    """Run the delivery as the cron would, with the clock moved past each backoff."""
    now = datetime.datetime.utcnow()
    for _ in range(rounds):
        with committed_env() as env:
            env["oss.agency.event"]._deliver_due(now=now.strftime("%Y-%m-%d %H:%M:%S"), commit=True)
        if all(state == "delivered" for *_rest, state in _events(request_id)):
            return
        now += datetime.timedelta(hours=7)
    pytest.fail("events still undelivered after %d rounds" % rounds)


def _check_signature(secret, headers, body):
    """v2: the time, the event type and the idempotency key are signed with the body."""
    signed = "%s.%s.%s." % (headers["X-Gov-Timestamp"], headers["X-Gov-Event"], headers["Idempotency-Key"])
    expected = "v2=" + hmac.new(secret.encode(), signed.encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Gov-Signature"], expected)
    assert abs(int(headers["X-Gov-Timestamp"]) - time.time()) < 300


def _mine(receiver, partner_id):
    """The deliveries to this agency's webhook (earlier runs may have left events for others)."""
    return [d for d in receiver.deliveries if d[1]["Path"] == "/hook/%d" % partner_id]


def _received_in_order(deliveries, secret, events):
    """Every delivery is signed; the accepted ones are the events, once each, in order."""
    for _status, headers, body in deliveries:
        _check_signature(secret, headers, body)
        payload = json.loads(body.decode())
        assert headers["Idempotency-Key"] == payload["idempotency_key"]
        assert set(payload) == {"event", "idempotency_key", "sequence", "service_request_id", "service_code",
                                "state", "status", "status_notes", "public_notes", "expected_datetime",
                                "occurred_at"}
    accepted = [json.loads(body.decode()) for status, _h, body in deliveries if status == 200]
    assert [(p["sequence"], p["idempotency_key"], p["state"]) for p in accepted] == \
        [(seq, key, state) for seq, key, state, _delivery in events]
    seen = [json.loads(body.decode())["idempotency_key"] for _s, _h, body in deliveries]
    return seen


def test_every_event_arrives_in_order_signed_despite_failures(gov_server, receiver, agency):
    partner_id, secret, key = agency
    receiver.fail_next = 3
    request_id = _submit(gov_server, key)
    with committed_env() as env:
        request = env["oss.request"].browse(request_id)
        request.document_ids.write({"received": True})
        request.action_documents_complete()
        request.action_wait_applicant("สำเนาหนังสือมอบอำนาจ / A copy of the power of attorney")
        request.public_note = "รอสำเนาหนังสือมอบอำนาจ"
        request.action_resume()
        request.action_withdraw()
    events = _events(request_id)
    states = [state for _seq, _key, state, _d in events]
    assert states[-3:] == ["waiting_applicant", "in_progress", "withdrawn"]
    assert states[0] == "waiting_docs" and "in_progress" in states[1:3]
    assert [seq for seq, *_rest in events] == list(range(1, len(events) + 1))
    _deliver_until_done(request_id)
    events = _events(request_id)
    deliveries = _mine(receiver, partner_id)
    seen = _received_in_order(deliveries, secret, events)
    assert [status for status, _h, _b in deliveries[:4]] == [503, 503, 503, 200]
    assert seen[:3] == [events[0][1]] * 3  # the first event was retried, the later ones waited
    assert len(set(seen)) == len(events)
    withdrawn = json.loads(deliveries[-1][2].decode())
    assert withdrawn["status"] == "closed" and withdrawn["state"] == "withdrawn"
    assert "รอสำเนาหนังสือมอบอำนาจ" in json.loads(
        [b for s, _h, b in deliveries if s == 200][-2].decode())["public_notes"]
    with committed_env() as env:
        assert env["oss.agency.event"].search_count([("agency_id", "=", partner_id),
                                                    ("state", "!=", "delivered")]) == 0


def _odoo_shell(code):
    conf, db, _port = _settings()
    env = dict(os.environ, ODOO_PRELOAD_ADDONS="no", TZ="UTC")
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "odoo-bin"), "shell", "-c", conf, "-d", db,
                             "--log-level=warn"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=str(ROOT))
    proc.stdin.write(code.encode())
    proc.stdin.close()
    return proc


def test_outbox_survives_odoo_killed_mid_delivery(gov_server, receiver, agency):
    partner_id, secret, key = agency
    request_id = _submit(gov_server, key)
    with committed_env() as env:
        env["oss.request"].browse(request_id).action_withdraw()
    before = _events(request_id)
    assert len(before) >= 2 and all(state == "pending" for *_r, state in before)
    receiver.hang_next = 1
    receiver.arrived.clear()
    worker = _odoo_shell("env['oss.agency.event']._deliver_due(commit=True)\n")
    try:
        assert receiver.arrived.wait(90), "the first delivery never arrived"
    finally:
        worker.kill()  # an Odoo process dies in the middle of a delivery
        worker.wait(30)
    after_crash = _events(request_id)
    assert [(s, k, st) for s, k, st, _d in after_crash] == [(s, k, st) for s, k, st, _d in before]
    assert all(state == "pending" for *_r, state in after_crash)
    restarted = _odoo_shell("env['oss.agency.event']._deliver_due(commit=True)\n")
    assert restarted.wait(120) == 0
    events = _events(request_id)
    assert all(state == "delivered" for *_r, state in events)
    deliveries = _mine(receiver, partner_id)
    hung = deliveries[0]
    assert hung[0] is None
    deliveries[0] = (503, hung[1], hung[2])  # never answered: not accepted
    seen = _received_in_order(deliveries, secret, events)
    assert seen[0] == seen[1] == events[0][1]  # the interrupted event came again, same key


def test_a_manager_cannot_point_a_webhook_at_this_machine(gov_server, gov_rpc):
    """Without the administrator's allowance, loopback, private and plain-HTTP addresses are
    refused when saved (a manager once made the server call its own ports and read the answers)."""
    _allow_local_webhooks(False)
    manager = gov_rpc("manager", "manager")
    with committed_env() as env:
        partner = env["res.partner"].create({"name": "หน่วยงานทดสอบ %s" % uuid.uuid4().hex[:6], "is_company": True,
                                             "gov_party_type": "agency"})
    try:
        _conf, _db, port = _settings()
        for url in ("http://127.0.0.1:%d/web/login" % port, "https://127.0.0.1:%d/" % port,
                    "https://[::1]:%d/" % port, "https://169.254.169.254/latest/meta-data/",
                    "https://10.0.0.1/hook", "https://localhost:%d/" % port):
            with pytest.raises(Exception) as refused:
                manager.call_kw("res.partner", "write", [[partner.id], {
                    "gov_webhook_url": url, "gov_webhook_active": True}])
            assert refused.value.name == "odoo.exceptions.ValidationError", (url, refused.value)
            assert "is refused" in refused.value.message, url
    finally:
        with committed_env() as env:
            env["res.partner"].browse(partner.id).unlink()


def test_retry_now_reads_nothing_back_and_rechecks_the_address(gov_server, gov_rpc, receiver, agency):
    partner_id, _secret, key = agency
    receiver.fail_next = 1
    request_id = _submit(gov_server, key)
    manager = gov_rpc("manager", "manager")
    [event_id] = manager.call_kw("oss.agency.event", "search", [[("request_id", "=", request_id)]],
                                 {"order": "sequence", "limit": 1})
    manager.call_kw("oss.agency.event", "action_retry_now", [[event_id]])
    [event] = manager.call_kw("oss.agency.event", "read", [[event_id], ["state", "last_status", "last_error"]])
    # the receiver answered 503 with a body: only the status and its standard phrase are kept
    assert (event["state"], event["last_status"], event["last_error"]) == \
        ("pending", 503, "HTTP 503 Service Unavailable")
    before = len(_mine(receiver, partner_id))
    _allow_local_webhooks(False, http=True)  # the administrator withdraws the private addresses
    manager.call_kw("oss.agency.event", "action_retry_now", [[event_id]])
    [event] = manager.call_kw("oss.agency.event", "read", [[event_id], ["state", "last_status", "last_error"]])
    assert event["last_error"].endswith(": 127.0.0.1 is not a public address (loopback, private, link-local, "
                                        "multicast or reserved addresses are refused)"), event
    assert len(_mine(receiver, partner_id)) == before  # nothing was sent
