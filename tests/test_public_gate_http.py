"""One gate for public request data: the status page and the Open311 API read requests under
the same rules (docs/API.md, "Who may read a request"), from outside, against the server."""
import re

import pytest
import requests

from .conftest import (
    WHOLE_RUN_WINDOW, committed_env, purge_requests, reset_rate_limits, retry_after_ends_the_whole_run_window,
    system_params)
from .test_open311_api import API, assert_error, new_client, person_form
from .test_oss_http import csrf

PHONE_LAST4 = "5678"  # person_form's phone 081 234 5678


@pytest.fixture(scope="module")
def posted(gov_server):
    """A birth registration (personal) and a street light (public report) posted by one app."""
    client_id, key = new_client("Gate app")
    numbers = {}
    for code in ("C01", "C09"):
        response = requests.post(gov_server + API + "/requests.json", data=person_form(key, code), timeout=30)
        assert response.status_code == 201, response.text
        numbers[code] = response.json()[0]["service_request_id"]
    yield {"key": key, "client_id": client_id, "personal": numbers["C01"], "public": numbers["C09"]}
    with committed_env() as env:
        found = env["oss.request"].search([("name", "in", list(numbers.values()))])
        partners = found.mapped("partner_id").ids
        purge_requests(env, found.ids)
        env["oss.api.client"].browse(client_id).unlink()
        env["res.partner"].browse(partners).exists().unlink()


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()


def read(gov_server, path, **params):
    return requests.get(gov_server + API + path, params=params, timeout=10)


def test_anonymous_reads_no_personal_request_by_number(gov_server, posted):
    """The hole: 100 numbers per call, no key, no digits, returned any request's status."""
    listed = read(gov_server, "/requests.json", service_request_id="%s,%s" % (posted["personal"], posted["public"]))
    assert listed.status_code == 200
    assert [item["service_request_id"] for item in listed.json()] == [posted["public"]]
    assert_error(read(gov_server, "/requests/%s.json" % posted["personal"]), 404)
    unknown = read(gov_server, "/requests/OSS-2500-999999.json")
    assert_error(unknown, 404)
    # an existing number is answered exactly as an unknown one
    assert read(gov_server, "/requests/%s.json" % posted["personal"]).json()[0]["description"] == \
        unknown.json()[0]["description"].replace("OSS-2500-999999", posted["personal"])


def test_the_last_4_digits_open_one_personal_request(gov_server, posted):
    [item] = read(gov_server, "/requests/%s.json" % posted["personal"], last4=PHONE_LAST4).json()
    assert item["service_request_id"] == posted["personal"] and item["description"] is None
    assert_error(read(gov_server, "/requests/%s.json" % posted["personal"], last4="0000"), 404)
    by_id = read(gov_server, "/requests.json", service_request_id=posted["personal"], last4=PHONE_LAST4).json()
    assert [i["service_request_id"] for i in by_id] == [posted["personal"]]
    # the digits open one number at a time
    both = read(gov_server, "/requests.json", last4=PHONE_LAST4,
                service_request_id="%s,%s" % (posted["personal"], posted["public"])).json()
    assert [i["service_request_id"] for i in both] == [posted["public"]]


def test_public_reports_are_public(gov_server, posted):
    [item] = read(gov_server, "/requests/%s.json" % posted["public"]).json()
    assert item["service_code"] == "C09" and item["description"] == "ถนนหน้าบ้านชำรุด มีหลุมลึก"
    listed = [i["service_request_id"] for i in read(gov_server, "/requests.json").json()]
    assert posted["public"] in listed and posted["personal"] not in listed


def test_a_key_reads_what_it_posted_and_no_other_key_does(gov_server, posted):
    [item] = read(gov_server, "/requests/%s.json" % posted["personal"], api_key=posted["key"]).json()
    assert item["description"] == "ถนนหน้าบ้านชำรุด มีหลุมลึก"
    listed = [i["service_request_id"] for i in read(gov_server, "/requests.json", api_key=posted["key"]).json()]
    assert posted["personal"] in listed
    _other_id, other = new_client("Other gate app")
    assert_error(read(gov_server, "/requests/%s.json" % posted["personal"], api_key=other), 404)
    listed = [i["service_request_id"] for i in read(gov_server, "/requests.json", api_key=other).json()]
    assert posted["personal"] not in listed and posted["public"] in listed


def test_anonymous_reads_are_rate_limited(gov_server, posted):
    with system_params(oss_open311__anonymous_rate_limit=5, oss_open311__anonymous_rate_window=WHOLE_RUN_WINDOW):
        reset_rate_limits()
        statuses = [read(gov_server, "/requests/%s.json" % posted["public"]).status_code for _call in range(6)]
        assert statuses == [200] * 5 + [429]
        refused = read(gov_server, "/services.json")
        assert_error(refused, 429)
        assert retry_after_ends_the_whole_run_window(refused.headers)
        # a key has its own limit
        assert read(gov_server, "/services.json", api_key=posted["key"]).status_code == 200


def test_reads_with_digits_count_on_the_status_page_limit(gov_server, posted):
    """Guessing digits through the API draws on the same budget as the status page."""
    with system_params(one_stop_service__track_rate_limit=3, one_stop_service__track_rate_window=WHOLE_RUN_WINDOW):
        reset_rate_limits()
        statuses = [read(gov_server, "/requests/%s.json" % posted["personal"], last4="%04d" % n).status_code
                    for n in range(4)]
        assert statuses == [404, 404, 404, 429]
        session = requests.Session()
        page = session.get(gov_server + "/oss/track", timeout=30)
        refused = session.post(gov_server + "/oss/track", timeout=30, data={
            "csrf_token": csrf(page.text), "number": posted["personal"], "last4": PHONE_LAST4})
        assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_status_page_shows_a_public_report_by_number_only(gov_server, posted):
    session = requests.Session()
    page = session.get(gov_server + "/oss/track", timeout=30)
    answer = session.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": csrf(page.text), "number": posted["public"], "last4": ""})
    assert answer.status_code == 200 and 'id="oss_track_result"' in answer.text
    assert posted["public"] in answer.text
    answer = session.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": csrf(page.text), "number": posted["personal"], "last4": ""})
    assert 'id="oss_track_not_found"' in answer.text and 'id="oss_track_result"' not in answer.text
    assert not re.search(r"สมหญิง|ใจดี", answer.text)


def test_the_signed_status_link_opens_one_request_without_digits(gov_server, posted):
    """The link sent to a person who asked by e-mail, the web form or LINE (they may have given
    no ID or phone) opens their request's status with a GET; a wrong key, or the key of
    another request, is answered like an unknown number, and each try counts on the limit."""
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", posted["personal"])])
        link = request.oss_track_signed_url()
        other_key = request._oss_track_key(posted["public"])
        page = request.oss_track_url()
    assert link.startswith(page + "?") and "number=%s" % posted["personal"] in link
    path = link[link.index("/oss/track"):]
    opened = requests.get(gov_server + path, timeout=30)
    assert opened.status_code == 200 and 'id="oss_track_result"' in opened.text
    assert posted["personal"] in opened.text
    assert not re.search(r"สมหญิง|ใจดี", opened.text), "the public values only"
    key = re.search(r"key=([0-9a-f]+)", link).group(1)
    for params in ({"number": posted["personal"], "key": key[:-1] + ("0" if key[-1] != "0" else "1")},
                   {"number": posted["personal"], "key": other_key},
                   {"number": "OSS-2500-999999", "key": key}):
        answer = requests.get(gov_server + "/oss/track", params=params, timeout=30)
        assert 'id="oss_track_not_found"' in answer.text and 'id="oss_track_result"' not in answer.text, params
    with system_params(one_stop_service__track_rate_limit=2, one_stop_service__track_rate_window=WHOLE_RUN_WINDOW):
        reset_rate_limits()
        statuses = [requests.get(gov_server + path, timeout=30).status_code for _n in range(3)]
        assert statuses == [200, 200, 429]
