"""The main screens of the journeys in Chromium, as the people use them.

The front desk takes a new person in on New request (counter) and prints the receipt; an
officer goes from their queue to the case, takes it and resolves it; the supervisor opens
the late list, grouped by officer. Each step waits for its element AND for the web client
to be idle (no RPC pending, rendered), and finds elements again after every action (the
client redraws them). Screenshots: .state/screenshots (docs/ with GOV_SCREENSHOT_DIR=docs).
"""
import subprocess
import tempfile

import requests
from selenium.webdriver.common.by import By

from ..conftest import screenshot_path
from ..test_oss_browser import (
    act, choose, documents, idle, record_calls, request_calls, snapshot, text_of, type_into, until, visible)
from .conftest import format_pin, pdf_text, queue, ref_id, status_page, thai_date
from .test_supervision import escalation_job, move_case_clock_back


def fresh_client(browser, login, hash_=None):
    """Log in, then open the web client afresh on ``hash_`` (or the person's home action), as a
    bookmark would: changing only the hash while the home action loads races with it."""
    driver = browser.login(login, login)
    if hash_:
        driver.get("about:blank")
        driver.get(browser.base_url + "/web#" + hash_)
    until(driver, lambda d: visible(d, ".o_control_panel .breadcrumb"))
    idle(driver)
    return driver


def click_text(driver, selector, text):
    """Click the visible element of ``selector`` that contains ``text`` (found afresh)."""
    def attempt(d):
        for element in d.find_elements(By.CSS_SELECTOR, selector):
            if element.is_displayed() and text in element.text:
                element.click()
                return True
        return False
    until(driver, attempt, message="no %s with %s" % (selector, text))
    idle(driver)


def statusbar(driver):
    return text_of(driver, ".o_form_view .o_statusbar_status button.btn-primary")


def session_of(driver):
    """The browser's session, for a download the browser would save."""
    http = requests.Session()
    for cookie in driver.get_cookies():
        http.cookies.set(cookie["name"], cookie["value"])
    return http


def test_front_desk_registers_a_new_person_and_prints_the_receipt(journey, browser):
    person = journey.walk_in("นางสาวหน้าจอ ลงทะเบียน")
    driver = fresh_client(browser, "frontdesk", "action=one_stop_service.oss_request_action_intake")
    until(driver, lambda d: visible(d, ".o_form_view input[name='intake_id']"))
    type_into(driver, ".o_form_view input[name='intake_id']", format_pin(person["national_id"]))
    until(driver, lambda d: "ยังไม่ได้ลงทะเบียน" in text_of(d, ".o_form_view .o_oss_intake_found"))
    type_into(driver, ".o_form_view input[name='intake_name']", person["name"])
    type_into(driver, ".o_form_view input[name='intake_phone']", person["phone"])
    type_into(driver, ".o_form_view input[name='intake_email']", person["email"])
    choose(driver, ".o_form_view div[name='service_id'] input", "C02", "[C02]")
    until(driver, lambda d: len(d.find_elements(
        By.CSS_SELECTOR, ".o_form_view div[name='document_ids'] tr.o_data_row")) == 4)
    act(driver, ".o_form_view button.o_oss_receive_all_documents", lambda e: e.click())
    until(driver, lambda d: [cells["received"][0] for cells in documents(d)] == [True] * 4)
    snapshot(driver, "journey_intake.png")
    record_calls(driver)
    act(driver, ".o_form_view button.o_oss_submit_and_print", lambda e: e.click())
    until(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, ".o_statusbar_status button.btn-primary[data-value='in_progress']"))
    # the person registered, the request created and submitted in one call; then the receipt's button
    assert request_calls(driver)[:3] == ["/web/dataset/call_kw/oss.request/create_and_submit",
                                         "/web/dataset/call_kw/oss.request/read", "/web/dataset/call_button"]
    number = text_of(driver, ".o_form_view .oe_title h1")
    assert number.startswith("OSS-25")
    assert browser.severe_console_errors() == []

    # the receipt the button printed (the browser downloads it; fetched here with its session)
    desk = journey.as_("frontdesk")
    [request] = desk.search_read("oss.request", [("name", "=", number)],
                                 ["state", "partner_id", "date_received", "expected_date", "received_by_id"])
    assert request["state"] == "in_progress" and request["received_by_id"][0] == desk.uid
    assert desk.read_one("res.partner", request["partner_id"][0], ["name"])["name"] == person["name"]
    pdf = session_of(driver).get(browser.base_url + "/report/pdf/one_stop_service.oss_request_receipt/%d"
                                 % request["id"], timeout=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert number in text and thai_date(request["date_received"]) in text
    assert thai_date(request["expected_date"]) in text
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf.content)
        handle.flush()
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", handle.name,
                        str(screenshot_path("journey_receipt"))], check=True)
    assert status_page(journey.base_url, number, person["national_id"][-4:]).state_en == "In progress"


def test_officer_goes_from_the_queue_to_the_case_and_resolves_it(journey, browser):
    desk = journey.as_("frontdesk")
    person = journey.walk_in("นายหน้าจอ เจ้าหน้าที่")
    request_id = journey.register(desk, "one_stop_service.oss_service_c02", person)
    [case] = queue(journey.as_("officer1"), request_id)
    number = desk.read_one("oss.request", request_id, ["name"])["name"]

    # officer1 lands on his cases by stage; the new case is in the "New" column
    driver = fresh_client(browser, "officer1")
    assert text_of(driver, ".o_control_panel .breadcrumb") in ("My cases", "เรื่องของฉัน")
    until(driver, lambda d: any(case["name"] in e.text for e in d.find_elements(By.CSS_SELECTOR, ".o_kanban_record")))
    snapshot(driver, "journey_officer_queue.png")
    click_text(driver, ".o_kanban_record", case["name"])

    # the case form: the request's tracking number; Take, then Resolve
    until(driver, lambda d: case["name"] in text_of(d, ".o_form_view .oe_title h1"))
    assert number in text_of(driver, ".o_form_view div[name='request_id'], .o_form_view a[name='request_id']")
    act(driver, ".o_form_view button.o_case_take", lambda e: e.click())
    until(driver, lambda d: not visible(d, ".o_form_view button.o_case_take"))
    act(driver, ".o_form_view button.o_case_resolve", lambda e: e.click())
    until(driver, lambda d: visible(d, ".modal textarea[name='resolution_note']"))
    type_into(driver, ".modal textarea[name='resolution_note']", "บันทึกการย้ายเข้าเรียบร้อย", tab=False)
    act(driver, ".modal .modal-footer button.btn-primary", lambda e: e.click())
    until(driver, lambda d: not visible(d, ".modal"))
    until(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, ".o_statusbar_status button.btn-primary[data-value='%d']"
        % ref_id("citizen_case.stage_resolved")))
    assert not visible(driver, ".o_form_view button.o_case_resolve")
    snapshot(driver, "journey_case_resolved.png")
    assert browser.severe_console_errors() == []

    request = desk.read_one("oss.request", request_id, ["state"])
    assert request["state"] == "done"
    assert status_page(journey.base_url, number, person["phone"][-4:]).state_en == "Done"


def test_supervisor_finds_the_late_case_in_the_late_list(journey, browser):
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    person = journey.walk_in("นางหน้าจอ ล่าช้า")
    request_id = journey.register(desk, "one_stop_service.oss_service_c02", person)
    [case] = queue(one, request_id)
    one.button("citizen.case", "action_take", [case["id"]])
    move_case_clock_back(case["id"], 14)
    escalation_job(journey)

    # the supervisor lands on the late list, grouped by officer
    driver = fresh_client(browser, "supervisor")
    assert text_of(driver, ".o_control_panel .breadcrumb") in ("Late cases by officer", "เรื่องล่าช้าแยกตามเจ้าหน้าที่")
    officer_name = one.read_one("res.users", one.uid, ["name"])["name"]
    click_text(driver, ".o_list_view .o_group_header", officer_name)
    until(driver, lambda d: any(case["name"] in row.text
                                for row in d.find_elements(By.CSS_SELECTOR, ".o_list_view tr.o_data_row")))
    [row] = [row for row in driver.find_elements(By.CSS_SELECTOR, ".o_list_view tr.o_data_row")
             if case["name"] in row.text]
    assert "text-danger" in row.get_attribute("class")  # breached
    snapshot(driver, "journey_supervisor_late.png")
    # the case with the supervisor's activity
    click_text(driver, ".o_list_view tr.o_data_row", case["name"])
    until(driver, lambda d: case["name"] in text_of(d, ".o_form_view .oe_title h1"))
    # the activity is written in the supervisor's language
    supervisor = journey.as_("supervisor")
    thai = supervisor.read_one("res.users", supervisor.uid, ["lang"])["lang"] == "th_TH"
    summary = "เรื่องเกินกำหนด" if thai else "Case past its deadline"
    until(driver, lambda d: summary in text_of(d, ".o_mail_activity, .o_thread_activity, .o_chatter"))
    assert browser.severe_console_errors() == []
