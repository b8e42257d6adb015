"""The public service catalogue from outside, without a login: list, search, service page,
manual PDF, apply links, languages, caching, and no session for an anonymous visitor."""
import gzip
import os
import re
import subprocess
import tempfile
import time

import odoo
import pytest
import requests

from odoo.addons.gov_public.controllers.common import STAMP_SECONDS

from .conftest import committed_env, reset_rate_limits

HIDDEN = "GP-HTTP-HIDDEN"


def get(base, path, **kwargs):
    kwargs.setdefault("timeout", 60)
    return requests.get(base + path, **kwargs)


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", "-layout", pdf.name, "-"], check=True,
                              stdout=subprocess.PIPE).stdout.decode()


def fold(text):
    """Thai text without its marks above and below the line: pdftotext gives some of them as
    private-use characters (the PDF font's shaped glyphs)."""
    return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\uf700-\uf8ff]", "", text)


def listed(html):
    return re.findall(r'<li data-code="([^"]+)"', html)


@pytest.fixture(scope="module")
def hidden_service(gov_server):
    """An unpublished service: nothing of it is public."""
    with committed_env() as env:
        service = env["oss.service"].create({
            "code": HIDDEN, "name": "บริการภายในไม่เผยแพร่", "name_en": "Unpublished internal service",
            "group": "G2C", "legal_days": 2, "published": False,
            "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจ",
                                 "department_id": env.ref("gov_crm.department_civil_registration").id})]})
        service_id = service.id
    yield service_id
    with committed_env() as env:
        env["oss.service"].browse(service_id).unlink()


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()
    yield
    reset_rate_limits()


def test_catalogue_lists_published_services_in_thai_by_default(gov_server, hidden_service):
    response = get(gov_server, "/services")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.text
    assert '<html lang="th">' in html and "บริการ" in html
    codes = listed(html)
    assert codes[:3] == ["C01", "C02", "C03"] and len(codes) == 20
    assert HIDDEN not in html and "บริการภายในไม่เผยแพร่" not in html
    assert "28 บริการ" in html and "หน้า 1 จาก 2" in html
    second = listed(get(gov_server, "/services?page=2").text)
    assert len(second) == 8 and second[-1] == "E04" and not set(codes) & set(second)


@pytest.mark.parametrize("query, expected", [
    ("q=การแจ้งเกิด", ["C01"]),
    ("q=building+permit&lang=en", ["B02"]),
    ("q=b0&group=G2B", ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08"]),
    ("group=G2G", ["G01", "G02", "G03", "G04"]),
    ("department=ENG", ["C09", "B02", "B06"]),
    ("event=building", ["B02", "B06"]),
    ("event=business&group=G2B&department=HLT", ["B02", "B04", "B05"]),
    ("q=nothing+matches+this", []),
])
def test_search_by_name_group_department_and_life_event(gov_server, query, expected):
    response = get(gov_server, "/services?" + query)
    assert response.status_code == 200
    assert listed(response.text) == expected


def test_service_page_says_what_the_manual_says(gov_server):
    html = get(gov_server, "/services/B02").text
    assert "ขออนุญาตก่อสร้างอาคาร" in html and "Building permit" in html
    assert re.search(r'id="gp_legal_days"><b>\s*45 วันทำการ', html)
    assert "ตามพื้นที่อาคาร ตารางเมตรละ 0.50-4 บาท" in html
    documents = re.search(r'<table id="gp_documents" class="gp-table">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"แบบแปลนและรายการประกอบแบบแปลน.*?<td class=\"num\">5</td>", documents, re.S)
    assert "ขั้นตอนที่มีลำดับเดียวกันดำเนินการพร้อมกัน" in html  # parallel steps
    assert 'href="/services/B02/manual.pdf"' in html
    # the counter with the agency's address and hours, the portal's apply link
    counter = re.search(r'data-channel="counter">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "99 ถนนเทศบาล 1 ตำบลในเมือง อำเภอเมือง 50000" in counter
    assert "วันจันทร์-วันศุกร์ เวลา 08:30-12:00, 13:00-16:30 น." in counter
    with committed_env() as env:
        service_id = env.ref("one_stop_service.oss_service_b02").id
    assert 'href="/my/requests/new?service_id=%d"' % service_id in html


def test_english_page_and_the_language_choice_is_remembered(gov_server):
    session = requests.Session()
    english = session.get(gov_server + "/services/C01?lang=en", timeout=60)
    assert english.status_code == 200 and '<html lang="en">' in english.text
    assert "Birth registration" in english.text and "Birth certificate issued by the hospital" in english.text
    assert "Documents to bring" in english.text and "1 working day" in english.text
    assert session.cookies.get("frontend_lang") == "en_US"
    again = session.get(gov_server + "/services/C01", timeout=60)
    assert '<html lang="en">' in again.text and again.headers["Vary"] == "Accept-Encoding, Cookie"
    assert '<html lang="th">' in session.get(gov_server + "/services/C01?lang=th", timeout=60).text
    assert session.cookies.get("frontend_lang") == "th_TH"


def test_unknown_and_unpublished_services_are_not_found(gov_server, hidden_service):
    for path in ("/services/%s" % HIDDEN, "/services/%s/manual.pdf" % HIDDEN, "/services/NOPE",
                 "/services/NOPE/manual.pdf", "/performance/service/%s" % HIDDEN):
        response = get(gov_server, path)
        assert response.status_code == 404, path
        assert 'id="gp_not_found"' in response.text


def test_manual_pdf_without_login(gov_server):
    response = get(gov_server, "/services/C01/manual.pdf", timeout=180)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    assert "manual-C01.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.content)
    assert fold("การแจ้งเกิด") in fold(text) and "Birth registration" in text
    assert "Birth certificate issued by the hospital" in text  # the English texts of the catalogue
    assert fold("หนังสือรับรองการเกิด") in fold(text)


def test_pages_and_files_are_gzipped_for_clients_that_accept_it(gov_server):
    for path in ("/services?lang=en", "/data/service-performance/performance-by-service.csv"):
        plain = requests.get(gov_server + path, headers={"Accept-Encoding": "identity"}, timeout=60)
        assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
        raw = requests.get(gov_server + path, headers={"Accept-Encoding": "gzip"}, timeout=60, stream=True)
        body = raw.raw.read(decode_content=False)
        assert raw.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in raw.headers["Vary"]
        assert int(raw.headers["Content-Length"]) == len(body) < len(plain.content)
        assert gzip.decompress(body) == plain.content
        # each encoding has its own tag, and either is answered 304 while the content holds
        assert raw.headers["ETag"] != plain.headers["ETag"]
        for tag in (raw.headers["ETag"], plain.headers["ETag"]):
            again = requests.get(gov_server + path, headers={"Accept-Encoding": "gzip", "If-None-Match": tag},
                                 timeout=60)
            assert again.status_code == 304 and again.content == b""


def test_cached_answers_carry_etags_and_no_session(gov_server):
    first = get(gov_server, "/services?lang=en")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag = first.headers["ETag"]
    # the language is in the address: the page varies only with the encoding
    assert "session_id" not in first.cookies and first.headers["Vary"] == "Accept-Encoding"
    again = get(gov_server, "/services?lang=en", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    # a change of the catalogue renews the page and its ETag within a second
    with committed_env() as env:
        service = env.ref("one_stop_service.oss_service_c03")
        old = service.name_en
        service.name_en = "Death registration (renamed)"
    time.sleep(STAMP_SECONDS + 0.1)  # each worker reads the stamp again after at most this long
    try:
        changed = get(gov_server, "/services?lang=en", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["ETag"] != etag
        assert "Death registration (renamed)" in changed.text
    finally:
        with committed_env() as env:
            env.ref("one_stop_service.oss_service_c03").name_en = old


def test_anonymous_visits_store_no_session(gov_server):
    sessions = odoo.tools.config.session_dir
    before = set(os.listdir(sessions)) if os.path.isdir(sessions) else set()
    for path in ("/services", "/services/C02?lang=en", "/performance", "/data", "/services/NOPE"):
        get(gov_server, path)
    after = set(os.listdir(sessions)) if os.path.isdir(sessions) else set()
    # Odoo may remove week-old sessions meanwhile: only a new file would be a visit's
    assert after - before == set()


@pytest.fixture
def portal_person(gov_server):
    """A citizen with a portal login (removed afterwards with what the login wrote)."""
    login = "gp_portal_%d" % os.getpid()
    with committed_env() as env:
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "ผู้ใช้พอร์ทัลทดสอบ", "login": login, "password": login,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        user.partner_id.gov_party_type = "citizen"
        user_id, partner_id = user.id, user.partner_id.id
    yield login
    with committed_env() as env:
        env["res.users.log"].search([("create_uid", "=", user_id)]).unlink()
        env["res.users"].browse(user_id).unlink()
        env["res.partner"].browse(partner_id).unlink()


def test_apply_link_opens_the_portal_form_with_the_service_chosen(gov_server, portal_person):
    with committed_env() as env:
        service_id = env.ref("one_stop_service.oss_service_c02").id
    html = get(gov_server, "/services/C02").text
    apply = re.search(r'<a href="([^"]+)" class="gp-button gp-apply" data-channel="portal">', html).group(1)
    assert apply == "/my/requests/new?service_id=%d" % service_id
    # without a login: to the login page, which comes back to the form
    answer = get(gov_server, apply, allow_redirects=False)
    assert answer.status_code in (302, 303) and "/web/login?redirect=" in answer.headers["Location"]
    assert requests.utils.unquote(answer.headers["Location"]).endswith(apply)
    session = requests.Session()
    page = session.get(gov_server + "/web/login", timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(gov_server + "/web/login", timeout=60, data={
        "login": portal_person, "password": portal_person, "csrf_token": token})
    form = session.get(gov_server + apply, timeout=60).text
    assert re.search(r'<option value="%d" selected="selected">\s*C02 ' % service_id, form), form[:2000]
    assert len(re.findall(r'selected="selected"', form)) == 1
