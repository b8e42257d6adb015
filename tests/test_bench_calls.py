"""The benchmark's JSON-RPC intake call by call: what each call of a logged-in clerk sent to the
database and how long the server took, read from the log of a server that logs every statement."""
import sys
from pathlib import Path

import odoo
import pytest

from .conftest import _settings, free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
# pylint: disable-next=wrong-import-position
from harness import AFTER_ANSWER, requests_in_log  # noqa: E402
# pylint: disable-next=wrong-import-position
from suites import call_rows, calls_profile  # noqa: E402

SEARCH = "/web/dataset/call_kw/res.partner/search"
READ = "/web/dataset/call_kw/res.partner/read"

LOG = """\
2026-12-02 10:00:00,100 11 DEBUG db odoo.sql_db: query: SELECT base_registry_signaling.last_value
2026-12-02 10:00:00,101 12 DEBUG db odoo.sql_db: query: SELECT base_registry_signaling.last_value
2026-12-02 10:00:00,102 11 DEBUG db odoo.sql_db: query: SELECT "res_partner".id
    FROM "res_partner" WHERE true
2026-12-02 10:00:00,103 11 DEBUG db odoo.sql_db: table: res_partner: 0:00:00.000200/1
2026-12-02 10:00:00,110 11 INFO db werkzeug: 127.0.0.1 - - [02/Dec/2026 10:00:00] "POST %s HTTP/1.1" 200 -
2026-12-02 10:00:00,120 12 DEBUG db odoo.sql_db: query: SELECT "queue_job".id FROM "queue_job"
2026-12-02 10:00:00,131 12 INFO db werkzeug: 127.0.0.1 - - [02/Dec/2026] "GET /queue_job/runjob?db=db HTTP/1.0" 200 -
2026-12-02 10:00:00,140 11 INFO db werkzeug: 127.0.0.1 - - [02/Dec/2026 10:00:00] "GET /web/static/x.js HTTP/1.1" 304 -
""" % SEARCH


def test_each_answer_gets_the_statements_of_its_worker(tmp_path):
    log = tmp_path / "server.log"
    log.write_text(LOG)
    answered = requests_in_log(str(log))
    # two workers at once; a statement on two lines counts once; other log lines do not count
    assert [(path, queries) for path, queries, _ms in answered] == [
        (SEARCH, 2), ("/queue_job/runjob", 2), ("/web/static/x.js", 0)]
    assert [round(ms) for _path, _queries, ms in answered] == [10, 30, 0]


def test_a_job_run_after_the_answer_counts_as_one_more_answer(tmp_path):
    """The statements a worker sends after its answer (the acknowledgement's job) are the job's,
    not the next call's of that worker."""
    log = tmp_path / "server.log"
    log.write_text("""\
2026-12-02 10:00:00,100 11 DEBUG db odoo.sql_db: query: SELECT 1
2026-12-02 10:00:00,110 11 INFO db werkzeug: 127.0.0.1 - - [02/Dec/2026 10:00:00] "POST %s HTTP/1.1" 200 -
2026-12-02 10:00:00,112 11 DEBUG db odoo.sql_db: query: UPDATE queue_job SET state = 'started'
2026-12-02 10:00:00,113 11 DEBUG db odoo.sql_db: query: SELECT "queue_job".id
2026-12-02 10:00:00,125 11 INFO db odoo.addons.gov_http.job_after_answer: job 6b1f done after the answer
2026-12-02 10:00:00,130 11 DEBUG db odoo.sql_db: query: SELECT 2
2026-12-02 10:00:00,131 11 WARNING db odoo.addons.gov_http.job_after_answer: job 6b1f failed after the answer \
(try 1), postponed: mail server down
2026-12-02 10:00:00,140 11 INFO db werkzeug: 127.0.0.1 - - [02/Dec/2026 10:00:00] "POST %s HTTP/1.1" 200 -
""" % (SEARCH, SEARCH))
    answered = requests_in_log(str(log))
    assert [(path, queries, round(ms)) for path, queries, ms in answered] == [
        (SEARCH, 1, 10), (AFTER_ANSWER, 2, 13), (SEARCH, 1, 10)]


def test_a_call_never_answered_stops_the_profile(tmp_path):
    """The acknowledgement's job not run (a runner standing still) is not a cheaper intake."""
    log = tmp_path / "server.log"
    log.write_text(LOG)
    answered = requests_in_log(str(log))
    rows = call_rows(answered, ((SEARCH, "find"), ("/queue_job/runjob", "the job")), "intake", warmup=0)
    assert [(row["path"], row["queries"], row["n"]) for row in rows] == [(SEARCH, 2, 1), ("/queue_job/runjob", 2, 1)]
    with pytest.raises(SystemExit, match="intake: no /queue_job/runjob"):
        call_rows(answered[:1], ((SEARCH, "find"), ("/queue_job/runjob", "the job")), "intake", warmup=0)
    with pytest.raises(SystemExit, match="no /web/dataset/call_kw/res.partner/search"):
        call_rows(answered, ((SEARCH, "find"),), "intake", warmup=1)


def test_a_clerk_s_calls_counted_one_by_one(gov_server, tmp_path):
    """The demo front desk finds a person, then reads their name: each call's statements and time."""
    conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        # set-up: a person of the demo data whose ID the clerk types (the test's own choice)
        person = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["res.partner"].search(
            [("national_id", "!=", False)], limit=1)
        national_id, person_id = person.national_id, person.id
        cr.rollback()

    def operation(session, _i):
        found = session.call_kw("res.partner", "search", [[("national_id", "=", national_id)]], {"limit": 1})
        assert found == [person_id]
        session.call_kw("res.partner", "read", [found, ["name"]])

    log_path = str(tmp_path / "server.log")
    profile = calls_profile(conf, db, free_port(), log_path, "frontdesk", operation,
                            ((SEARCH, "find the person"), (READ, "read their name")), "label", runs=4)
    by_path = {row["path"]: row for row in profile["calls"]}
    assert set(by_path) == {SEARCH, READ}
    for row in by_path.values():
        assert row["n"] == 4  # made 4 + CALL_WARMUP times: the first ones are left out
        # at least the server's check of its registry and the call's own statement
        assert row["queries"] >= 2 and row["ms"] >= 0
    assert profile["queries_median"] == by_path[SEARCH]["queries"] + by_path[READ]["queries"]
    assert not Path(log_path + ".sql").exists()  # the log of every statement is not kept
