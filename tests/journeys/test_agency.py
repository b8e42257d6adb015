"""Journey 9: a request forwarded to an agency that listens through a webhook.

The front desk takes a change of address in and forwards it to the provincial registration
office, which follows its requests through a webhook (its receiver is a local HTTP server
here: the administrator allowed plain HTTP and private addresses in Settings > Agency
exchange). Civil Registration asks the applicant, the front desk records the answer, the
officer finishes; every change of state arrives at the receiver in order, signed with the
agency's secret.
"""
import hashlib
import hmac
import json
import threading

import pytest

from ..conftest import committed_env
from ..test_agency_webhooks import Receiver
from .conftest import ask, queue, ref_id, refused, resolve

ALLOW_HTTP = "oss_agency_exchange.webhook_allow_http"
ALLOW_PRIVATE = "oss_agency_exchange.webhook_allow_private"


@pytest.fixture
def receiver():
    server = Receiver(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def allow_local_webhooks(journey):
    """What an administrator ticks in Settings > Agency exchange for a receiver on this machine."""
    with committed_env() as env:
        params = env["ir.config_parameter"]
        before = {key: params.get_param(key) for key in (ALLOW_HTTP, ALLOW_PRIVATE)}
        for key in before:
            params.set_param(key, "True")

    def restore():
        with committed_env() as env:
            for key, value in before.items():
                # False removes a parameter that was not set before
                env["ir.config_parameter"].set_param(key, value)
    journey.on_cleanup(restore)


def deliver(request_id):
    """The outbox job, as its cron runs it (the system's step)."""
    with committed_env() as env:
        env["oss.agency.event"]._deliver_due(commit=True, request_ids=[request_id])


def test_every_change_of_a_forwarded_request_reaches_the_agency_signed(journey, receiver):
    allow_local_webhooks(journey)
    # the service manager registers the agency's webhook and gives it the secret
    manager = journey.as_("manager")
    agency_id = manager.create("res.partner", {
        "name": "สำนักทะเบียนจังหวัด %s" % journey.suffix, "is_company": True, "gov_party_type": "agency"})
    manager.button("res.partner", "action_gov_generate_webhook_secret", [agency_id])
    manager.write("res.partner", [agency_id], {
        "gov_webhook_url": "http://127.0.0.1:%d/hook/%d" % (receiver.server_address[1], agency_id),
        "gov_webhook_active": True})
    secret = manager.read_one("res.partner", agency_id, ["gov_webhook_secret"])["gov_webhook_secret"]
    assert len(secret) >= 40

    # the front desk forwards a request to the agency; the webhook settings are not theirs to read
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    assert refused(desk.read, "res.partner", [agency_id], ["gov_webhook_url"]).name == "odoo.exceptions.AccessError"
    applicant = journey.walk_in("นายแจ้งย้าย ต่างจังหวัด")
    request_id = journey.register(desk, "one_stop_service.oss_service_c02", applicant, agency_id=agency_id)
    request = desk.read_one("oss.request", request_id, ["name", "state", "agency_id"])
    assert (request["state"], request["agency_id"][0]) == ("in_progress", agency_id)

    # Civil Registration asks the applicant; the answer comes at the counter; the officer finishes
    [case] = queue(one, request_id)
    assert case["department_id"][0] == ref_id("gov_crm.department_civil_registration")
    one.button("citizen.case", "action_take", [case["id"]])
    question = "ใบแจ้งย้ายออกจากทะเบียนบ้านเดิม / The moving-out notice of the old house"
    ask(one, case["id"], question)
    action = desk.button("oss.request", "action_open_answer_wizard", [request_id])
    desk.dialog(action, answer="ผู้ยื่นนำใบแจ้งย้ายออกมาแล้ว").press("action_record")
    resolve(one, case["id"], note="ย้ายเข้าเรียบร้อย")
    assert desk.read_one("oss.request", request_id, ["state"])["state"] == "done"

    # the outbox job delivers; the agency receives each change once, in order, signed
    deliver(request_id)
    deliveries = [(status, headers, body) for status, headers, body in receiver.deliveries
                  if headers["Path"] == "/hook/%d" % agency_id]
    payloads = []
    for status, headers, body in deliveries:
        assert status == 200
        # v2: the timestamp, the event and the idempotency key are signed with the body
        signed = ".".join((headers["X-Gov-Timestamp"], headers["X-Gov-Event"], headers["Idempotency-Key"]))
        expected = "v2=" + hmac.new(secret.encode(), signed.encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Gov-Signature"], expected)
        payload = json.loads(body.decode())
        assert headers["Idempotency-Key"] == payload["idempotency_key"]
        payloads.append(payload)
    assert [(p["sequence"], p["state"]) for p in payloads] == [
        (1, "in_progress"), (2, "waiting_applicant"), (3, "in_progress"), (4, "done")]
    assert {p["service_request_id"] for p in payloads} == {request["name"]}
    assert {p["service_code"] for p in payloads} == {"C02"}
    # what the agency was told while the request waited: the question, never a name or an answer
    assert question in payloads[1]["status_notes"]
    for payload in payloads:
        assert applicant["name"] not in json.dumps(payload, ensure_ascii=False)
        assert "ผู้ยื่นนำใบแจ้งย้ายออกมาแล้ว" not in json.dumps(payload, ensure_ascii=False)
    assert payloads[-1]["status"] == "closed"

    # the service manager's outbox shows them delivered
    events = manager.search_read("oss.agency.event", [("request_id", "=", request_id)],
                                 ["sequence", "state", "last_status"], order="sequence")
    assert [(e["sequence"], e["state"], e["last_status"]) for e in events] == \
        [(n, "delivered", 200) for n in (1, 2, 3, 4)]
