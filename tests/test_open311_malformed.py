"""Malformed Open311 calls: each answers a 4xx in the spec's error shape and records nothing."""
import json

import pytest
import requests

from .conftest import reset_rate_limits
from .test_open311_api import API, assert_error, counts, new_client, person_form, purge_module  # noqa: F401

SQL = "'; DROP TABLE oss_request; --"
SQL_OR = "' OR '1'='1"
SCRIPT = "<script>alert(1)</script>"

# (case id, changes to a valid form, expected status); None removes the field
FORM_CASES = [
    ("no_api_key", {"api_key": None}, 403),
    ("bad_api_key", {"api_key": "o311_deadbeef_not-the-key"}, 403),
    ("sql_api_key", {"api_key": SQL_OR}, 403),
    ("script_api_key", {"api_key": SCRIPT}, 403),
    ("no_service_code", {"service_code": None}, 400),
    ("unknown_service", {"service_code": "ZZ99"}, 404),
    ("sql_service_code", {"service_code": "C09" + SQL}, 400),
    ("script_service_code", {"service_code": SCRIPT}, 400),
    ("no_national_id", {"attribute[national_id]": None}, 400),
    ("bad_check_digit", {"attribute[national_id]": "1101700230709"}, 400),
    ("short_national_id", {"attribute[national_id]": "123456"}, 400),
    ("letters_national_id", {"attribute[national_id]": "abcdefghijklm"}, 400),
    ("sql_national_id", {"attribute[national_id]": "1101700230708" + SQL_OR}, 400),
    ("script_national_id", {"attribute[national_id]": SCRIPT}, 400),
    ("new_person_without_names", {"first_name": None, "last_name": None}, 400),
    ("sql_first_name", {"first_name": "Robert'); DROP TABLE res_partner;--"}, 400),
    ("script_first_name", {"first_name": SCRIPT}, 400),
    ("sql_last_name", {"last_name": SQL_OR}, 400),
    ("script_last_name", {"last_name": "<b onmouseover=alert(1)>x</b>"}, 400),
    ("long_first_name", {"first_name": "ก" * 101}, 400),
    ("script_description", {"description": "ถนนชำรุด " + SCRIPT}, 400),
    ("img_description", {"description": '<img src=x onerror="alert(1)">'}, 400),
    ("long_description", {"description": "x" * 4001}, 400),
    ("control_description", {"description": "ok\x00\x07"}, 400),
    ("bad_email", {"email": "not-an-email"}, 400),
    ("sql_email", {"email": "a@b.com" + SQL}, 400),
    ("letters_phone", {"phone": "call me maybe"}, 400),
    ("short_phone", {"phone": "08123"}, 400),
    ("sql_phone", {"phone": "0812345678" + SQL_OR}, 400),
    ("text_lat", {"lat": "north", "long": "100.5"}, 400),
    ("lat_out_of_range", {"lat": "200", "long": "100.5"}, 400),
    ("lat_without_long", {"lat": "13.7"}, 400),
    ("sql_long", {"lat": "13.7", "long": "100" + SQL_OR}, 400),
    ("javascript_media_url", {"media_url": "javascript:alert(1)"}, 400),
    ("ftp_media_url", {"media_url": "ftp://example.com/photo.jpg"}, 400),
    ("script_media_url", {"media_url": "https://example.com/" + SCRIPT}, 400),
    ("script_address", {"address_string": SCRIPT}, 400),
    ("sql_address_id", {"address_id": SQL}, 400),
    ("sql_jurisdiction", {"jurisdiction_id": SQL_OR}, 400),
    ("script_device_id", {"device_id": SCRIPT}, 400),
    ("sql_account_id", {"account_id": SQL}, 400),
    ("unknown_field", {"is_admin": "1"}, 400),
    ("unknown_attribute", {"attribute[evil]": "1"}, 400),
    ("sql_attribute_name", {"attribute[x' OR 1=1]": "1"}, 400),
]

# (case id, raw body, content type, expected status)
RAW_CASES = [
    ("broken_json", b'{"api_key": "x", ', "application/json", 400),
    ("json_array", b"[1, 2, 3]", "application/json", 400),
    ("json_null", b"null", "application/json", 400),
    ("json_not_utf8", b'{"a": "\xff\xfe"}', "application/json", 400),
    ("plain_text", b"service_code=C09", "text/plain", 400),
    ("xml_body", b"<request><service_code>C09</service_code></request>", "application/xml", 400),
    ("huge_form", b"description=" + b"x" * 100000, "application/x-www-form-urlencoded", 413),
    ("huge_json", json.dumps({"description": "x" * 100000}).encode(), "application/json", 413),
]

# (case id, JSON changes to a valid body, expected status): wrong types
JSON_CASES = [
    ("number_service_code", {"service_code": 9}, 400),
    ("list_description", {"description": ["a", "b"]}, 400),
    ("object_national_id", {"attribute[national_id]": {"$gt": ""}}, 400),
    ("bool_lat", {"lat": True, "long": 100.5}, 400),
    ("number_api_key", {"api_key": 12345}, 403),
    ("null_first_name_new_person", {"first_name": None}, 400),
]

# (case id, path, query, expected status)
GET_CASES = [
    ("impossible_start_date", "/requests.json", {"start_date": "2026-13-45"}, 400),
    ("word_end_date", "/requests.json", {"end_date": "yesterday"}, 400),
    ("sql_start_date", "/requests.json", {"start_date": "2026-01-01" + SQL_OR}, 400),
    ("span_over_90_days", "/requests.json", {"start_date": "2026-01-01", "end_date": "2026-06-01"}, 400),
    ("start_after_end", "/requests.json", {"start_date": "2026-03-01", "end_date": "2026-02-01"}, 400),
    ("unknown_status", "/requests.json", {"status": "pending"}, 400),
    ("sql_status", "/requests.json", {"status": "open" + SQL_OR}, 400),
    ("sql_service_code_filter", "/requests.json", {"service_code": SQL_OR}, 400),
    ("script_request_ids", "/requests.json", {"service_request_id": SCRIPT}, 400),
    ("bad_key_on_read", "/services.json", {"api_key": "o311_00000000_x"}, 403),
    ("script_request_path", "/requests/%3Cscript%3E.json", {}, 404),
    ("unknown_request", "/requests/OSS-2500-999999.json", {}, 404),
    ("sql_service_path", "/services/C01'%20OR%20'1'='1.json", {}, 404),
    ("unknown_endpoint", "/admin.json", {}, 404),
]


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()


@pytest.fixture(params=["json", "xml"])
def fmt(request):
    """Every case in both formats: the answer is the same error, in the format asked for."""
    return request.param


@pytest.fixture(scope="module")
def key(gov_server):
    return new_client("Malformed test app", rate_limit=100000)[1]


def _post(url, fmt, **kwargs):
    before = counts()
    response = requests.post(url + API + "/requests." + fmt, timeout=30, **kwargs)
    assert counts() == before, "a refused request left records behind"
    return response


@pytest.mark.parametrize("changes, status", [c[1:] for c in FORM_CASES], ids=[c[0] for c in FORM_CASES])
def test_malformed_form(gov_server, key, fmt, changes, status):
    form = person_form(key)
    for name, value in changes.items():
        if value is None:
            form.pop(name, None)
        else:
            form[name] = value
    assert_error(_post(gov_server, fmt, data=form), status)


def test_duplicated_field_is_refused(gov_server, key, fmt):
    form = list(person_form(key).items()) + [("service_code", "C01")]
    assert_error(_post(gov_server, fmt, data=form), 400)


@pytest.mark.parametrize("body, content_type, status", [c[1:] for c in RAW_CASES],
                         ids=[c[0] for c in RAW_CASES])
def test_malformed_body(gov_server, key, fmt, body, content_type, status):
    assert_error(_post(gov_server, fmt, data=body, headers={"Content-Type": content_type}), status)


@pytest.mark.parametrize("changes, status", [c[1:] for c in JSON_CASES], ids=[c[0] for c in JSON_CASES])
def test_wrong_types_in_json(gov_server, key, fmt, changes, status):
    body = person_form(key)
    body.update(changes)
    assert_error(_post(gov_server, fmt, json=body), status)


@pytest.mark.parametrize("path, query, status", [c[1:] for c in GET_CASES], ids=[c[0] for c in GET_CASES])
def test_malformed_read(gov_server, fmt, path, query, status):
    before = counts()
    assert_error(requests.get(gov_server + API + path.replace(".json", "." + fmt), params=query, timeout=10),
                 status)
    assert counts() == before


def test_a_valid_form_is_accepted(gov_server, key, fmt):
    """The baseline every malformed case derives from does create one request."""
    before = counts()
    response = requests.post(gov_server + API + "/requests." + fmt, data=person_form(key), timeout=30)
    assert response.status_code == 201, response.text
    assert counts() == (before[0] + 1, before[1] + 1)
