"""A person logs in through the form in a real Chromium and finds the Government Services app."""
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_front_desk_opens_government_services(browser):
    driver = browser.login("frontdesk", "frontdesk")
    apps = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, "#oe_main_menu_navbar a[data-menu-xmlid='gov_crm.menu_gov_root']")))
    assert apps.text.strip() in ("บริการภาครัฐ", "Government Services")
    apps.click()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".o_control_panel")))
    assert browser.severe_console_errors() == []
