"""The administrator's outbox screens in a real Chromium, in Thai and in English (screenshots
outbox_sms_<th|en>.png): Settings > Technical > Messages > SMS to send opens on the failed
messages with their reason; Send again on the form puts one back in the outbox, noted on the
request it is about; the LINE notices screen opens the same way."""
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path
from .test_case_officer_screen import click, idle, present
from .test_home_screens_browser import user_lang

LABELS = {"th": ("ส่งอีกครั้ง", "ส่งไม่สำเร็จ", "รอส่ง"), "en": ("Send again", "Failed", "To send")}
REASON = "the SMS gateway answered 503"


def open_screen(driver, state):
    """A fresh web client on ``/web#state``, as a bookmark opens it."""
    driver.get("about:blank")
    driver.get(driver.base_url + "/web#" + state)


def status(driver):
    """The state the form's status bar shows (None while the form is redrawn)."""
    try:
        return driver.find_element(By.CSS_SELECTOR, ".o_form_view .o_statusbar_status .btn-primary").text.strip()
    except StaleElementReferenceException:
        return None


@pytest.fixture
def failed_sms():
    """A failed SMS about a demo request, as the outbox's job leaves it after its last attempt."""
    with committed_env() as env:
        request = env.ref("one_stop_service.oss_request_01_demo")
        last_message = env["mail.message"].search([], order="id desc", limit=1).id
        sms = env["gov.sms"].create({"number": "0812340101", "text": "คำขอ %s: เสร็จแล้ว" % request.name,
                                     "res_model": "oss.request", "res_id": request.id, "state": "failed",
                                     "attempts": 3, "failure_reason": REASON})
        values = {"id": sms.id, "request_id": request.id}
    yield values
    with committed_env() as env:
        env["gov.sms"].browse(values["id"]).exists().unlink()
        # the note "queued again" on the demo request: the demo stays as it was
        env["mail.message"].search([("model", "=", "oss.request"), ("res_id", "=", request.id),
                                    ("id", ">", last_message)]).unlink()


@pytest.mark.parametrize("lang,suffix", [("th_TH", "th"), ("en_US", "en")])
def test_administrator_sees_failed_sms_and_sends_one_again(browser, failed_sms, lang, suffix):
    send_again, failed, to_send = LABELS[suffix]
    with user_lang("admin", lang):
        driver = browser.login("admin", "admin")
        open_screen(driver, "action=gov_otp.gov_sms_action")
        # the list opens on the failed messages, with the reason
        present(driver, ".o_list_view")
        facets = driver.find_element(By.CSS_SELECTOR, ".o_searchview").text
        assert failed in facets
        rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, ".o_list_view tbody tr.o_data_row")]
        assert any(REASON in row and "0812340101" in row for row in rows), rows
        driver.set_window_size(1400, 900)
        idle(driver)
        driver.save_screenshot(str(screenshot_path("outbox_sms_%s.png" % suffix)))
        # the form of that message: Send again
        open_screen(driver, "action=gov_otp.gov_sms_action&model=gov.sms&view_type=form&id=%d" % failed_sms["id"])
        present(driver, ".o_form_view .o_statusbar_status")
        click(driver, ".o_form_view .o_statusbar_buttons button", send_again)
        WebDriverWait(driver, 60).until(lambda d: status(d) == to_send)
        idle(driver)
        buttons = driver.find_elements(By.CSS_SELECTOR, ".o_form_view .o_statusbar_buttons button")
        assert not [button for button in buttons if button.is_displayed() and send_again in button.text]
        # the LINE notices open the same way (here with no failed notice)
        open_screen(driver, "action=oss_channel_line.oss_line_push_action")
        present(driver, ".o_list_view, .oe_view_nocontent")
        assert failed in driver.find_element(By.CSS_SELECTOR, ".o_searchview").text
        assert browser.severe_console_errors() == []
    with committed_env() as env:
        sms = env["gov.sms"].browse(failed_sms["id"])
        assert (sms.state, sms.attempts, sms.failure_reason) == ("outgoing", 0, False)
        notes = env["mail.message"].search([("model", "=", "oss.request"), ("res_id", "=", failed_sms["request_id"])],
                                           limit=1).body
        assert "xxx-xxx-0101" in notes and "0812340101" not in notes
        sms.unlink()  # not sent by the job: the demo request's person is not to be texted
