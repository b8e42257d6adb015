"""A generated hostile run against /open311/v2/: at least 1,000 inputs (hypothesis, bounded
by max_examples and a deadline), each answered without a 5xx (except 503 with Retry-After),
errors in the spec's format, and no record left behind by an error answer."""
import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from odoo.addons.gov_crm.tests.cleanup import purge

from ..conftest import committed_env
from ..test_open311_api import API, new_client, new_national_id

FIELDS = ["api_key", "service_code", "attribute[national_id]", "first_name", "last_name", "phone", "email",
          "description", "lat", "long", "address_string", "address_id", "media_url", "jurisdiction_id",
          "device_id", "account_id", "service_request_id", "start_date", "end_date", "status", "zipcode"]
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["' OR '1'='1", "<script>alert(1)</script>", "\x00", "\ud83d", "9" * 400, "-1e309",
                     "NaN", "Infinity", "9999-12-31", "0001-01-01", "C09\x00", "../../etc/passwd",
                     "%00", "{}", "[]", "null", "true", "OSS-2569-000001," * 40, "ก" * 300, ""]),
    st.integers(min_value=-10 ** 30, max_value=10 ** 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=12)
PATHS = ["/services.json", "/requests.json", "/services/%s.json", "/requests/%s.json", "/%s"]


def _counts():
    with committed_env() as env:
        env.cr.execute("SELECT (SELECT count(*) FROM oss_request), (SELECT count(*) FROM res_partner), "
                       "(SELECT count(*) FROM ir_attachment)")
        return env.cr.fetchone()


def _check(response, created_ok=False):
    status = response.status_code
    assert status < 500 or (status == 503 and "Retry-After" in response.headers), \
        "%s answered %s: %s" % (response.request.url[:200], status, response.text[:200])
    if status >= 400:
        kind = response.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            body = response.json()
            assert isinstance(body, list) and len(body) == 1 and set(body[0]) == {"code", "description"}, body
            assert body[0]["code"] == status
        else:
            # a path ending in .xml (or no format at all) is answered in the spec's XML
            assert kind.startswith("text/xml") or kind.startswith("application/xml"), response.text[:200]
            root = etree.fromstring(response.content)
            assert root.tag == "errors" and [child.tag for child in root] == ["error"], response.text[:200]
            assert root.findtext("error/code") == str(status)
            assert root.findtext("error/description")
    return status


@pytest.fixture(scope="module")
def hostile_key(gov_server):
    client_id, key = new_client("Hostile run", rate_limit=1000000)
    yield key
    with committed_env() as env:
        client = env["oss.api.client"].browse(client_id)
        requests_ = env["oss.request"].search([("open311_client_id", "=", client_id)])
        # requests the run created on purpose (valid inputs) go with the client, with their
        # cases, chatter and followers
        purge(env, requests_)
        client.unlink()


RUN = settings(max_examples=350, deadline=10000, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@RUN
@given(values=st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=8), use_key=st.booleans())
def test_hostile_form_posts(gov_server, hostile_key, values, use_key):
    form = dict(values)
    if use_key:
        form["api_key"] = hostile_key
    before = _counts()
    data = {k: v.encode("utf-8", "surrogatepass") for k, v in form.items()}
    response = requests.post(gov_server + API + "/requests.json", data=data, timeout=30)
    if _check(response) >= 400:
        assert _counts() == before, "an error answer left records behind: %s" % response.text[:200]


@RUN
@given(body=JSON_VALUE, raw=st.binary(max_size=200), as_raw=st.booleans())
def test_hostile_json_posts(gov_server, hostile_key, body, raw, as_raw):
    before = _counts()
    if as_raw:
        data = raw
    else:
        payload = dict(body, api_key=hostile_key) if isinstance(body, dict) else body
        data = json.dumps(payload, allow_nan=True).encode()
    response = requests.post(gov_server + API + "/requests.json", data=data, timeout=30,
                             headers={"Content-Type": "application/json"})
    if _check(response) >= 400:
        assert _counts() == before, "an error answer left records behind: %s" % response.text[:200]


@settings(max_examples=350, deadline=10000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), segment=HOSTILE_TEXT,
       query=st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=5))
def test_hostile_reads(gov_server, path, segment, query):
    url = gov_server + API + (path % requests.utils.quote(segment.encode("utf-8", "surrogatepass"), safe="")
                              if "%s" in path else path)
    before = _counts()
    response = requests.get(url, params={k: v.encode("utf-8", "surrogatepass") for k, v in query.items()},
                            timeout=30)
    _check(response)
    assert _counts() == before


def test_a_valid_post_still_works_after_the_run(gov_server, hostile_key):
    form = {"api_key": hostile_key, "service_code": "C09", "attribute[national_id]": new_national_id(),
            "first_name": "สมหญิง", "last_name": "ใจดี", "description": "ไฟถนนดับ",
            "address_string": "ซอยพหลโยธิน 7 หน้าเสาไฟต้นที่ 3"}
    response = requests.post(gov_server + API + "/requests.json", data=form, timeout=30)
    assert response.status_code == 201, response.text
