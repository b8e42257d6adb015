"""The counter intake in a real Chromium: find the person by ID, pick the service by
code, tick the documents, submit. Saves a screenshot (docs/ when GOV_SCREENSHOT_DIR=docs)."""
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path


def css(driver, selector, timeout=30, visible=True):
    condition = ec.visibility_of_element_located if visible else ec.presence_of_element_located
    return WebDriverWait(driver, timeout).until(condition((By.CSS_SELECTOR, selector)))


def test_counter_intake_in_one_screen(browser):
    driver = browser.login("frontdesk", "frontdesk")
    driver.get(browser.base_url + "/web#action=one_stop_service.oss_request_action_intake")
    id_input = css(driver, ".o_form_view input[name='intake_id']")
    id_input.send_keys("3185102586282")  # นายสมชาย ใจดี (demo)
    id_input.send_keys(Keys.TAB)
    WebDriverWait(driver, 30).until(lambda d: "สมชาย" in d.find_element(
        By.CSS_SELECTOR, ".o_form_view div[name='partner_id'] input").get_attribute("value"))
    service = css(driver, ".o_form_view div[name='service_id'] input")
    service.send_keys("B01")
    css(driver, "ul.ui-autocomplete li a").click()
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(
        By.CSS_SELECTOR, ".o_form_view div[name='document_ids'] tr.o_data_row")) == 5)
    css(driver, ".o_form_view button.o_oss_receive_all_documents").click()
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(
        By.CSS_SELECTOR, ".o_form_view div[name='document_ids'] tr.o_data_row input[type=checkbox]:checked")) == 5)
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".o_form_view .oe_title h1").text.startswith("OSS-25"))
    title = css(driver, ".o_form_view .oe_title h1").text
    WebDriverWait(driver, 30).until(ec.invisibility_of_element_located((By.CSS_SELECTOR, ".o_loading")))
    driver.save_screenshot(str(screenshot_path("oss_intake.png")))
    css(driver, ".o_form_view button.o_oss_submit").click()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, ".o_statusbar_status button.btn-primary[data-value='in_progress']")))
    assert browser.severe_console_errors() == []
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", title)])
        assert request.partner_id == env.ref("gov_crm.partner_citizen_01_demo")
        assert request.service_id == env.ref("one_stop_service.oss_service_b01")
        assert (request.state, request.channel) == ("in_progress", "counter")
        assert request.received_by_id.login == "frontdesk"
        assert all(request.document_ids.mapped("received"))
        receipt_id = request.id
    # the receipt the desk prints, as an image for the documentation
    session = __import__("requests").Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    pdf = session.get(browser.base_url + "/report/pdf/one_stop_service.oss_request_receipt/%d" % receipt_id,
                      timeout=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf.content)
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
        assert title in text
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", handle.name,
                        str(screenshot_path("oss_receipt"))], check=True)
