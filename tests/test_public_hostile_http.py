"""Hostile input on the public pages and files: bad query strings, huge page numbers, unknown
codes answer 404 (never 500); what a visitor can make expensive is rate-limited per address
like the status page (gov.rate.limit)."""
import pytest
import requests

from .conftest import WHOLE_RUN_WINDOW, committed_env, reset_rate_limits, retry_after_ends_the_whole_run_window
from .leftovers import leftovers, snapshot

LONG = "ก" * 20000


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()
    yield
    reset_rate_limits()


@pytest.mark.parametrize("path", [
    "/services?page=0", "/services?page=-1", "/services?page=abc", "/services?page=99999999",
    "/services?page=1e3", "/services?page=2%00", "/services?page=3", "/services?group=G2X",
    "/services?group=%27%20OR%201%3D1", "/services?department=NOPE", "/services?department=REG%27--",
    "/services?event=wedding", "/services?event=%00", "/services/NOPE", "/services/%00", "/services/C01%00",
    "/services/" + "X" * 300, "/performance/service/C01%00", "/data/service-performance%00/datapackage.json",
    "/services/C01%27%20OR%20%271%27%3D%271", "/services/C01/manual.pdf.exe", "/services/c01",
    "/performance?month=2026-13", "/performance?month=abcd", "/performance?month=1900-01",
    "/performance?month=2026-1", "/performance?month=" + "9" * 500,
    "/performance/department/NOPE", "/performance/service/NOPE", "/performance/department/%3Cscript%3E",
    "/data/unknown", "/data/unknown/datapackage.json", "/data/service-performance/unknown.csv",
    "/data/service-performance/performance-by-department.xml", "/data/service-performance/services.csv",
    "/data/service-performance/..%2f..%2fetc%2fpasswd", "/data/service-catalogue/services",
])
def test_unknown_pages_are_404(gov_server, path):
    response = requests.get(gov_server + path, timeout=60)
    assert response.status_code == 404, (path, response.status_code)
    assert 'id="gp_not_found"' in response.text or response.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path, contains", [
    ("/services?q=" + LONG, "gp_no_result"),
    ("/services?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("/services?q=%25%27%22%5C_", "gp_no_result"),
    ("/services?q=C01&q=C02", 'data-code="C01"'),
    ("/services?lang=xx", '<html lang="th">'),
    ("/services?lang=en&lang=th", '<html lang="en">'),
    ("/services?unknown=1&page=1", 'data-code="C01"'),
    ("/services?event=&group=&department=", 'data-code="C01"'),
    ("/services?q=%00%01C01%7F", 'data-code="C01"'),
    ("/performance?lang=en&x=" + LONG, "gp_departments"),
    ("/data/catalog.json?lang=%00", '"dcat:Catalog"'),
])
def test_odd_query_strings_are_answered(gov_server, path, contains):
    response = requests.get(gov_server + path, timeout=60)
    assert response.status_code == 200, (path[:80], response.status_code)
    assert contains in response.text
    assert "<script>alert(1)" not in response.text


def test_a_long_search_text_is_cut_not_refused(gov_server):
    response = requests.get(gov_server + "/services", params={"q": "การแจ้งเกิด" + " x" * 5000}, timeout=60)
    assert response.status_code == 200 and 'value="การแจ้งเกิด x x' in response.text


def test_post_is_not_allowed(gov_server):
    for path in ("/services", "/performance", "/data/catalog.json"):
        assert requests.post(gov_server + path, timeout=60).status_code in (400, 405), path


def limit(key, calls):
    with committed_env() as env:
        env["ir.config_parameter"].set_param(key, str(calls))


def unlimit(*keys):
    with committed_env() as env:
        env["ir.config_parameter"].search([("key", "in", keys)]).unlink()


def test_searches_are_rate_limited_per_address(gov_server):
    limit("gov_public.search_rate_limit", 3)
    limit("gov_public.search_rate_window", WHOLE_RUN_WINDOW)
    try:
        answers = [requests.get(gov_server + "/services", params={"q": "ค้นหา %d" % n}, timeout=60)
                   for n in range(5)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
        refused = answers[3]
        assert retry_after_ends_the_whole_run_window(refused.headers)
        assert 'id="gp_rate_limited"' in refused.text and refused.headers["Cache-Control"] == "no-store"
        # pages without a search text are not counted
        assert requests.get(gov_server + "/services?group=G2B", timeout=60).status_code == 200
        with committed_env() as env:
            env.cr.execute("SELECT sum(hits) FROM gov_rate_limit WHERE scope = 'gov_public.search'")
            assert env.cr.fetchone()[0] == 5
    finally:
        unlimit("gov_public.search_rate_limit", "gov_public.search_rate_window")


def test_manual_downloads_are_rate_limited_per_address(gov_server):
    limit("gov_public.manual_rate_limit", 2)
    limit("gov_public.manual_rate_window", WHOLE_RUN_WINDOW)
    try:
        codes = [requests.get(gov_server + "/services/C02/manual.pdf", timeout=180).status_code for _n in range(3)]
        assert codes == [200, 200, 429]
        # an unknown or unpublished manual is answered 404 before it is counted
        assert requests.get(gov_server + "/services/NOPE/manual.pdf", timeout=60).status_code == 404
    finally:
        unlimit("gov_public.manual_rate_limit", "gov_public.manual_rate_window")


def test_visits_leave_nothing_behind_but_the_counted_calls(gov_server):
    """Pages, files, manuals, refused and hostile requests write no record (no attachment of a
    rendered manual, no session, no person); only the rate limits count calls, and those are
    keyed hashes of the address (removed here as a new window would)."""
    with committed_env() as env:
        before = snapshot(env.cr)
    for path in ("/services", "/services?q=%E0%B8%81&page=1", "/services/C02", "/services/C02/manual.pdf",
                 "/services/NOPE/manual.pdf", "/services?page=99999999", "/performance", "/performance?lang=en",
                 "/performance/service/C04", "/data", "/data/catalog.json", "/data/catalog.rdf",
                 "/data/service-performance/datapackage.json", "/data/service-catalogue/services.csv",
                 "/services?q=" + LONG):
        assert requests.get(gov_server + path, timeout=180).status_code in (200, 404), path
    assert requests.post(gov_server + "/services", data={"q": "x"}, timeout=60).status_code in (400, 405)
    with committed_env() as env:
        env.cr.execute("SELECT count(*) FROM gov_rate_limit")
        assert env.cr.fetchone()[0] >= 1
    reset_rate_limits()
    with committed_env() as env:
        assert leftovers(env.cr, before) == []
