"""Each demo role's home screen and an officer's case form, in Thai and in English.

The demo users log in in the language set for them for the test (put back afterwards); in
Thai the case form shows its dates in the Buddhist era. Screenshots: docs/ when
GOV_SCREENSHOT_DIR=docs (home_<role>_<th|en>.png, case_form_<th|en>.png). The roles of a
language log in three at a time, each in a Chromium of its own.
"""
import contextlib
import re

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env, in_browsers, screenshot_path
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


def _home(browser, login, suffix):
    """What is wrong with ``login``'s home screen (nothing: an empty list)."""
    _login, role, title_th, title_en = next(row for row in ROLES if row[0] == login)
    driver = browser.login(login, login)
    title = title_th if suffix == "th" else title_en
    try:
        WebDriverWait(driver, 60).until(lambda d: d.title.startswith(title))
        present(driver, CONTENT)
    except TimeoutException:
        return ["title %r, not %r, or no content, after 60 s" % (driver.title, title)]
    wrong = ["dialog: %s" % d.get_attribute("textContent")[:500]
             for d in driver.find_elements(By.CSS_SELECTOR, ".o_dialog_error, .o_dialog_warning")]
    driver.save_screenshot(str(screenshot_path("home_%s_%s.png" % (role, suffix))))
    return wrong + ["console: %s" % e["message"][:300] for e in browser.severe_console_errors()]


@pytest.mark.parametrize("lang,suffix", LANGS)
def test_each_role_lands_on_its_home_in_its_language(gov_server, lang, suffix):
    logins = [row[0] for row in ROLES]
    with contextlib.ExitStack() as stack:
        for login in logins:
            stack.enter_context(user_lang(login, lang))
        assert in_browsers(gov_server, logins, lambda browser, login: _home(browser, login, suffix)) == {}


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
