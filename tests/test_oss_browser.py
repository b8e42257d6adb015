"""The counter intake in a real Chromium: find the person by ID, pick the service by
code, tick the documents, submit; the intake field says what it recognised and warns of
likely duplicates. Saves screenshots (docs/ when GOV_SCREENSHOT_DIR=docs).

The web client re-renders the form after every onchange and the autocomplete after every
search: the walk never keeps an element across an action. Each step finds its element
again, retries when the element went stale under it, and waits for the client to be idle
(no RPC pending, two animation frames rendered) before the next step.
"""
import contextlib
import random
import subprocess
import tempfile
import time

import requests
from selenium.common.exceptions import (
    ElementClickInterceptedException, NoSuchElementException, StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, free_national_id, purge_requests, screenshot_path

TIMEOUT = 60
RETRIED = (StaleElementReferenceException, NoSuchElementException, ElementClickInterceptedException)

# counts the web client's pending RPCs (web.core's bus announces each request and answer),
# then answers after two animation frames: the rendering that follows an answer is done
IDLE_JS = """
var done = arguments[arguments.length - 1];
var state = window.__govIdle;
if (!state) {
    state = window.__govIdle = {pending: 0};
    var bus = odoo.__DEBUG__.services['web.core'].bus;
    bus.on('rpc_request', null, function () { state.pending += 1; });
    bus.on('rpc_response', null, function () { state.pending = Math.max(0, state.pending - 1); });
    bus.on('rpc_response_failed', null, function () { state.pending = Math.max(0, state.pending - 1); });
}
requestAnimationFrame(function () { requestAnimationFrame(function () {
    var loading = document.querySelector('.o_loading');
    var busy = state.pending > 0 || (loading && loading.offsetParent !== null)
        || document.querySelector('.blockUI') !== null;
    done(!busy);
}); });
"""


def idle(driver, timeout=TIMEOUT, checks=2):
    """Wait until the web client has no RPC pending and has rendered, ``checks`` times in a row."""
    deadline = time.time() + timeout
    calm = 0
    while calm < checks:
        if time.time() > deadline:
            raise AssertionError("the web client stayed busy for %d s" % timeout)
        calm = calm + 1 if driver.execute_async_script(IDLE_JS) else 0


def snapshot(driver, name):
    """A screenshot once the client has stayed idle a while (no "Loading" fading out on it)."""
    idle(driver, checks=6)
    driver.save_screenshot(str(screenshot_path(name)))


def until(driver, condition, timeout=TIMEOUT, message=""):
    """Wait for ``condition(driver)``, re-evaluated on fresh elements whenever they went stale."""
    def safe(d):
        try:
            return condition(d)
        except RETRIED:
            return False
    return WebDriverWait(driver, timeout).until(safe, message)


def visible(driver, selector):
    """The first visible element of ``selector`` or None (found again at each call)."""
    return next((e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()), None)


def act(driver, selector, action, timeout=TIMEOUT):
    """Run ``action(element)`` on a fresh visible element of ``selector``, then wait for idle."""
    def attempt(d):
        element = visible(d, selector)
        if element is None:
            return False
        action(element)
        return True
    until(driver, attempt, timeout, "no visible %s to act on" % selector)
    idle(driver)


def type_into(driver, selector, text, tab=True):
    def write(element):
        element.clear()
        element.send_keys(text + (Keys.TAB if tab else ""))
    act(driver, selector, write)


def text_of(driver, selector):
    element = visible(driver, selector)
    return element.text if element is not None else ""


def value_of(driver, selector):
    element = visible(driver, selector)
    return element.get_attribute("value") if element is not None else ""


def choose(driver, selector, search, label):
    """Type ``search`` in the many2one ``selector`` and click the suggestion containing ``label``."""
    type_into(driver, selector, search, tab=False)

    def click_suggestion(d):
        for item in d.find_elements(By.CSS_SELECTOR, "ul.ui-autocomplete li a"):
            if item.is_displayed() and label in item.text:
                item.click()
                return True
        return False
    until(driver, click_suggestion, message="no suggestion %s" % label)
    idle(driver)


# {column: (ticked, read-only)} of each line of the documents checklist
DOCUMENTS_JS = """
var $list = $(".o_form_view div[name='document_ids']");
var names = $list.find("thead th").map(function () { return $(this).data("name") || ""; }).get();
return $list.find("tr.o_data_row").map(function () {
    var cells = $(this).children("td"), row = {};
    _.each(["mandatory", "received"], function (name) {
        var cell = cells.eq(names.indexOf(name));
        row[name] = [cell.find("input").prop("checked") || false, cell.hasClass("o_readonly_modifier")];
    });
    return row;
}).get();
"""


# the web client's calls from now on: the address of every request it sends (JSON-RPC goes
# through jQuery's XMLHttpRequest)
RECORD_CALLS_JS = """
window.__govCalls = [];
if (!window.__govCallsHooked) {
    window.__govCallsHooked = true;
    var open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
        window.__govCalls.push(url);
        return open.apply(this, arguments);
    };
}
"""


def record_calls(driver):
    driver.execute_script(RECORD_CALLS_JS)


def calls(driver):
    """The addresses the web client called since ``record_calls``, in order."""
    return driver.execute_script("return window.__govCalls;")


def request_calls(driver):
    """The calls of the request's methods and buttons since ``record_calls``."""
    return [url for url in calls(driver)
            if url.startswith(("/web/dataset/call_button", "/web/dataset/call_kw/oss.request/"))]


def documents(driver):
    return [{name: tuple(value) for name, value in row.items()} for row in driver.execute_script(DOCUMENTS_JS)]


def open_intake(browser):
    driver = browser.login("frontdesk", "frontdesk")
    # a fresh client, as a bookmark opens it: changing only the hash while the home action
    # is still loading lets that action replace the intake form on a busy machine
    driver.get("about:blank")
    driver.get(browser.base_url + "/web#action=one_stop_service.oss_request_action_intake")
    until(driver, lambda d: visible(d, ".o_form_view input[name='intake_id']"))
    idle(driver)
    return driver


def test_counter_intake_in_one_screen(browser):
    driver = open_intake(browser)
    type_into(driver, ".o_form_view input[name='intake_id']", "3185102586282")  # นายสมชาย ใจดี (demo)
    until(driver, lambda d: "สมชาย" in value_of(d, ".o_form_view div[name='partner_id'] input"))
    # the front desk works in Thai: "National ID ...: found ..."
    assert (text_of(driver, ".o_form_view .o_oss_intake_found")
            == "เลขประจำตัวประชาชน 3-1851-02586-28-2: พบ นายสมชาย ใจดี")
    choose(driver, ".o_form_view div[name='service_id'] input", "B01", "[B01]")
    until(driver, lambda d: len(d.find_elements(
        By.CSS_SELECTOR, ".o_form_view div[name='document_ids'] tr.o_data_row")) == 5)
    # who may apply is shown; the catalogue's columns are not the clerk's to change
    assert text_of(driver, ".o_form_view span[name='service_applicants']") == "ประชาชน (G2C), ภาคธุรกิจ (G2B)"
    assert [cells["mandatory"] for cells in documents(driver)] == [(True, True)] * 5  # ticked, read-only
    assert [cells["received"] for cells in documents(driver)] == [(False, False)] * 5  # the clerk's to tick
    record_calls(driver)
    act(driver, ".o_form_view button.o_oss_receive_all_documents", lambda e: e.click())
    until(driver, lambda d: [cells["received"][0] for cells in documents(d)] == [True] * 5)
    # ticked in the form: no draft saved, no button called on the server
    assert [url for url in request_calls(driver) if not url.endswith("/onchange")] == []
    assert text_of(driver, ".o_form_view .oe_title h1") == "/"  # no tracking number yet
    snapshot(driver, "oss_intake.png")
    record_calls(driver)
    act(driver, ".o_form_view button.o_oss_submit", lambda e: e.click())
    until(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, ".o_statusbar_status button.btn-primary[data-value='in_progress']"))
    # saved and submitted in one call, then read back once
    assert request_calls(driver) == ["/web/dataset/call_kw/oss.request/create_and_submit",
                                     "/web/dataset/call_kw/oss.request/read"]
    title = text_of(driver, ".o_form_view .oe_title h1")
    assert title.startswith("OSS-25")
    assert visible(driver, ".o_form_buttons_view")  # shown read-only, as after Save
    snapshot(driver, "oss_intake_submitted.png")
    assert browser.severe_console_errors() == []
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", title)])
        assert request.partner_id == env.ref("gov_crm.partner_citizen_01_demo")
        assert request.service_id == env.ref("one_stop_service.oss_service_b01")
        assert (request.state, request.channel) == ("in_progress", "counter")
        assert request.received_by_id.login == "frontdesk"
        assert all(request.document_ids.mapped("received"))
        assert request.document_ids.mapped("mandatory") == [d.mandatory for d in request.service_id.document_ids]
        receipt_id = request.id
    # the receipt the desk prints, as an image for the documentation
    with receipt_pdf(driver, browser.base_url, receipt_id) as path:
        assert title in pdf_text(path)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", path,
                        str(screenshot_path("oss_receipt"))], check=True)


def test_a_refused_submission_keeps_the_form_and_leaves_no_draft(browser):
    """Submit on a new request the server refuses (the new person's phone is not a phone number):
    the clerk reads why, nothing is saved (neither the request nor the person), what was typed
    stays; a Save once it is mended saves a draft, not a submitted request."""
    with committed_env() as env:
        national_id = free_national_id(env)
        env.cr.execute("SELECT coalesce(max(id), 0) FROM oss_request")
        last_id = env.cr.fetchone()[0]
    driver = open_intake(browser)
    type_into(driver, ".o_form_view input[name='intake_id']", national_id)
    until(driver, lambda d: "ยังไม่ได้ลงทะเบียน" in text_of(d, ".o_form_view .o_oss_intake_found"))
    type_into(driver, ".o_form_view input[name='intake_name']", "นางสาวคำขอ ค้างไว้")
    type_into(driver, ".o_form_view input[name='intake_phone']", "12345")
    choose(driver, ".o_form_view div[name='service_id'] input", "B01", "[B01]")
    act(driver, ".o_form_view button.o_oss_submit", lambda e: e.click())
    until(driver, lambda d: "12345 ไม่ใช่เบอร์โทรศัพท์ในประเทศไทย" in text_of(d, ".modal .modal-body"))
    act(driver, ".modal .modal-footer button", lambda e: e.click())
    until(driver, lambda d: not visible(d, ".modal"))
    assert value_of(driver, ".o_form_view input[name='intake_name']") == "นางสาวคำขอ ค้างไว้"
    with committed_env() as env:
        assert not env["oss.request"].search_count([("id", ">", last_id)])
        assert not env["res.partner"].search_count([("national_id", "=", national_id)])
    # the clerk leaves the phone out and saves the request to finish it later: a draft
    type_into(driver, ".o_form_view input[name='intake_phone']", "")
    act(driver, ".o_form_button_save", lambda e: e.click())
    until(driver, lambda d: text_of(d, ".o_form_view .oe_title h1").startswith("OSS-25"))
    with committed_env() as env:
        request = env["oss.request"].search([("id", ">", last_id)])
        assert (request.partner_id.national_id, request.partner_id.name, request.state) == (
            national_id, "นางสาวคำขอ ค้างไว้", "draft")
    # the client logs the refusal it showed, and nothing else
    assert [("validation_error" in entry["message"]) for entry in browser.severe_console_errors()] == [True]


def test_a_checklist_longer_than_its_page_is_ticked_on_the_server(browser):
    """*All documents received* on a new request whose checklist runs past the list's page (40
    lines): the form cannot tick lines it has not loaded, so the request is saved as a draft and
    the server ticks every line; the clerk sees the draft with its lines ticked."""
    suffix = "%06d" % random.randint(0, 999999)
    with committed_env() as env:
        manager_id = env["res.users"].search([("login", "=", "manager")]).id
    with committed_env(manager_id) as env:  # the service manager's set-up
        service = env["oss.service"].create({
            "code": "T-LONG-%s" % suffix, "name": "บริการเอกสารยาว %s" % suffix,
            "name_en": "Long checklist %s" % suffix, "legal_days": 5,
            "document_ids": [(0, 0, {"name": "เอกสารที่ %02d" % i, "sequence": i}) for i in range(1, 46)]})
        service_id, code = service.id, service.code
        env.cr.execute("SELECT coalesce(max(id), 0) FROM oss_request")
        last_id = env.cr.fetchone()[0]

    def taken(env):  # the request this test made
        return env["oss.request"].search([("id", ">", last_id), ("service_id", "=", service_id)])
    try:
        driver = open_intake(browser)
        type_into(driver, ".o_form_view input[name='intake_id']", "3185102586282")  # นายสมชาย ใจดี (demo)
        until(driver, lambda d: "สมชาย" in value_of(d, ".o_form_view div[name='partner_id'] input"))
        choose(driver, ".o_form_view div[name='service_id'] input", code, "[%s]" % code)
        until(driver, lambda d: len(d.find_elements(
            By.CSS_SELECTOR, ".o_form_view div[name='document_ids'] tr.o_data_row")) == 40)
        record_calls(driver)
        act(driver, ".o_form_view button.o_oss_receive_all_documents", lambda e: e.click())
        until(driver, lambda d: text_of(d, ".o_form_view .oe_title h1").startswith("OSS-25"))
        idle(driver)
        # saved as a draft (a plain create, read back), then the server's button, read again
        assert [url for url in request_calls(driver) if not url.endswith("/onchange")] == [
            "/web/dataset/call_kw/oss.request/create", "/web/dataset/call_kw/oss.request/read",
            "/web/dataset/call_button", "/web/dataset/call_kw/oss.request/read"]
        until(driver, lambda d: [cells["received"][0] for cells in documents(d)] == [True] * 40)
        assert browser.severe_console_errors() == []
        with committed_env() as env:
            request = taken(env)
            assert (request.state, len(request.document_ids)) == ("draft", 45)
            assert all(request.document_ids.mapped("received"))
    finally:
        with committed_env() as env:
            purge_requests(env, taken(env).ids)
            env["oss.service"].browse(service_id).unlink()


@contextlib.contextmanager
def receipt_pdf(driver, base_url, request_id):
    """The path of the request's receipt, downloaded with the browser's session (as its user)."""
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    pdf = session.get(base_url + "/report/pdf/one_stop_service.oss_request_receipt/%d" % request_id, timeout=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf.content)
        handle.flush()
        yield handle.name


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()


def test_intake_recognises_the_value_and_warns_of_duplicates(browser):
    with committed_env() as env:
        while True:
            phone = "09%08d" % random.randint(0, 99999999)
            if not env["res.partner"].search_count([("gov_phone_digits", "ilike", phone)]):
                break
    driver = open_intake(browser)
    intake = ".o_form_view input[name='intake_id']"
    # a national ID with a digit missing is refused, saying why (in Thai, the front desk's language)
    type_into(driver, intake, "318510258628")
    until(driver,
          lambda d: "ต้องมี 13 หลัก แต่ 318510258628 มี 12 หลัก" in text_of(d, ".o_form_view .o_oss_intake_error"))
    # a mobile number nobody has: recognised as such ("Mobile number ...: not registered yet")
    type_into(driver, intake, phone[:3] + " " + phone[3:6] + " " + phone[6:])
    until(driver, lambda d: text_of(d, ".o_form_view .o_oss_intake_found").startswith(
        "เบอร์โทรศัพท์มือถือ %s-%s-%s: ยังไม่ได้ลงทะเบียน" % (phone[:3], phone[3:6], phone[6:])))
    assert not visible(driver, ".o_form_view .o_oss_intake_error")
    # the name of someone registered: the likely duplicate is shown before registering again
    type_into(driver, ".o_form_view input[name='intake_name']", "สมชาย ใจดี")
    until(driver, lambda d: "นายสมชาย ใจดี" in text_of(d, ".o_form_view .o_oss_intake_duplicates"))
    assert "บุคคลนี้อาจลงทะเบียนไว้แล้ว" in text_of(driver, ".o_form_view .o_oss_intake_duplicates")
    snapshot(driver, "oss_intake_duplicates.png")
    # the clerk picks the registered person instead
    choose(driver, ".o_form_view div[name='intake_pick_id'] input", "สมชาย", "นายสมชาย ใจดี")
    until(driver, lambda d: "สมชาย" in value_of(d, ".o_form_view div[name='partner_id'] input"))
    until(driver, lambda d: not visible(d, ".o_form_view .o_oss_intake_duplicates"))
    assert browser.severe_console_errors() == []
