"""The service manager's Agency set-up screen in a real Chromium, in Thai and in English
(screenshots agency_setup_<th|en>.png), and the way to it from Settings for the administrator."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path
from .test_case_officer_screen import idle
from .test_home_screens_browser import user_lang

SCREEN = "/web#action=gov_crm.res_config_settings_action_gov_agency"
LABELS = {"th": ("ตั้งค่าหน่วยงาน", "ที่อยู่เว็บไซต์สาธารณะ", "นำเข้าไฟล์วันหยุด"),
          "en": ("Agency set-up", "Public web address", "Import the holiday file")}


@pytest.mark.parametrize("lang,suffix", [("th_TH", "th"), ("en_US", "en")])
def test_service_manager_opens_the_agency_set_up(browser, lang, suffix):
    with committed_env() as env:
        name = env.ref("base.main_company").name
    title, url_label, import_label = LABELS[suffix]
    with user_lang("manager", lang):
        driver = browser.login("manager", "manager")
        driver.get("about:blank")  # a fresh client, as a bookmark opens it
        driver.get(browser.base_url + SCREEN)
        WebDriverWait(driver, 60).until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, ".o_gov_agency_setup input[name='gov_agency_name']")))
        idle(driver)
        field = driver.find_element(By.CSS_SELECTOR, ".o_gov_agency_setup input[name='gov_agency_name']")
        assert field.get_attribute("value") == name
        text = driver.find_element(By.CSS_SELECTOR, ".o_gov_agency_setup").text
        assert url_label in text and import_label in text
        assert driver.find_element(By.CSS_SELECTOR, ".breadcrumb, .o_control_panel").text.find(title) >= 0 \
            or driver.title.startswith(title)
        driver.set_window_size(1400, 1100)
        idle(driver)
        driver.save_screenshot(str(screenshot_path("agency_setup_%s.png" % suffix)))
        assert browser.severe_console_errors() == []
