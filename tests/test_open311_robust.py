"""Open311 under hostile input, parallel posts, a restart and a lost database: every error
path answers 4xx or 503 in the spec's format and leaves nothing half-created."""
import configparser
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import odoo
import psycopg2.extensions
import pytest
import requests

from .conftest import (_settings, committed_env, purge_requests, reset_rate_limits, server_command, start_server,
                       stop_server)
from .test_open311_api import (API, assert_error, counts, new_client, new_national_id, person_form,  # noqa: F401
                               purge_module)

LONG_NUMBER = "1" * 400


@pytest.fixture(scope="module")
def key(gov_server):
    return new_client("Robustness app", rate_limit=100000)[1]


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()


@pytest.fixture(params=["json", "xml"])
def fmt(request):
    """The hostile cases in both formats: the same error, in the format asked for."""
    return request.param


def json_body(key, **extra):
    """A valid JSON body as text, to which raw (invalid) JSON can be appended."""
    values = dict(person_form(key), **extra)
    return json.dumps(values, ensure_ascii=False)[:-1]


# (case id, raw body, content type): each answers 400 and records nothing
HOSTILE_POSTS = [
    ("form_lat_400_digits", None, "lat=%s&long=100.5" % LONG_NUMBER),
    ("form_long_huge_exponent", None, "lat=13.7&long=1e400"),
    ("form_lat_nan", None, "lat=NaN&long=100.5"),
    ("json_lat_400_digits", "application/json", ', "lat": %s, "long": 100.5}' % LONG_NUMBER),
    ("json_lat_infinite", "application/json", ', "lat": 1e999, "long": 100.5}'),
    ("json_lat_nan", "application/json", ', "lat": NaN, "long": 100.5}'),
    ("json_nested_30000_deep", "application/json", ', "x": %s1%s}' % ("[" * 30000, "]" * 30000)),
    ("json_lone_surrogate", "application/json", ', "description": "\\ud83d"}'),
    ("json_lone_surrogate_key", "application/json", ', "\\udc00": 1}'),
    ("json_nul_in_key", "application/json", ', "a\\u0000b": 1}'),
    ("json_nul_in_code", "application/json", ', "service_code": "C09\\u0000"}'),
]

# (case id, path, query, expected status)
HOSTILE_READS = [
    ("nul_in_service_path", "/services/C09%00.json", "", 404),
    ("nul_in_request_path", "/requests/OSS-2569-000001%00.json", "", 404),
    ("far_dates", "/requests.json", "start_date=9999-12-31&end_date=0001-01-01", 400),
    ("far_start_date", "/requests.json", "start_date=9999-12-31", 400),
    ("year_zero", "/requests.json", "end_date=0000-01-01", 400),
    ("nul_in_service_code", "/requests.json", "service_code=C09%00", 400),
    ("nul_in_status", "/requests.json", "status=open%00", 400),
    ("nul_in_api_key", "/services.json", "api_key=o311_%00", 400),
    ("huge_ids_list", "/requests.json", "service_request_id=" + ",".join(["OSS-2569-000001"] * 101), 400),
]


@pytest.mark.parametrize("content_type, tail", [c[1:] for c in HOSTILE_POSTS], ids=[c[0] for c in HOSTILE_POSTS])
def test_hostile_post_is_refused_in_the_spec_format(gov_server, key, fmt, content_type, tail):
    if content_type is None:  # a form: the valid fields, then the hostile ones
        body = "&".join("%s=%s" % (k, requests.utils.quote(v)) for k, v in person_form(key).items() if
                        k not in ("lat", "long")) + "&" + tail
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        body, headers = json_body(key) + tail, {"Content-Type": content_type}
    before = counts()
    response = requests.post(gov_server + API + "/requests." + fmt, data=body.encode("utf-8", "surrogatepass"),
                             headers=headers, timeout=60)
    assert_error(response, 400)
    assert counts() == before


@pytest.mark.parametrize("path, query, status", [c[1:] for c in HOSTILE_READS], ids=[c[0] for c in HOSTILE_READS])
def test_hostile_read_is_refused_in_the_spec_format(gov_server, fmt, path, query, status):
    path = path.replace(".json", "." + fmt)
    assert_error(requests.get(gov_server + API + path + ("?" + query if query else ""), timeout=30), status)


def test_parallel_posts_of_one_new_person_register_her_once(gov_server, key):
    national_id = new_national_id()
    form = person_form(key, **{"attribute[national_id]": national_id})
    before = counts()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _n: requests.post(gov_server + API + "/requests.json", data=form,
                                                         timeout=120), range(8)))
    assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers if a.status_code != 201]
    assert counts() == (before[0] + 8, before[1] + 1)
    with committed_env() as env:
        assert env["res.partner"].search_count([("national_id", "=", national_id)]) == 1


def test_a_counter_that_looked_before_a_post_registered_the_id_runs_again_and_finds_her(gov_server, key):
    """The API and the counter register people through one path. A counter whose transaction
    began before a post registered the same new ID fails as a serialisation failure, which
    Odoo runs again (never as a duplicate-key error shown to the clerk), and the run again
    finds the person the API registered."""
    national_id = new_national_id()
    with committed_env() as env:
        front_desk = env["res.users"].search([("login", "=", "frontdesk")]).id
        service_id = env.ref("one_stop_service.oss_service_c09").id
    intake = {"intake_id": national_id, "intake_name": "สมหญิง ใจดี", "service_id": service_id, "channel": "counter"}
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        desk = odoo.api.Environment(cr, front_desk, {"lang": "en_US"})
        desk["res.partner"].search_count([])  # the counter's transaction takes its snapshot
        posted = requests.post(gov_server + API + "/requests.json", timeout=60,
                               data=person_form(key, **{"attribute[national_id]": national_id}))
        try:
            assert posted.status_code == 201, posted.text
            with pytest.raises(psycopg2.extensions.TransactionRollbackError):
                desk["oss.request"].create(intake)
            cr.rollback()  # what Odoo does with a serialisation failure: the call again, anew
            desk.clear()
            request = desk["oss.request"].create(intake)
            assert request.partner_id.national_id == national_id
            cr.rollback()  # nothing of the counter's call is kept
        finally:
            cr.rollback()
            with committed_env() as env:
                people = env["res.partner"].with_context(active_test=False).search(
                    [("national_id", "=", national_id)])
                assert len(people) <= 1
                purge_requests(env, env["oss.request"].search([("partner_id", "in", people.ids)]).ids, people.ids)


def test_a_body_shorter_than_its_length_is_refused_quickly(gov_server, key, fmt):
    _conf, _db, port = _settings()
    before = counts()
    body = ("api_key=%s&service_code=C09" % key).encode()
    started = time.time()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(b"POST " + API.encode() + b"/requests." + fmt.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Type: application/x-www-form-urlencoded\r\n"
                           b"Content-Length: 5000\r\n\r\n" + body)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith((b"]", b"</errors>")):
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    elapsed = time.time() - started
    head, _sep, payload = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == b"400", answer[:300]
    if fmt == "json":
        assert json.loads(payload.decode())[0]["code"] == 400
    else:
        assert b"<errors><error><code>400</code>" in payload
    assert elapsed < 6, elapsed
    assert counts() == before


# ---------------------------------------------------------------- server restarts and a lost database
def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, proc, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("the server exited with %s; see .state/log/test-server-extra.log" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("the server did not listen on %d" % port)


@pytest.mark.parametrize("workers", [0, 2], ids=["threaded", "prefork"])
def test_the_first_post_after_a_start_is_served(gov_server, key, workers):
    """The request patch used to be applied once the registry was loaded: a POST that came
    first was taken for JSON-RPC and answered 200 with an error, creating nothing."""
    port = free_port()
    proc = start_server(server_command(port, free_port(), workers), "test-server-extra.log")
    try:
        wait_for_port(port, proc)
        before = counts()
        # a JSON body: Odoo takes any application/json body for JSON-RPC unless the patch is in place
        response = requests.post("http://127.0.0.1:%d%s/requests.json" % (port, API), json=person_form(key),
                                 timeout=180)
        assert response.status_code == 201, response.text[:500]
        assert counts()[0] == before[0] + 1
    finally:
        stop_server(proc)


class Forwarder:
    """A TCP relay in front of PostgreSQL that the test can cut, as if the database went away."""

    def __init__(self, target_port):
        self.target_port, self.port = target_port, free_port()
        self.connections, self.listener = [], None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        try:  # wakes the thread blocked in accept(): a bare close() would leave it listening
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        for sock in self.connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.connections = []


def assert_unavailable(response, spec=False):
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    if spec:
        assert_error(response, 503)


def answers_while_down(base, key):
    assert_unavailable(requests.get(base + API + "/services.json", timeout=60), spec=True)
    assert_unavailable(requests.get(base + API + "/services.xml", timeout=60), spec=True)
    assert_unavailable(requests.post(base + API + "/requests.xml", data=person_form(key), timeout=60), spec=True)
    assert_unavailable(requests.post(base + API + "/requests.json", data=person_form(key), timeout=60), spec=True)
    assert_unavailable(requests.post(base + API + "/requests.json", json=person_form(key), timeout=60), spec=True)
    rpc = requests.post(base + "/web/session/authenticate", timeout=60, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"db": _settings()[1], "login": "frontdesk", "password": "frontdesk"}})
    assert_unavailable(rpc)
    assert rpc.json()["error"]["code"] == 503
    assert_unavailable(requests.get(base + "/oss/track", timeout=60))
    assert_unavailable(requests.get(base + "/web/login", timeout=60))


def start_behind(forwarder):
    port = free_port()
    proc = start_server(server_command(port, free_port(), 2, ["--db_port=%d" % forwarder.port]),
                        "test-server-extra.log")
    return port, proc


def test_a_lost_database_is_answered_503_then_served_again(gov_server, key):
    parser = configparser.RawConfigParser()
    parser.read(_settings()[0])
    forwarder = Forwarder(int(parser.get("options", "db_port")))
    forwarder.start()
    port, proc = start_behind(forwarder)
    base = "http://127.0.0.1:%d" % port
    try:
        wait_for_port(port, proc)
        deadline = time.time() + 180
        while requests.get(base + "/web/login", timeout=60).status_code != 200:
            assert time.time() < deadline and proc.poll() is None
            time.sleep(0.5)
        forwarder.cut()  # PostgreSQL is gone for this server
        answers_while_down(base, key)
        forwarder.start()  # and back
        deadline = time.time() + 60
        while requests.get(base + API + "/services.json", timeout=60).status_code != 200:
            assert time.time() < deadline, "the server did not recover"
            time.sleep(0.5)
    finally:
        stop_server(proc)
        forwarder.cut()
