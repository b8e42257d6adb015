"""An official letter in Chromium, acted by its three people: the officer drafts it, the signer
approves and signs it, the registry clerk sends it. Screenshots of the outgoing register and of
the signed letter (its PDF as a picture): docs/ when GOV_SCREENSHOT_DIR=docs."""
import base64
import re
import subprocess
import tempfile
import uuid
from pathlib import Path

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path
from .saraban_data import outgoing_registers, remove_letters
from .test_case_officer_screen import click, idle, present

ALLOW = ("oss_agency_exchange.webhook_allow_private", "oss_agency_exchange.webhook_allow_http")
# how long a step may take on a busy machine: signing renders the PDF with wkhtmltopdf and
# signs it, each page load compiles nothing but may wait for the server's two workers
WAIT = 240
# the client redraws what it shows after each answer: an element found may be gone a moment later
REDRAWN = (NoSuchElementException, StaleElementReferenceException)


def wait(driver, condition, timeout=WAIT):
    return WebDriverWait(driver, timeout, poll_frequency=0.5, ignored_exceptions=REDRAWN).until(condition)


def pick(driver, field, text):
    """Choose ``text`` in the many2one ``field`` of the form (each field has its own drop-down)
    and wait until the field holds it and its drop-down is closed."""
    selector = ".o_form_view div[name='%s'] input" % field
    present(driver, selector, WAIT).send_keys(text)
    clicked = []

    def chosen(d):
        if not clicked:
            found = [a for a in d.find_elements(By.CSS_SELECTOR, "ul.ui-autocomplete li a")
                     if a.is_displayed() and text in a.text]
            if not found:
                return False
            found[0].click()  # a list redrawn meanwhile raises StaleElementReference: tried again
            clicked.append(True)
        return text in d.find_element(By.CSS_SELECTOR, selector).get_attribute("value") \
            and not any(a.is_displayed() for a in d.find_elements(By.CSS_SELECTOR, "ul.ui-autocomplete"))
    wait(driver, chosen)
    idle(driver, WAIT)


def load(driver, url):
    """Open ``url`` as a new page: a change of the #fragment alone would be left to a web client
    that may still be busy with the page it shows."""
    driver.get("about:blank")
    driver.get(url)


def letter_state(subject):
    with committed_env() as env:
        return env["gov.saraban.letter"].search([("subject", "=", subject)]).state


def wait_state(driver, subject, state):
    """The letter reaches ``state`` in the database (the action ran and was committed), then the
    client is idle again; an error dialog fails at once."""
    def reached(d):
        errors = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".modal .modal-body") if e.is_displayed()]
        assert not errors, errors
        return letter_state(subject) == state
    wait(driver, reached)
    idle(driver, WAIT)


def press(driver, selector):
    """Press a button of the form whose action may run for a while (the client shows its
    blocking overlay meanwhile)."""
    click(driver, selector, timeout=WAIT)


def open_letter(driver, base_url, letter_id, subject, button):
    """The letter's form, showing ``subject`` and ``button``. The address is loaded as a new
    page (not a change of the #fragment of the page the login left open, which the web client
    may still be busy with), and the form is awaited until it shows this letter."""
    load(driver, "%s/web#model=gov.saraban.letter&id=%d&view_type=form" % (base_url, letter_id))
    wait(driver, lambda d: re.search(r"[#&]id=%d(&|$)" % letter_id, d.current_url)
         and subject in d.find_element(By.CSS_SELECTOR, ".o_form_view .oe_title h2").text)
    present(driver, button, WAIT)


def has_text(driver, selector, text):
    """Wait until the element shows ``text`` (the form is redrawn after an action)."""
    wait(driver, lambda d: text in d.find_element(By.CSS_SELECTOR, selector).text)


def relogin(browser, login):
    """Leave the web client (so that none of its calls is under way when the session ends: it
    would report the session expired), log out, wait for the login page, and log in as ``login``."""
    browser.get("about:blank")
    browser.get(browser.base_url + "/web/session/logout")
    wait(browser, lambda d: "/web/login" in d.current_url and d.find_elements(By.NAME, "login"))
    return browser.login(login, login)


def test_a_letter_is_drafted_signed_and_sent_in_the_browser(browser):
    subject = "ขอส่งข้อมูลทะเบียนบ้าน ครั้งที่ %s" % uuid.uuid4().hex[:6]
    with committed_env() as env:
        agency = env.ref("gov_crm.partner_agency_02_demo")
        params = env["ir.config_parameter"]
        saved = {key: params.get_param(key) for key in ALLOW}
        saved_agency = {"gov_saraban_url": agency.gov_saraban_url, "gov_webhook_secret": agency.gov_webhook_secret}
        for key in ALLOW:
            params.set_param(key, "True")
        agency.write({"gov_saraban_url": "http://127.0.0.1:9/gov/saraban/inbox", "gov_webhook_secret": "secret"})
        registers_before = outgoing_registers(env)
    letter_id = None
    try:
        # the officer drafts the letter and submits it to the signer
        driver = browser.login("officer1", "officer1")
        load(driver, browser.base_url + "/web#action=gov_saraban.gov_saraban_letter_action_outgoing&view_type=form")
        present(driver, ".o_form_view.o_form_editable", WAIT)
        present(driver, ".o_form_view input[name='subject']", WAIT).send_keys(subject)
        pick(driver, "partner_id", "สำนักงานที่ดินจังหวัดขอนแก่น")
        pick(driver, "department_id", "งานทะเบียนราษฎร")
        pick(driver, "signer_id", "ประภา")
        present(driver, ".o_form_view textarea[name='body']", WAIT).send_keys(
            "ตามที่สำนักงานที่ดินจังหวัดขอนแก่นขอข้อมูลทะเบียนบ้าน เทศบาลขอส่งข้อมูลตามที่ขอ"
            "\n\nจึงเรียนมาเพื่อโปรดทราบ")
        press(driver, ".o_form_view button.o_saraban_submit")
        wait_state(driver, subject, "to_sign")
        with committed_env() as env:
            letter = env["gov.saraban.letter"].search([("subject", "=", subject)])
            letter_id = letter.id
            assert (letter.state, letter.create_uid.login) == ("to_sign", "officer1")
        assert browser.severe_console_errors() == []

        # the signer approves and signs it: it takes its number and its date
        driver = relogin(browser, "supervisor")
        open_letter(driver, browser.base_url, letter_id, subject, ".o_form_view button.o_saraban_sign")
        press(driver, ".o_form_view button.o_saraban_sign")
        wait_state(driver, subject, "signed")
        with committed_env() as env:
            letter = env["gov.saraban.letter"].browse(letter_id)
            assert letter.state == "signed" and letter.reference.startswith("ขก 52001/")
            reference = letter.reference
            pdf = base64.b64decode(letter.pdf_attachment_id.datas)
        has_text(driver, ".o_form_view .oe_title h1", reference)

        # the registry clerk sends it to the agency through the exchange
        driver = relogin(browser, "clerk")
        open_letter(driver, browser.base_url, letter_id, subject, ".o_form_view button.o_saraban_send")
        press(driver, ".o_form_view button.o_saraban_send")
        wait_state(driver, subject, "sent")
        with committed_env() as env:
            letter = env["gov.saraban.letter"].browse(letter_id)
            assert letter.state == "sent" and letter.event_ids.event_type == "letter.sent"

        # the outgoing register, as the clerk reads it
        load(driver, browser.base_url + "/web#action=gov_saraban.gov_saraban_letter_action_outgoing")
        has_text(driver, ".o_list_view tbody", reference)
        row = [r for r in driver.find_elements(By.CSS_SELECTOR, ".o_list_view tbody tr.o_data_row")
               if reference in r.text]
        assert len(row) == 1 and subject in row[0].text, [r.text for r in row]
        idle(driver, WAIT)
        driver.save_screenshot(str(screenshot_path("saraban_register.png")))
        assert browser.severe_console_errors() == []

        # the signed letter as a picture of its first page
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "letter.pdf"
            path.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path), str(Path(folder) / "page")],
                           check=True, timeout=60)
            screenshot_path("saraban_letter.png").write_bytes((Path(folder) / "page.png").read_bytes())
    finally:
        with committed_env() as env:
            remove_letters(env, env["gov.saraban.letter"].browse([letter_id] if letter_id else []).exists(),
                           registers_before)
            env.ref("gov_crm.partner_agency_02_demo").write(saved_agency)
            for key, value in saved.items():
                if value is None:  # not set before the test: remove it again
                    env["ir.config_parameter"].search([("key", "=", key)]).unlink()
                else:
                    env["ir.config_parameter"].set_param(key, value)
