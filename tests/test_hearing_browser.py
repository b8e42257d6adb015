"""A person in a real Chromium, without a login: finds an open hearing, confirms their mobile
number with the code the SMS stand-in received, answers, changes the answer, and a second
response is refused; the department's manager closes the hearing and publishes the summary,
which the page then offers. Saves the screenshots of the documentation (docs/screenshots/ when
GOV_SCREENSHOT_DIR=docs/screenshots)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import committed_env, full_page, screenshot_path
from .hearing_data import hearing_world, mobile, sms_gateway

PHONE = mobile()


def wait_for(driver, selector):
    return WebDriverWait(driver, 60).until(ec.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def ask_code(driver, gateway, lang="en"):
    """On the hearing's page: ask a code by SMS and return it once the stand-in received it."""
    sent_before = len(gateway.messages)
    Select(wait_for(driver, "#gh_channel")).select_by_value("sms")
    contact = driver.find_element(By.ID, "gh_contact")
    contact.clear()
    contact.send_keys(PHONE)
    driver.find_element(By.ID, "gh_send_code").click()
    wait_for(driver, "#gh_answer_form")
    assert len(gateway.messages) == sent_before + 1
    return gateway.last_code(PHONE)


def answer(driver, world, code, choice, scale, text="", change=False):
    (q1, _k, options), (q2, _k2, _o), (q3, _k3, _o3) = world["questions"]
    driver.find_element(By.ID, "gh_code").send_keys(code)
    driver.find_element(By.ID, "q_%d_%d" % (q1, options[choice])).click()
    Select(driver.find_element(By.ID, "q_%d" % q2)).select_by_value(scale)
    if text:
        driver.find_element(By.ID, "q_%d" % q3).send_keys(text)
    if change:
        driver.find_element(By.ID, "gh_change").click()
    driver.find_element(By.ID, "gh_submit").click()


def test_a_person_responds_changes_and_the_summary_is_published(gov_server, gov_rpc, visitor):
    driver = visitor
    with sms_gateway() as gateway, hearing_world(targets=(PHONE,)) as world:
        title = "Parking bylaw draft %s" % world["tag"]
        for lang, name in (("th", "hearing_list.png"), ("en", "hearing_list_en.png")):
            driver.get("%s/hearings?lang=%s" % (gov_server, lang))
            wait_for(driver, "#gh_open")
            full_page(driver, name)
        # the person finds the open hearing in the list
        link = WebDriverWait(driver, 60).until(ec.element_to_be_clickable((By.LINK_TEXT, title)))
        link.click()
        assert wait_for(driver, "#gh_title").text == title
        assert "Lawful basis: public task" in driver.find_element(By.ID, "gh_privacy").text
        full_page(driver, "hearing_page_en.png")
        driver.get("%s/hearings/%d?lang=th" % (gov_server, world["id"]))
        assert "ฐานทางกฎหมาย" in wait_for(driver, "#gh_privacy").text
        full_page(driver, "hearing_page.png")
        driver.get("%s/hearings/%d?lang=en" % (gov_server, world["id"]))
        # confirms by a code, answers
        code = ask_code(driver, gateway)
        full_page(driver, "hearing_form_en.png")
        answer(driver, world, code, choice=0, scale="5", text="More parking near the market")
        assert wait_for(driver, "#gh_done").get_attribute("data-outcome") == "created"
        assert driver.find_element(By.ID, "gh_response_count").text == "1"
        full_page(driver, "hearing_done_en.png")
        # changes the answer
        driver.get("%s/hearings/%d?lang=en" % (gov_server, world["id"]))
        answer(driver, world, ask_code(driver, gateway), choice=1, scale="2", change=True)
        assert wait_for(driver, "#gh_done").get_attribute("data-outcome") == "changed"
        # a second new response is refused
        driver.get("%s/hearings/%d?lang=en" % (gov_server, world["id"]))
        answer(driver, world, ask_code(driver, gateway), choice=0, scale="4")
        assert "already responded" in wait_for(driver, "#gh_error").text
        assert driver.find_element(By.ID, "gh_response_count").text == "1"
        # the department's manager closes the hearing and publishes the summary
        manager = gov_rpc("supervisor", "supervisor")
        manager.call_kw("gov.hearing", "action_close", [[world["id"]]])
        manager.call_kw("gov.hearing", "action_publish", [[world["id"]]])
        for lang, name in (("th", "hearing_published.png"), ("en", "hearing_published_en.png")):
            driver.get("%s/hearings/%d?lang=%s" % (gov_server, world["id"], lang))
            assert wait_for(driver, "#gh_state").get_attribute("data-state") == "published"
            assert "/hearings/%d/documents/" % world["id"] in wait_for(driver, "#gh_summary_pdf").get_attribute("href")
            full_page(driver, name)
        assert PHONE not in driver.page_source and "More parking" not in driver.page_source
        assert not driver.find_elements(By.ID, "gh_contact_form")


def test_the_department_manager_follows_the_results_in_the_back_office(browser):
    with hearing_world() as world:
        with committed_env() as env:
            # two responses came in through the public form (the system writes them)
            hearing = env["gov.hearing"].browse(world["id"])
            Response = env["gov.hearing.response"]
            (q1, _k, options), (q2, _k2, _o), (q3, _k3, _o3) = world["questions"]
            for number, choice in ((1, 0), (2, 1)):
                Response._gh_submit(hearing, "email", Response._gh_key("email", "b%d@example.com" % number), {
                    q1: str(options[choice]), q2: "4", q3: "ความเห็น %d" % number})
        driver = browser.login("supervisor", "supervisor")
        # a fresh client on the form: changing only the hash while the supervisor's home
        # action still loads lets that action redraw the page under the test
        driver.get("about:blank")
        driver.get("%s/web#model=gov.hearing&id=%d&view_type=form" % (browser.base_url, world["id"]))
        tab = WebDriverWait(driver, 60).until(ec.element_to_be_clickable(
            (By.XPATH, "//a[@role='tab'][normalize-space()='Results' or normalize-space()='ผลการรับฟัง']")))
        tab.click()
        bars = WebDriverWait(driver, 60).until(lambda d: [
            cell.text for cell in d.find_elements(By.CSS_SELECTOR, ".gh-results .gh-count") if cell.is_displayed()])
        assert bars[:2] == ["1", "1"]
        driver.save_screenshot(str(screenshot_path("hearing_backend.png")))
        assert not browser.severe_console_errors()
