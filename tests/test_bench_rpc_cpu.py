"""How ``bench/rpc_cpu.py`` shares the processor time out, and how ``bench/rpc_cpu_pair.py`` reads and
writes it: the figures the JSON-RPC goal's side-by-side comparison is read from."""
import argparse
import contextlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from .conftest import committed_env, purge_requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
# pylint: disable-next=wrong-import-position
import peer  # noqa: E402
# pylint: disable-next=wrong-import-position
import rpc_cpu  # noqa: E402
# pylint: disable-next=wrong-import-position
import rpc_cpu_pair  # noqa: E402
# pylint: disable-next=wrong-import-position
import harness  # noqa: E402
# pylint: disable-next=wrong-import-position
import report  # noqa: E402
# pylint: disable-next=wrong-import-position
import suites  # noqa: E402

# {pid: (parent pid, command line)} as /proc gives them: a server with two workers, the cluster's
# own processes and backends of three databases, one of whose names begins another's
PROCESSES = {
    100: (1, b"python\0odoo-bin\0-d\0govcrm_bench\0"),
    101: (100, b"python\0odoo-bin\0-d\0govcrm_bench\0"),
    102: (100, b"python\0odoo-bin\0-d\0govcrm_bench\0"),
    200: (1, b"/usr/lib/postgresql/15/bin/postgres\0-D\0cluster\0"),
    201: (200, b"postgres: checkpointer " + b"\0" * 20),
    202: (200, b"postgres: odoo govcrm_bench 127.0.0.1(40001) idle" + b"\0" * 20),
    203: (200, b"postgres: odoo govcrm_bench 127.0.0.1(40002) UPDATE" + b"\0" * 20),
    204: (200, b"postgres: odoo govcrm_bench_x 127.0.0.1(40003) idle" + b"\0" * 20),
    205: (200, b"postgres: odoo helpdesk_bench 127.0.0.1(40004) idle" + b"\0" * 20),
    300: (1, b"python\0other-server\0"),
}


def test_the_backends_of_a_database_are_counted_apart(monkeypatch):
    monkeypatch.setattr(rpc_cpu, "_processes", lambda: PROCESSES)
    found = rpc_cpu.groups(100, "govcrm_bench")
    assert sorted(found["odoo"]) == [100, 101, 102]
    assert sorted(found["postgres"]) == [200, 201, 202, 203, 204, 205]
    # neither the cluster's own processes nor another database's backends, whatever its name
    assert sorted(found["database"]) == [202, 203]
    assert rpc_cpu.groups(100, "helpdesk_bench")["database"] == [205]


def test_a_process_started_during_the_run_counts_in_full():
    before = {"database": {202: 1.0, 203: 2.0}}
    after = {"database": {202: 1.5, 203: 2.0, 206: 0.25}}  # 206 connected meanwhile
    assert rpc_cpu.ms_per_record(before, after, "database", 5) == pytest.approx(150.0)


def test_the_pair_reads_both_figures_of_a_run():
    output = ("ours-by-id: 19.9 records/s over 30 s, 597 records, 0 errors\n"
              "  odoo        35.7 ms of processor time per record\n"
              "  postgres    16.9 ms of processor time per record\n"
              "  clients      0.9 ms of processor time per record\n"
              "  in all      53.5 ms per record\n"
              "  of which    16.4 ms in the backends of govcrm_bench\n")
    match = rpc_cpu_pair.RESULT.search(output)
    assert (match.group(1), match.group(2), match.group(3)) == ("ours-by-id", "19.9", "35.7")
    assert rpc_cpu_pair.BACKENDS.search(output).group(1) == "16.4"


def test_a_row_adds_the_backends_only_for_two_databases():
    results = [(19.9, 35.7, 16.4), (21.7, 33.1, 15.0)]
    assert rpc_cpu_pair.table_row(1, results, apart=False) == "| 1 | 19.9 | 21.7 | 35.7 / 33.1 ms (1.08) |"
    assert rpc_cpu_pair.table_row(2, results, apart=True) == (
        "| 2 | 19.9 | 21.7 | 35.7 / 33.1 ms (1.08) | 52.1 / 48.1 ms (1.08) |")
    older = [(19.9, 35.7, None), (21.7, 33.1, 15.0)]
    assert rpc_cpu_pair.table_row(3, older, apart=True).endswith("| not counted by an older checkout |")


def test_the_report_reads_the_goal_from_both_sides_at_the_same_time(tmp_path):
    """``make bench``'s figures of the intakes and tickets sent at the same time: a row beside the runs
    made apart, the processor time per record of each side (medians) and the median of the runs'
    ratios, read against the goal."""
    results = Path(__file__).resolve().parent.parent / "bench" / "results"
    for name in ("ours-1000000.json", "peer.json"):
        shutil.copy(str(results / name), str(tmp_path / name))
    ours = json.loads((tmp_path / "ours-1000000.json").read_text())
    runs = [{"ours_rate": 20.0, "peer_rate": 19.0, "ours_ms": 52.0, "peer_ms": 55.0},
            {"ours_rate": 19.0, "peer_rate": 19.5, "ours_ms": 56.0, "peer_ms": 54.0},
            {"ours_rate": 20.5, "peer_rate": 19.2, "ours_ms": 53.0, "peer_ms": 54.5}]
    ours["figures"]["intake_rpc_at_once"] = suites.result(
        "Intake over JSON-RPC at the same time as the peer's ticket", "x", 1.0,
        [run["ours_ms"] / run["peer_ms"] for run in runs], runs=runs,
        measured={"date": "2026-12-05 19:00 UTC", "loadavg": [1.5, 1.5, 1.5]})
    (tmp_path / "ours-1000000.json").write_text(json.dumps(ours))
    report.write(str(tmp_path), str(tmp_path / "B.md"), str(tmp_path / "plot.png"))
    text = (tmp_path / "B.md").read_text()
    assert ("| JSON-RPC, both sides at the same time (2 workers and 4 clients each): processor time per record, "
            "Odoo's processes and the database's backends (median of 3 runs) | 1,000,000 | 53.0 ms | 54.5 ms | "
            "0.97 (median of the runs' ratios) | <= 1 |") in text
    assert "| JSON-RPC records/s, 2 workers, 4 clients (median), each side run alone | 1,000,000 |" in text
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Intake over JSON-RPC at the same"))
    assert "| 0.97 | 1.04 | 3 | <= 1.00 | yes |" in row


def test_the_sides_it_takes():
    assert rpc_cpu_pair.side("govcrm_bench:ours-by-id") == ("govcrm_bench", "ours-by-id", rpc_cpu_pair.harness.ROOT)
    for spec in ("govcrm_bench:theirs", ":ours", "govcrm_bench"):
        with pytest.raises(argparse.ArgumentTypeError):
            rpc_cpu_pair.side(spec)


def test_the_one_call_intake_finds_the_person_and_submits(gov_server, gov_rpc):
    """``ours-by-id``'s intake, as the demo front desk: one call, the person found from the ID typed."""
    clerk = gov_rpc("frontdesk", "frontdesk")
    with committed_env() as env:
        person = env.ref("gov_crm.partner_citizen_01_demo")
        national_id, person_id = person.national_id, person.id
        service = env.ref("one_stop_service.oss_service_c03")
        lines = suites.received_lines(env["oss.request"], service)
    request_id = suites.rpc_intake_by_id(clerk, national_id, service.id, lines)
    try:
        [request] = clerk.call_kw("oss.request", "read", [[request_id], ["partner_id", "state", "document_ids"]])
        assert request["partner_id"][0] == person_id
        assert request["state"] == "in_progress"  # every document received: the clock started
        assert len(request["document_ids"]) == len(lines)
    finally:
        with committed_env() as env:
            purge_requests(env, [request_id])


def test_a_failed_calls_record_names_what_raised_and_no_path_of_the_machine():
    """The failover benchmark keeps each failed call's detail in bench/results/failover.json, which is
    tracked: Odoo's exception, its message and the frame that raised it, files relative to the
    repository or to site-packages."""
    debug = ("Traceback (most recent call last):\n  File \"%s/addons/gov_http/patches.py\", line 175, in borrow\n"
             "    return original(self, connection_info)\n  File \"/opt/venv/lib/python3.7/site-packages/odoo/"
             "service/security.py\", line 18, in check\n    raise AccessDenied()\n" % harness.ROOT)
    error = RuntimeError(json.dumps({"code": 200, "message": "Odoo Server Error", "data": {
        "name": "odoo.exceptions.AccessDenied", "message": "Access denied", "debug": debug}}))
    assert harness.call_detail(error) == (
        "odoo.exceptions.AccessDenied: Access denied (odoo/service/security.py:18, in check)")
    # an answer cut short or not JSON-RPC: its text, the paths made relative all the same
    cut = RuntimeError('{"data": {"debug": "File \\"%s/addons/gov_http/patches.py\\"' % harness.ROOT)
    assert harness.call_detail(cut) == '{"data": {"debug": "File \\"addons/gov_http/patches.py\\"'
    assert harness.call_detail(ConnectionError("closed"), length=3) == "clo"


def test_the_measuring_process_holds_no_transaction_while_the_server_is_loaded(monkeypatch):
    """A transaction left open by the benchmark's own process through a load keeps PostgreSQL from
    pruning the row versions the intakes leave: the JSON-RPC intakes and the front-desk sessions
    are run with none open, as the peer's tickets are."""
    held = []
    monkeypatch.setattr(suites, "FRONT_DESK", "gov_crm.user_frontdesk_demo")
    monkeypatch.setattr(suites, "Rpc", lambda *args, **kwargs: None)
    monkeypatch.setattr(suites, "Server", lambda *args, **kwargs: contextlib.nullcontext(
        argparse.Namespace(url="http://127.0.0.1:1")))
    monkeypatch.setattr(suites, "jobs_run", lambda *args, **kwargs: None)
    with committed_env() as env:
        def loaded(*_args):
            held.append(env.cr._cnx.get_transaction_status())  # pylint: disable=protected-access
        monkeypatch.setattr(harness, "throughput", lambda *args: (loaded(), (1.0, []))[1])
        monkeypatch.setattr(suites, "_sessions_at_once", lambda *args: (loaded(), ([1.0], {"done": 1}, 1.0))[1])
        suites.bench_intake_rpc(env, "http://127.0.0.1:1", env.cr.dbname, 2, 1)
        suites.bench_sessions(env, None, env.cr.dbname, 1, None)
    assert held == [TRANSACTION_STATUS_IDLE] * (1 + 2 + len(suites.SESSION_LEVELS))  # with the warm-up


def test_each_side_s_counted_runs_follow_a_warm_up_that_is_not_counted(monkeypatch):
    """A server just started fills its caches in its first seconds: our intakes and the peer's tickets
    are counted after WARM_UP_SECONDS of the same load, on the same sessions."""
    loads = []

    def load(sessions, operation, seconds):
        loads.append((len(sessions), seconds))
        return float(len(loads)), ["error %d" % len(loads)]
    monkeypatch.setattr(harness, "throughput", load)
    monkeypatch.setattr(suites, "FRONT_DESK", "gov_crm.user_frontdesk_demo")
    monkeypatch.setattr(suites, "Rpc", lambda *args, **kwargs: None)
    monkeypatch.setattr(peer, "Rpc", lambda *args, **kwargs: None)
    monkeypatch.setattr(peer, "Server", lambda *args, **kwargs: contextlib.nullcontext(
        argparse.Namespace(url="http://127.0.0.1:1")))
    monkeypatch.setattr(peer, "rpc_ticket", lambda env: None)
    with committed_env() as env:
        ours = suites.bench_intake_rpc(env, "http://127.0.0.1:1", env.cr.dbname, 3, 7)["intake_rpc"]
        theirs = peer.bench_peer_rpc(env, None, env.cr.dbname, 1, 3, 7, None)["peer_rpc"]
    warm, counted = (4, harness.WARM_UP_SECONDS), (4, 7)
    assert loads == [warm, counted, counted, counted] * 2
    assert (ours["samples"], ours["error_count"]) == ([2.0, 3.0, 4.0], 3)
    assert (theirs["samples"], theirs["error_count"]) == ([6.0, 7.0, 8.0], 3)
