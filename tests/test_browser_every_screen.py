"""Every screen under Government Services opens in Chromium without a client error.

Walks the menu tree as the administrator and opens each window action in every view
type it offers (list, kanban, form, calendar, pivot, graph), so a broken template or
view anywhere fails here.
"""
import time

import odoo
import pytest
from selenium.webdriver.common.by import By

from .conftest import _settings


def _screens():
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        root = env.ref("gov_crm.menu_gov_root")
        menus = env["ir.ui.menu"].search([("id", "child_of", root.id), ("action", "!=", False)])
        screens = []
        for menu in menus:
            action = menu.action
            if action._name != "ir.actions.act_window":
                screens.append((menu.complete_name, menu.id, action.id, None))
                continue
            for view_type in (action.view_mode or "tree").split(","):
                screens.append((menu.complete_name, menu.id, action.id, view_type.strip()))
        return screens


def test_every_screen_opens_without_client_errors(browser):
    driver = browser.login("admin", "admin")
    failures = []
    screens = _screens()
    assert len(screens) > 20
    for name, menu_id, action_id, view_type in screens:
        url = "%s/web#menu_id=%d&action=%d" % (browser.base_url, menu_id, action_id)
        if view_type:
            url += "&view_type=%s" % ("list" if view_type == "tree" else view_type)
        driver.get(url)
        deadline = time.time() + 20
        while time.time() < deadline:
            if driver.find_elements(By.CSS_SELECTOR, ".o_dialog_error, .o_dialog_warning") \
                    or driver.find_elements(By.CSS_SELECTOR, ".o_content > *"):
                break
            time.sleep(0.2)
        time.sleep(0.5)
        errors = browser.severe_console_errors()
        dialogs = driver.find_elements(By.CSS_SELECTOR, ".o_dialog_error, .o_dialog_warning")
        if errors or dialogs:
            failures.append((name, view_type, [e["message"][:200] for e in errors],
                             [d.text[:200] for d in dialogs]))
    assert failures == []
