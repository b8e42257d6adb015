"""The public web form from outside, against the test server: a request confirmed by the code that
arrives in a mailbox on loopback becomes exactly one request in triage, with its place and photos,
acknowledged by e-mail with the tracking number and the QR code of the status page; by SMS the
same through the stand-in gateway. Every refusal (no CSRF token, the honeypot, the rate limit, an
empty description, a bad address or number, a wrong or expired code, a photo too large, a program
named .jpg, a service not open to the form) answers in the page's language and leaves nothing
half-created. The front desk then confirms the request in triage over JSON-RPC and the legal
clock starts."""
import base64
import io
import re
import subprocess
import tempfile
import uuid
from html import unescape

import pytest
import requests
from PIL import Image

from .conftest import (WHOLE_RUN_WINDOW, committed_env, free_national_id, purge_requests, reset_rate_limits,
                       system_params)
from .hearing_data import mail_server, mobile, sms_gateway
from .row_counts import created, marks

OPEN = "C04"  # nuisance complaint: open to the form in the demo data
CLOSED = "C01"
TABLES = ("oss_request", "res_partner", "ir_attachment", "oss_web_submission")


def picture(kind="JPEG", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, kind)
    return buffer.getvalue()


def qr_codes(png):
    """The QR codes an independent reader (zbarimg) finds in a PNG picture."""
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        handle.write(png)
        handle.flush()
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", handle.name],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return [line for line in result.stdout.decode().splitlines() if line]


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


NOTHING = {table: 0 for table in TABLES}


@pytest.fixture
def contact():
    """An e-mail address nobody has; what it made (requests, person, codes, forms) is removed afterwards."""
    address = "webform_%s@example.org" % uuid.uuid4().hex[:10]
    phone = mobile()
    reset_rate_limits()
    yield address, phone
    reset_rate_limits()
    with committed_env() as env:
        partners = env["res.partner"].with_context(active_test=False).search(
            ["|", ("email", "=ilike", address), ("mobile", "=", phone)])
        found = env["oss.request"].search([("partner_id", "in", partners.ids)])
        purge_requests(env, found.ids, partners.ids)
        env["gov.otp"].search([("target", "in", [address, phone])]).unlink()
        env["oss.web.submission"].search([("target", "in", [address, phone])]).unlink()
        env["mail.mail"].search([("email_to", "in", [address, phone])]).unlink()


def form_data(token, contact, **extra):
    data = {"csrf_token": token, "name": "นางสาวแจ้ง เหตุ", "contact": contact,
            "description": "กลิ่นเหม็นจากบ่อขยะหลังตลาด ทุกคืน", "address": "ซอยตลาดเช้า 3",
            "latitude": "13.7563", "longitude": "100.5018"}
    data.update(extra)
    return data


def send_form(base, session, contact, photos=None, lang="en", code=OPEN, **extra):
    page = session.get("%s/services/%s/form?lang=%s" % (base, code, lang), timeout=60)
    assert page.status_code == 200, page.text[-1000:]
    files = photos if photos is not None else [
        ("photos", ("street.jpg", picture("JPEG"), "image/jpeg")),
        ("photos", ("pin.png", picture("PNG"), "image/png"))]
    return session.post("%s/services/%s/form?lang=%s" % (base, code, lang),
                        data=form_data(csrf(page.text), contact, **extra), files=files, timeout=60)


def confirm(base, session, sent, code, lang="en", service=OPEN):
    token = re.search(r'name="token" value="([^"]+)"', sent.text).group(1)
    return session.post("%s/services/%s/form/confirm?lang=%s" % (base, service, lang), data={
        "csrf_token": csrf(sent.text), "token": token, "otp": code}, timeout=60)


def test_the_service_page_links_to_the_form_only_when_open(gov_server):
    page = requests.get("%s/services/%s?lang=en" % (gov_server, OPEN), timeout=60)
    assert page.status_code == 200 and 'href="/services/%s/form"' % OPEN in page.text
    closed = requests.get("%s/services/%s?lang=en" % (gov_server, CLOSED), timeout=60)
    assert "/services/%s/form" % CLOSED not in closed.text
    for path in ("/services/%s/form" % CLOSED, "/services/NOPE/form", "/services/%s%%00/form" % OPEN):
        assert requests.get(gov_server + path, timeout=60).status_code == 404, path
    form = requests.get("%s/services/%s/form?lang=th" % (gov_server, OPEN), timeout=60)
    assert form.status_code == 200 and 'name="csrf_token"' in form.text and 'name="website"' in form.text
    assert "ชื่อของท่าน" in form.text
    assert re.search(r'<textarea id="ow_description"[^>]*></textarea>', form.text), "a textarea is closed"


def test_a_confirmed_form_becomes_one_request_in_triage_and_the_clerk_starts_the_clock(
        gov_server, contact, gov_rpc):
    address, _phone = contact
    before = marks(TABLES)
    with mail_server() as server:
        session = requests.Session()
        sent = send_form(gov_server, session, address.upper())
        assert sent.status_code == 200 and 'id="ow_code_form"' in sent.text, sent.text[-1500:]
        pending = dict(NOTHING, oss_web_submission=1)
        assert created(before) == pending, "nothing but the kept form before the code is confirmed"
        code = server.last_code(address)
        wrong = confirm(gov_server, session, sent, "%06d" % ((int(code) + 1) % 1000000))
        assert wrong.status_code == 403 and "The code is wrong" in wrong.text
        assert created(before) == pending
        done = confirm(gov_server, session, sent, code)
        assert done.status_code == 200 and 'id="ow_done"' in done.text, done.text[-1500:]
        number = re.search(r'id="ow_tracking_number" class="ow-number">([^<]+)<', done.text).group(1)
        assert "/oss/track?number=%s" % number in done.text
        qr = re.search(r'<img id="ow_qr"[^>]* src="data:image/png;base64,([^"]+)"', done.text).group(1)
        shown = unescape(re.search(r'id="ow_track_link" href="([^"]+)"', done.text).group(1))
        assert qr_codes(base64.b64decode(qr)) == [shown]
        link = qr_codes(base64.b64decode(qr))[0]
        assert re.search(r"/oss/track\?number=%s&key=[0-9a-f]{40}$" % number, link), link
        # the person gave no ID: the signed link opens the status without the last 4 digits
        status = requests.get(gov_server + link[link.index("/oss/track"):], timeout=60)
        assert 'id="oss_track_result"' in status.text and number in status.text
        again = confirm(gov_server, session, sent, code)
        assert again.status_code == 410, "a confirmed form is gone: its code registers nothing more"
        received = server.wait_for(address, count=2)
        assert len(received) == 2
        html = received[1]["message"].get_body(preferencelist=("html",)).get_content()
        assert number in received[1]["message"]["Subject"] and number in html
        assert "/oss/track?number=%s" % number in html
        mailed = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
        assert qr_codes(base64.b64decode(mailed)) == [link]
        assert link.replace("&", "&amp;") in html or link in html
    assert created(before) == dict(NOTHING, oss_request=1, res_partner=1, ir_attachment=2)
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        assert (request.state, request.channel, request.service_id.code) == ("triage", "web", OPEN)
        assert (request.partner_id.email, request.triage_registered) == (address, True)
        assert request.web_address == "ซอยตลาดเช้า 3" and abs(request.web_latitude - 13.7563) < 1e-6
        assert "กลิ่นเหม็นจากบ่อขยะ" in request.description
        files = env["ir.attachment"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        assert sorted(files.mapped("mimetype")) == ["image/jpeg", "image/png"]
        request_id, partner_id = request.id, request.partner_id.id
        national_id = free_national_id(env)
    # the front desk confirms the person (their ID) and the service, then receives the file
    desk = gov_rpc("frontdesk", "frontdesk")
    [row] = desk.call_kw("oss.request", "search_read", [[("state", "=", "triage"), ("id", "=", request_id)]],
                         {"fields": ["channel", "partner_id"]})
    assert (row["channel"], row["partner_id"][0]) == ("web", partner_id)
    with committed_env() as env:
        service_id = env["oss.service"].search([("code", "=", OPEN)]).id
    wizard = desk.call_kw("oss.request.triage.wizard", "create", [{
        "request_id": request_id, "partner_id": partner_id, "service_id": service_id, "identifier": national_id}])
    desk.call_kw("oss.request.triage.wizard", "action_confirm", [[wizard]])
    desk.call_kw("oss.request", "action_receive_all_documents", [[request_id]])
    desk.call_kw("oss.request", "action_submit", [[request_id]])
    [after] = desk.call_kw("oss.request", "read", [[request_id], ["state", "expected_date", "triaged_by_id"]])
    assert after["state"] in ("in_progress", "submitted") and after["expected_date"], after
    assert after["triaged_by_id"][0] == desk.uid


def test_a_mobile_number_confirmed_by_sms_gets_the_number_by_sms(gov_server, contact):
    _address, phone = contact
    with sms_gateway() as gateway:
        session = requests.Session()
        sent = send_form(gov_server, session, phone, photos=[], lang="th", latitude="", longitude="")
        assert sent.status_code == 200 and 'id="ow_code_form"' in sent.text, sent.text[-1500:]
        done = confirm(gov_server, session, sent, gateway.last_code(phone), lang="th")
        assert done.status_code == 200 and "เลขติดตามคำขอ" in done.text
        number = re.search(r'id="ow_tracking_number" class="ow-number">([^<]+)<', done.text).group(1)
        assert gateway.messages[-1]["to"] == phone and number in gateway.messages[-1]["text"]
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        assert (request.state, request.channel, request.partner_id.mobile) == ("triage", "web", phone)
        assert not request.web_latitude


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.mark.parametrize("lang,extra,photos,status,message", [
    ("en", {"website": "http://spam.example"}, None, 400, "could not be accepted"),
    ("en", {"description": "   "}, None, 400, "Describe what you ask for"),
    ("th", {"description": ""}, None, 400, "อธิบายเรื่องที่ท่านขอหรือแจ้ง"),
    ("en", {"contact": "not-an-address"}, None, 400, "Thai mobile number"),
    ("en", {"contact": "0212345678"}, None, 400, "Thai mobile number"),
    ("en", {"latitude": "13.7", "longitude": ""}, None, 400, "map position is not valid"),
    ("en", {}, [("photos", ("virus.jpg", EXECUTABLE, "image/jpeg"))], 400, "is not a JPEG or PNG photo"),
    ("th", {}, [("photos", ("virus.jpg", EXECUTABLE, "image/jpeg"))], 400, "ไม่ใช่ภาพถ่าย"),
    ("en", {}, [("photos", ("big.png", picture("PNG", (900, 900)) + b"\x00" * 6000, "image/png"))], 413,
     "is larger than"),
    ("en", {}, [("photos", ("p%d.png" % n, picture("PNG"), "image/png")) for n in range(4)], 400,
     "At most 3 photos"),
])
def test_a_refused_form_answers_in_its_language_and_leaves_nothing(
        gov_server, contact, lang, extra, photos, status, message):
    address, extra = contact[0], dict(extra)
    before = marks(TABLES)
    with mail_server() as server, system_params(oss_channel_web__photo_max_bytes=5000):
        answer = send_form(gov_server, requests.Session(), extra.pop("contact", address), photos=photos,
                           lang=lang, **extra)
        assert (answer.status_code, message in answer.text) == (status, True), answer.text[-1500:]
        assert 'id="ow_error"' in answer.text
        assert server.wait_for(address, timeout=1) == [], "no code is sent for a refused form"
    assert created(before) == NOTHING


def test_no_csrf_token_and_a_closed_service_are_refused(gov_server, contact):
    address, _phone = contact
    before = marks(TABLES)
    for lang, text in (("en", "did not come from this site"), ("th", "ไม่ได้มาจากเว็บไซต์นี้")):
        answer = requests.post("%s/services/%s/form?lang=%s" % (gov_server, OPEN, lang),
                               data=form_data("", address), timeout=60)
        assert (answer.status_code, text in answer.text) == (400, True), answer.text[-1500:]
        forged = requests.post("%s/services/%s/form?lang=%s" % (gov_server, OPEN, lang),
                               data=form_data("0" * 40 + "o9999999999", address), timeout=60)
        assert forged.status_code == 400
    session = requests.Session()
    token = csrf(session.get("%s/services/%s/form" % (gov_server, OPEN), timeout=60).text)
    closed = session.post("%s/services/%s/form?lang=en" % (gov_server, CLOSED), data=form_data(token, address),
                          timeout=60)
    assert closed.status_code == 404
    assert created(before) == NOTHING


def test_over_the_rate_limit_answers_429_with_retry_after(gov_server, contact):
    address, _phone = contact
    before = marks(TABLES)
    with mail_server(), system_params(oss_channel_web__submit_rate_limit=2,
                                      oss_channel_web__submit_rate_window=WHOLE_RUN_WINDOW):
        session = requests.Session()
        statuses = [send_form(gov_server, session, address, photos=[], description="").status_code
                    for _n in range(3)]
        assert statuses == [400, 400, 429]
        limited = send_form(gov_server, session, address, photos=[], lang="th")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert created(before) == NOTHING


def test_an_expired_code_registers_nothing(gov_server, contact):
    address, _phone = contact
    before = marks(TABLES)
    with mail_server() as server:
        session = requests.Session()
        sent = send_form(gov_server, session, address, lang="th")
        assert sent.status_code == 200
        code = server.last_code(address)
        with committed_env() as env:
            env["oss.web.submission"].search([("target", "=", address)]).write(
                {"expires_at": "2000-01-01 00:00:00"})
        expired = confirm(gov_server, session, sent, code, lang="th")
        assert expired.status_code == 410 and "รหัสหมดอายุ" in expired.text
        with committed_env() as env:
            env["oss.web.submission"]._cron_purge()
    assert created(before) == NOTHING


def test_photos_are_reencoded_without_what_they_carried(gov_server, contact):
    """A JPEG with EXIF data (a GPS position) is kept as a picture only."""
    address, _phone = contact
    image = Image.new("RGB", (40, 30), (10, 120, 10))
    exif = image.getexif()
    exif[0x010F] = "SecretCam"  # the camera's maker
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert b"SecretCam" in buffer.getvalue()
    with mail_server() as server:
        session = requests.Session()
        sent = send_form(gov_server, session, address, photos=[("photos", ("cam.jpg", buffer.getvalue(),
                                                                           "image/jpeg"))])
        done = confirm(gov_server, session, sent, server.last_code(address))
        assert done.status_code == 200
    with committed_env() as env:
        request = env["oss.request"].search([("partner_id.email", "=ilike", address)])
        [photo] = env["ir.attachment"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        assert b"SecretCam" not in base64.b64decode(photo.datas)
