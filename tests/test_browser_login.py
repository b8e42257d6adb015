"""A person logs in through the form in a real Chromium and finds the Government Services app."""
import pytest

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .test_case_officer_screen import click


def test_front_desk_opens_government_services(browser):
    driver = browser.login("frontdesk", "frontdesk")
    # the applications are in the app drawer, opened by the button at the top left once the
    # client is idle; on a busy machine a click that came before the drawer was ready is lost,
    # and the person clicks again
    tile = (By.CSS_SELECTOR, "#odooAppDrawer a[data-menu-xmlid='gov_crm.menu_gov_root']")
    for attempt in range(4):
        click(driver, ".main-nav .app-drawer-toggle")
        try:
            apps = WebDriverWait(driver, 20).until(ec.visibility_of_element_located(tile))
            break
        except TimeoutException:
            if attempt == 3:
                raise
    assert apps.text.strip() in ("บริการภาครัฐ", "Government Services")
    click(driver, tile[1])
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".o_control_panel")))
    assert browser.severe_console_errors() == []


HOME_SCREENS = [
    ("frontdesk", "รับคำขอใหม่ (เคาน์เตอร์)"),  # Thai-speaking counter staff: the intake screen
    ("officer1", "My cases"),
    ("officer2", "My cases"),
    ("supervisor", "Late cases by officer"),
    ("manager", "Service quality dashboard"),
    ("privacy", "Lawful bases (PDPA)"),
]


@pytest.mark.parametrize("login,title", HOME_SCREENS)
def test_each_role_lands_on_its_work_screen(browser, login, title):
    driver = browser.login(login, login)
    WebDriverWait(driver, 30).until(lambda d: d.title.startswith(title))
    WebDriverWait(driver, 30).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, ".o_content .o_view_manager_content > div, .o_content .o_form_view")))
    assert not driver.find_elements(By.CSS_SELECTOR, ".o_dialog_error, .o_dialog_warning")
    assert browser.severe_console_errors() == []
