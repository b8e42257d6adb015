"""The letter inbox (``POST /gov/saraban/inbox``) under hostile calls: unsigned, forged,
replayed, malformed or oversized posts get a 4xx answer, never a 5xx, and leave no letter,
file, case or register number behind; every address is held to its rate limit."""
import base64
import hashlib
import http.client
import json
import time
import uuid
from urllib.parse import quote, urlsplit

import pytest
import requests

from ..conftest import WHOLE_RUN_WINDOW, committed_env, retry_after_ends_the_whole_run_window

PREFIX = "ทดสอบ %s" % uuid.uuid4().hex[:6]
SECRET = "inbox-secret-%s" % uuid.uuid4().hex
LIMIT_PARAMS = ("gov_saraban.inbox_rate_limit", "gov_saraban.inbox_rate_window")


def _counts():
    with committed_env() as env:
        env.cr.execute("""SELECT (SELECT count(*) FROM gov_saraban_letter),
                                 (SELECT count(*) FROM gov_saraban_enclosure),
                                 (SELECT count(*) FROM ir_attachment WHERE res_model = 'gov.saraban.letter'),
                                 (SELECT count(*) FROM citizen_case),
                                 (SELECT coalesce(sum(last_number), 0) FROM gov_saraban_register),
                                 (SELECT count(*) FROM gov_saraban_register)""")
        return env.cr.fetchone()


def _clear_counters():
    with committed_env() as env:
        env.cr.execute("DELETE FROM gov_rate_limit WHERE scope = 'saraban.inbox'")


@pytest.fixture(scope="module")
def sender(gov_server):
    """An agency that shares a secret with this one (the rate limit set high for the checks)."""
    with committed_env() as env:
        params = env["ir.config_parameter"]
        saved = {key: params.get_param(key) for key in LIMIT_PARAMS}
        params.set_param("gov_saraban.inbox_rate_limit", "1000")
        agency = env["res.partner"].create({
            "name": "หน่วยงานผู้ส่งทดสอบ %s" % PREFIX, "is_company": True, "gov_party_type": "agency",
            "gov_saraban_code": PREFIX, "gov_webhook_secret": SECRET})
        agency_id = agency.id
    _clear_counters()
    try:
        yield agency_id
    finally:
        _clear_counters()
        with committed_env() as env:
            env["res.partner"].browse(agency_id).unlink()
            for key, value in saved.items():
                if value is None:
                    env["ir.config_parameter"].search([("key", "=", key)]).unlink()
                else:
                    env["ir.config_parameter"].set_param(key, value)


def _post(server, body, prefix=PREFIX, secret=SECRET, timestamp=None, event="letter.sent", headers=None):
    from odoo.addons.oss_agency_exchange.models.oss_agency_event import signature_v2
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    body = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    key = str(uuid.uuid4())
    sent = {"Content-Type": "application/vnd.gov.letter+json; charset=utf-8", "X-Gov-Event": event,
            "X-Gov-Sender": quote(prefix, safe=""), "X-Gov-Timestamp": timestamp,
            "X-Gov-Signature": signature_v2(secret, timestamp, event, key, body), "Idempotency-Key": key}
    sent.update(headers or {})
    return requests.post(server + "/gov/saraban/inbox", data=body, headers=sent, timeout=60)


def _document(data, role="letter", **extra):
    values = {"role": role, "filename": "letter.pdf", "mimetype": "application/pdf",
              "data": base64.b64encode(data).decode(), "sha256": hashlib.sha256(data).hexdigest()}
    values.update(extra)
    return values


def _letter(**values):
    letter = {"uid": str(uuid.uuid4()), "subject": "ขอความอนุเคราะห์ข้อมูล", "reference": "%s/1" % PREFIX}
    letter.update(values)
    return letter


HOSTILE_BODIES = [
    ("not JSON", b"\xff\xfe<letter>", 400),
    ("a JSON array", b"[1, 2, 3]", 400),
    ("a JSON string", b'"letter"', 400),
    ("nested without end", b"[" * 5000 + b"]" * 5000, 400),
    ("letter not an object", {"letter": ["uid"], "documents": []}, 400),
    ("no uid", {"letter": {"subject": "x"}, "documents": [_document(b"%PDF-1.7")]}, 400),
    ("uid too long", {"letter": _letter(uid="u" * 65), "documents": [_document(b"%PDF-1.7")]}, 400),
    ("no documents", {"letter": _letter(), "documents": []}, 400),
    ("documents not a list", {"letter": _letter(), "documents": {"0": "x"}}, 400),
    ("a document not an object", {"letter": _letter(), "documents": ["%PDF"]}, 400),
    ("data not base64", {"letter": _letter(), "documents": [dict(_document(b"x"), data="@@not base64@@")]}, 400),
    ("data not text", {"letter": _letter(), "documents": [dict(_document(b"x"), data=12345)]}, 400),
    ("sha256 that does not match", {"letter": _letter(), "documents": [dict(_document(b"x"), sha256="0" * 64)]},
     400),
    ("an enclosure first", {"letter": _letter(), "documents": [_document(b"%PDF-1.7", role="enclosure")]}, 400),
    ("a NUL in the subject", {"letter": _letter(subject="a\x00b"), "documents": [_document(b"%PDF-1.7")]}, 400),
    ("a NUL in the uid", {"letter": _letter(uid="u\x00u"), "documents": [_document(b"%PDF-1.7")]}, 400),
    ("a lone surrogate", b'{"letter": {"uid": "\\ud83d", "subject": "\\ud83d"}, "documents": []}', 400),
    ("too many documents", {"letter": _letter(), "documents": [_document(b"%PDF-1.7")] * 200}, 400),
]


@pytest.mark.parametrize("label,body,status", HOSTILE_BODIES, ids=[case[0] for case in HOSTILE_BODIES])
def test_a_malformed_letter_is_refused_and_leaves_nothing(gov_server, sender, label, body, status):
    before = _counts()
    response = _post(gov_server, body)
    assert response.status_code == status, (label, response.status_code, response.text[:300])
    assert "error" in response.json()
    assert _counts() == before, label


def test_unsigned_forged_and_replayed_calls_are_refused(gov_server, sender):
    body = {"letter": _letter(), "documents": [_document(b"%PDF-1.7")]}
    before = _counts()
    answers = [
        _post(gov_server, body, secret="a guessed secret"),
        _post(gov_server, body, prefix="ไม่มีหน่วยงานนี้ 0000"),
        _post(gov_server, body, prefix=""),
        _post(gov_server, body, timestamp=str(int(time.time()) - 3600)),  # replayed an hour later
        _post(gov_server, body, timestamp="not-a-time"),
        _post(gov_server, body, headers={"X-Gov-Signature": ""}),
        requests.post(gov_server + "/gov/saraban/inbox", data=json.dumps(body), timeout=60,
                      headers={"Content-Type": "application/vnd.gov.letter+json"}),
    ]
    assert [answer.status_code for answer in answers] == [401] * len(answers)
    assert {answer.json()["error"] for answer in answers} == {"unknown sender or bad signature"}
    wrong_event = _post(gov_server, body, event="request.updated")
    assert wrong_event.status_code == 400, wrong_event.text
    assert wrong_event.json() == {"error": "this inbox takes only letter.sent events"}
    assert _counts() == before


def test_an_oversized_letter_is_refused_before_it_is_read(gov_server, sender):
    before = _counts()
    host, port = urlsplit(gov_server).hostname, urlsplit(gov_server).port
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:  # announces 41 MB and sends none of it: the answer must not wait for the body
        connection.putrequest("POST", "/gov/saraban/inbox")
        connection.putheader("Content-Type", "application/vnd.gov.letter+json")
        connection.putheader("Content-Length", str(41 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413, response.read()[:200]
        assert json.loads(response.read().decode()) == {"error": "the letter is larger than 41943040 bytes"}
    finally:
        connection.close()
    assert _counts() == before


def test_an_address_is_held_to_the_rate_limit(gov_server, sender):
    with committed_env() as env:
        env["ir.config_parameter"].set_param("gov_saraban.inbox_rate_limit", "5")
        # one window for the whole run: the six calls cannot straddle the end of a minute
        env["ir.config_parameter"].set_param("gov_saraban.inbox_rate_window", str(WHOLE_RUN_WINDOW))
    _clear_counters()
    try:
        body = {"letter": _letter(), "documents": []}
        statuses = [_post(gov_server, body, secret="a guessed secret").status_code for _call in range(5)]
        assert statuses == [401] * 5
        refused = _post(gov_server, body)  # even with the right secret
        assert refused.status_code == 429, refused.text
        assert retry_after_ends_the_whole_run_window(refused.headers)
        assert refused.json()["error"].startswith("too many calls from your address")
        with committed_env() as env:
            env.cr.execute("SELECT client_key, hits FROM gov_rate_limit WHERE scope = 'saraban.inbox'")
            rows = env.cr.fetchall()
        assert len(rows) == 1 and rows[0][1] == 6
        assert "127.0.0.1" not in rows[0][0]  # a keyed hash of the address, not the address
    finally:
        with committed_env() as env:
            env["ir.config_parameter"].set_param("gov_saraban.inbox_rate_limit", "1000")
            env["ir.config_parameter"].set_param("gov_saraban.inbox_rate_window", "60")
        _clear_counters()


def _signed(scheme, secret, body, event="letter.sent", key="key-1", timestamp=None):
    """The headers of a call signed with ``scheme`` (v2 signs the event and the key with the body)."""
    from odoo.addons.oss_agency_exchange.models.oss_agency_event import signature, signature_v2
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    value = signature_v2(secret, timestamp, event, key, body) if scheme == "v2" else \
        signature(secret, timestamp, body)
    return {"X-Gov-Timestamp": timestamp, "X-Gov-Event": event, "Idempotency-Key": key, "X-Gov-Signature": value}


def test_the_signature_follows_the_scheme_and_the_secrets_agreed_with_the_sender(gov_server, sender):
    """Authenticated calls reach the letter's checks (400: no documents); the others are 401."""
    body = json.dumps({"letter": _letter(), "documents": []}).encode("utf-8")
    authenticated = {"error": "documents must list the letter and its enclosures"}
    before = _counts()

    def status(headers):
        answer = _post(gov_server, body, headers=headers)
        return answer.status_code, answer.json()
    # v2 (the default): the event and the idempotency key are signed; the legacy signature is refused
    assert status(_signed("v2", SECRET, body)) == (400, authenticated)
    moved = dict(_signed("v2", SECRET, body, key="key-1"), **{"Idempotency-Key": "key-2"})
    assert status(moved)[0] == 401
    assert status(_signed("v1", SECRET, body))[0] == 401
    # a rotation: the previous secret is still accepted during its window, not after it
    with committed_env() as env:
        agency = env["res.partner"].browse(sender)
        agency.write({"gov_webhook_secret": SECRET + "-new", "gov_webhook_secret_previous": SECRET,
                      "gov_webhook_secret_previous_until": "2999-01-01 00:00:00"})
    try:
        assert status(_signed("v2", SECRET + "-new", body)) == (400, authenticated)
        assert status(_signed("v2", SECRET, body)) == (400, authenticated)
        with committed_env() as env:
            env["res.partner"].browse(sender).write({"gov_webhook_secret_previous_until": "2000-01-01 00:00:00"})
        assert status(_signed("v2", SECRET, body))[0] == 401
        # an agency still on v1 signs the time and the body with its current secret only
        with committed_env() as env:
            env["res.partner"].browse(sender).write({"gov_webhook_signature": "v1"})
        assert status(_signed("v1", SECRET + "-new", body)) == (400, authenticated)
        assert status(_signed("v2", SECRET + "-new", body))[0] == 401
    finally:
        with committed_env() as env:
            env["res.partner"].browse(sender).write({
                "gov_webhook_secret": SECRET, "gov_webhook_secret_previous": False,
                "gov_webhook_secret_previous_until": False, "gov_webhook_signature": "v2"})
    assert _counts() == before
