"""Open311 GeoReport v2 against a real server on loopback, called from outside Odoo."""
import datetime
import random
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree
from stdnum.th import pin

from odoo.addons.oss_open311.open311 import to_w3c

from .conftest import committed_env, purge_requests, reset_rate_limits

API = "/open311/v2"
SERVICE_KEYS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_KEYS = {"variable", "code", "datatype", "required", "datatype_description", "order",
                  "description", "values"}
REQUEST_KEYS = {"service_request_id", "status", "status_notes", "service_name", "service_code",
                "description", "agency_responsible", "service_notice", "requested_datetime",
                "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                "lat", "long", "media_url"}


# national IDs handed out by new_national_id(): the persons the server registers for them are
# removed at the end of the module that posted them (purge_posted)
ISSUED_IDS = set()


def new_national_id():
    """A valid, unused 13-digit national ID (first digit 1-8, check digit computed)."""
    body = str(random.randint(1, 8)) + "".join(str(random.randint(0, 9)) for _ in range(11))
    ISSUED_IDS.add(body + pin.calc_check_digit(body))
    return body + pin.calc_check_digit(body)


def thai_letters(count):
    """Random Thai consonants: a person's name that no other test gives (names take no digits)."""
    return "".join(random.choice("กขคงจฉชซญดตถทธนบปผพฟภมยรลวสหอฮ") for _ in range(count))


# API clients registered by new_client(): removed with what they posted at the end of the module
CREATED_CLIENTS = set()


def new_client(name, rate_limit=1000, partner_xmlid=None, service_codes=None):
    """Register an API client and return (id, key) as a manager would get them."""
    with committed_env() as env:
        if "oss.api.client" not in env.registry:
            pytest.fail("oss_open311 is not installed in the test database (scripts/gov.sh MODULES)")
        vals = {"name": "%s %s" % (name, uuid.uuid4().hex[:6]), "rate_limit": rate_limit}
        if partner_xmlid:
            vals["partner_id"] = env.ref(partner_xmlid).id
        if service_codes:
            vals["service_ids"] = [(6, 0, env["oss.service"].search([("code", "in", service_codes)]).ids)]
        client = env["oss.api.client"].create(vals)
        CREATED_CLIENTS.add(client.id)
        key = client.action_generate_key()["context"]["default_key"]
        return client.id, key


def counts():
    with committed_env() as env:
        env.cr.execute("SELECT (SELECT count(*) FROM oss_request), (SELECT count(*) FROM res_partner)")
        return env.cr.fetchone()


def person_form(key, service="C09", **extra):
    """A valid post of a new person; the place is an address (C09, a street light, needs one)."""
    values = {"api_key": key, "service_code": service, "attribute[national_id]": new_national_id(),
              "first_name": "สมหญิง", "last_name": "ใจดี " + thai_letters(6), "phone": "081 234 5678",
              "email": "somying@example.com", "description": "ถนนหน้าบ้านชำรุด มีหลุมลึก",
              "address_string": "ซอยพหลโยธิน 7 หน้าเสาไฟต้นที่ 3"}
    values.update(extra)
    return values


def fmt_of(response):
    """The format a call asked for, from the extension of its path."""
    return "xml" if urlsplit(response.request.url).path.endswith(".xml") else "json"


def parse_xml(response):
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8", response.headers["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return etree.fromstring(response.content)


def assert_error(response, status):
    """An error in the spec's format, in the format the call asked for (JSON or XML)."""
    assert response.status_code == status, response.text
    if fmt_of(response) == "xml":
        root = parse_xml(response)
        assert root.tag == "errors" and [child.tag for child in root] == ["error"], response.text
        assert [child.tag for child in root[0]] == ["code", "description"]
        assert root[0].findtext("code") == str(status)
        assert root[0].findtext("description").strip()
        return
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert body[0]["code"] == status and set(body[0]) == {"code", "description"}
    assert isinstance(body[0]["description"], str) and body[0]["description"]


def purge_posted(client_ids=(), numbers=()):
    """Remove what the server created for a test's calls: the requests posted with its clients
    (or named), their cases, events, attachments and messages, the persons registered for the
    IDs it issued, and the clients."""
    with committed_env() as env:
        requests_ = env["oss.request"].search(["|", ("open311_client_id", "in", list(client_ids)),
                                               ("name", "in", list(numbers))])
        people = env["res.partner"].with_context(active_test=False).search(
            [("national_id", "in", sorted(ISSUED_IDS))])
        purge_requests(env, requests_.ids)
        others = env["oss.request"].search([("partner_id", "in", people.ids)]).mapped("partner_id")
        (people - others).unlink()
        env["oss.api.client"].with_context(active_test=False).browse(list(client_ids)).exists().unlink()


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    """Each test starts with the anonymous calls of its address uncounted."""
    reset_rate_limits()


@pytest.fixture(scope="module", autouse=True)
def purge_module(gov_server):
    """What the module's clients posted, and the clients, are removed at its end (import this
    fixture into a module that uses new_client)."""
    yield
    purge_posted(CREATED_CLIENTS)
    CREATED_CLIENTS.clear()
    reset_rate_limits()


@pytest.fixture(scope="module")
def client_key(gov_server):
    return new_client("Open311 test app")[1]


def test_services_list_has_spec_fields_and_only_published(gov_server):
    with committed_env() as env:
        code = "ZU" + uuid.uuid4().hex[:6]
        hidden = env["oss.service"].create({"code": code, "name": "ไม่เผยแพร่", "published": False,
                                            "legal_days": 3}).id
        offered = env["oss.service"].search_count([("published", "=", True), ("channel_ids.code", "=", "api"),
                                                   ("allow_citizen", "=", True)])
    try:
        response = requests.get(gov_server + API + "/services.json", timeout=10)
    finally:
        with committed_env() as env:
            env["oss.service"].browse(hidden).unlink()
    assert response.status_code == 200
    services = response.json()
    assert len(services) == offered
    assert code not in [s["service_code"] for s in services]
    for service in services:
        assert set(service) == SERVICE_KEYS
        assert service["type"] in ("realtime", "batch", "blackbox")
        assert service["metadata"] is True
        assert service["group"] in ("G2C", "G2B", "G2G", "G2E")
        assert all(isinstance(service[k], str) for k in SERVICE_KEYS - {"metadata"})
    c01 = next(s for s in services if s["service_code"] == "C01")
    assert c01["service_name"] == "Birth registration"


def test_service_definition_lists_national_id_then_documents(gov_server):
    response = requests.get(gov_server + API + "/services/C01.json", timeout=10)
    assert response.status_code == 200
    definition = response.json()
    assert definition["service_code"] == "C01"
    attributes = definition["attributes"]
    assert [a["order"] for a in attributes] == list(range(1, len(attributes) + 1))
    assert attributes[0]["code"] == "national_id"
    assert attributes[0]["variable"] is True and attributes[0]["required"] is True
    assert definition["location"] == "none"  # a birth registration names no place
    assert attributes[1] == {"variable": False, "code": "location", "datatype": "text", "required": False,
                             "datatype_description": None, "order": 2, "values": [],
                             "description": "Location: not used. A place given with a request of this "
                                            "service is not kept."}
    with committed_env() as env:
        documents = env["oss.service"].search([("code", "=", "C01")]).document_ids.mapped("name")
    assert len(attributes) == 2 + len(documents)
    for attribute, document in zip(attributes[2:], documents):
        assert set(attribute) == ATTRIBUTE_KEYS
        assert attribute["variable"] is False and attribute["datatype"] == "text"
        assert document in attribute["description"]


def test_unknown_service_definition_is_404(gov_server):
    assert_error(requests.get(gov_server + API + "/services/NOPE.json", timeout=10), 404)


def test_post_creates_request_and_person_and_hides_personal_data(gov_server, client_key):
    form = person_form(client_key)
    before = counts()
    response = requests.post(gov_server + API + "/requests.json", data=form, timeout=30)
    assert response.status_code == 201, response.text
    [answer] = response.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    number = answer["service_request_id"]
    assert number.startswith("OSS-25") and number in answer["service_notice"]
    assert counts() == (before[0] + 1, before[1] + 1)
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        assert request.channel == "api"
        assert request.partner_id.national_id == form["attribute[national_id]"]
        assert request.partner_id.phone == "0812345678"
        assert request.state in ("submitted", "in_progress")
        expected = request.expected_date
        tz = env["resource.calendar"].gov_office_tz()
    response = requests.get(gov_server + API + "/requests/%s.json" % number, timeout=10)
    assert response.status_code == 200
    [item] = response.json()
    assert set(item) == REQUEST_KEYS
    assert item["service_request_id"] == number and item["status"] == "open"
    assert item["service_code"] == "C09" and item["description"] == form["description"]
    assert item["expected_datetime"] == to_w3c(expected, tz)
    assert item["requested_datetime"].endswith("+07:00")
    assert isinstance(item["agency_responsible"], str) and item["agency_responsible"]
    for secret in ("สมหญิง", "ใจดี", form["attribute[national_id]"], "0812345678", "081 234 5678",
                   "somying@example.com", '"id"', "partner"):
        assert secret not in response.text


def test_post_with_missing_documents_waits_for_them(gov_server, client_key):
    response = requests.post(gov_server + API + "/requests.json", data=person_form(client_key, "C01"),
                             timeout=30)
    assert response.status_code == 201, response.text
    [answer] = response.json()
    assert "every required document" in answer["service_notice"]
    [item] = requests.get(gov_server + API + "/requests/%s.json" % answer["service_request_id"],
                          params={"api_key": client_key}, timeout=10).json()
    assert item["status"] == "open" and item["expected_datetime"] is None
    assert item["status_notes"].startswith("Waiting for documents. Missing documents: ")


def test_post_as_json_and_registered_person_is_matched(gov_server, client_key):
    form = person_form(client_key)
    first = requests.post(gov_server + API + "/requests.json", data=form, timeout=30)
    assert first.status_code == 201
    before = counts()
    second = requests.post(gov_server + API + "/requests.json", json={
        "api_key": client_key, "service_code": "C09",
        "attribute[national_id]": form["attribute[national_id]"], "lat": 13.75, "long": 100.5}, timeout=30)
    assert second.status_code == 201, second.text
    assert counts() == (before[0] + 1, before[1])
    with committed_env() as env:
        requests_ = env["oss.request"].search([("name", "in", [first.json()[0]["service_request_id"],
                                                               second.json()[0]["service_request_id"]])])
        assert len(requests_.mapped("partner_id")) == 1
        assert requests_.filtered(lambda r: r.open311_lat == 13.75)


def test_agency_posts_on_its_own_behalf_through_channel_agency(gov_server):
    _client_id, key = new_client("Agency system", partner_xmlid="gov_crm.partner_agency_01_demo")
    response = requests.post(gov_server + API + "/requests.json", timeout=30, data={
        "api_key": key, "service_code": "G02", "description": "ขอข้อมูลทะเบียนราษฎร"})
    assert response.status_code == 201, response.text
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", response.json()[0]["service_request_id"])])
        assert request.channel == "agency"
        assert request.partner_id == env.ref("gov_crm.partner_agency_01_demo")


def test_client_limited_to_some_services_is_refused_others(gov_server):
    _client_id, key = new_client("Birth app", service_codes=["C01"])
    before = counts()
    assert_error(requests.post(gov_server + API + "/requests.json", data=person_form(key, "C09"),
                               timeout=30), 403)
    assert counts() == before
    assert requests.post(gov_server + API + "/requests.json", data=person_form(key, "C01"),
                         timeout=30).status_code == 201


def test_search_by_ids_code_status_and_dates(gov_server, client_key):
    numbers = [requests.post(gov_server + API + "/requests.json", data=person_form(client_key, code),
                             timeout=30).json()[0]["service_request_id"] for code in ("C09", "C09", "C01")]
    url = gov_server + API + "/requests.json"
    key = {"api_key": client_key}
    by_id = requests.get(url, params=dict(key, service_request_id=",".join(numbers)), timeout=10).json()
    assert sorted(item["service_request_id"] for item in by_id) == sorted(numbers)
    # without the key: the street lights (public reports), not the birth registration
    anonymous = requests.get(url, params={"service_request_id": ",".join(numbers)}, timeout=10).json()
    assert sorted(item["service_request_id"] for item in anonymous) == sorted(numbers[:2])
    with committed_env() as env:
        withdrawn = env["oss.request"].search([("name", "=", numbers[0])])
        withdrawn.action_withdraw()
        old = env["oss.request"].search([("name", "=", numbers[1])])
        env.cr.execute("UPDATE oss_request SET date_received = now() AT TIME ZONE 'UTC' - interval '100 days' "
                       "WHERE id = %s", (old.id,))
        old_day = (datetime.datetime.utcnow() - datetime.timedelta(days=100)).strftime("%Y-%m-%d")
    listed = [i["service_request_id"] for i in requests.get(url, params=key, timeout=10).json()]
    assert numbers[0] in listed and numbers[2] in listed
    assert numbers[1] not in listed  # older than the default 90 days
    listed = [i["service_request_id"] for i in requests.get(url, timeout=10).json()]
    assert numbers[0] in listed and numbers[2] not in listed
    closed = requests.get(url, params=dict(key, status="closed"), timeout=10).json()
    assert numbers[0] in [i["service_request_id"] for i in closed]
    assert all(i["status"] == "closed" for i in closed)
    opened = requests.get(url, params=dict(key, status="open", service_code="C01"), timeout=10).json()
    assert numbers[2] in [i["service_request_id"] for i in opened]
    assert all(i["status"] == "open" and i["service_code"] == "C01" for i in opened)
    both = requests.get(url, params=dict(key, status="open,closed", service_code="C01,C09"), timeout=10).json()
    assert {numbers[0], numbers[2]} <= {i["service_request_id"] for i in both}
    dated = requests.get(url, params=dict(key, start_date=old_day + "T00:00:00+07:00"), timeout=10).json()
    assert numbers[1] in [i["service_request_id"] for i in dated]
    past = requests.get(url, params=dict(key, start_date="2020-01-01T00:00:00Z", end_date="2020-02-01T00:00:00Z"),
                        timeout=10).json()
    assert past == []
    requested = [i["requested_datetime"] for i in requests.get(url, params=key, timeout=10).json()]
    assert requested == sorted(requested, reverse=True)


def test_rate_limit_answers_429(gov_server):
    _client_id, key = new_client("Slow app", rate_limit=3)
    now = datetime.datetime.utcnow()
    if now.second > 50:  # keep the four calls inside one minute window
        import time
        time.sleep(61 - now.second)
    url = gov_server + API + "/services.json"
    statuses = [requests.get(url, params={"api_key": key}, timeout=10).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert_error(requests.get(url, params={"api_key": key}, timeout=10), 429)


def test_revoked_and_replaced_keys_are_refused(gov_server):
    client_id, key = new_client("Revoked app")
    url = gov_server + API + "/services.json"
    assert requests.get(url, params={"api_key": key}, timeout=10).status_code == 200
    with committed_env() as env:
        new_key = env["oss.api.client"].browse(client_id).action_generate_key()["context"]["default_key"]
    assert_error(requests.get(url, params={"api_key": key}, timeout=10), 403)
    assert requests.get(url, params={"api_key": new_key}, timeout=10).status_code == 200
    with committed_env() as env:
        env["oss.api.client"].browse(client_id).active = False
    assert_error(requests.get(url, params={"api_key": new_key}, timeout=10), 403)
    before = counts()
    assert_error(requests.post(gov_server + API + "/requests.json", data=person_form(new_key), timeout=30), 403)
    assert counts() == before


def test_services_offered_through_the_callers_channel_only(gov_server):
    codes = {s["service_code"] for s in requests.get(gov_server + API + "/services.json", timeout=10).json()}
    assert {"C01", "C04", "C05", "C09"} <= codes
    assert not {code for code in codes if code[0] in "BGE"}, codes  # staff, agencies, businesses' permits
    _client_id, agency_key = new_client("Agency list", partner_xmlid="gov_crm.partner_agency_01_demo")
    agency_codes = {s["service_code"] for s in requests.get(
        gov_server + API + "/services.json", params={"api_key": agency_key}, timeout=10).json()}
    assert {"C05", "G01", "G02", "G03", "G04"} <= agency_codes
    assert not {"C09", "E01"} & agency_codes
    assert_error(requests.get(gov_server + API + "/services/E01.json", timeout=10), 404)
    assert requests.get(gov_server + API + "/services/G02.json", params={"api_key": agency_key},
                        timeout=10).status_code == 200


def test_post_refused_for_a_service_closed_to_the_channel_or_applicant(gov_server, client_key):
    before = counts()
    # a staff service posted by its code through the public API: unknown to it (404, as the spec says)
    assert_error(requests.post(gov_server + API + "/requests.json", data=person_form(client_key, "E01"),
                               timeout=30), 404)
    _client_id, agency_key = new_client("Agency post", partner_xmlid="gov_crm.partner_agency_01_demo")
    # a street light repair is not taken through the agency exchange
    assert_error(requests.post(gov_server + API + "/requests.json", timeout=30, data={
        "api_key": agency_key, "service_code": "C09", "description": "ไฟดับ"}), 404)
    # an inter-agency service for a citizen named by their ID
    refused = requests.post(gov_server + API + "/requests.json", timeout=30,
                            data=person_form(agency_key, "G02"))
    assert_error(refused, 403)
    assert refused.json()[0]["description"].startswith("The service [G02]")
    assert refused.json()[0]["description"].endswith("is open to Agencies (G2G) only.")
    assert counts() == before  # nothing recorded, not even the person
