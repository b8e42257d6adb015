"""Fixtures for the cross-module tests: a real Odoo server on loopback.

`make test` exports GOV_TEST_CONF, GOV_TEST_DB and GOV_TEST_HTTP_PORT; the server is
started once per test session on that port, against the fresh test database, and
stopped at the end. Data a test wants the server to see must be committed
(`committed_env`), since pytest-odoo's own cases roll back.
"""
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import odoo
import pytest
import requests
from stdnum.th import pin

from . import early
from .chromium import LOGGED_IN, PHONE, chromium_driver  # noqa: F401 (PHONE: the phone tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
LAST = "test_nothing_left_behind.py"


def pytest_sessionstart(session):
    """Every table of the test database before any test, for test_nothing_left_behind."""
    from .leftovers import snapshot
    db = odoo.tools.config["db_name"]
    if db:
        with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
            session.config.gov_snapshot = snapshot(cr)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The check that nothing was left behind runs once, after every other test, and only
    when there are others (scripts/gov.sh names its file besides the paths it is given)."""
    seen, twice = set(), []
    for item in items:
        (twice if item.nodeid in seen else []).append(item)
        seen.add(item.nodeid)
    if all(_is_last(item) for item in items):
        twice = list(items)  # nothing else was collected: the run must say so (exit code 5)
    if twice:
        config.hook.pytest_deselected(items=twice)
        items[:] = [item for item in items if item not in twice]
    items.sort(key=_is_last)
    if not config.option.collectonly:  # the scratch databases of the tests that build one, from now on
        config.gov_early_work = early.start(items)


def pytest_sessionfinish(session):
    early.finish(getattr(session.config, "gov_early_work", ()))


def _is_last(item):
    return item.nodeid.split("::")[0].endswith(LAST)


def screenshot_path(name):
    """Where a browser test saves a screenshot: .state/screenshots, or docs/ when the
    screenshots of the documentation are refreshed (GOV_SCREENSHOT_DIR=docs make test)."""
    folder = ROOT / os.environ.get("GOV_SCREENSHOT_DIR", ".state/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def free_port():
    """A TCP port free on the loopback now (several checkouts run their tests on one machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings():
    return (os.environ["GOV_TEST_CONF"], os.environ["GOV_TEST_DB"],
            int(os.environ["GOV_TEST_HTTP_PORT"]))


def server_command(port, longpolling_port=None, workers=None, extra=(), conf=None):
    """The command line of a test server on ``port``: prefork like `make run` (GOV_TEST_WORKERS
    workers, no cron worker), with its own long-polling port."""
    test_conf, db, _port = _settings()
    conf = conf or test_conf
    workers = int(os.environ.get("GOV_TEST_WORKERS", "3")) if workers is None else workers
    longpolling_port = longpolling_port or int(os.environ.get("GOV_TEST_LONGPOLLING_PORT", port + 1000))
    return [sys.executable, str(ROOT / "scripts" / "odoo-bin"), "-c", conf, "-d", db,
            "--http-port=%d" % port, "--longpolling-port=%d" % longpolling_port,
            "--workers=%d" % workers, "--max-cron-threads=0",
            "--db_maxconn=%s" % os.environ.get("GOV_DB_MAXCONN", "8"), "--log-level=warn"] + list(extra)


def start_server(command, log_name="test-server.log"):
    """Start an Odoo server process; its output goes to .state/log/<log_name>."""
    log = open(str(ROOT / ".state" / "log" / log_name), "ab")
    env = dict(os.environ, ODOO_PRELOAD_ADDONS="no", TZ="UTC")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
    proc.log = log
    return proc


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    proc.log.close()


@pytest.fixture(scope="session")
def gov_server():
    """Base URL of an Odoo server serving the test database on loopback."""
    _conf, _db, port = _settings()
    url = "http://127.0.0.1:%d" % port
    proc = start_server(server_command(port))
    try:
        # the first page of a new database compiles the web assets: allow for it
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail("test server exited with %s; see .state/log/test-server.log" % proc.returncode)
            try:
                if requests.get(url + "/web/login", timeout=60).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline:
                pytest.fail("test server did not answer on %s within 180 s" % url)
            time.sleep(0.5)
        _SHARED.server = url
        yield url
    finally:
        _SHARED.server = None
        stop_server(proc)


# A rate-limit window no test outlives. The counters' windows are fixed and start at multiples
# of their length since 1970 (gov_crm/models/gov_rate_limit.py): with a window of an hour, calls
# a test counts on a slow machine can straddle two windows and the limit is never reached. This
# one began in 1970 and ends in 2038.
WHOLE_RUN_WINDOW = 2 ** 31 - 1


def retry_after_ends_the_whole_run_window(headers):
    """Whether a refusal's Retry-After is the time left in WHOLE_RUN_WINDOW (a minute's slack)."""
    return abs(int(headers["Retry-After"]) - (WHOLE_RUN_WINDOW - time.time())) <= 60


def reset_rate_limits():
    """Forget every call counted by the rate limits (status page, Open311), as a new window would."""
    with committed_env() as env:
        env.cr.execute("DELETE FROM gov_rate_limit")


def totp_secret(login):
    """The key of the authenticator app enrolled by ``login`` (two-factor login), or None."""
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        cr.execute("""SELECT a.secret_key FROM res_users_authenticator a
                        JOIN res_users u ON u.id = a.user_id
                       WHERE u.login = %s AND u.mfa_enabled ORDER BY a.id LIMIT 1""", (login,))
        row = cr.fetchone()
    return row[0] if row else None


def totp_code(login):
    """The code ``login``'s authenticator app shows now."""
    import pyotp
    secret = totp_secret(login)
    if not secret:
        raise AssertionError("%s has no authenticator enrolled" % login)
    return pyotp.TOTP(secret).now()


class JsonRpcSession:
    """A logged-in web session speaking Odoo's JSON-RPC, as the web client does.

    A user enrolled in two-factor login gives the code of their app after the password
    (``/gov_security/totp/verify``), computed from the key enrolled in the test database,
    or ``totp`` when given (a wrong code to test the refusal, or False for none).
    """

    def __init__(self, url, db, login, password, totp=None):
        self.url, self.db = url, db
        self.http = requests.Session()
        result = self.call("/web/session/authenticate",
                           {"db": db, "login": login, "password": password})
        if not result.get("uid") and totp is not False and (totp or totp_secret(login)):
            result = self.call("/gov_security/totp/verify", {"code": totp or totp_code(login)})
        if not result.get("uid"):
            raise AssertionError("login refused for %s" % login)
        self.uid = result["uid"]
        self.context = result.get("user_context", {})

    def call(self, path, params):
        response = self.http.post(self.url + path, timeout=60, data=json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"})
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RpcError(body["error"])
        return body.get("result")  # a method returning None answers no "result"

    def said(self, english, thai):
        """Of a message given in both languages, the one this user reads (their language)."""
        return thai if self.context.get("lang") == "th_TH" else english

    def call_kw(self, model, method, args=None, kwargs=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.context)
        return self.call("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args or [], "kwargs": kwargs})


class RpcError(Exception):
    """An error answered by the server; `.name` is the Python exception class."""

    def __init__(self, error):
        data = error.get("data", {})
        self.name = data.get("name", "")
        self.message = data.get("message", error.get("message", ""))
        super().__init__("%s: %s" % (self.name, self.message))


@pytest.fixture(scope="session")
def gov_rpc(gov_server):
    """gov_rpc(login, password) -> a JSON-RPC session on the test server (with the
    second factor for users enrolled in two-factor login)."""
    _conf, db, _port = _settings()

    def login(user, password, totp=None):
        return JsonRpcSession(gov_server, db, user, password, totp=totp)
    return login


@pytest.fixture(scope="module", autouse=True)
def nothing_left_by_module():
    """What this module's tests and fixtures commit, and what the server creates for them
    (persons, requests, cases, consents, audit entries, mail, ...), is deleted when the
    module is done; tests/test_nothing_left_behind.py checks that nothing else stays."""
    from odoo.addons.gov_crm.tests.cleanup import created_since, marks, purge
    with committed_env() as env:
        marked = marks(env)
    yield
    with committed_env() as env:
        purge(env, *created_since(env, marked))


# While the test server runs (it runs the job runner of queue_job), the outermost committed_env
# opens once the jobs due are done: a test then reads what the server finished writing, and a
# clean-up that deletes requests (and their notices' jobs) does not race the runner, which would
# fail the deletion as a concurrent update of a job it has just run. This module is imported twice
# (as pytest's conftest, and by the tests under odoo.addons through pytest-odoo): the state is kept
# once for the process.
_SHARED = sys.modules.setdefault("gov_tests_shared_state", types.SimpleNamespace(server=None, open_envs=0))


@contextlib.contextmanager
def committed_env(user_id=odoo.SUPERUSER_ID, context=None):
    """An environment whose changes are committed, so the test server sees them."""
    if _SHARED.server and not _SHARED.open_envs:
        wait_for_jobs()
    _SHARED.open_envs += 1
    try:
        with _committed_env(user_id, context) as env:
            yield env
    finally:
        _SHARED.open_envs -= 1


@contextlib.contextmanager
def _committed_env(user_id=odoo.SUPERUSER_ID, context=None):
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            yield odoo.api.Environment(cr, user_id, context or {})
            cr.commit()
        # the server's workers keep caches of their own (a user's language and groups, the
        # access rights): tell them, as a request of theirs would, that what was written here
        # cleared those caches, or a worker keeps answering from what it read earlier
        registry.signal_changes()


def wait_for_jobs(channel="root.gov_notice", timeout=90):
    """Until the test server has run every job of ``channel`` due now (the notices to applicants,
    written with the step that gave them), and those left to the worker that answered the request
    which queued them (due within job_after_answer.GRACE); fails after ``timeout`` seconds.
    Returns the number of failed jobs of the channel (in the whole database)."""
    from odoo.addons.gov_http import job_after_answer
    deadline = time.time() + timeout
    while True:
        with _committed_env() as env:
            env.cr.execute("""SELECT count(*) FILTER (WHERE state IN ('pending', 'enqueued', 'started')
                                                        AND (eta IS NULL OR eta <= now() AT TIME ZONE 'UTC'
                                                             + %s * interval '1 second')),
                                     count(*) FILTER (WHERE state = 'failed')
                                FROM queue_job WHERE channel = %s""", (job_after_answer.GRACE, channel))
            waiting, failed = env.cr.fetchone()
        if not waiting:
            return failed
        if time.time() > deadline:
            pytest.fail("%d job(s) of %s still waiting after %d s: is the server's job runner running? "
                        "(.state/log/test-server.log)" % (waiting, channel, timeout))
        time.sleep(0.3)


def free_national_id(env):
    """A valid national ID nobody has (archived persons included)."""
    while True:
        digits = "1%011d" % random.randint(0, 10 ** 11 - 1)
        number = digits + pin.calc_check_digit(digits)
        if not env["res.partner"].with_context(active_test=False).search_count([("national_id", "=", number)]):
            return number


@contextlib.contextmanager
def system_params(**values):
    """Set system parameters (dots written as ``__``) for the server while the block runs, then put
    back what was there before: a parameter that did not exist is removed again."""
    keys = {name.replace("__", "."): str(value) for name, value in values.items()}
    with committed_env() as env:
        before = {key: env["ir.config_parameter"].get_param(key) for key in keys}
        for key, value in keys.items():
            env["ir.config_parameter"].set_param(key, value)
    try:
        yield
    finally:
        with committed_env() as env:
            for key, value in before.items():
                # set_param with None removes the parameter
                env["ir.config_parameter"].set_param(key, value)


def purge_requests(env, request_ids, partner_ids=()):
    """Remove requests a test committed, with their cases, route, notices, events and messages
    (and the persons it registered for them), once the server's job runner is done with their
    notices."""
    wait_for_jobs()
    # a new snapshot, which sees what the jobs wrote (the caller has only read so far): deleting
    # their rows from the older one would fail as a concurrent update
    env.cr.commit()
    env.cache.invalidate()
    requests_ = env["oss.request"].browse(list(request_ids)).exists()
    if requests_:
        if "citizen.case" in env.registry:
            env["citizen.case"].with_context(active_test=False).search(
                [("request_id", "in", requests_.ids)]).unlink()
        # only drafts are deleted through the ORM: a test's requests may be taken back to draft
        env.cr.execute("UPDATE oss_request SET state = 'draft' WHERE id IN %s", (tuple(requests_.ids),))
        requests_.invalidate_cache()
        requests_.unlink()
    env["res.partner"].browse(list(partner_ids)).exists().unlink()


@pytest.fixture
def visitor(gov_server):
    """A Chromium window of a visitor who is not logged in (the public pages)."""
    driver = chromium_driver(width=1280, height=900)
    yield driver
    driver.quit()


def full_page(driver, name):
    """A screenshot of the whole page (up to 2,600 pixels high) under ``name``."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 700), 2600))
    driver.save_screenshot(str(screenshot_path(name)))
    driver.set_window_size(1280, 900)


@pytest.fixture
def browser(gov_server):
    """browser.login(user, password) opens the web client as that user."""
    driver = _web_client(chromium_driver(), gov_server)
    yield driver
    driver.quit()


def in_browsers(gov_server, logins, walk, browsers=3):
    """{login: what ``walk(browser, login)`` found, when it found something}, the logins taken in
    turn by ``browsers`` Chromium windows at once, a new window for each login (its own session
    and console). A walk in a browser waits on the server and the server on the walk: one walk
    keeps about one of the machine's cores busy. A walk that raises is reported under its login."""
    import queue
    import threading
    waiting, found = queue.Queue(), {}
    for login in logins:
        waiting.put(login)

    def lane():
        while True:
            try:
                login = waiting.get_nowait()
            except queue.Empty:
                return
            browser = _web_client(chromium_driver(), gov_server)
            try:
                result = walk(browser, login)
            except Exception as error:  # noqa: BLE001 (reported with its login, after the others)
                result = "the walk stopped: %r" % error
            finally:
                browser.quit()
            if result:
                found[login] = result

    threads = [threading.Thread(target=lane, name="browser-%d" % index) for index in range(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


@pytest.fixture
def phone(gov_server):
    """The same as ``browser``, on a phone of 390 x 844 CSS pixels (Chromium's mobile emulation)."""
    driver = _web_client(chromium_driver(phone=True), gov_server)
    yield driver
    driver.quit()


def _web_client(driver, gov_server):
    """``driver`` with login(user, password), severe_console_errors() and base_url."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    navbar = LOGGED_IN

    def login(user, password):
        """Log in through the form; a user enrolled in two-factor login types their app's code."""
        driver.get(gov_server + "/web/login")
        driver.find_element(By.NAME, "login").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        WebDriverWait(driver, 60).until(lambda d: "/auth_totp/login" in d.current_url
                                        or d.find_elements(By.CSS_SELECTOR, navbar))
        if "/auth_totp/login" in driver.current_url:
            driver.find_element(By.NAME, "confirmation_code").send_keys(totp_code(user))
            driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, navbar)))
        return driver

    def severe_console_errors():
        return [entry for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]

    driver.login = login
    driver.severe_console_errors = severe_console_errors
    driver.base_url = gov_server
    return driver
