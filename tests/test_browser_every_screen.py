"""Every screen under Government Services opens in Chromium without a client error.

Walks the menu tree as each demo role: the administrator opens every window action
in every view type it offers (list, kanban, form, calendar, pivot, graph); each other
role opens what its menus show and the form of the first record it may read, so a
broken template, a view or a field its role may not read fails here. Each screen is opened
as its bookmark would open it, one after the other in the same web client.

The roles are walked three at a time, each in a Chromium of its own.
"""
import time

import odoo
from odoo.tools.safe_eval import safe_eval
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from .conftest import _settings, in_browsers

ERRORS = ".o_dialog_error, .o_dialog_warning"


def _screens(login):
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", login)])
        root = env.ref("gov_crm.menu_gov_root")
        menus = env["ir.ui.menu"].sudo(user).search([("id", "child_of", root.id), ("action", "!=", False)])
        screens = []
        for menu in menus:
            action = menu.action
            state = {"menu_id": menu.id, "action": action.id}
            if action._name != "ir.actions.act_window":
                screens.append((menu.complete_name, state))
                continue
            view_types = [v.strip() for v in (action.view_mode or "tree").split(",")]
            if login != "admin":
                view_types = view_types[:1]
                model = env[action.res_model].sudo(user)
                if model.check_access_rights("read", raise_exception=False):
                    domain = safe_eval(action.domain or "[]", {"uid": user.id})
                    first = model.search(domain, limit=1)
                    if first:
                        screens.append((menu.complete_name, dict(state, view_type="form", id=first.id)))
            for view_type in view_types:
                screens.append((menu.complete_name, dict(state, view_type=(
                    "list" if view_type == "tree" else view_type))))
        return screens


# Opens a screen as a bookmark of it would (the action manager's own load of a URL state), in
# the client already running, after dropping the screen before: a new client for each screen
# would load and start the whole web client again, which took most of the walk's time.
# (The promise it returns is rejected for a form opened on its record, as for the bookmark:
# the view manager is asked to switch to the form it already shows. The screen drawn without
# an error is what counts.)
OPEN_SCREEN = """
var state = arguments[0], done = arguments[arguments.length - 1];
var actions = odoo.__DEBUG__.services["web.web_client"].action_manager;
actions.null_action();
$.when(actions.do_load_state(state, false)).always(function () { done(); });
"""


def _drawn(driver):
    """The screen is drawn and no call is pending, or an error dialog is shown."""
    if driver.find_elements(By.CSS_SELECTOR, ERRORS):
        return True
    # a window action draws in the content area, a wizard (target "new") in a dialog
    return driver.find_elements(By.CSS_SELECTOR, ".o_content > *, .modal .o_form_view") and not [
        e for e in driver.find_elements(By.CSS_SELECTOR, ".o_loading") if e.is_displayed()]


def _wait(driver, seconds=30):
    """Whether the screen was drawn (or an error shown) within ``seconds``."""
    deadline = time.time() + seconds
    while not _drawn(driver):
        if time.time() > deadline:
            return False
        time.sleep(0.1)
    return True


# the longest walks first, so that the browsers finish about together
ROLES = ["admin", "manager", "supervisor", "officer1", "frontdesk", "cashier", "privacy", "clerk", "registrar"]


def _walk(browser, login, screens):
    """The failures of ``login``'s walk through ``screens`` in ``browser``."""
    driver = browser.login(login, login)
    driver.set_script_timeout(60)
    _wait(driver)  # the role's home screen
    browser.severe_console_errors()  # (read, so that only each screen's own errors follow)
    failures = []
    for name, state in screens:
        try:
            driver.execute_async_script(OPEN_SCREEN, state)
            outcome = "drawn" if _wait(driver) else "not drawn within 30 s"
        except TimeoutException:
            outcome = "not loaded within 60 s"
        errors = browser.severe_console_errors()
        dialogs = driver.find_elements(By.CSS_SELECTOR, ERRORS)
        if errors or dialogs or outcome != "drawn":
            failures.append((name, state, outcome, [e["message"][:300] for e in errors],
                             [d.get_attribute("textContent")[:1500] for d in dialogs]))
            # a new client for the next screen, so that one failure is reported once
            driver.get("about:blank")
            driver.get(browser.base_url + "/web")
            _wait(driver)
            browser.severe_console_errors()
    return failures


def test_every_screen_opens_without_client_errors(gov_server):
    screens = {login: _screens(login) for login in ROLES}  # read here: the walks' threads use no cursor
    assert all(len(found) >= 5 for found in screens.values()), {k: len(v) for k, v in screens.items()}
    assert in_browsers(gov_server, ROLES, lambda browser, login: _walk(browser, login, screens[login])) == {}
