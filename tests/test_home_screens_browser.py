"""Each demo role's home screen and an officer's case form, in Thai and in English.

The demo users log in in the language set for them for the test (put back afterwards); in
Thai the case form shows its dates in the Buddhist era. Screenshots: docs/ when
GOV_SCREENSHOT_DIR=docs (home_<role>_<th|en>.png, case_form_<th|en>.png).
"""
import contextlib
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, screenshot_path
from .test_case_officer_screen import idle, present

ROLES = [
    ("frontdesk", "front_desk", "รับคำขอใหม่ (เคาน์เตอร์)", "New request (counter)"),
    ("officer1", "officer", "เรื่องของฉัน", "My cases"),
    ("supervisor", "supervisor", "เรื่องล่าช้าแยกตามเจ้าหน้าที่", "Late cases by officer"),
    ("manager", "service_manager", "แดชบอร์ดคุณภาพการให้บริการ", "Service quality dashboard"),
    ("privacy", "privacy_officer", "ฐานทางกฎหมาย (PDPA)", "Lawful bases (PDPA)"),
    ("clerk", "clerk", "ทะเบียนหนังสือรับ", "Incoming register"),
    ("registrar", "secret_keeper", "ทะเบียนหนังสือรับ", "Incoming register"),
]
LANGS = [("th_TH", "th"), ("en_US", "en")]
CONTENT = ".o_content .o_view_manager_content > div, .o_content .o_form_view"


@contextlib.contextmanager
def user_lang(login, lang):
    """The demo user ``login`` works in ``lang`` while the block runs (a manager's setting)."""
    with committed_env() as env:
        user = env["res.users"].search([("login", "=", login)])
        before = user.lang
        user.lang = lang
        signal_caches(env)
    try:
        yield
    finally:
        with committed_env() as env:
            env["res.users"].search([("login", "=", login)]).lang = before
            signal_caches(env)


def signal_caches(env):
    """Tell the server's workers to drop their caches (the user's context, with its language),
    as Odoo does at the end of a request that changed them."""
    env.cr.execute("SELECT nextval('base_cache_signaling')")


@pytest.mark.parametrize("lang,suffix", LANGS)
@pytest.mark.parametrize("login,role,title_th,title_en", ROLES)
def test_each_role_lands_on_its_home_in_its_language(browser, login, role, title_th, title_en, lang, suffix):
    with user_lang(login, lang):
        driver = browser.login(login, login)
        title = title_th if suffix == "th" else title_en
        WebDriverWait(driver, 60).until(lambda d: d.title.startswith(title))
        present(driver, CONTENT)
        assert not driver.find_elements(By.CSS_SELECTOR, ".o_dialog_error, .o_dialog_warning")
        driver.save_screenshot(str(screenshot_path("home_%s_%s.png" % (role, suffix))))
        assert browser.severe_console_errors() == []


@pytest.mark.parametrize("lang,suffix", LANGS)
def test_case_form_shows_dates_in_the_users_era(browser, lang, suffix):
    with committed_env() as env:
        case = env["citizen.case"].search([("user_id.login", "=", "officer1"), ("deadline", "!=", False)],
                                          order="id", limit=1)
        deadline_year = int(case.deadline[:4])
        case_id = case.id
    with user_lang("officer1", lang):
        driver = browser.login("officer1", "officer1")
        present(driver, CONTENT)  # the home screen first, then the case
        driver.get("%s/web#model=citizen.case&id=%d&view_type=form" % (browser.base_url, case_id))
        shown = present(driver, ".o_form_view [name='deadline']").text
        year = int(re.search(r"\b(\d{4})\b", shown).group(1))
        assert year == (deadline_year + 543 if suffix == "th" else deadline_year)
        driver.set_window_size(1400, 1150)
        idle(driver)
        driver.save_screenshot(str(screenshot_path("case_form_%s.png" % suffix)))
        assert browser.severe_console_errors() == []
