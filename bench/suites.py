"""The benchmarks: each returns a dict {key: result} with samples, statistics and the goal.

In-process figures run inside one transaction that is rolled back, as the user who does
the job (``sudo(user)``: record rules apply), after three warm-up calls.
"""
import datetime
import json
import os
import random
import subprocess
import sys
import threading
import time

import odoo

from harness import (AFTER_ANSWER, ROOT, SQL_LOG_ARGS, Progress, Rpc, Server, call_error, percentile,
                     requests_in_log, stats, throughput_runs, timed, wrk)

OPEN = ["new", "progress", "waiting"]
TREE_FIELDS = ["name", "subject", "partner_id", "department_id", "user_id", "stage_id", "priority",
               "deadline", "sla_state", "transfer_count", "stage_state"]
KANBAN_FIELDS = ["name", "subject", "stage_id", "user_id", "department_id", "deadline", "sla_state",
                 "priority", "confidential", "transfer_count", "activity_ids", "activity_state"]
INTAKE_SERVICE = "C04"
# users made by the load generator (data/loadgen/loadgen.py), password = login
# a G2C service routed through three departments in sequence
FRONT_DESK, OFFICER, MANAGER = ("gov_loadgen.user_frontdesk_1", "gov_loadgen.user_officer_reg_1",
                                "gov_loadgen.user_manager")


def result(label, unit, goal, samples, goal_kind="max", **extra):
    value = dict(stats(samples), label=label, unit=unit, goal=goal, goal_kind=goal_kind,
                 samples=[round(s, 3) for s in samples], **extra)
    if goal is not None:
        value["met"] = value["median"] <= goal if goal_kind == "max" else value["median"] >= goal
    return value


def release(env):
    """End the measuring process's transaction before a load on the server. Left open, its snapshot
    keeps PostgreSQL from pruning every row version the load leaves behind (a job's states, a
    request's updates) for the whole run, a cost the server would not have with no benchmark
    watching: the peer's measure (peer.rpc_ticket) holds none either."""
    env.cr.rollback()


def sample_people(env, count, seed=5):
    rnd = random.Random(seed)
    env.cr.execute("SELECT national_id, gov_phone_digits FROM res_partner WHERE gov_party_type = 'citizen' "
                   "AND national_id IS NOT NULL AND gov_phone_digits IS NOT NULL ORDER BY id DESC LIMIT 200000")
    rows = env.cr.fetchall()
    return rnd.sample(rows, min(count, len(rows)))


# ------------------------------------------------------------------ 1. intake
def received_lines(Request, service):
    """The service's document checklist with every document ticked, as the counter's form sends it
    (the form's onchange gives it once per service)."""
    return [dict(line, received=True) for line in Request._oss_document_lines(service)]


def intake(env, user, national_id, service):
    Request = env["oss.request"].sudo(user)
    partner = Request._oss_find_person(national_id)
    lines = received_lines(Request, service)
    request = Request.create({"partner_id": partner.id, "service_id": service.id, "channel": "counter",
                              "document_ids": [(0, 0, line) for line in lines]})
    request.action_submit()
    return request


def intake_into(done, *args):
    """``intake(*args)``, its request appended to ``done``."""
    done.append(intake(*args))


def check_intake(request):
    """The benchmark's own check that an intake went through, outside its time and queries (a
    ticket of the peer is not read back either)."""
    assert request.state == "in_progress" and len(request.step_ids) == 3, request.state
    return request


def records_of(request):
    """The business records an intake creates: the request, its documents, steps and cases."""
    return {"request": 1, "documents": len(request.document_ids), "steps": len(request.step_ids),
            "cases": len(request.case_ids)}


def bench_intake_inprocess(env, runs):
    user = env.ref(FRONT_DESK)
    service = env["oss.service"].search([("code", "=", INTAKE_SERVICE)])
    people = sample_people(env, runs + 3)
    times, queries = [], []
    with Progress("intake", len(people)) as bar:
        for i, (national_id, _phone) in enumerate(people):
            done = []
            ms, count = timed(env, intake_into, done, env, user, national_id, service)
            check_intake(done[0])
            if i >= 3:  # warm-up
                times.append(ms)
                queries.append(count)
            bar.update()
    records = records_of(check_intake(intake(env, user, people[0][0], service)))  # one more, untimed, to count
    env.cr.rollback()
    return {"intake_inprocess": result(
        "Intake of a 3-step request (lookup by ID, documents, routing, tracking number), in-process",
        "ms", 20.0, times, queries_median=sorted(queries)[len(queries) // 2], queries=queries,
        records=records)}


def rpc_intake(session, national_id, service_id, lines, created=None):
    """The counter's intake as the web client sends it: find the person, then create and submit the
    request in one call (the request form's Submit on a request not saved yet). Returns the request's
    id once the submission is answered; ``created`` (a list) receives it then too."""
    found = session.call_kw("res.partner", "search", [[("national_id", "=", national_id)]], {"limit": 1})
    request_id = session.call_kw("oss.request", "create_and_submit", [{
        "partner_id": found[0], "service_id": service_id, "channel": "counter",
        "document_ids": [(0, 0, line) for line in lines]}])
    if created is not None:
        created.append(request_id)
    return request_id


def rpc_intake_by_id(session, national_id, service_id, lines):
    """The intake in one call, as a client that has read the person's ID card sends it: the request
    created and submitted with the ID typed at the counter (``intake_id``), the person found by the
    server. Returns the request's id."""
    return session.call_kw("oss.request", "create_and_submit", [{
        "intake_id": national_id, "service_id": service_id, "channel": "counter",
        "document_ids": [(0, 0, line) for line in lines]}])


def bench_intake_rpc(env, url, db, runs, seconds):
    service_id = env["oss.service"].search([("code", "=", INTAKE_SERVICE)]).id
    people = sample_people(env, 5000, seed=11)
    login = env.ref(FRONT_DESK).login
    sessions = [Rpc(url, db, login, login) for _i in range(4)]

    lines = received_lines(env["oss.request"], env["oss.service"].browse(service_id))
    release(env)

    def operation(session, i):
        rpc_intake(session, people[i % len(people)][0], service_id, lines)

    rates, errors = throughput_runs(sessions, operation, runs, seconds, "intake rpc")
    return {"intake_rpc": result(
        "Intake over JSON-RPC, --workers=2, 4 client threads (requests/s)", "req/s", None, rates,
        goal_kind="min", errors=errors[:5], error_count=len(errors))}


# the calls of an intake at the counter, and the job that gives the acknowledgement after it
INTAKE_CALLS = (("/web/dataset/call_kw/res.partner/search", "find the person (res.partner search)"),
                ("/web/dataset/call_kw/oss.request/create_and_submit",
                 "create the request with its documents and submit it"),
                (AFTER_ANSWER, "after the answer, in the same worker: the acknowledgement's job"))
CALL_RUNS, CALL_WARMUP = 20, 3


def jobs_waiting(db, after_id):
    """Jobs written after the job ``after_id`` and not yet run (on a cursor of its own: the
    runner's work is committed by the server)."""
    with odoo.registry(db).cursor() as cr:
        cr.execute("SELECT count(*) FROM queue_job WHERE id > %s AND state IN ('pending', 'enqueued', 'started')",
                   (after_id,))
        return cr.fetchone()[0]


def last_job(env):
    """The id of the last job written: the jobs of what is measured next come after it."""
    env.cr.execute("SELECT coalesce(max(id), 0) FROM queue_job")
    last = env.cr.fetchone()[0]
    env.cr.rollback()
    return last


def jobs_run(db, after_id, what, seconds=300):
    """Wait until the runner of the server has run every job written after ``after_id``: a figure
    measured while the runner stood still would leave out the work after the answer."""
    deadline = time.time() + seconds
    while jobs_waiting(db, after_id):
        if time.time() > deadline:
            raise SystemExit("the job runner left %d jobs of %s unrun after %d s; see the benchmark server's log"
                             % (jobs_waiting(db, after_id), what, seconds))
        time.sleep(0.5)


def requeue_interrupted_jobs(env):
    """Before any server of the benchmark starts: the jobs an earlier server left *enqueued* or
    *started* when it stopped go back to *pending*, as queue_job's runner asks of whoever starts
    it (its garbage collector would do it after 5 minutes, but the benchmark's servers run no
    scheduled action); left so, they would count as running and hold the channel's places.
    Returns how many there were."""
    jobs = env["queue.job"].search([("state", "in", ("enqueued", "started"))])
    jobs.requeue()
    env.cr.commit()
    return len(jobs)


def drain_jobs(env, conf, db, port, log_path):
    """Run the jobs earlier runs left waiting (the notices of their last intakes) on a server of
    their own, so that no measured server runs another run's backlog. Returns how many."""
    waiting = jobs_waiting(db, 0)
    if waiting:
        with Server(conf, db, port, log_path):
            with Progress("earlier jobs", 1) as bar:
                jobs_run(db, 0, "earlier runs", seconds=1800)
                bar.update()
    env.cr.rollback()
    return waiting


def call_rows(answered, calls, label, warmup=CALL_WARMUP):
    """For each call of ``calls`` ((path, what it does)), the median statements and time of its
    answers in ``answered`` (requests_in_log), after the first ``warmup``. Every call must have
    been answered: a step left out would make the sum look cheaper than the operation is."""
    rows = []
    for path, name in calls:
        seen = [(queries, ms) for call, queries, ms in answered if call == path][warmup:]
        if not seen:
            raise SystemExit("%s: no %s (%s) answered after the first %d" % (label, path, name, warmup))
        rows.append({"path": path, "name": name, "n": len(seen),
                     "queries": sorted(q for q, _ms in seen)[len(seen) // 2],
                     "ms": round(stats([ms for _q, ms in seen])["median"], 1)})
    return rows


def calls_profile(conf, db, port, log_path, login, operation, calls, label, runs=CALL_RUNS, waiting=None):
    """Each call of ``operation(session, i)`` (the paths ``calls``: (path, what it does)), made
    ``runs`` times one after the other by one logged-in user, on a server that logs every SQL
    statement: its statements and its time in the server (medians, after CALL_WARMUP runs).
    ``waiting()``: the number of jobs still to run, waited for before the server stops."""
    sql_log = log_path + ".sql"
    if os.path.exists(sql_log):
        os.remove(sql_log)
    # no scheduled job either: only the calls and the jobs they queue are in the log
    with Server(conf, db, port, sql_log, extra_args=SQL_LOG_ARGS + ("--max-cron-threads=0",)) as server:
        session = Rpc(server.url, db, login, login)
        for i in range(runs + CALL_WARMUP):
            operation(session, i)
        deadline = time.time() + 60
        while waiting and waiting() and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(1)  # the last answers' log lines
    answered = requests_in_log(sql_log)
    os.remove(sql_log)  # every statement of the run: large
    rows = call_rows(answered, calls, label)
    # the sums of the calls' medians: one intake (or ticket) in all
    return {"label": label, "unit": "ms", "median": sum(row["ms"] for row in rows), "n": runs, "goal": None,
            "queries_median": sum(row["queries"] for row in rows), "calls": rows}


def bench_intake_rpc_calls(env, conf, db, port, log_path):
    service_id = env["oss.service"].search([("code", "=", INTAKE_SERVICE)]).id
    people = sample_people(env, CALL_RUNS + CALL_WARMUP, seed=19)
    login = env.ref(FRONT_DESK).login
    lines = received_lines(env["oss.request"], env["oss.service"].browse(service_id))
    after = last_job(env)  # the jobs of the profile's intakes come after it

    def operation(session, i):
        rpc_intake(session, people[i][0], service_id, lines)

    return {"intake_rpc_calls": calls_profile(
        conf, db, port, log_path, login, operation, INTAKE_CALLS,
        "Intake over JSON-RPC call by call, one clerk, one intake at a time (server side, every SQL "
        "statement logged)", waiting=lambda: jobs_waiting(db, after))}


# ------------------------------------------------------------------ 3. person lookup
def bench_lookup(env, runs):
    user = env.ref(FRONT_DESK)
    Partner = env["res.partner"].sudo(user)
    Request = env["oss.request"].sudo(user)
    people = sample_people(env, runs + 3, seed=17)
    by_id, by_phone, find = [], [], []
    for i, (national_id, phone) in enumerate(people):
        a = timed(env, Partner.name_search, national_id)[0]
        b = timed(env, Partner.name_search, phone)[0]
        c = timed(env, Request._oss_find_person, national_id)[0]
        if i >= 3:
            by_id.append(a)
            by_phone.append(b)
            find.append(c)
    env.cr.execute("SELECT count(*) FROM res_partner")
    persons = env.cr.fetchone()[0]
    env.cr.rollback()
    return {
        "lookup_id": result("Person by national ID (res.partner name_search)", "ms", 20.0, by_id, persons=persons),
        "lookup_phone": result("Person by phone (res.partner name_search)", "ms", 20.0, by_phone, persons=persons),
        "lookup_intake": result("Intake lookup by ID (oss.request._oss_find_person)", "ms", 20.0, find,
                                persons=persons),
    }


# ------------------------------------------------------------------ 4. officer's screens
def _web_search_read(Model, domain, fields, limit):
    """What /web/dataset/search_read does: one page, then the count."""
    records = Model.search_read(domain, fields, limit=limit)
    if len(records) == limit:
        Model.search_count(domain)
    return records


def _kanban(Model, domain):
    """The kanban view: read_group by stage, then the first 40 cards of each unfolded column."""
    groups = Model.read_group(domain, ["stage_id"], ["stage_id"], lazy=True)
    for group in groups:
        if group.get("__fold"):
            continue
        Model.search_read(group["__domain"], KANBAN_FIELDS, limit=40)


def bench_officer(env, runs):
    user = env.ref(OFFICER)
    Case = env["citizen.case"].sudo(user).with_context(lang="th_TH", tz="Asia/Bangkok")
    uid = user.id
    mine = ["|", ("department_id.member_ids", "in", [uid]), ("department_id.manager_id", "=", uid)]
    list_domain = mine + [("stage_state", "in", OPEN)]
    risk_domain = list_domain + [("sla_state", "=", "at_risk")]
    out = {}
    for key, label, fn in [
            ("case_list", "Officer's first case list page (My department + Open, 80 rows)",
             lambda: _web_search_read(Case, list_domain, TREE_FIELDS, 80)),
            ("case_at_risk", "\"At risk\" filter on the case list",
             lambda: _web_search_read(Case, risk_domain, TREE_FIELDS, 80)),
            ("case_kanban", "Case kanban (read_group by stage + 40 cards per column)",
             lambda: _kanban(Case, list_domain))]:
        samples = []
        for i in range(runs + 3):
            ms = timed(env, fn)[0]
            if i >= 3:
                samples.append(ms)
        out[key] = result(label, "ms", 300.0, samples)
    env.cr.execute("SELECT count(*) FROM citizen_case")
    cases = env.cr.fetchone()[0]
    for value in out.values():
        value["cases"] = cases
    env.cr.rollback()
    return out


# ------------------------------------------------------------------ 5. dashboard and pivot
# the groupings of a pivot view with one row and one column grouping: total, rows, columns, cells
PIVOT_GROUPBYS = ([], ["department_id"], ["month"], ["department_id", "month"])
PIVOT_MEASURES = ["nbr", "finished_count", "on_time_rate", "late_count", "handling_days"]


def second_factor(env, user):
    """The code function of ``user``'s authenticator app where gov_security asks for a second
    factor, else None. A user who has none enrols one, with a key of the benchmark's own, as a
    service manager does at the first login (committed: the benchmark's server reads it)."""
    if "gov_mfa_required" not in env["res.users"]._fields:
        return None
    import pyotp  # pylint: disable=import-outside-toplevel  (auth_totp's library)
    with odoo.registry(env.cr.dbname).cursor() as cr:  # committed when the block ends
        admin = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = admin["res.users"].browse(user.id)
        if not account.gov_mfa_required:
            return None
        app = admin["res.users.authenticator"].search([("user_id", "=", account.id)], limit=1)
        if not app:
            app = app.create({"name": "Benchmark", "user_id": account.id, "secret_key": pyotp.random_base32()})
        if not account.mfa_enabled:
            account.mfa_enabled = True
        secret = app.secret_key
    return lambda: pyotp.TOTP(secret).now()


def pivot_at_once(tabs, model, domain):
    """The pivot view's read_groups as Odoo 11's web client sends them (pivot_model.js
    ``_loadData``): one call per grouping, all at once, each on a connection of the same web
    session. Returns (milliseconds until the last answer, the answers)."""
    answers = [None] * len(PIVOT_GROUPBYS)
    failures = []

    def read_group(i):
        try:
            answers[i] = tabs[i].call_kw(model, "read_group", [domain, PIVOT_MEASURES + PIVOT_GROUPBYS[i],
                                                               PIVOT_GROUPBYS[i]], {"lazy": False})
        except Exception as exc:  # noqa: BLE001 - raised below, in the caller's thread
            failures.append(exc)

    threads = [threading.Thread(target=read_group, args=(i,)) for i in range(len(PIVOT_GROUPBYS))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (time.perf_counter() - start) * 1000.0
    if failures:
        raise failures[0]
    return elapsed, answers


def bench_pivot_web(env, conf, db, port, log_path, runs, domain):
    """The requests analysis as it opens in a manager's web client: its four read_groups sent at
    once to the server (prefork, 2 workers, as the other HTTP figures), from the first call to
    the last answer."""
    user = env.ref(MANAGER)
    totp = second_factor(env, user)
    with Server(conf, db, port, log_path) as server:
        session = Rpc(server.url, db, user.login, user.login, totp=totp)
        tabs = [session.tab() for _groupby in PIVOT_GROUPBYS]
        samples = []
        with Progress("analysis web", runs + 1) as bar:
            for i in range(runs + 1):
                ms, answers = pivot_at_once(tabs, "gov.kpi.request.report", domain)
                if not answers[0] or answers[0][0]["__count"] <= 0:
                    raise SystemExit("the requests analysis found no request: %s" % answers[0])
                if i >= 1:  # the first opens the connections
                    samples.append(ms)
                bar.update()
    return {"kpi_pivot_rows_web": result(
        "Requests analysis as it opens in the web client (received in the last 30 days): the same 4 "
        "read_groups sent at once over JSON-RPC, --workers=2, until the last answer", "ms", 300.0, samples)}


def bench_dashboard(env, runs, conf=None, db=None, port=None, log_path=None):
    if "gov.kpi.dashboard" not in env:
        return {}
    user = env.ref(MANAGER)
    Dashboard = env["gov.kpi.dashboard"].sudo(user).with_context(lang="th_TH", tz="Asia/Bangkok")
    # the pivot managers open ("Requests KPIs") reads the summary gov_kpi refreshes by cron;
    # the row-level view stays for drilling down and is measured as its own figure
    Summary = env["gov.kpi.request.summary"].sudo(user).with_context(lang="th_TH", tz="Asia/Bangkok") \
        if "gov.kpi.request.summary" in env else None
    Report = env["gov.kpi.request.report"].sudo(user).with_context(lang="th_TH", tz="Asia/Bangkok")

    def dashboard():
        action = Dashboard.action_open_dashboard()
        Dashboard.browse(action["res_id"]).read()

    def pivot_on(model, domain=()):  # the pivot view's four read_groups, one after the other
        def pivot():
            for groupby in PIVOT_GROUPBYS:
                model.read_group(list(domain), PIVOT_MEASURES + groupby, groupby, lazy=False)
        return pivot

    # the row-level view opens on the requests received in the last 30 days (its default filter)
    last_30_days = [("date_received", ">=", str(datetime.date.today() - datetime.timedelta(days=30)))]

    figures = [("dashboard", "Manager dashboard (gov_kpi, open + read)", dashboard)]
    if Summary is not None:
        figures.append(("kpi_pivot", "KPI pivot \"Requests KPIs\": requests by department x month "
                                     "(4 read_groups on the summary)", pivot_on(Summary)))
        figures.append(("kpi_pivot_rows", "Requests analysis, row-level view (received in the last 30 days): "
                                          "the same 4 read_groups one after the other, in-process",
                        pivot_on(Report, last_30_days)))
        figures.append(("kpi_pivot_rows_all", "Requests analysis with its filter removed (the whole history): "
                                              "the same 4 read_groups", pivot_on(Report)))
    else:
        figures.append(("kpi_pivot", "KPI pivot: requests by department x month (4 read_groups)",
                        pivot_on(Report)))
    out = {}
    for key, label, fn in figures:
        samples = []
        for i in range(runs + 1):
            ms = timed(env, fn)[0]
            if i >= 1:
                samples.append(ms)
        # the work of the four in one process; the manager waits for the four at once (below)
        out[key] = result(label, "ms", None if key == "kpi_pivot_rows_all" else 300.0, samples)
    if Summary is not None and conf:
        release(env)
        out.update(bench_pivot_web(env, conf, db, port, log_path, runs, last_30_days))
    env.cr.execute("SELECT count(*) FROM oss_request")
    requests_count = env.cr.fetchone()[0]
    for value in out.values():
        value["requests"] = requests_count
    env.cr.rollback()
    return out


# ------------------------------------------------------------------ 7. Excel report (child process)
def excel_child(env, cases_wanted):
    """Run once in a fresh process: export the KPI workbook for the latest ``cases_wanted`` cases."""
    import resource
    user = env.ref(MANAGER)
    env.cr.execute("SELECT date_open FROM citizen_case ORDER BY date_open DESC OFFSET %s LIMIT 1",
                   (cases_wanted - 1,))
    row = env.cr.fetchone()
    if row:
        start = row[0]
    else:
        env.cr.execute("SELECT min(date_open) FROM citizen_case")
        start = env.cr.fetchone()[0]
    if not isinstance(start, datetime.datetime):
        start = datetime.datetime.strptime(start[:19], "%Y-%m-%d %H:%M:%S")
    date_from = (start + datetime.timedelta(hours=7)).date() + datetime.timedelta(days=1)
    date_to = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
    env.cr.execute("SELECT count(*) FROM citizen_case WHERE date_open >= %s",
                   (datetime.datetime.combine(date_from, datetime.time()) - datetime.timedelta(hours=7),))
    cases = env.cr.fetchone()[0]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    wizard = env["gov.kpi.xlsx.wizard"].sudo(user).create({"date_from": str(date_from), "date_to": str(date_to)})
    start_t = time.perf_counter()
    wizard.action_export()
    seconds = time.perf_counter() - start_t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    env.cr.rollback()
    return {"seconds": seconds, "peak_mb": peak, "base_mb": base, "cases": cases,
            "period": "%s..%s" % (date_from, date_to)}


def bench_excel(conf, db, runs, cases_wanted=100000):
    seconds, peaks, info = [], [], {}
    with Progress("excel", runs) as bar:
        for _run in range(runs):
            out = subprocess.run(
                [sys.executable, os.path.join(ROOT, "bench", "bench.py"), "excel-child", "-c", conf, "-d", db,
                 "--cases", str(cases_wanted)],
                stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
            info = json.loads(out.strip().splitlines()[-1])
            sys.stderr.write("excel run: %s\n" % json.dumps(info))  # each run, for long sessions
            seconds.append(info["seconds"])
            peaks.append(info["peak_mb"])
            bar.update()
    return {
        "excel_time": result("Excel KPI report (gov_kpi wizard), %d cases, period %s" % (info["cases"], info["period"]),
                             "s", 15.0, seconds, cases=info["cases"]),
        "excel_memory": result("Excel KPI report: peak RSS of the process (registry included; %.0f MB before)"
                               % info["base_mb"], "MB", 300.0, peaks, cases=info["cases"]),
    }


# ------------------------------------------------------------------ 6. public status page
def bench_status_page(url, runs, seconds):
    rates, p99s, errors = [], [], 0
    with Progress("wrk", runs) as bar:
        for _run in range(runs):
            rate, p99, non2xx = wrk(url + "/oss/track", seconds=seconds)
            rates.append(rate)
            p99s.append(p99)
            errors += non2xx
            bar.update()
    return {
        "status_rate": result("Public status page GET /oss/track, wrk -t2 -c16 (requests/s)", "req/s", 300.0,
                              rates, goal_kind="min", non_2xx=errors),
        "status_p99": result("Public status page: p99 latency under that load", "ms", 100.0, p99s),
    }


# ------------------------------------------------------------------ 8. public pages (gov_public)
PUBLIC_PAGES = [
    ("public_catalogue", "Public service catalogue GET /services", "/services"),
    ("public_service", "Public service page GET /services/C04", "/services/C04"),
    ("public_performance", "Public performance page GET /performance", "/performance"),
    ("public_data", "Open data GET /data/service-performance/performance-by-service.csv",
     "/data/service-performance/performance-by-service.csv"),
]


def bench_public_rebuild(env, runs):
    """The published figures taken again from gov_kpi's summary and views (what the cron adds to
    the summary's refresh), in-process."""
    if "gov.public.performance" not in env:
        return {}
    Performance = env["gov.public.performance"]
    samples = []
    for _run in range(runs):
        samples.append(timed(env, Performance._gp_rebuild)[0])
    env.cr.execute("SELECT count(*) FROM gov_public_performance")
    rows = env.cr.fetchone()[0]
    env.cr.rollback()
    return {"public_rebuild": result("Public figures rebuilt from gov_kpi after the summary's refresh "
                                     "(%d rows), in-process" % rows, "ms", 60000.0, samples, rows=rows)}


def bench_public_pages(url, runs, seconds):
    out = {}
    for key, label, path in PUBLIC_PAGES:
        rates, p99s, errors = [], [], 0
        with Progress(key, runs) as bar:
            for _run in range(runs):
                # as a browser or a CKAN harvester asks: the compressed body
                rate, p99, non2xx = wrk(url + path, seconds=seconds, headers=["Accept-Encoding: gzip"])
                rates.append(rate)
                p99s.append(p99)
                errors += non2xx
                bar.update()
        out[key + "_rate"] = result("%s, wrk -t2 -c16, gzip accepted (requests/s)" % label, "req/s", 300.0, rates,
                                    goal_kind="min", non_2xx=errors)
        out[key + "_p99"] = result("%s: p99 latency under that load" % label, "ms", 100.0, p99s)
    return out


def run_public(env, conf, db, port, runs, seconds, log_path):
    if "gov.public.performance" not in env:
        return {}
    out = bench_public_rebuild(env, runs)
    with Server(conf, db, port, log_path) as server:
        out.update(bench_public_pages(server.url, runs, seconds))
    return out


def run_http(env, conf, db, port, runs, seconds, log_path):
    out = bench_intake_rpc_calls(env, conf, db, port, log_path)
    with Server(conf, db, port, log_path) as server:
        after = last_job(env)
        out.update(bench_intake_rpc(env, server.url, db, runs, seconds))
        jobs_run(db, after, "the JSON-RPC intakes", seconds=120)
        out.update(bench_status_page(server.url, runs, seconds))
    return out


# ------------------------------------------------------------------ 9. parallel front-desk sessions
SESSION_LEVELS = (50, 100)
INTAKES_PER_SESSION = 3


def _database_bytes(env):
    """The database's size on disk and its filestore's, in bytes (what an agency must provision)."""
    env.cr.execute("SELECT pg_database_size(current_database())")
    size = env.cr.fetchone()[0]
    filestore = odoo.tools.config.filestore(env.cr.dbname)
    for folder, _dirs, files in os.walk(filestore):
        size += sum(os.path.getsize(os.path.join(folder, name)) for name in files)
    release(env)  # read between the loads
    return size


def _sessions_at_once(url, db, logins, level, people, service_id, lines):
    """``level`` clerks logged in, then all pressing at the same instant: each takes in
    INTAKES_PER_SESSION requests one after the other. Returns latencies (ms), outcomes, seconds."""
    sessions = [None] * level

    def login(i):
        login_name = logins[i % len(logins)]
        sessions[i] = Rpc(url, db, login_name, login_name)

    threads = [threading.Thread(target=login, args=(i,)) for i in range(level)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not all(sessions):
        raise SystemExit("not every front-desk session could log in")
    barrier = threading.Barrier(level + 1)
    latencies, outcomes, lock = [], {}, threading.Lock()

    def clerk(i):
        barrier.wait()
        for k in range(INTAKES_PER_SESSION):
            national_id = people[(i * INTAKES_PER_SESSION + k) % len(people)][0]
            start = time.perf_counter()
            try:
                rpc_intake(sessions[i], national_id, service_id, lines)
                outcome = "done"
            except Exception as exc:  # noqa: BLE001 - counted and reported, the others go on
                outcome = call_error(exc)
            elapsed = (time.perf_counter() - start) * 1000.0
            with lock:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if outcome == "done":
                    latencies.append(elapsed)

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(level)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, outcomes, time.perf_counter() - start


def bench_sessions(env, conf, db, port, log_path):
    """50 and 100 front-desk sessions submitting at the same instant, against the product's own
    sizing (2 x cores + 1 workers, 8 connections per process): all answered, p95, and what the
    database grows by per intake (the request, its cases, messages, queued mail and audit rows)."""
    workers = 2 * (os.cpu_count() or 1) + 1
    service = env["oss.service"].search([("code", "=", INTAKE_SERVICE)])
    lines = received_lines(env["oss.request"], service)
    logins = [user.login for user in env["res.users"].search([("login", "=like", "lg_frontdesk_%")])]
    people = sample_people(env, sum(SESSION_LEVELS) * INTAKES_PER_SESSION, seed=23)
    out, grown, intakes, offset = {}, 0, 0, 0
    after = last_job(env)  # its transaction ended, as each reading of the size ends its own
    with Server(conf, db, port, log_path, workers=workers, db_maxconn=8) as server:
        for level in SESSION_LEVELS:
            asked = level * INTAKES_PER_SESSION
            before = _database_bytes(env)
            with Progress("%d sessions" % level, 1) as bar:
                latencies, outcomes, seconds = _sessions_at_once(
                    server.url, db, logins, level, people[offset:offset + asked], service.id, lines)
                bar.update()
            offset += asked
            done = outcomes.get("done", 0)
            grown += _database_bytes(env) - before
            intakes += done
            common = dict(workers=workers, sessions=level, outcomes=outcomes, seconds=round(seconds, 1),
                          p50=round(percentile(latencies, 0.5), 1) if latencies else None,
                          p95=round(percentile(latencies, 0.95), 1) if latencies else None)
            out["sessions_%d_answered" % level] = result(
                "%d front-desk sessions at once, %d intakes each, %d workers: intakes done (%%)"
                % (level, INTAKES_PER_SESSION, workers), "%", 100.0, [100.0 * done / asked],
                goal_kind="min", **common)
            out["sessions_%d_p95" % level] = result(
                "%d front-desk sessions at once: p95 time of an intake (lookup, create and submit)" % level,
                "ms", None, [percentile(latencies, 0.95)] if latencies else [0.0], **common)
            out["sessions_%d_rate" % level] = result(
                "%d front-desk sessions at once: intakes per second" % level, "req/s", None,
                [done / seconds], goal_kind="min", **common)
        jobs_run(db, after, "the front-desk sessions")
    if intakes:
        out["database_growth"] = result(
            "Database and filestore growth per intake through the counter (request, documents, steps, "
            "cases, messages, queued e-mail, audit rows)", "kB", None, [grown / 1024.0 / intakes],
            intakes=intakes)
    return out


# ------------------------------------------------------------------ 11. cold first loads in Chromium
RECEIPT = "/report/pdf/one_stop_service.oss_request_receipt/%d"
FETCH = """
const done = arguments[arguments.length - 1], start = performance.now();
fetch(arguments[0], {credentials: "same-origin"})
    .then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get("content-type"), b.byteLength,
                                               performance.now() - start])))
    .catch(e => done([0, String(e), 0, performance.now() - start]));
"""


def _drop_asset_bundles(env):
    """What a deploy does to the web client's bundles: Odoo builds them again on the next request
    (the compiled CSS and JS are attachments of ir.ui.view)."""
    env.cr.execute("DELETE FROM ir_attachment WHERE res_model = 'ir.ui.view' AND url LIKE '/web/content/%%'")
    dropped = env.cr.rowcount
    env.cr.commit()
    return dropped


def _build_asset_bundles(env):
    """The deploy step of scripts/gov.sh (gov_crm's ir.qweb.gov_build_asset_bundles): seconds."""
    start = time.perf_counter()
    env["ir.qweb"].gov_build_asset_bundles()
    env.cr.commit()
    return time.perf_counter() - start


def _first_loads(url, login, request_id):
    """A new Chromium profile (nothing cached) logs in as ``login``, then fetches the receipt twice.
    Returns seconds: the login page, login to the app drawer, the first and the next receipt."""
    sys.path.insert(0, ROOT)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    from tests.chromium import LOGGED_IN, chromium_driver

    driver = chromium_driver()
    try:
        start = time.perf_counter()
        driver.get(url + "/web/login")
        page = time.perf_counter() - start
        driver.find_element(By.NAME, "login").send_keys(login)
        driver.find_element(By.NAME, "password").send_keys(login)
        start = time.perf_counter()
        driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        WebDriverWait(driver, 180).until(ec.presence_of_element_located((By.CSS_SELECTOR, LOGGED_IN)))
        client = time.perf_counter() - start
        driver.set_script_timeout(180)
        pdfs = []
        for _i in range(2):
            status, kind, size, ms = driver.execute_async_script(FETCH, url + RECEIPT % request_id)
            if status != 200 or "pdf" not in (kind or "") or size < 1000:
                raise SystemExit("the receipt did not come back as a PDF: %s %s %s bytes" % (status, kind, size))
            pdfs.append(ms / 1000.0)
        return page, client, pdfs[0], pdfs[1]
    finally:
        driver.quit()


def bench_coldload(env, conf, db, port, log_path, runs):
    """The web client and the receipt PDF as the first front-desk user of the day finds them: after
    a deploy that built the asset bundles (scripts/gov.sh does), after one that only dropped them
    (Odoo builds each on the first request that needs it), after a restart (bundles kept), and
    the same again warm."""
    login = env.ref(FRONT_DESK).login
    env.cr.execute("SELECT id FROM oss_request WHERE state = 'in_progress' ORDER BY id DESC LIMIT 1")
    request_id = env.cr.fetchone()[0]
    samples = {key: [] for key in ("built_step", "built_page", "built_client", "built_pdf",
                                   "deploy_page", "deploy_client", "restart_client", "warm_client",
                                   "pdf_first", "pdf_next")}
    with Progress("cold loads", runs) as bar:
        for _run in range(runs):
            dropped = _drop_asset_bundles(env)
            samples["built_step"].append(_build_asset_bundles(env))
            with Server(conf, db, port, log_path) as server:
                page, client, pdf_first, _pdf_next = _first_loads(server.url, login, request_id)
                samples["built_page"].append(page)
                samples["built_client"].append(client)
                samples["built_pdf"].append(pdf_first)
            _drop_asset_bundles(env)
            with Server(conf, db, port, log_path) as server:
                page, client, pdf_first, pdf_next = _first_loads(server.url, login, request_id)
                samples["deploy_page"].append(page)
                samples["deploy_client"].append(client)
                samples["pdf_first"].append(pdf_first)
                samples["pdf_next"].append(pdf_next)
                samples["warm_client"].append(_first_loads(server.url, login, request_id)[1])
            with Server(conf, db, port, log_path) as server:
                samples["restart_client"].append(_first_loads(server.url, login, request_id)[1])
            bar.update()
    label = "Web client in a new Chromium profile, login to the application menu, "
    dropped_only = " after a deploy that dropped the bundles and did not build them (built on this request)"
    return {
        "coldload_built_step": result("Deploy step building the asset bundles (scripts/gov.sh assets)", "s",
                                      None, samples["built_step"], bundles_dropped=dropped),
        "coldload_built_page": result("Login page after a deploy that built the bundles", "s", 2.0,
                                      samples["built_page"]),
        "coldload_built_client": result(label + "after a deploy that built the bundles", "s", 5.0,
                                        samples["built_client"]),
        "coldload_built_pdf": result("First receipt PDF after a deploy that built the bundles, fetched by the "
                                     "logged-in browser", "s", 5.0, samples["built_pdf"]),
        "coldload_deploy_page": result("Login page" + dropped_only, "s", None, samples["deploy_page"],
                                       bundles_dropped=dropped),
        "coldload_deploy_client": result(label + dropped_only.strip(), "s", None, samples["deploy_client"]),
        "coldload_restart_client": result(label + "after a server restart (bundles kept)", "s", 3.0,
                                          samples["restart_client"]),
        "coldload_warm_client": result(label + "once another user has loaded it", "s", 3.0,
                                       samples["warm_client"]),
        "coldload_pdf_first": result("First receipt PDF" + dropped_only + ", fetched by the logged-in browser",
                                     "s", None, samples["pdf_first"]),
        "coldload_pdf_next": result("The next receipt PDF", "s", 2.0, samples["pdf_next"]),
    }
