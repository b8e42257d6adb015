"""The public web form in a real Chromium, without a login, in Thai: from the service page to the
form, a photo chosen from disk, the code typed from the mailbox on loopback, and the page with the
tracking number and the QR code; the English form. Saves the screenshots of the documentation
(docs/ when GOV_SCREENSHOT_DIR=docs)."""
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, full_page
from .hearing_data import mail_server
from .test_web_form_http import OPEN, contact, picture  # noqa: F401  (the fixture, imported to be used)


def wait_for(driver, selector):
    return WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))


def test_a_visitor_sends_a_report_with_a_photo_in_thai(gov_server, visitor, contact):  # noqa: F811
    address, _phone = contact
    driver = visitor
    with mail_server() as server, tempfile.NamedTemporaryFile(suffix=".jpg") as photo:
        photo.write(picture("JPEG", (640, 480)))
        photo.flush()
        driver.get("%s/services/%s" % (gov_server, OPEN))
        wait_for(driver, "a.gp-apply[data-channel='web']").click()
        wait_for(driver, "#ow_form")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
        driver.find_element(By.ID, "ow_name").send_keys("นายทดสอบ แบบฟอร์ม")
        driver.find_element(By.ID, "ow_contact").send_keys(address)
        driver.find_element(By.ID, "ow_description").send_keys("ไฟส่องสว่างหน้าโรงเรียนดับมาสามคืน")
        driver.find_element(By.ID, "ow_address").send_keys("หน้าโรงเรียนวัดกลาง ถนนเทศบาล 2")
        driver.find_element(By.ID, "ow_latitude").send_keys("13.7563")
        driver.find_element(By.ID, "ow_longitude").send_keys("100.5018")
        driver.find_element(By.ID, "ow_photos").send_keys(photo.name)
        full_page(driver, "web_form.png")
        driver.find_element(By.ID, "ow_send").click()
        wait_for(driver, "#ow_code_form")
        driver.find_element(By.ID, "ow_code").send_keys(server.last_code(address))
        driver.find_element(By.ID, "ow_confirm").click()
        number = wait_for(driver, "#ow_tracking_number").text
        assert number.startswith("OSS-") and driver.find_element(By.ID, "ow_qr").size["width"] == 180
        full_page(driver, "web_form_done.png")
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        photos = env["ir.attachment"].search_count([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        assert (request.state, request.channel, photos) == ("triage", "web", 1)
    driver.get("%s/services/%s/form?lang=en" % (gov_server, OPEN))
    wait_for(driver, "#ow_form")
    assert driver.find_element(By.ID, "ow_send").text == "Send and receive a code"
    full_page(driver, "web_form_en.png")
