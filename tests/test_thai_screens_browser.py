"""Each role's main screens in Thai show no text of the product left in English.

Each demo role works in Thai for the test (its language put back afterwards): its home screen
and the first screen of each section of its main menus are opened in Chromium, and every
piece of visible text (a line or a cell) that is a msgid of the product's catalogues whose Thai
differs from the English is reported, by screen. Texts of Odoo itself that Odoo leaves
untranslated in Thai are not the product's and are left out; names, numbers and codes never
match a msgid. The roles are walked three at a time, each in a Chromium of its own.
"""
import contextlib
import glob
import os
import re

import odoo
import pytest
from babel.messages.pofile import read_po
from selenium.common.exceptions import TimeoutException

from .conftest import _settings, in_browsers
from .test_browser_every_screen import OPEN_SCREEN, _wait
from .test_home_screens_browser import user_lang
from .translations import english_only_msgids, installed, product_addons

ROLES = ["manager", "supervisor", "officer1", "frontdesk", "privacy", "cashier", "clerk", "registrar"]  # longest first
VISIBLE_TEXT = "return document.body.innerText"
FRAGMENT_SPLIT = re.compile(r"[\n\t]+")


def _core_untranslated(cr):
    """English texts Odoo's own installed addons leave untranslated in Thai."""
    product = set(product_addons())
    cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
    untranslated = set()
    for name, in cr.fetchall():
        if name in product:
            continue
        path = odoo.modules.module.get_module_path(name, display_warning=False)
        for po in glob.glob(os.path.join(path or "", "i18n", "th.po")):
            with open(po, "rb") as handle:
                for message in read_po(handle):
                    if message.id and (not message.string or message.string == message.id):
                        untranslated.add(message.id.strip())
    return untranslated


@pytest.fixture(scope="module")
def english_of_the_product():
    """The product's msgids whose Thai differs, less those Odoo itself shows untranslated."""
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        modules = installed(cr, product_addons())
        core = _core_untranslated(cr)
    english = set()
    for module in modules:
        english |= {msgid.strip() for msgid in english_only_msgids(module)}
    return english - core


def _main_screens(login):
    """(name, url state) of the first screen of each section of the role's product menus."""
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", login)])
        Menu = env["ir.ui.menu"].sudo(user)
        product = set(product_addons())
        roots = Menu.search([("parent_id", "=", False)]).filtered(
            lambda menu: menu.get_external_id()[menu.id].split(".")[0] in product)
        screens = []
        for section in roots.mapped("child_id"):
            first = _first_action(section)
            if first:
                screens.append((first.complete_name, {"menu_id": first.id, "action": first.action.id}))
        return screens


def _first_action(menu):
    if menu.action:
        return menu
    for child in menu.child_id.sorted(lambda m: (m.sequence, m.id)):
        found = _first_action(child)
        if found:
            return found
    return None


def _leftovers(driver, english):
    fragments = {fragment.strip() for fragment in FRAGMENT_SPLIT.split(driver.execute_script(VISIBLE_TEXT) or "")}
    return sorted(fragment for fragment in fragments if fragment in english)


def _walk(browser, login, screens, english):
    """{screen: product texts left in English} of ``login``'s home and main screens."""
    driver = browser.login(login, login)
    driver.set_script_timeout(60)
    if not _wait(driver, 60):
        return {"(home screen)": ["(not drawn within 60 s)"]}
    # each text once, under the first screen that shows it (the menu bar shows on every one)
    found, seen = {}, set()
    leftovers = _leftovers(driver, english)
    if leftovers:
        found["(home screen)"] = leftovers
        seen.update(leftovers)
    for name, state in screens:
        try:
            driver.execute_async_script(OPEN_SCREEN, state)
            drawn = _wait(driver)
        except TimeoutException:
            drawn = False
        leftovers = [text for text in _leftovers(driver, english) if text not in seen]
        if not drawn:
            leftovers.append("(not drawn within 30 s)")
        if leftovers:
            found[name] = leftovers
            seen.update(leftovers)
    return found


def test_role_screens_in_thai_show_no_product_english(gov_server, english_of_the_product):
    screens = {login: _main_screens(login) for login in ROLES}  # read here: the walks' threads use no cursor
    assert all(screens.values()), "a role sees no product menu: %s" % screens
    with contextlib.ExitStack() as stack:
        for login in ROLES:
            stack.enter_context(user_lang(login, "th_TH"))
        found = in_browsers(gov_server, ROLES, lambda browser, login: _walk(
            browser, login, screens[login], english_of_the_product))
    assert found == {}
