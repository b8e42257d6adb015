"""Smoke run of the load generator and of the benchmark harness, so that they cannot rot.

A tiny data set (2,000 persons, 400 requests, about 900 cases) in its own database,
installed without demo data; the full run is `make data SIZE=large && make bench`.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import odoo
import pytest

from . import early
from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
DB = "govcrm_bench_smoke"
MODULES = "gov_crm,one_stop_service,citizen_case,gov_kpi"
ENV = dict(os.environ, ODOO_PRELOAD_ADDONS="no", TZ="UTC", PGTZ="UTC")


def run(args, timeout=120):
    done = subprocess.run([str(a) for a in args], cwd=str(ROOT), env=ENV, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert done.returncode == 0, done.stdout[-3000:]
    return done.stdout


def drop_database():
    odoo.sql_db.close_db(DB)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % DB)  # fixed name


def build():
    """The smoke database: the modules without demo data, then the tiny data set. Returns its
    configuration file. Run early in the run (tests/early.py): it touches no other database."""
    # ports free now, not fixed ones: several checkouts run their tests on one machine
    conf = run([ROOT / "scripts" / "gov.sh", "conf", DB, free_port(), free_port()]).strip().splitlines()[-1]
    drop_database()  # one a run stopped early left
    run([sys.executable, ROOT / "scripts" / "odoo-bin", "-c", conf, "-d", DB, "-i", MODULES,
         "--without-demo=all", "--stop-after-init", "--log-level=warn"], timeout=300)
    out = run([sys.executable, ROOT / "data" / "loadgen" / "loadgen.py", "-c", conf, "-d", DB,
               "--size", "tiny"], timeout=300)
    assert "requests: 400 requests" in out, out
    return conf


BUILT = early.Work(early.using("smoke_conf"), build, drop_database)
EARLY_WORK = [BUILT]


@pytest.fixture(scope="module")
def smoke_conf():
    try:
        yield BUILT.result()
    finally:  # the database goes, also when building it failed
        drop_database()


def smoke_env(cr):
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def test_generated_rows_are_what_the_modules_would_write(smoke_conf):
    sys.path.insert(0, str(ROOT / "data" / "loadgen"))
    from check import check_generated
    registry = odoo.registry(DB)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = smoke_env(cr)
        assert check_generated(env, sample=60) == []
        state = json.loads(env["ir.config_parameter"].get_param("gov_loadgen.state"))
        assert (state["persons"], state["requests"]) == (2000, 400)
        assert env["oss.request"].search_count([]) == 400
        assert env["res.partner"].search_count([("national_id", "!=", False)]) == 2000
        # about two cases per request, some transferred, some rated, some still open
        cases = env["citizen.case"].search_count([])
        assert 700 <= cases <= 1100, cases
        assert env["citizen.case.transfer"].search_count([]) > 0
        assert env["citizen.case"].search_count([("rating", "!=", False)]) > 0
        assert env["citizen.case"].search_count([("stage_state", "in", ["new", "progress", "waiting"])]) > 0
        # the module hands out a tracking number after the generated ones
        request = env["oss.request"].search([], order="date_received desc", limit=1)
        number = env["oss.request"]._oss_next_tracking_number(odoo.fields.Datetime.from_string(request.date_received))
        assert env["oss.request"].search_count([("name", "=", number)]) == 0
        cr.rollback()


def test_generator_is_idempotent(smoke_conf):
    out = run([sys.executable, ROOT / "data" / "loadgen" / "loadgen.py", "-c", smoke_conf, "-d", DB,
               "--size", "tiny"])
    assert "requests:" not in out and "persons:" not in out, out
    registry = odoo.registry(DB)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        assert smoke_env(cr)["oss.request"].search_count([]) == 400


def test_benchmark_and_report_run(smoke_conf, tmp_path):
    result = tmp_path / "ours-smoke.json"
    run([sys.executable, ROOT / "bench" / "bench.py", "suite", "-c", smoke_conf, "-d", DB,
         "--only", "lookup,officer", "--runs", "5", "--samples", "5", "--out", result])
    figures = json.loads(result.read_text())["figures"]
    assert set(figures) == {"lookup_id", "lookup_phone", "lookup_intake", "case_list", "case_at_risk",
                            "case_kanban"}
    for figure in figures.values():
        assert figure["n"] == 5 and 0 < figure["median"] <= figure["p90"], figure
    report, plot = tmp_path / "BENCHMARKS.md", tmp_path / "growth.png"
    results = tmp_path / "results"
    results.mkdir()
    result.rename(results / "ours-400.json")
    run([sys.executable, ROOT / "bench" / "bench.py", "report", "--results", results, "--out", report,
         "--plot", plot])
    text = report.read_text()
    assert "| 3 | Person by national ID (res.partner name_search) | 400 |" in text
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_refuses_the_demo_database():
    done = subprocess.run([sys.executable, str(ROOT / "data" / "loadgen" / "loadgen.py"), "-c", "x.conf",
                           "-d", "govcrm"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, cwd=str(ROOT))
    assert done.returncode == 2
    assert "refusing to load benchmark data into govcrm" in done.stdout
