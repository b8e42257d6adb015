"""The server under load queues or answers 503 with Retry-After, never 500: 50 front-desk
sessions taking in requests at once, 100 anonymous status lookups at once, and a server whose
connection pool is too small for its load."""
import configparser
import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .conftest import _settings, committed_env, purge_requests, reset_rate_limits, server_command, start_server, \
    stop_server
from .test_open311_robust import free_port, wait_for_port
from .test_oss_http import csrf

SESSIONS, INTAKES_PER_SESSION = 50, 3


def rpc(http, url, path, params):
    """(HTTP status, JSON-RPC answer or None, Retry-After) of one call."""
    response = http.post(url + path, timeout=300, json={"jsonrpc": "2.0", "method": "call", "id": 1,
                                                        "params": params})
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body, response.headers.get("Retry-After")


def check_answer(status, body, retry_after):
    """Success, or 503 with Retry-After: anything else is a failure of the server."""
    if status == 503:
        assert retry_after and int(retry_after) >= 1
        return False
    assert status == 200 and body is not None and "error" not in body, (status, body)
    return True


@pytest.fixture
def applicants(gov_server):
    tag = uuid.uuid4().hex[:8]
    with committed_env() as env:  # one applicant per session, as at a real counter
        ids = [env["res.partner"].create({"name": "ผู้ยื่นทดสอบภาระ %s %02d" % (tag, n),
                                          "gov_party_type": "citizen"}).id for n in range(SESSIONS)]
        service_id = env.ref("one_stop_service.oss_service_c04").id
    yield tag, ids, service_id
    with committed_env() as env:
        found = env["oss.request"].search([("description", "=like", "load %s %%" % tag)])
        purge_requests(env, found.ids, ids)


def test_fifty_front_desk_sessions_take_in_requests_at_once(gov_server, applicants):
    tag, partner_ids, service_id = applicants
    _conf, db, _port = _settings()

    def desk(number):
        http = requests.Session()
        status, body, retry = rpc(http, gov_server, "/web/session/authenticate",
                                  {"db": db, "login": "frontdesk", "password": "frontdesk"})
        if not check_answer(status, body, retry):
            return 0, [status]
        done, statuses = 0, []
        for intake in range(INTAKES_PER_SESSION):
            status, body, retry = rpc(http, gov_server, "/web/dataset/call_kw/oss.request/create", {
                "model": "oss.request", "method": "create", "args": [{
                    "partner_id": partner_ids[number], "service_id": service_id, "channel": "counter",
                    "description": "load %s %02d-%d" % (tag, number, intake)}], "kwargs": {}})
            statuses.append(status)
            if not check_answer(status, body, retry):
                continue
            status, body, retry = rpc(http, gov_server, "/web/dataset/call_kw/oss.request/action_submit", {
                "model": "oss.request", "method": "action_submit", "args": [[body["result"]]], "kwargs": {}})
            statuses.append(status)
            done += check_answer(status, body, retry)
        return done, statuses

    started = time.time()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        results = list(pool.map(desk, range(SESSIONS)))
    elapsed = time.time() - started
    statuses = [status for _done, answers in results for status in answers]
    assert set(statuses) <= {200, 503}, statuses
    submitted = sum(done for done, _answers in results)
    with committed_env() as env:
        found = env["oss.request"].search([("description", "=like", "load %s %%" % tag)])
        assert len(found.filtered(lambda r: r.state != "draft")) == submitted
    print("%d of %d intakes taken in %.1f s, %d answers 503" % (
        submitted, SESSIONS * INTAKES_PER_SESSION, elapsed, statuses.count(503)))


def test_a_hundred_anonymous_status_lookups_at_once(gov_server):
    reset_rate_limits()

    def visitor(_number):
        http = requests.Session()
        page = http.get(gov_server + "/oss/track", timeout=300)
        assert page.status_code == 200, page.status_code
        answer = http.post(gov_server + "/oss/track", timeout=300, data={
            "csrf_token": csrf(page.text), "number": "OSS-2569-999999", "last4": "1234"})
        return answer.status_code, answer.headers.get("Retry-After")

    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(visitor, range(100)))
    statuses = sorted(status for status, _retry in answers)
    assert statuses == [200] * 10 + [429] * 90, statuses
    assert all(retry for status, retry in answers if status == 429)
    reset_rate_limits()


def test_a_saturated_pool_answers_503_with_retry_after(gov_server):
    """A threaded server with two database connections and 60 parallel requests: the ones that
    find no connection within the pool wait answer 503, none 500 (the pool used to fail at once
    with "The Connection Pool Is Full", answered 500 or as a JSON-RPC error)."""
    conf, db, _port = _settings()
    parser = configparser.RawConfigParser()
    parser.read(conf)
    parser.set("options", "gov_db_pool_wait", "0.2")
    handle, small_conf = tempfile.mkstemp(suffix=".conf")
    with os.fdopen(handle, "w") as out:
        parser.write(out)
    port = free_port()
    proc = start_server(server_command(port, free_port(), 0, ["--db_maxconn=2"], conf=small_conf),
                        "test-server-extra.log")
    base = "http://127.0.0.1:%d" % port
    try:
        wait_for_port(port, proc)
        while requests.get(base + "/web/login", timeout=120).status_code != 200:
            time.sleep(0.5)

        def call(number):
            if number % 2:
                response = requests.get(base + "/web/login", timeout=120)
                return response.status_code, None, response.headers.get("Retry-After")
            return rpc(requests.Session(), base, "/web/session/authenticate",
                       {"db": db, "login": "frontdesk", "password": "frontdesk"})

        with ThreadPoolExecutor(max_workers=60) as pool:
            answers = list(pool.map(call, range(60)))
        for status, body, retry in answers:
            if status == 503:
                assert retry and int(retry) >= 1
                if body is not None:
                    assert body["error"]["code"] == 503
            else:
                assert status == 200 and (body is None or "error" not in body), (status, body)
        assert any(status == 503 for status, _body, _retry in answers), "the pool was never saturated"
        assert requests.get(base + "/web/login", timeout=120).status_code == 200  # and it recovers
    finally:
        stop_server(proc)
        os.unlink(small_conf)
