"""The officer's screens in Chromium: the queue, the case form with what the officer needs
(the request, its documents, the question to the applicant), and the page that confirms a
transfer. Screenshots: docs/ when GOV_SCREENSHOT_DIR=docs."""
import random

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path

SUFFIX = "%06d" % random.randint(0, 999999)
IDLE = """
return document.readyState === 'complete'
    && !Array.prototype.some.call(document.querySelectorAll('.o_loading, .o_blockUI'),
                                  function (e) { return e.offsetParent !== null; });
"""


def idle(driver, timeout=60):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(IDLE))


def present(driver, selector, timeout=60):
    """The element once it is there and the client is idle, found afresh."""
    WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))
    idle(driver, timeout)
    return WebDriverWait(driver, timeout).until(ec.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def click(driver, selector, text=None, timeout=60):
    """Click the element (the one containing ``text`` if given), finding it again if the
    client redraws it meanwhile."""
    def attempt(d):
        try:
            elements = [e for e in d.find_elements(By.CSS_SELECTOR, selector)
                        if e.is_displayed() and (text is None or text in e.text)]
            if not elements:
                return False
            elements[0].click()
            return True
        except StaleElementReferenceException:
            return False
    present(driver, selector, timeout)
    WebDriverWait(driver, timeout).until(attempt)
    idle(driver, timeout)


def test_officer_queue_case_form_and_transfer_confirmation(browser):
    with committed_env() as env:
        permit = env["citizen.case"].search(
            [("request_id", "=", env.ref("one_stop_service.oss_request_01_demo").id)], limit=1)
        permit_values = {"id": permit.id, "name": permit.name, "request": permit.request_id.name,
                         "question": permit.applicant_question}
    assert permit_values["question"], "the demo building permit case waits for the applicant"
    moving_values = {}
    try:
        driver = browser.login("officer2", "officer2")
        # the officer lands on their cases, by stage; the building permit waits for the applicant
        present(driver, ".o_kanban_view .o_kanban_record")
        title = present(driver, ".o_control_panel .breadcrumb").text.strip()
        assert title in ("My cases", "เรื่องของฉัน")
        waiting = [column for column in driver.find_elements(By.CSS_SELECTOR, ".o_kanban_group")
                   if permit_values["name"] in column.text]
        assert waiting and "Waiting for applicant" in waiting[0].text
        driver.save_screenshot(str(screenshot_path("case_officer_queue.png")))

        # the case form: tracking number, question, documents received
        driver.get("%s/web#model=citizen.case&id=%d&view_type=form" % (browser.base_url, permit_values["id"]))
        banner = present(driver, ".o_form_view .o_case_waiting_banner")
        assert permit_values["question"] in banner.text
        assert permit_values["request"] in present(driver, ".o_form_view div[name='request_id'], "
                                                           ".o_form_view a[name='request_id']").text
        assert driver.find_elements(By.CSS_SELECTOR, ".o_form_view button.o_case_record_answer")
        assert not [b for b in driver.find_elements(By.CSS_SELECTOR, ".o_form_view button.o_case_take")
                    if b.is_displayed()]  # already hers
        click(driver, ".o_form_view .o_notebook li a", "Documents received")
        rows = present(driver, ".o_form_view div[name='request_document_ids'] tr.o_data_row")
        assert rows.text
        driver.set_window_size(1400, 1150)  # the documents below the case
        idle(driver)
        driver.save_screenshot(str(screenshot_path("case_officer_form.png")))
        driver.set_window_size(1400, 900)

        with committed_env() as env:
            moving = env["citizen.case"].create({
                "subject": "ร้องเรียนกลิ่นเหม็นจากบ่อขยะ %s / Smell from a dump" % SUFFIX,
                "partner_id": env.ref("gov_crm.partner_citizen_05_demo").id,
                "department_id": env.ref("gov_crm.department_public_works").id,
                "user_id": env.ref("gov_crm.user_officer2_demo").id})
            moving_values.update(id=moving.id, name=moving.name)

        # a transfer ends on a page that says where the case went
        driver.get("%s/web#model=citizen.case&id=%d&view_type=form" % (browser.base_url, moving_values["id"]))
        click(driver, ".o_form_view button.o_case_transfer")
        department = present(driver, ".modal div[name='department_id'] input")
        department.send_keys("สาธารณสุข")
        click(driver, "ul.ui-autocomplete li a", "สาธารณสุข")
        assert not [e for e in driver.find_elements(By.CSS_SELECTOR, ".modal div[name='user_id']")
                    if e.is_displayed()]  # an officer does not choose who receives it
        present(driver, ".modal textarea[name='reason']").send_keys("บ่อขยะเป็นงานของกองสาธารณสุข")
        click(driver, ".modal .modal-footer button.btn-primary")
        done = present(driver, ".o_form_view .o_case_transfer_done")
        assert moving_values["name"] in done.text and "was transferred to" in done.text
        assert "กองสาธารณสุขและสิ่งแวดล้อม" in done.text
        crumbs = driver.find_elements(By.CSS_SELECTOR, ".o_control_panel .breadcrumb li")
        assert [c.text.strip() for c in crumbs] == [moving_values["name"]]  # the case form is out of the trail
        driver.save_screenshot(str(screenshot_path("case_transfer_done.png")))
        click(driver, ".o_form_view button.o_case_transfer_back")
        present(driver, ".o_kanban_view")
        assert browser.severe_console_errors() == []
        with committed_env() as env:
            moved = env["citizen.case"].browse(moving_values["id"])
            assert moved.department_id == env.ref("gov_crm.department_health")
            assert moved.transfer_ids.reason == "บ่อขยะเป็นงานของกองสาธารณสุข"
    finally:
        if moving_values:
            with committed_env() as env:
                env["citizen.case"].browse(moving_values["id"]).unlink()  # its transfer lines and messages too
