"""Open311 GeoReport v2 as the specification says, point by point, from outside over HTTP:
both formats, discovery, empty and unknown parameters, 404 for an unknown service, places,
descriptions, update times, the key in the query string, paging and photos."""
import io
import re

import pytest
import requests
from PIL import Image

from .conftest import committed_env, reset_rate_limits
from .test_open311_api import (API, REQUEST_KEYS, assert_error, new_client, parse_xml, person_form,  # noqa: F401
                               purge_module)

BANGKOK = {"lat": "13.7563", "long": "100.5018"}


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()


@pytest.fixture(scope="module")
def key(gov_server):
    return new_client("Standard app", rate_limit=100000)[1]


def post(gov_server, form, fmt="json", **kwargs):
    return requests.post(gov_server + API + "/requests." + fmt, data=form, timeout=60, **kwargs)


def posted_number(response):
    assert response.status_code == 201, response.text
    if response.headers["Content-Type"].startswith("text/xml"):
        return parse_xml(response).findtext("request/service_request_id")
    return response.json()[0]["service_request_id"]


def get(gov_server, path, fmt="json", **params):
    return requests.get(gov_server + API + path + "." + fmt, params=params, timeout=30)


def xml_data(element):
    """The XML answer as the JSON one would read: lists for the spec's containers, text values."""
    containers = {"services", "service_requests", "errors", "attributes", "values", "endpoints", "formats"}
    if element.tag in containers:
        return [xml_data(child) for child in element]
    if len(element):
        return {child.tag: xml_data(child) for child in element}
    return element.text


def as_text(value):
    """A JSON value as XML carries it: text, true/false, None for null."""
    if isinstance(value, list):
        return [as_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def assert_same_in_both_formats(gov_server, path, **params):
    as_json = get(gov_server, path, "json", **params)
    as_xml = get(gov_server, path, "xml", **params)
    assert as_json.status_code == as_xml.status_code == 200, (as_json.text, as_xml.text)
    assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    assert xml_data(parse_xml(as_xml)) == as_text(as_json.json())
    return as_json.json(), parse_xml(as_xml)


# ---------------------------------------------------------------- 1. XML as well as JSON
def test_every_endpoint_answers_the_same_content_in_xml(gov_server, key):
    number = posted_number(post(gov_server, person_form(key, **BANGKOK)))
    services, root = assert_same_in_both_formats(gov_server, "/services")
    assert root.tag == "services" and {child.tag for child in root} == {"service"}
    definition, root = assert_same_in_both_formats(gov_server, "/services/C09")
    assert root.tag == "service_definition"
    assert [child.tag for child in root.find("attributes")] == ["attribute"] * len(definition["attributes"])
    listed, root = assert_same_in_both_formats(gov_server, "/requests", service_request_id=number)
    assert root.tag == "service_requests" and [child.tag for child in root] == ["request"]
    [one], root = assert_same_in_both_formats(gov_server, "/requests/" + number)
    assert set(one) == REQUEST_KEYS and listed == [one]
    assert root.find("request/lat").text == BANGKOK["lat"] and root.find("request/zipcode").text is None
    # Thai text travels as UTF-8 in both
    assert root.find("request/description").text == one["description"] == "ถนนหน้าบ้านชำรุด มีหลุมลึก"
    assert services and all(s["service_name"] for s in services)
    discovery, root = assert_same_in_both_formats(gov_server, "/discovery")
    assert root.tag == "discovery" and discovery["endpoints"][0]["type"] == "production"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


def test_a_post_answers_in_the_format_of_its_path(gov_server, key):
    response = post(gov_server, person_form(key, **BANGKOK), "xml")
    assert response.status_code == 201, response.text
    root = parse_xml(response)
    assert root.tag == "service_requests"
    [request] = list(root)
    assert request.tag == "request" and [child.tag for child in request] == [
        "service_request_id", "service_notice", "account_id"]
    assert re.match(r"^OSS-25\d\d-\d{6}$", request.findtext("service_request_id"))
    assert request.find("account_id").text is None


def test_errors_answer_in_the_format_asked_for(gov_server, key):
    assert_error(get(gov_server, "/services/NOPE", "xml"), 404)
    assert_error(get(gov_server, "/requests/OSS-2500-999999", "xml"), 404)
    assert_error(requests.get(gov_server + API + "/nothing.xml", timeout=10), 404)
    assert_error(requests.get(gov_server + API + "/nothing.json", timeout=10), 404)
    assert_error(post(gov_server, person_form(key, api_key="o311_00000000_wrong-key-wrong-key-x"), "xml"), 403)
    assert_error(get(gov_server, "/requests", "xml", start_date="yesterday"), 400)


# ---------------------------------------------------------------- 2. discovery
def test_discovery_document(gov_server):
    for path in (API + "/discovery.json", "/open311/discovery.json"):
        response = requests.get(gov_server + path, timeout=10)
        assert response.status_code == 200, response.text
        discovery = response.json()
        assert set(discovery) == {"changeset", "contact", "key_service", "location", "endpoints"}
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", discovery["changeset"])
        assert discovery["contact"] and discovery["key_service"]
        assert "required, optional or none" in discovery["location"]
        [endpoint] = discovery["endpoints"]
        assert endpoint == {"specification": "http://wiki.open311.org/GeoReport_v2",
                            "url": gov_server + API, "changeset": discovery["changeset"],
                            "type": "production", "formats": ["text/xml", "application/json"]}
    # the endpoint it names answers
    assert requests.get(endpoint["url"] + "/services.xml", timeout=10).status_code == 200


# ---------------------------------------------------------------- 3. an empty parameter is absent
def test_empty_optional_parameters_mean_absent(gov_server, key):
    posted_number(post(gov_server, person_form(key, **BANGKOK)))
    plain = get(gov_server, "/requests").json()
    empty = get(gov_server, "/requests", status="", service_code="", start_date="", end_date="", api_key="",
                jurisdiction_id="", page="", page_size="")
    assert empty.status_code == 200, empty.text
    assert empty.json() == plain and plain
    for fmt in ("json", "xml"):
        assert get(gov_server, "/services", fmt, api_key="").status_code == 200
        assert get(gov_server, "/services/C09", fmt, api_key="", jurisdiction_id="").status_code == 200


# ---------------------------------------------------------------- 4. unknown service: 404
def test_unknown_service_code_is_404_on_post_and_definition(gov_server, key):
    for fmt in ("json", "xml"):
        assert_error(post(gov_server, person_form(key, "ZZ99"), fmt), 404)
        assert_error(get(gov_server, "/services/ZZ99", fmt), 404)


# ---------------------------------------------------------------- 5. location
def test_a_place_is_required_where_the_service_says_so(gov_server, key):
    form = person_form(key, "C09")
    form.pop("address_string")
    refused = post(gov_server, form)
    assert_error(refused, 400)
    assert refused.json()[0]["description"] == ("service_code C09 needs the place: give lat and long, "
                                                "address_string or address_id.")
    assert posted_number(post(gov_server, dict(form, address_id="BKK-PHAYATHAI-0042")))
    assert posted_number(post(gov_server, dict(form, **BANGKOK)))
    definition = get(gov_server, "/services/C09").json()
    assert definition["location"] == "required"
    location = [a for a in definition["attributes"] if a["code"] == "location"]
    assert location[0]["required"] is True and location[0]["variable"] is False
    assert location[0]["description"].startswith("Location: required.")


@pytest.mark.parametrize("lat, long_", [("48.8566", "2.3522"), ("100.5018", "13.7563"), ("5.5", "100.0"),
                                        ("13.7", "105.8"), ("-13.7", "100.5")],
                         ids=["paris", "swapped", "south_of_thailand", "east_of_thailand", "southern_hemisphere"])
def test_coordinates_outside_thailand_are_refused(gov_server, key, lat, long_):
    for fmt in ("json", "xml"):
        refused = post(gov_server, person_form(key, lat=lat, long=long_), fmt)
        assert_error(refused, 400)
        assert "is outside Thailand: lat must lie between 5.6 and 20.5 and long between 97.3 and 105.7" in \
            refused.text


def test_the_place_is_kept_for_staff_and_published_for_public_reports_only(gov_server, gov_rpc, key):
    public = posted_number(post(gov_server, person_form(key, "C09", address_id="LAMP-0042", **BANGKOK)))
    private = posted_number(post(gov_server, person_form(key, "C11", address_string="บ้านเลขที่ 12/3",
                                                         **BANGKOK)))
    ignored = posted_number(post(gov_server, person_form(key, "C01", address_string="บ้านเลขที่ 12/3",
                                                         **BANGKOK)))
    with committed_env() as env:
        found = {r.name: r for r in env["oss.request"].search([("name", "in", [public, private, ignored])])}
        assert (found[private].open311_lat, found[private].open311_long) == (13.7563, 100.5018)
        assert found[private].open311_address == "บ้านเลขที่ 12/3"
        # a birth registration names no place: none is kept
        assert (found[ignored].open311_lat, found[ignored].open311_address) == (0.0, False)
        public_id = found[public].id
    # the front desk sees the place on the request
    desk = gov_rpc("frontdesk", "frontdesk")
    [seen] = desk.call_kw("oss.request", "read", [[public_id], [
        "open311_lat", "open311_long", "open311_address_id", "open311_map_url"]])
    assert (seen["open311_lat"], seen["open311_long"], seen["open311_address_id"]) == (13.7563, 100.5018, "LAMP-0042")
    assert seen["open311_map_url"].startswith("https://www.openstreetmap.org/?mlat=13.7563000&mlon=100.5018000")
    # anyone reads the place of the public report
    [item] = get(gov_server, "/requests/" + public).json()
    assert (item["lat"], item["long"], item["address_id"], item["address"]) == (13.7563, 100.5018, "LAMP-0042",
                                                                                "ซอยพหลโยธิน 7 หน้าเสาไฟต้นที่ 3")
    # never the place of a personal request, not even to the client that posted it
    for fmt in ("json", "xml"):
        mine = get(gov_server, "/requests/" + private, fmt, api_key=key)
        assert mine.status_code == 200
        assert "12/3" not in mine.text and "13.7563" not in mine.text and "100.5018" not in mine.text
    [item] = get(gov_server, "/requests/" + private, api_key=key).json()
    assert [item[k] for k in ("address", "address_id", "zipcode", "lat", "long", "media_url")] == [None] * 6


# ---------------------------------------------------------------- 6. description
def test_a_request_without_description_answers_null(gov_server, key):
    form = person_form(key, **BANGKOK)
    form.pop("description")
    number = posted_number(post(gov_server, form))
    [item] = get(gov_server, "/requests/" + number, api_key=key).json()
    assert item["description"] is None
    root = parse_xml(get(gov_server, "/requests/" + number, "xml", api_key=key))
    assert root.find("request/description").text is None


# ---------------------------------------------------------------- 7. updated_datetime
def test_updated_datetime_is_the_last_public_change_and_the_closing_time(gov_server, key):
    number = posted_number(post(gov_server, person_form(key, **BANGKOK)))
    [item] = get(gov_server, "/requests/" + number).json()
    assert item["updated_datetime"] >= item["requested_datetime"]
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        env.cr.execute("UPDATE oss_request SET date_public_change = date_received - interval '1 day', "
                       "date_received = date_received - interval '2 days' WHERE id = %s", (request.id,))
    [before] = get(gov_server, "/requests/" + number).json()
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        request.write({"delay_reason": "งานซ่อมรออะไหล่"})  # internal: not a change for the public
    [after] = get(gov_server, "/requests/" + number).json()
    assert after["updated_datetime"] == before["updated_datetime"]
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        request.action_withdraw()
        closed_at = request.date_done
        tz = env["resource.calendar"].gov_office_tz()
    [closed] = get(gov_server, "/requests/" + number).json()
    from odoo.addons.oss_open311.open311 import to_w3c
    assert closed["status"] == "closed" and closed["updated_datetime"] == to_w3c(closed_at, tz)
    assert closed["updated_datetime"] > before["updated_datetime"] >= before["requested_datetime"]


def test_no_request_is_updated_before_it_was_received(gov_server):
    with committed_env() as env:
        requests_ = env["oss.request"].search([("state", "!=", "draft")])
        assert requests_
        assert all(r._open311_updated() >= r.date_received for r in requests_)


# ---------------------------------------------------------------- 8. api_key in the query string
def test_api_key_in_the_query_string_of_a_post(gov_server, key):
    form = person_form(key, **BANGKOK)
    form.pop("api_key")
    for fmt in ("json", "xml"):
        another = dict(form, **{"attribute[national_id]": person_form(key)["attribute[national_id]"]})
        response = requests.post(gov_server + API + "/requests." + fmt, params={"api_key": key, "jurisdiction_id": ""},
                                 data=another, timeout=60)
        assert response.status_code == 201, response.text
    assert_error(post(gov_server, form), 403)  # no key at all
    _other_id, other = new_client("Other key app")
    assert_error(requests.post(gov_server + API + "/requests.json", params={"api_key": other},
                               data=dict(form, api_key=key), timeout=30), 400)


# ---------------------------------------------------------------- 9. paging and unknown parameters
def test_pages_of_requests_and_unknown_parameters_ignored(gov_server, key):
    numbers = [posted_number(post(gov_server, person_form(key, **BANGKOK))) for _ in range(3)]
    listed = [i["service_request_id"] for i in get(gov_server, "/requests", api_key=key).json()]
    first = [i["service_request_id"] for i in get(gov_server, "/requests", api_key=key, page_size=2).json()]
    second = [i["service_request_id"] for i in get(gov_server, "/requests", api_key=key, page_size=2,
                                                   page=2).json()]
    assert first == listed[:2] and second == listed[2:4]
    assert set(numbers) <= set(listed[:3]) | set(listed[:len(numbers)])
    assert len(get(gov_server, "/requests", api_key=key, page=1).json()) == min(100, len(listed))
    for fmt in ("json", "xml"):
        for bad in ({"page_size": "101"}, {"page_size": "0"}, {"page": "0"}, {"page": "x"}, {"page_size": "-1"}):
            assert_error(get(gov_server, "/requests", fmt, **bad), 400)
    # extensions of other servers are ignored, not refused
    extended = get(gov_server, "/requests", api_key=key, order="id desc", lang="th", format="map")
    assert extended.status_code == 200 and [i["service_request_id"] for i in extended.json()] == listed
    assert get(gov_server, "/requests/" + numbers[0], sort="x").status_code == 200
    assert get(gov_server, "/services", "xml", locale="th_TH").status_code == 200


# ---------------------------------------------------------------- 10. photos
def image_bytes(kind, size=(64, 48), **save):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind, **save)
    return out.getvalue()


def jpeg_with_gps():
    """A JPEG carrying EXIF: a camera's owner and a GPS position (tag 0x8825)."""
    image = Image.new("RGB", (40, 30), (10, 120, 10))
    exif = Image.Exif()
    exif[0x013B] = "Somchai Jaidee"  # Artist
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 22.0), 3: "E", 4: (100.0, 30.0, 6.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_photo_of_a_public_report_is_served_without_login(gov_server, key):
    photo = jpeg_with_gps()
    assert b"Somchai" in photo
    response = post(gov_server, person_form(key, **BANGKOK), files={"media": ("lamp.jpg", photo, "image/jpeg")})
    number = posted_number(response)
    [item] = get(gov_server, "/requests/" + number).json()
    assert item["media_url"] == gov_server + API + "/media/%s.jpg" % number
    served = requests.get(item["media_url"], timeout=30)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert b"Somchai" not in served.content  # re-encoded: the EXIF, GPS included, is gone
    assert Image.open(io.BytesIO(served.content)).size == (40, 30)
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        attachment = request.open311_media_id
        assert (attachment.res_model, attachment.res_id, attachment.mimetype) == ("oss.request", request.id,
                                                                                  "image/jpeg")
        # the gate decides: once the service is no longer a public report, the photo is not served
        request.service_id.public_report = False
    try:
        assert_error(requests.get(item["media_url"], timeout=30), 404)
    finally:
        with committed_env() as env:
            env.ref("one_stop_service.oss_service_c09").public_report = True
    assert requests.get(item["media_url"], timeout=30).status_code == 200


def test_a_photo_of_a_personal_request_is_never_published(gov_server, key):
    png = image_bytes("PNG")
    number = posted_number(post(gov_server, person_form(key, "C11", **BANGKOK), "xml",
                                files={"media": ("tank.png", png, "image/png")}))
    [item] = get(gov_server, "/requests/" + number, api_key=key).json()
    assert item["media_url"] is None
    assert_error(requests.get(gov_server + API + "/media/%s.png" % number, timeout=30), 404)
    with committed_env() as env:  # kept for the staff, as a document of the request
        request = env["oss.request"].search([("name", "=", number)])
        assert request.open311_media_id.mimetype == "image/png"


@pytest.mark.parametrize("name, content, mimetype, status", [
    ("fake.jpg", b"MZ\x90\x00 this is not a photo" * 10, "image/jpeg", 400),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,"
                 b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "image/gif", 400),
    ("page.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml", 400),
    ("truncated.png", None, "image/png", 400),
    ("empty.jpg", b"", "image/jpeg", 400),
    ("huge.jpg", b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024), "image/jpeg", 413),
], ids=["not_an_image", "gif", "svg", "truncated_png", "empty", "over_10_mb"])
def test_a_file_that_is_not_an_accepted_photo_is_refused(gov_server, key, name, content, mimetype, status):
    if content is None:
        content = image_bytes("PNG", (300, 300))[:200]
    for fmt in ("json", "xml"):
        with committed_env() as env:
            before = env["oss.request"].search_count([]), env["ir.attachment"].search_count([])
        assert_error(post(gov_server, person_form(key, **BANGKOK), fmt, files={"media": (name, content, mimetype)}),
                     status)
        with committed_env() as env:
            assert (env["oss.request"].search_count([]), env["ir.attachment"].search_count([])) == before


def test_a_photo_too_large_in_pixels_is_refused_before_decoding(gov_server, key):
    bomb = image_bytes("PNG", (8000, 7000), optimize=True)  # 56 megapixels of one colour, a few kB
    assert len(bomb) < 1024 * 1024
    refused = post(gov_server, person_form(key, **BANGKOK), files={"media": ("bomb.png", bomb, "image/png")})
    assert_error(refused, 400)
    assert "at most 50 megapixels" in refused.text


def test_media_given_as_text_or_other_files_are_refused(gov_server, key):
    assert_error(post(gov_server, dict(person_form(key, **BANGKOK), media="https://example.com/a.jpg")), 400)
    png = image_bytes("PNG")
    assert_error(post(gov_server, person_form(key, **BANGKOK), files={"photo": ("a.png", png, "image/png")}), 400)
    assert_error(post(gov_server, person_form(key, **BANGKOK), files=[("media", ("a.png", png, "image/png")),
                                                                      ("media", ("b.png", png, "image/png"))]), 400)


@pytest.mark.parametrize("kind, extension, mimetype", [("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp")])
def test_png_and_webp_photos_are_accepted(gov_server, key, kind, extension, mimetype):
    number = posted_number(post(gov_server, person_form(key, **BANGKOK), "xml",
                                files={"media": ("photo." + extension, image_bytes(kind), mimetype)}))
    root = parse_xml(get(gov_server, "/requests/" + number, "xml"))
    media_url = root.findtext("request/media_url")
    assert media_url == gov_server + API + "/media/%s.%s" % (number, extension)
    served = requests.get(media_url, timeout=30)
    assert (served.status_code, served.headers["Content-Type"]) == (200, mimetype)
    assert Image.open(io.BytesIO(served.content)).format == kind
    other = "jpg" if extension != "jpg" else "png"
    assert_error(requests.get(gov_server + API + "/media/%s.%s" % (number, other), timeout=30), 404)


def test_the_place_the_photo_and_the_public_change_are_written_by_the_api_and_the_actions_only(gov_server, gov_rpc,
                                                                                               key):
    number = posted_number(post(gov_server, person_form(key, **BANGKOK), files={
        "media": ("lamp.png", image_bytes("PNG"), "image/png")}))
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        request_id, photo_id = request.id, request.open311_media_id.id
    manager = gov_rpc("manager", "manager")
    for vals in ({"open311_lat": 14.0}, {"open311_address": "elsewhere"}, {"open311_address_id": "X"},
                 {"open311_media_id": False}, {"date_public_change": "2020-01-01 00:00:00"}):
        with pytest.raises(Exception) as refused:
            manager.call_kw("oss.request", "write", [[request_id], vals])
        assert refused.value.name == "odoo.exceptions.AccessError", (vals, refused.value)
    # the front desk sees the photo with the request's documents; nobody changes it through the request
    desk = gov_rpc("frontdesk", "frontdesk")
    [photo] = desk.call_kw("ir.attachment", "read", [[photo_id], ["res_model", "res_id", "mimetype"]])
    assert (photo["res_model"], photo["res_id"], photo["mimetype"]) == ("oss.request", request_id, "image/png")
    with committed_env() as env:
        request = env["oss.request"].browse(request_id)
        assert (request.open311_lat, request.open311_media_id.id) == (13.7563, photo_id)
