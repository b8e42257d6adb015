"""Timing, statistics, the Odoo server under test, a JSON-RPC client, wrk, machine facts."""
import http.client
import http.cookies
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "data", "loadgen"))
from progress import Progress  # noqa: E402,F401  (re-exported for the suites)


def percentile(samples, fraction):
    """Nearest-rank percentile of a list of numbers (fraction 0.95 for p95)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


def stats(samples):
    """median and 90th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(samples)
    p90 = percentile(ordered, 0.9)
    return {"median": statistics.median(ordered), "p90": p90, "n": len(ordered),
            "min": ordered[0], "max": ordered[-1]}


def free_port():
    """A TCP port free on the loopback now: several checkouts run their servers on one machine."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(env, fn, *args):
    """(milliseconds, SQL queries) of one call in-process."""
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000.0, cr.sql_log_count - queries


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
            cpu = names[0] if names else cpu
    except OSError:
        pass
    with open("/proc/meminfo") as info:
        kb = int(re.search(r"MemTotal:\s+(\d+)", info.read()).group(1))
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "memory_gb": round(kb / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "kernel": platform.release(),
            "loadavg": [round(x, 2) for x in load],
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


class Server:
    """An Odoo server in prefork mode (--workers=2 unless told) on loopback, for one database."""

    def __init__(self, conf, db, port, log_path, workers=2, db_maxconn=None, extra_args=()):
        """``port``: the HTTP port, or 0 for a free one (long polling always takes a free one);
        ``extra_args``: more options of odoo-bin (``SQL_LOG_ARGS``)."""
        port = port or free_port()
        self.conf, self.db, self.port, self.log_path = conf, db, port, log_path
        self.workers, self.db_maxconn, self.extra_args = workers, db_maxconn, list(extra_args)
        self.url = "http://127.0.0.1:%d" % port
        self.proc = None

    def __enter__(self):
        env = dict(os.environ, ODOO_PRELOAD_ADDONS="no", TZ="UTC",
                   NODE_PATH=os.environ.get("NODE_PATH", "/usr/share/nodejs"))  # lessc needs it
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "scripts", "odoo-bin"), "-c", self.conf, "-d", self.db,
             "--http-port=%d" % self.port, "--workers=%d" % self.workers, "--max-cron-threads=1",
             "--longpolling-port=%d" % free_port(), "--log-level=warn"]
            + (["--db_maxconn=%d" % self.db_maxconn] if self.db_maxconn else []) + self.extra_args,
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.time() + 120
        while True:
            if self.proc.poll() is not None:
                raise SystemExit("the benchmark server exited; see %s" % self.log_path)
            try:
                # a JSON route: a page would build the asset bundles the cold-load figures time
                if requests.post(self.url + "/web/webclient/version_info", json={"jsonrpc": "2.0", "params": {}},
                                 timeout=10).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if time.time() > deadline:
                raise SystemExit("the benchmark server did not answer within 120 s; see %s" % self.log_path)
            time.sleep(0.5)

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class Rpc:
    """A logged-in web session speaking JSON-RPC as the web client does.

    ``totp``: a function giving the code of the user's authenticator app, for a user who logs in
    with a second factor (gov_security asks for it after the password)."""

    def __init__(self, url, db, login, password, totp=None):
        self.url = url
        self.http = requests.Session()  # the session's cookie, and GETs of pages and files
        result = self.call("/web/session/authenticate", {"db": db, "login": login, "password": password})
        if result and not result.get("uid") and totp:
            result = self.call("/gov_security/totp/verify", {"code": totp()})
        if not result or not result.get("uid"):
            raise SystemExit("login refused for %s on %s: %s" % (login, db, (result or {}).get("error", "")))
        self.context = result.get("user_context", {})

    def tab(self):
        """The same web session on a connection of its own, as a browser sends calls at once."""
        other = object.__new__(Rpc)
        other.url, other.context = self.url, self.context
        other.http = requests.Session()
        other.http.cookies.update(self.http.cookies)
        return other

    def call(self, path, params):
        """One JSON-RPC call, sent with http.client: the clients share the server's cores, and
        a call sent with ``requests`` took 2.4 to 2.9 ms of the clients' processor time against
        0.9 ms this way (bench/rpc_cpu.py, the peer's tickets), which the intake (three calls)
        paid three times and the peer's ticket once. A status of 400 or more raises requests'
        HTTPError, as before, for ``call_error``."""
        target = urlsplit(self.url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        try:
            cookie = "; ".join("%s=%s" % (c.name, c.value) for c in self.http.cookies)
            connection.request("POST", target.path.rstrip("/") + path, body=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
                headers=dict({"Content-Type": "application/json"}, **({"Cookie": cookie} if cookie else {})))
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or ():
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.http.cookies.set(name, morsel.value)
        if answer.status >= 400:
            response = requests.Response()
            response.status_code, response.url, response._content = answer.status, self.url + path, content
            response.headers.update(answer.headers.items())
            response.raise_for_status()
        body = json.loads(content.decode("utf-8"))
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"])[:500])
        return body["result"]

    def call_kw(self, model, method, args, kwargs=None):
        kwargs = dict(kwargs or {}, context=self.context)
        return self.call("/web/dataset/call_kw/%s/%s" % (model, method),
                         {"model": model, "method": method, "args": args, "kwargs": kwargs})


# a server that logs every SQL statement and every request it answers (requests_in_log reads it)
_LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\d+) \w+ \S+ ([\w.]+): (.*)$")
_ANSWERED = re.compile(r'"[A-Z]+ (\S+) HTTP')
# what the worker that answered a request runs after the answer (gov_http.job_after_answer) ends with
# this line: its statements are counted as one more "answer"
AFTER_ANSWER_LOGGER, AFTER_ANSWER = "odoo.addons.gov_http.job_after_answer", "after the answer"
SQL_LOG_ARGS = ("--log-handler=odoo.sql_db:DEBUG", "--log-handler=werkzeug:INFO",
                "--log-handler=%s:INFO" % AFTER_ANSWER_LOGGER)


def _log_time(stamp):
    return time.mktime(time.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")) + int(stamp[20:23]) / 1000.0


def requests_in_log(path):
    """The requests a server started with ``SQL_LOG_ARGS`` answered, in order: (path, SQL
    statements, milliseconds). A request's statements are those its worker logged since its
    previous answer; its time runs from the first of them to the answer, on the log's
    millisecond clock (the first statement comes after the request was read, so the parsing of
    the request is not counted). A job run by the worker after its answer is counted as a request
    of the path ``AFTER_ANSWER``, from its first statement to its line "... done after the answer"."""
    pending, answered = {}, []
    with open(path, errors="replace") as stream:
        for line in stream:
            match = _LOG_LINE.match(line)
            if not match:
                continue  # the further lines of a statement or a traceback
            stamp, pid, logger, message = match.groups()
            if logger == "odoo.sql_db" and message.startswith("query:"):
                first, count = pending.get(pid, (stamp, 0))
                pending[pid] = (first, count + 1)
            elif logger == "werkzeug" or logger == AFTER_ANSWER_LOGGER and message.endswith(AFTER_ANSWER):
                first, count = pending.pop(pid, (stamp, 0))
                request = _ANSWERED.search(message)
                path = request.group(1).split("?")[0] if request else "?"
                answered.append((path if logger == "werkzeug" else AFTER_ANSWER, count,
                                 (_log_time(stamp) - _log_time(first)) * 1000.0))
    return answered


def call_error(exc):
    """What a failed call of ``Rpc`` got, in a word: "HTTP 503", Odoo's exception name for a
    JSON-RPC error, else the client's exception (a connection closed without an answer)."""
    if isinstance(exc, requests.HTTPError):
        return "HTTP %d" % exc.response.status_code
    if isinstance(exc, socket.timeout):
        return "Timeout"
    if isinstance(exc, (http.client.HTTPException, ConnectionError)):
        return "ConnectionError"  # closed or refused without an answer, as requests named it
    if isinstance(exc, RuntimeError):
        name = re.search(r'"name": "([^"]+)"', str(exc))
        return name.group(1) if name else "JSON-RPC error"
    return type(exc).__name__


# a file's path up to the folder whose files are named relative to it: the repository, site-packages
_MACHINE_PATH = re.compile(r"[^\s\"'(]*/(?:site-packages|dist-packages)/|%s/" % re.escape(ROOT))


def call_detail(exc, length=300):
    """What a failed call of ``Rpc`` got, for the record: for a JSON-RPC error, Odoo's exception, its
    message and the frame that raised it (the traceback's last); the client's error otherwise. Files are
    named relative to the repository or to site-packages: no path of the machine that ran it."""
    text = str(exc)
    try:
        error = json.loads(text)["data"]
    except (ValueError, KeyError, TypeError):
        detail = text
    else:
        frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', error.get("debug") or "")
        detail = "%s: %s%s" % (error.get("name"), error.get("message") or "",
                               " (%s:%s, in %s)" % frames[-1] if frames else "")
    return _MACHINE_PATH.sub("", detail)[:length]


# seconds of the same load before the counted runs of a throughput figure, not counted
WARM_UP_SECONDS = 5


def throughput_runs(sessions, operation, runs, seconds, label):
    """(rates, errors) of ``runs`` runs of ``throughput``, after WARM_UP_SECONDS of the same load that
    are not counted: a server just started fills its caches in its first seconds (each worker's rows
    of the configuration, its compiled templates, Odoo's own caches), which a server in service has
    filled long before. Our intakes and the peer's tickets are measured the same way."""
    throughput(sessions, operation, WARM_UP_SECONDS)
    rates, errors = [], []
    with Progress(label, runs) as bar:
        for _run in range(runs):
            rate, errs = throughput(sessions, operation, seconds)
            rates.append(rate)
            errors += errs
            bar.update()
    return rates, errors


def throughput(sessions, operation, seconds):
    """Records per second created by len(sessions) threads calling operation(session, i)."""
    done = [0] * len(sessions)
    errors = []
    stop = time.time() + seconds

    def worker(index, session):
        i = 0
        while time.time() < stop:
            try:
                operation(session, index * 1000000 + i)
                done[index] += 1
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                errors.append(str(exc)[:300])
            i += 1

    start = time.time()
    threads = [threading.Thread(target=worker, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.time() - start), errors


def wrk(url, seconds=10, threads=2, connections=16, headers=()):
    """(requests per second, p99 in ms) from wrk --latency; ``headers``: "Name: value" strings."""
    extra = [arg for header in headers for arg in ("-H", header)]
    command = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency"] + extra + [url]
    out = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99, int(errors.group(1)) if errors else 0
