"""The public pages in a real Chromium, without a login, in Thai and in English: catalogue ->
service page -> manual PDF -> apply link; the performance page. Saves the screenshots of the
documentation (docs/ when GOV_SCREENSHOT_DIR=docs)."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, full_page, reset_rate_limits
from .public_data import commit_figures, month_start, remove_figures

# the first bytes and the type of a link's target, fetched by the page itself (no login)
FETCH_JS = """
var done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(function (response) {
    return response.arrayBuffer().then(function (buffer) {
        var head = String.fromCharCode.apply(null, new Uint8Array(buffer.slice(0, 5)));
        done([response.status, response.headers.get('Content-Type'), head]);
    });
}).catch(function (error) { done([0, String(error), '']); });
"""


@pytest.fixture(scope="module")
def figures(gov_server):
    with committed_env() as env:
        created = commit_figures(env)
    reset_rate_limits()
    yield created
    reset_rate_limits()
    with committed_env() as env:
        remove_figures(env, created)


def wait_for(driver, selector):
    return WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))


def open_service_and_apply(driver, base, lang):
    """On a service page: the manual downloads as a PDF, the apply link leads to the portal's login."""
    manual = driver.find_element(By.ID, "gp_manual").get_attribute("href")
    status, kind, head = driver.execute_async_script(FETCH_JS, manual)
    assert (status, kind, head) == (200, "application/pdf", "%PDF-"), (lang, status, kind)
    apply = driver.find_element(By.CSS_SELECTOR, "a.gp-apply[data-channel='portal']")
    target = apply.get_attribute("href")
    assert "/my/requests/new?service_id=" in target
    apply.click()
    wait_for(driver, "form.oe_login_form input[name='login']")
    assert "/web/login" in driver.current_url and "service_id" in driver.current_url


def test_walk_in_thai_then_in_english(gov_server, figures, visitor):
    driver, base = visitor, gov_server
    # Thai, the default: a life event, then a service of it
    driver.get(base + "/services")
    wait_for(driver, "#gp_services")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert driver.find_element(By.TAG_NAME, "h1").text == "บริการ"
    full_page(driver, "public_catalogue.png")
    driver.find_element(By.CSS_SELECTOR, "a.gp-chip[data-event='moving']").click()
    wait_for(driver, "a.gp-chip.active[data-event='moving']")
    codes = [li.get_attribute("data-code") for li in driver.find_elements(By.CSS_SELECTOR, "#gp_services li")]
    assert codes == ["C02"]
    driver.find_element(By.CSS_SELECTOR, "#gp_services li[data-code='C02'] a").click()
    assert wait_for(driver, "#gp_service_name").text == "การแจ้งย้ายที่อยู่"
    assert "เอกสารหลักฐานที่ต้องใช้" in driver.page_source and "1 วันทำการ" in driver.page_source
    full_page(driver, "public_service.png")
    open_service_and_apply(driver, base, "th")

    # English: switch the language, search, open the service
    driver.get(base + "/services")
    wait_for(driver, "#gp_lang_en").click()
    wait_for(driver, "html[lang='en'] #gp_services")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Services"
    full_page(driver, "public_catalogue_en.png")
    box = driver.find_element(By.ID, "gp_q")
    box.send_keys("building permit")
    driver.find_element(By.ID, "gp_search_button").click()
    WebDriverWait(driver, 60).until(lambda d: "q=building" in d.current_url and [
        li.get_attribute("data-code") for li in d.find_elements(By.CSS_SELECTOR, "#gp_services li")] == ["B02"])
    driver.find_element(By.CSS_SELECTOR, "#gp_services li[data-code='B02'] a").click()
    assert wait_for(driver, "#gp_service_name").text == "Building permit"
    assert "Documents to bring" in driver.page_source and "Permit application form (Kor 1)" in driver.page_source
    full_page(driver, "public_service_en.png")
    open_service_and_apply(driver, base, "en")


def test_performance_page_in_both_languages(gov_server, figures, visitor):
    driver = visitor
    # the last full month of the figures: the page opens on the latest month by default, which
    # in the hours the office's month is ahead of UTC holds only what other tests create now
    driver.get(gov_server + "/performance?lang=th&month=%s" % month_start(1).strftime("%Y-%m"))
    wait_for(driver, "#gp_departments")
    assert driver.find_element(By.TAG_NAME, "h1").text == "ผลการให้บริการ"
    rows = driver.find_elements(By.CSS_SELECTOR, "#gp_departments tr[data-code]")
    assert {row.get_attribute("data-code") for row in rows} >= {"REG", "HLT", "ENG"}
    full_page(driver, "public_performance.png")
    driver.find_element(By.ID, "gp_lang_en").click()
    wait_for(driver, "html[lang='en'] #gp_departments")
    driver.find_element(By.CSS_SELECTOR, "#gp_departments tr[data-code='REG'] a").click()
    chart = wait_for(driver, "#gp_chart svg.gp-chart")
    assert len(chart.find_elements(By.TAG_NAME, "circle")) >= 4
    full_page(driver, "public_performance_department_en.png")
    driver.get(gov_server + "/performance?lang=en")
    wait_for(driver, "#gp_departments")
    full_page(driver, "public_performance_en.png")
