"""one_stop_service over HTTP: public status page, portal isolation, receipt PDF.

Runs against the real server of the `gov_server` fixture; the data is committed
(with a random suffix, so a kept database can run the file again).
"""
import os
import random
import re
import subprocess
import tempfile

import lxml.html
import odoo
import pytest
import requests
from stdnum.th import pin

from .conftest import (
    WHOLE_RUN_WINDOW, committed_env, reset_rate_limits, retry_after_ends_the_whole_run_window, system_params)

SUFFIX = "%06d" % random.randint(0, 999999)


def random_pin():
    while True:
        number = "1" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture(scope="module")
def oss_data(gov_server):
    """Two portal persons reading Thai (a, b) and one reading English (en), with one request each
    (documents attached), committed."""
    data = {}
    with committed_env() as env:
        Users = env["res.users"].with_context(no_reset_password=True)
        service = env.ref("one_stop_service.oss_service_c05")
        for key in ("a", "b", "en"):
            national_id = random_pin()
            phone = "08%08d" % random.randint(0, 99999999)
            user = Users.create({
                "name": "นายพอร์ทัล %s%s" % (key.upper(), SUFFIX), "login": "oss_%s_%s" % (key, SUFFIX),
                "password": "pw-%s-%s" % (key, SUFFIX), "email": "oss_%s_%s@example.co.th" % (key, SUFFIX),
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
            user.partner_id.write({"national_id": national_id, "phone": phone,
                                   "lang": "en_US" if key == "en" else "th_TH",
                                   "gov_party_type": "citizen"})
            record = env["oss.request"].create({"partner_id": user.partner_id.id, "service_id": service.id})
            attachment = record._oss_attach_document(
                record.document_ids[0], "request-%s.pdf" % key, ("SECRET-%s-%s" % (key, SUFFIX)).encode())
            record.action_receive_all_documents()
            record.action_submit()
            record.public_note = "PUBLIC-NOTE-%s" % SUFFIX
            record.message_post(body="INTERNAL-SECRET-%s" % SUFFIX, subtype="mail.mt_note")
            data[key] = {"user": user.login, "password": "pw-%s-%s" % (key, SUFFIX), "id": record.id,
                         "name": record.name, "attachment": attachment.id, "national_id": national_id,
                         "phone": phone, "partner_name": user.partner_id.name,
                         "partner_id": user.partner_id.id}
        data["unpublished"] = env["oss.service"].create({
            "code": "T-UNP-%s" % SUFFIX, "name": "ไม่เผยแพร่", "published": False}).id
        data["service"] = service.id
        data["service_doc"] = service.document_ids[0].id
    reset_rate_limits()
    return data


def clear_attempts():
    reset_rate_limits()


def lookup(base, number, last4, session=None):
    session = session or requests.Session()
    page = session.get(base + "/oss/track", timeout=30)
    return session.post(base + "/oss/track", timeout=30, data={
        "csrf_token": csrf(page.text), "number": number, "last4": last4})


# ------------------------------------------------------------------ public status page
def test_status_found_by_phone_and_id_without_personal_data(gov_server, oss_data):
    clear_attempts()
    a = oss_data["a"]
    for last4 in (a["phone"][-4:], a["national_id"][-4:]):
        response = lookup(gov_server, a["name"], last4)
        assert response.status_code == 200
        body = response.text
        assert 'id="oss_track_result"' in body
        assert a["name"] in body
        assert "ขอข้อมูลข่าวสารของราชการ" in body and "Official information request" in body
        assert "อยู่ระหว่างดำเนินการ" in body and "In progress" in body
        assert "0 / 2" in body  # steps done of total
        assert "PUBLIC-NOTE-%s" % SUFFIX in body
        for secret in (a["partner_name"], a["national_id"], a["phone"], "INTERNAL-SECRET-%s" % SUFFIX,
                       "oss_a_%s" % SUFFIX, "Administrator", "request-a.pdf"):
            assert secret not in body, secret


def test_anonymous_visits_leave_no_stored_session(gov_server, oss_data):
    """A visit to the status page writes no session file; the lookup's CSRF check still holds."""
    clear_attempts()
    sessions = odoo.tools.config.session_dir  # the server's: the same configuration file
    a = oss_data["a"]
    session = requests.Session()
    response = lookup(gov_server, a["name"], a["phone"][-4:], session)
    assert 'id="oss_track_result"' in response.text
    sid = session.cookies["session_id"]
    assert not os.path.exists(os.path.join(sessions, "werkzeug_%s.sess" % sid))
    # a forged token is still refused without the stored session
    refused = session.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": "0" * 40 + "o9999999999", "number": a["name"], "last4": a["phone"][-4:]})
    assert refused.status_code == 400
    # a logged-in visitor's session is kept as usual
    user = requests.Session()
    user.post(gov_server + "/web/login", timeout=30, data={
        "login": a["user"], "password": a["password"], "csrf_token": csrf(user.get(gov_server + "/web/login").text)})
    user.get(gov_server + "/oss/track", timeout=30)
    assert os.path.exists(os.path.join(sessions, "werkzeug_%s.sess" % user.cookies["session_id"]))


def test_wrong_digits_and_unknown_number_answered_alike(gov_server, oss_data):
    clear_attempts()
    a = oss_data["a"]
    wrong = "0000" if a["phone"][-4:] != "0000" and a["national_id"][-4:] != "0000" else "1111"
    answers = [lookup(gov_server, a["name"], wrong), lookup(gov_server, "OSS-2569-999999", a["phone"][-4:]),
               lookup(gov_server, "garbage", "12")]
    bodies = []
    for response in answers:
        assert response.status_code == 200
        assert 'id="oss_track_not_found"' in response.text
        assert 'id="oss_track_result"' not in response.text
        # the same page apart from the echoed number and the session's CSRF token
        body = re.sub(r'value="[^"]*"', 'value=""', response.text)
        bodies.append(re.sub(r'csrf_token: "[^"]*"', "", body))
    assert bodies[0] == bodies[1] == bodies[2]
    assert oss_data["a"]["partner_name"] not in answers[0].text


def test_rate_limit_per_client_address(gov_server, oss_data):
    clear_attempts()
    try:
        with system_params(one_stop_service__track_rate_limit=3,
                           one_stop_service__track_rate_window=WHOLE_RUN_WINDOW):
            a = oss_data["a"]
            for _ in range(3):
                assert lookup(gov_server, a["name"], "9999").status_code == 200
            blocked = lookup(gov_server, a["name"], a["phone"][-4:])
            assert blocked.status_code == 429
            assert 'id="oss_track_rate_limited"' in blocked.text
            assert "Too many lookups from your address" in blocked.text
            assert "ค้นหาบ่อยเกินไป" in blocked.text
            assert 'id="oss_track_result"' not in blocked.text  # even the right digits are refused
            assert retry_after_ends_the_whole_run_window(blocked.headers)
            with committed_env() as env:
                env.cr.execute("SELECT client_key, hits FROM gov_rate_limit WHERE scope = 'oss.track'")
                rows = env.cr.fetchall()
            assert len(rows) == 1 and rows[0][1] == 4 and "127.0.0.1" not in rows[0][0]  # only a hash is kept
    finally:
        clear_attempts()


# ------------------------------------------------------------------ portal
def portal_session(base, data):
    session = requests.Session()
    page = session.get(base + "/web/login", timeout=30)
    response = session.post(base + "/web/login", timeout=30, data={
        "csrf_token": csrf(page.text), "login": data["user"], "password": data["password"]})
    # Odoo 11 answers a successful login with a script redirect (redirect_with_hash)
    assert response.status_code == 200 and "window.location = '/my'" in response.text, response.text[:300]
    return session


def test_portal_lists_only_own_requests(gov_server, oss_data):
    session = portal_session(gov_server, oss_data["a"])
    listing = session.get(gov_server + "/my/requests", timeout=30)
    assert listing.status_code == 200
    assert oss_data["a"]["name"] in listing.text
    assert oss_data["b"]["name"] not in listing.text
    detail = session.get(gov_server + "/my/requests/%d" % oss_data["a"]["id"], timeout=30)
    assert detail.status_code == 200
    assert "request-a.pdf" in detail.text
    assert "INTERNAL-SECRET" not in detail.text
    own_file = session.get(gov_server + "/web/content/%d?download=true" % oss_data["a"]["attachment"], timeout=30)
    assert own_file.status_code == 200
    assert own_file.content == ("SECRET-a-%s" % SUFFIX).encode()


def portal_labels(html):
    """The product's labels on a portal page: headings, table headers, form labels, buttons, links."""
    tree = lxml.html.fromstring(html)
    main = "//div[@id='wrap']"
    paths = (main + "//h3[@class='page-header']/text()", main + "//h3[@class='page-header']/a", main + "//h4",
             main + "//th", main + "//label[not(ancestor::fieldset)]", main + "//button",
             "//ol[contains(@class, 'o_portal_submenu')]/li")
    texts = [" ".join(node.text_content().split()) if hasattr(node, "text_content") else node.strip()
             for path in paths for node in tree.xpath(path)]
    return [re.sub(r"\b(PDF|MB)\b", "", text).strip() for text in texts]  # names of formats, in both languages


def test_portal_speaks_the_portal_users_language(gov_server, oss_data):
    """Thai for a Thai reader, English for an English one: never a label in the other language."""
    thai_letters, latin_letters = re.compile("[\u0e00-\u0e7f]"), re.compile("[A-Za-z]")
    for key, own, other in (("a", thai_letters, latin_letters), ("en", latin_letters, thai_letters)):
        session = portal_session(gov_server, oss_data[key])
        for url in ("/my/requests", "/my/requests/%d" % oss_data[key]["id"], "/my/requests/new"):
            page = session.get(gov_server + url, timeout=30)
            assert page.status_code == 200, (key, url)
            labels = [label for label in portal_labels(page.text) if label and label != oss_data[key]["name"]]
            assert labels and all(own.search(label) for label in labels), (key, url, labels)
            assert not any(other.search(label) for label in labels), (key, url, labels)
        detail = lxml.html.fromstring(session.get(gov_server + "/my/requests/%d" % oss_data[key]["id"],
                                                  timeout=30).text)
        headers = [th.text_content().strip() for th in detail.xpath("//table[@id='oss_portal_request']//th")]
        assert headers[:3] == ({"a": ["สถานะ", "วันที่รับคำขอ", "กำหนดแล้วเสร็จ"],
                                "en": ["Status", "Received on", "Expected by"]}[key]), headers
        received = detail.xpath("//table[@id='oss_portal_request']//tr[2]/td")[0].text_content()
        assert ("B.E." in received) == (key == "en") and ("น." in received) == (key == "a"), received


def test_portal_refuses_another_persons_request_by_url(gov_server, oss_data):
    session = portal_session(gov_server, oss_data["a"])
    b = oss_data["b"]
    for url in ("/my/requests/%d" % b["id"], "/my/requests/999999999"):
        response = session.get(gov_server + url, timeout=30)
        assert response.status_code == 404
        assert b["name"] not in response.text
    page = session.get(gov_server + "/my/requests/new", timeout=30)
    upload = session.post(gov_server + "/my/requests/%d/upload" % b["id"], timeout=30,
                          data={"csrf_token": csrf(page.text), "document_id": "1"},
                          files={"file": ("x.pdf", b"%PDF-1.4 intruder")})
    assert upload.status_code == 404


def test_portal_refuses_another_persons_attachment(gov_server, oss_data):
    session = portal_session(gov_server, oss_data["a"])
    for url in ("/web/content/%d?download=true", "/web/content/%d", "/web/image/%d"):
        response = session.get(gov_server + url % oss_data["b"]["attachment"], timeout=30)
        assert response.status_code in (403, 404), url
        assert ("SECRET-b-%s" % SUFFIX).encode() not in response.content


def test_portal_refuses_another_persons_request_by_rpc(gov_server, gov_rpc, oss_data):
    rpc = gov_rpc(oss_data["a"]["user"], oss_data["a"]["password"])
    b = oss_data["b"]
    with pytest.raises(Exception) as error:
        rpc.call_kw("oss.request", "read", [[b["id"]], ["name", "partner_id"]])
    assert type(error.value).__name__ == "RpcError" and error.value.name == "odoo.exceptions.AccessError"
    found = rpc.call_kw("oss.request", "search_read", [[]], {"fields": ["name"]})
    assert [r["name"] for r in found] == [oss_data["a"]["name"]]
    with pytest.raises(Exception) as error:
        rpc.call_kw("ir.attachment", "read", [[b["attachment"]], ["datas"]])
    assert type(error.value).__name__ == "RpcError" and error.value.name == "odoo.exceptions.AccessError"
    with pytest.raises(Exception) as error:
        rpc.call_kw("oss.request", "write", [[oss_data["a"]["id"]], {"public_note": "x"}])
    assert type(error.value).__name__ == "RpcError" and error.value.name == "odoo.exceptions.AccessError"
    with pytest.raises(Exception) as error:
        rpc.call_kw("oss.request", "create", [{"partner_id": b["partner_id"], "service_id": oss_data["service"]}])
    assert type(error.value).__name__ == "RpcError" and error.value.name == "odoo.exceptions.AccessError"


def test_portal_submission_with_upload(gov_server, oss_data):
    session = portal_session(gov_server, oss_data["a"])
    form = session.get(gov_server + "/my/requests/new", timeout=30)
    assert form.status_code == 200
    assert "ขอข้อมูลข่าวสารของราชการ" in form.text
    assert "ไม่เผยแพร่" not in form.text  # unpublished services are not offered
    refused = session.post(gov_server + "/my/requests/new", timeout=30, data={
        "csrf_token": csrf(form.text), "service_id": str(oss_data["unpublished"])})
    assert "เลือกบริการที่เปิดให้ท่านยื่นทางออนไลน์" in refused.text  # the user reads Thai
    response = session.post(gov_server + "/my/requests/new", timeout=30, data={
        "csrf_token": csrf(form.text), "service_id": str(oss_data["service"]),
        "description": "ขอสำเนาสัญญาจ้างโครงการถนน %s" % SUFFIX,
    }, files={"doc_%d" % oss_data["service_doc"]: ("form.pdf", b"%PDF-1.4 form")})
    assert response.status_code == 200
    request_id = int(re.search(r"/my/requests/(\d+)$", response.url).group(1))
    with committed_env() as env:
        record = env["oss.request"].browse(request_id)
        assert record.partner_id.id == oss_data["a"]["partner_id"]
        assert (record.channel, record.state) == ("portal", "waiting_docs")  # the ID card is missing
        assert record.document_ids[0].received and record.document_ids[0].attachment_id.datas_fname == "form.pdf"
        assert len(record.notice_ids) == 1


# ------------------------------------------------------------------ receipt
def test_receipt_pdf_has_the_tracking_number(gov_server, gov_rpc, oss_data):
    rpc = gov_rpc("frontdesk", "frontdesk")
    response = rpc.http.get(gov_server + "/report/pdf/one_stop_service.oss_request_receipt/%d"
                            % oss_data["a"]["id"], timeout=120)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.content)
        pdf.flush()
        text = subprocess.run(["pdftotext", "-layout", pdf.name, "-"], check=True,
                              stdout=subprocess.PIPE).stdout.decode()
    assert oss_data["a"]["name"] in text
    assert "Receipt of request" in text
    assert "Tracking number" in text
    assert "/oss/track" in text
    assert re.search(r"\d{1,2} \S+ 25\d\d", text)  # a Buddhist-era date


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", "-layout", pdf.name, "-"], check=True,
                              stdout=subprocess.PIPE).stdout.decode()


def test_portal_user_downloads_own_receipt_only(gov_server, oss_data):
    a, b = oss_data["a"], oss_data["b"]
    session = portal_session(gov_server, a)
    detail = session.get(gov_server + "/my/requests/%d" % a["id"], timeout=30)
    assert 'href="/my/requests/%d/receipt"' % a["id"] in detail.text
    for url in ("/my/requests/%d/receipt", "/report/pdf/one_stop_service.oss_request_receipt/%d"):
        own = session.get(gov_server + url % a["id"], timeout=120)
        assert own.status_code == 200, (url, own.text[:300])
        assert own.headers["Content-Type"] == "application/pdf"
        text = pdf_text(own.content)
        assert a["name"] in text and "Receipt of request" in text
        with committed_env() as env:
            receiver = env["oss.request"].browse(a["id"]).received_by_id.name
        assert receiver in text
    # another person's receipt: not found on the portal, refused by the report route
    other = session.get(gov_server + "/my/requests/%d/receipt" % b["id"], timeout=60)
    assert other.status_code == 404 and b["name"] not in other.text
    other = session.get(gov_server + "/report/pdf/one_stop_service.oss_request_receipt/%d" % b["id"], timeout=60)
    assert other.status_code != 200 or other.headers["Content-Type"] != "application/pdf"
    assert b["name"] not in other.text


def test_portal_user_still_reads_no_staff_user(gov_server, gov_rpc, oss_data):
    """The receipt names who received the request; the portal user gets no access to users for it."""
    rpc = gov_rpc(oss_data["a"]["user"], oss_data["a"]["password"])
    with committed_env() as env:
        receiver_id = env["oss.request"].browse(oss_data["a"]["id"]).received_by_id.id
    with pytest.raises(Exception) as error:
        rpc.call_kw("res.users", "read", [[receiver_id], ["name"]])
    assert type(error.value).__name__ == "RpcError" and error.value.name == "odoo.exceptions.AccessError"


def test_portal_offers_and_accepts_only_what_the_service_allows(gov_server, oss_data):
    session = portal_session(gov_server, oss_data["a"])
    form = session.get(gov_server + "/my/requests/new", timeout=30)
    offered = set(re.findall(r'<option value="(\d+)">\s*(\w+)', form.text))
    codes = {code for _id, code in offered}
    assert "C05" in codes and "B01" in codes
    assert not {code for code in codes if code[0] in "GE"}, codes  # no staff, no inter-agency service
    assert "B07" not in codes  # for businesses only
    with committed_env() as env:
        staff_service = env.ref("one_stop_service.oss_service_e01").id
        before = env["oss.request"].search_count([("partner_id", "=", oss_data["a"]["partner_id"])])
    refused = session.post(gov_server + "/my/requests/new", timeout=30, data={
        "csrf_token": csrf(form.text), "service_id": str(staff_service), "description": "posted by id"})
    assert refused.status_code == 200
    assert 'class="alert alert-danger"' in refused.text and "/my/requests/new" in refused.url
    with committed_env() as env:
        assert env["oss.request"].search_count([("partner_id", "=", oss_data["a"]["partner_id"])]) == before
