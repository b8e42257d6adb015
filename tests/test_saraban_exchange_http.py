"""Two agencies on loopback, each with its own database and Odoo server: agency A drafts,
signs and sends a letter with an enclosure; agency B takes it in through its letter inbox,
registers it, verifies the signature and routes it to a department. The received PDF is
checked by independent verifiers (poppler's pdfsig and pyHanko's validator in a process of
its own); a letter altered after signing is reported invalid by B and by both verifiers."""
import base64
import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import odoo
import pytest
import requests

from .conftest import committed_env, server_command, start_server, stop_server
from .saraban_data import outgoing_registers, remove_letters

SECRET = "shared-secret-%s" % uuid.uuid4().hex
B_PREFIX = "ขก 51999"
ALLOW = ("oss_agency_exchange.webhook_allow_private", "oss_agency_exchange.webhook_allow_http")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def agency_b_env():
    """A committed environment on agency B's database."""
    with odoo.api.Environment.manage():
        with odoo.registry(os.environ["GOV_TEST_DB_B"]).cursor() as cr:
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cr.commit()


@pytest.fixture(scope="module")
def agency_b(gov_server):
    """Agency B: its own database (a copy of the test database made by `make test`) and server."""
    if not os.environ.get("GOV_TEST_DB_B"):
        pytest.skip("no second agency database (GOV_TEST_DB_B): run through `make test`")
    port = free_port()
    command = server_command(port, free_port(), 2, ("-d", os.environ["GOV_TEST_DB_B"]),
                             conf=os.environ["GOV_TEST_CONF_B"])
    proc = start_server(command, "test-server-agency-b.log")
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail("agency B's server exited; see .state/log/test-server-agency-b.log")
            try:
                if requests.get(url + "/web/login", timeout=60).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.time() < deadline, "agency B's server did not answer"
            time.sleep(0.5)
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def connected(agency_b):
    """A knows B (its letter inbox, the shared secret); B knows A and trusts A's certificate authority."""
    with committed_env() as env:
        company_a = env.ref("base.main_company")
        params = env["ir.config_parameter"]
        saved_params = {key: params.get_param(key) for key in ALLOW}
        for key in ALLOW:
            params.set_param(key, "True")
        partner_b = env["res.partner"].create({
            "name": "องค์การบริหารส่วนจังหวัดทดสอบ %s" % uuid.uuid4().hex[:6], "is_company": True,
            "gov_party_type": "agency", "gov_saraban_code": B_PREFIX, "gov_webhook_secret": SECRET,
            "gov_saraban_addressee": "นายกองค์การบริหารส่วนจังหวัดทดสอบ",
            "gov_saraban_url": agency_b + "/gov/saraban/inbox"})
        roots_a = [(root.name, root.certificate_file) for root in env["gov.saraban.trusted.root"].search([])]
        prefix_a, name_a = company_a.gov_saraban_prefix, company_a.name
        registers_before = outgoing_registers(env)
    with agency_b_env() as env:
        env.ref("base.main_company").write({"name": "องค์การบริหารส่วนจังหวัดทดสอบ", "gov_saraban_prefix": B_PREFIX})
        env["gov.saraban.trusted.root"].search([]).unlink()  # B trusts only what it is given here
        for name, certificate in roots_a:
            env["gov.saraban.trusted.root"].create({"name": "A: %s" % name, "certificate_file": certificate})
        partner_a = env["res.partner"].create({
            "name": name_a, "is_company": True, "gov_party_type": "agency",
            "gov_saraban_code": prefix_a, "gov_webhook_secret": SECRET})
        partner_a_id = partner_a.id
    yield {"partner_b": partner_b.id, "partner_a_in_b": partner_a_id, "prefix_a": prefix_a, "b": agency_b}
    with committed_env() as env:
        remove_letters(env, env["gov.saraban.letter"].search([("partner_id", "=", partner_b.id)]), registers_before)
        env["res.partner"].browse(partner_b.id).unlink()
        for key, value in saved_params.items():
            if value is None:  # not set before the test: remove it again
                env["ir.config_parameter"].search([("key", "=", key)]).unlink()
            else:
                env["ir.config_parameter"].set_param(key, value)


def _received(uid):
    with agency_b_env() as env:
        letter = env["gov.saraban.letter"].search([("direction", "=", "incoming"), ("exchange_uid", "=", uid)])
        if not letter:
            return None
        return {
            "id": letter.id, "count": len(letter), "name": letter.name, "number": letter.number,
            "state": letter.state, "verdict": letter.signature_verdict, "detail": letter.signature_detail,
            "subject": letter.subject, "reference": letter.reference,
            "pdf": base64.b64decode(letter.pdf_attachment_id.datas),
            "enclosures": [(e.name, base64.b64decode(e.attachment_id.datas)) for e in letter.enclosure_ids],
            "case_department": letter.case_id.department_id.code, "case_letter": letter.case_id.saraban_letter_id.id,
        }


def _verifiers(pdf, tmp_path, name):
    """(pdfsig's report, pyHanko's judgement) on the PDF, each in its own process."""
    path = tmp_path / name
    path.write_bytes(pdf)
    ca = tmp_path / "ca.pem"
    with committed_env() as env:
        roots = env["gov.saraban.trusted.root"].search([])
        ca.write_bytes(b"".join(base64.b64decode(root.certificate_file) for root in roots))
    pdfsig = subprocess.run(["pdfsig", "-nocert", str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, timeout=60).stdout
    pyhanko = subprocess.run([sys.executable, "-m", "pyhanko", "sign", "validate", "--pretty-print",
                              "--no-revocation-check", "--trust", str(ca), str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             timeout=120).stdout
    return pdfsig, pyhanko


def _post(url, body, prefix, secret=SECRET, timestamp=None):
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    from odoo.addons.oss_agency_exchange.models.oss_agency_event import signature_v2
    key = str(uuid.uuid4())
    return requests.post(url + "/gov/saraban/inbox", data=body, timeout=120, headers={
        "Content-Type": "application/vnd.gov.letter+json; charset=utf-8", "X-Gov-Event": "letter.sent",
        "X-Gov-Sender": quote(prefix, safe=""), "X-Gov-Timestamp": timestamp,
        "X-Gov-Signature": signature_v2(secret, timestamp, "letter.sent", key, body), "Idempotency-Key": key})


def test_a_signed_letter_with_an_enclosure_goes_from_agency_a_to_agency_b(gov_rpc, connected, tmp_path):
    officer, supervisor, clerk = gov_rpc("officer1", "officer1"), gov_rpc("supervisor", "supervisor"), \
        gov_rpc("clerk", "clerk")
    with committed_env() as env:
        department = env.ref("gov_crm.department_civil_registration").id
        signer = env.ref("gov_crm.user_supervisor_demo").id
    enclosure = "สำเนาทะเบียนบ้าน ส่งถึงหน่วยงานปลายทาง %s" % uuid.uuid4().hex
    letter_id = officer.call_kw("gov.saraban.letter", "create", [{
        "direction": "outgoing", "partner_id": connected["partner_b"], "department_id": department,
        "signer_id": signer, "subject": "ส่งข้อมูลทะเบียนราษฎรตามที่ขอ",
        "addressee": "นายกองค์การบริหารส่วนจังหวัดทดสอบ",
        "body": "ตามที่ขอข้อมูลทะเบียนราษฎร เทศบาลขอส่งข้อมูลดังกล่าว\n\nจึงเรียนมาเพื่อโปรดทราบ",
        "enclosure_ids": [(0, 0, {"name": "สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ", "datas_fname": "house.txt",
                                  "datas": base64.b64encode(enclosure.encode()).decode()})]}])
    officer.call_kw("gov.saraban.letter", "action_submit", [[letter_id]])
    supervisor.call_kw("gov.saraban.letter", "action_sign", [[letter_id]])
    clerk.call_kw("gov.saraban.letter", "action_send", [[letter_id]])
    with committed_env() as env:
        letter = env["gov.saraban.letter"].browse(letter_id)
        event = letter.event_ids
        assert (letter.state, event.state, event.event_type) == ("sent", "pending", "letter.sent")
        sent_pdf = base64.b64decode(letter.pdf_attachment_id.datas)
        uid, reference = letter.exchange_uid, letter.reference
        assert reference.startswith(connected["prefix_a"] + "/")
    with committed_env() as env:  # the outbox's delivery, as its cron runs it
        delivered = env["oss.agency.event"]._deliver_due(request_ids=[], event_ids=[event.id])
    with committed_env() as env:
        event = env["oss.agency.event"].browse(event.id)
        assert (delivered, event.state, event.last_status) == (1, "delivered", 200), event.last_error
        assert env["gov.saraban.letter"].browse(letter_id).state == "delivered"

    received = _received(uid)
    assert received["count"] == 1 and received["state"] == "registered" and received["number"] >= 1
    assert (received["verdict"], received["reference"]) == ("valid", reference), received["detail"]
    assert received["pdf"] == sent_pdf
    assert received["enclosures"] == [("สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ", enclosure.encode())]
    assert received["case_department"] == "CLK" and received["case_letter"] == received["id"]
    pdfsig, pyhanko = _verifiers(received["pdf"], tmp_path, "received.pdf")
    assert "Signature Validation: Signature is Valid." in pdfsig and "Total document signed" in pdfsig, pdfsig
    assert "The signature is judged VALID." in pyhanko, pyhanko

    # the same letter posted again (a retry after a lost answer) is registered once
    with committed_env() as env:
        event = env["oss.agency.event"].browse(event.id)
        url, secret, body = event._delivery()
    again = _post(connected["b"], body, connected["prefix_a"])
    assert again.status_code == 200 and again.json()["status"] == "already registered", again.text
    assert again.json()["number"] == received["name"]
    assert _received(uid)["count"] == 1

    # altered after signing: B says invalid, and so do both verifiers
    altered = bytearray(received["pdf"])
    index = altered.index(b"/Type /Page")
    altered[index + 1] = ord("X")
    payload = json.loads(body.decode())
    altered_uid = str(uuid.uuid4())
    payload["letter"]["uid"] = altered_uid
    payload["documents"][0].update(data=base64.b64encode(bytes(altered)).decode(),
                                   sha256=hashlib.sha256(bytes(altered)).hexdigest())
    answer = _post(connected["b"], json.dumps(payload).encode(), connected["prefix_a"])
    assert answer.status_code == 200 and answer.json()["verdict"] == "invalid", answer.text
    tampered = _received(altered_uid)
    assert (tampered["verdict"], tampered["detail"]) == ("invalid", "the letter was changed after it was signed")
    pdfsig, pyhanko = _verifiers(tampered["pdf"], tmp_path, "altered.pdf")
    assert "Signature is Valid" not in pdfsig and "Digest Mismatch" in pdfsig, pdfsig
    assert "The signature is judged INVALID." in pyhanko, pyhanko


def test_the_inbox_refuses_unsigned_or_unknown_callers(connected):
    body = json.dumps({"event": "letter.sent", "letter": {"uid": str(uuid.uuid4())}, "documents": []}).encode()
    with agency_b_env() as env:
        before = env["gov.saraban.letter"].search_count([])
    for response in (_post(connected["b"], body, connected["prefix_a"], secret="wrong secret"),
                     _post(connected["b"], body, "ไม่มี 0000"),
                     _post(connected["b"], body, connected["prefix_a"], timestamp=str(int(time.time()) - 3600))):
        assert response.status_code == 401, response.text
        assert response.json() == {"error": "unknown sender or bad signature"}
    refused = _post(connected["b"], body, connected["prefix_a"])
    assert refused.status_code == 400 and refused.json() == {"error": "documents must list the letter and its "
                                                                      "enclosures"}
    with agency_b_env() as env:
        assert env["gov.saraban.letter"].search_count([]) == before
