"""Every screen under Government Services opens in Chromium without a client error.

Walks the menu tree as each demo role: the administrator opens every window action
in every view type it offers (list, kanban, form, calendar, pivot, graph); each other
role opens what its menus show and the form of the first record it may read, so a
broken template, a view or a field its role may not read fails here.
"""
import time

import odoo
from odoo.tools.safe_eval import safe_eval
import pytest
from selenium.webdriver.common.by import By

from .conftest import _settings

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
            fragment = "menu_id=%d&action=%d" % (menu.id, action.id)
            if action._name != "ir.actions.act_window":
                screens.append((menu.complete_name, fragment))
                continue
            view_types = [v.strip() for v in (action.view_mode or "tree").split(",")]
            if login != "admin":
                view_types = view_types[:1]
                model = env[action.res_model].sudo(user)
                if model.check_access_rights("read", raise_exception=False):
                    domain = safe_eval(action.domain or "[]", {"uid": user.id})
                    first = model.search(domain, limit=1)
                    if first:
                        screens.append((menu.complete_name, fragment + "&view_type=form&id=%d" % first.id))
            for view_type in view_types:
                screens.append((menu.complete_name, fragment + "&view_type=%s" % (
                    "list" if view_type == "tree" else view_type)))
        return screens


@pytest.mark.parametrize("login", ["admin", "frontdesk", "officer1", "supervisor", "manager", "privacy", "cashier"])
def test_every_screen_opens_without_client_errors(browser, login):
    driver = browser.login(login, login)
    screens = _screens(login)
    assert len(screens) >= 5
    failures = []
    for name, fragment in screens:
        # a fresh client per screen, as a bookmark opens it: changing only the hash from
        # one screen to the next sometimes trips Odoo 11's client on its own
        driver.get("about:blank")
        driver.get("%s/web#%s" % (browser.base_url, fragment))
        deadline = time.time() + 30
        while time.time() < deadline:  # the screen is drawn and no call is pending
            if driver.find_elements(By.CSS_SELECTOR, ERRORS):
                break
            if driver.find_elements(By.CSS_SELECTOR, ".o_content > *") and not [
                    e for e in driver.find_elements(By.CSS_SELECTOR, ".o_loading") if e.is_displayed()]:
                break
            time.sleep(0.2)
        time.sleep(0.4)
        errors = browser.severe_console_errors()
        dialogs = driver.find_elements(By.CSS_SELECTOR, ERRORS)
        if errors or dialogs:
            failures.append((name, fragment, [e["message"][:300] for e in errors],
                             [d.get_attribute("textContent")[:1500] for d in dialogs]))
    assert failures == []
