"""The back office on a phone: Chromium's mobile emulation of a 390 x 844 handset.

The public works officer opens the queue from the app drawer, opens a case, reads it and
resolves it; the front desk takes a request at the counter to its receipt. On every screen the
page fits the phone's width (nothing scrolls sideways), and the buttons of the step are reached
through the form's action menu, as a person with the phone in one hand reaches them. Each walk
runs in Thai and in English. Screenshots: docs/ when GOV_SCREENSHOT_DIR=docs
(phone_case_<th|en>.png, phone_intake_<th|en>.png).
"""
import random

import pytest
from selenium.webdriver.common.by import By

from .conftest import PHONE, committed_env
from .test_home_screens_browser import LANGS, user_lang
from .test_oss_browser import (act, choose, documents, idle, pdf_text, receipt_pdf, snapshot, text_of, type_into, until,
                               visible)

SUFFIX = "%06d" % random.randint(0, 999999)
# the page's width against the window's, and the widths of what scrolls inside it (the web
# client's main area, a dialog): wider than the window means the phone scrolls sideways
WIDTHS = """
var wider = Array.prototype.filter.call(document.querySelectorAll('.o_main, .o_content, .modal'), function (e) {
    return e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth;
}).map(function (e) { return e.className + ': ' + e.scrollWidth + ' px in ' + e.clientWidth; });
return [document.scrollingElement.scrollWidth, window.innerWidth, wider];
"""
# the form's action menu: on a phone the buttons of the form's header are listed in a menu
ACTIONS = ".o_form_view .o_statusbar_buttons_dropdown"
ACTIONS_LABEL = {"th": "ดำเนินการ", "en": "Actions"}
# where the documents' "received" column ends on the screen (the list scrolled to its left)
RECEIVED_COLUMN = """
var header = $(".o_form_view div[name='document_ids'] thead th").filter(function () {
    return $(this).data('name') === 'received';
})[0];
return header ? header.getBoundingClientRect().right : null;
"""


def fits(driver, screen):
    """The page is exactly as wide as the phone's window."""
    page, window, wider = driver.execute_script(WIDTHS)
    assert window == PHONE["width"], "%s: the window is %d px wide, not a phone's" % (screen, window)
    assert page <= window, "%s: the page is %d px wide and scrolls sideways in %d px" % (screen, page, window)
    assert wider == [], "%s: scrolls sideways: %s" % (screen, wider)


# the app drawer is open and has stopped moving (its position is the same as at the last call)
DRAWER_SETTLED = """
var tile = document.querySelector(arguments[0]);
if (!tile || !$('body').hasClass('drawer-open')) { return false; }
var left = tile.getBoundingClientRect().left, settled = window.__govDrawerLeft === left;
window.__govDrawerLeft = left;
return settled && left >= 0;
"""


def tap(driver, selector, text=None):
    """Tap the visible element of ``selector`` (the one containing ``text`` if given)."""
    def attempt(d):
        for element in d.find_elements(By.CSS_SELECTOR, selector):
            if element.is_displayed() and (text is None or text in element.text):
                element.click()
                return True
        return False
    until(driver, attempt, message="nothing visible to tap: %s %s" % (selector, text or ""))
    idle(driver)


def tap_action(driver, button):
    """Open the form's action menu and tap ``button`` in it; the header's own row of buttons is
    hidden on a phone."""
    assert not visible(driver, ".o_form_view .o_statusbar_buttons_base")
    tap(driver, ACTIONS + " > button.dropdown-toggle")
    tap(driver, ACTIONS + " .dropdown-menu " + button)


def open_menu_from_app_drawer(driver, app, menu):
    """The app drawer's tile of ``app`` opens the application; its menus are behind the
    navigation button of the top bar, ``menu`` in one of their dropdowns."""
    tile = "#odooAppDrawer a[data-menu-xmlid='%s']" % app
    tap(driver, ".main-nav button.app-drawer-toggle")
    # the drawer slides in: tap the tile once it stands still
    until(driver, lambda d: d.execute_script(DRAWER_SETTLED, tile))
    tap(driver, tile)
    until(driver, lambda d: not d.execute_script("return $('body').hasClass('drawer-open');"))
    tap(driver, "#odooMenuBarToggle")
    link = "#odooMenuBarNav a[data-menu-xmlid='%s']" % menu
    if not visible(driver, link):  # in a dropdown of the application's menus
        parent = driver.execute_script(
            "return $(arguments[0]).closest('.dropdown-menu').siblings('a.dropdown-toggle').text();", link)
        tap(driver, "#odooMenuBarNav a.dropdown-toggle", parent.strip())
    tap(driver, link)


@pytest.fixture
def street_light_case():
    """A case of the public works department assigned to officer2: a broken street light."""
    with committed_env() as env:
        case = env["citizen.case"].create({
            "subject": "ไฟถนนดับหน้าตลาด %s / Street light out by the market" % SUFFIX,
            "description": "เสาไฟหมายเลข 12 ดับตั้งแต่เมื่อคืน / Pole 12 has been dark since last night",
            "partner_id": env.ref("gov_crm.partner_citizen_05_demo").id,
            "department_id": env.ref("gov_crm.department_public_works").id,
            "user_id": env.ref("gov_crm.user_officer2_demo").id})
        values = {"id": case.id, "name": case.name, "subject": case.subject}
    yield values
    with committed_env() as env:
        env["citizen.case"].browse(values["id"]).exists().unlink()  # its messages and activities too


@pytest.mark.parametrize("lang,suffix", LANGS)
def test_officer_resolves_a_case_on_the_phone(phone, gov_rpc, street_light_case, lang, suffix):
    with user_lang("officer2", lang):
        driver = phone.login("officer2", "officer2")
        # the officer's home: their open cases
        until(driver, lambda d: visible(d, ".o_kanban_view .o_kanban_record"))
        idle(driver)
        fits(driver, "my cases (home)")
        # the same queue from the app drawer and the application's menu
        open_menu_from_app_drawer(driver, "gov_crm.menu_gov_root", "citizen_case.citizen_case_menu_my")
        until(driver, lambda d: street_light_case["name"] in text_of(d, ".o_kanban_view"))
        fits(driver, "my cases")
        tap(driver, ".o_kanban_view .o_kanban_record", street_light_case["name"])

        # the case: what the officer reads at the street light
        until(driver, lambda d: text_of(d, ".o_form_view .oe_title h1") == street_light_case["name"])
        assert text_of(driver, ".o_form_view .oe_title h2") == street_light_case["subject"]
        assert "Pole 12" in text_of(driver, ".o_form_view [name='description']")
        assert text_of(driver, ".o_form_view [name='deadline']")
        fits(driver, "case form")
        snapshot(driver, "phone_case_%s.png" % suffix)

        # resolve it: the action menu, then the wizard
        assert text_of(driver, ACTIONS + " > button.dropdown-toggle") == ACTIONS_LABEL[suffix]
        tap_action(driver, "button.o_case_resolve")
        until(driver, lambda d: visible(d, ".modal select[name='resolution_code']"))
        fits(driver, "resolve dialog")
        tap(driver, ".modal .modal-footer button.btn-primary")
        until(driver, lambda d: not visible(d, ".modal"))
        until(driver, lambda d: visible(
            d, ".o_form_view .o_statusbar_status button.btn-primary[data-value='%d']" % resolved_stage()))
        fits(driver, "resolved case")
        assert phone.severe_console_errors() == []

    # the case is resolved, as the officer reads it over RPC
    officer = gov_rpc("officer2", "officer2")
    [case] = officer.call_kw("citizen.case", "read", [[street_light_case["id"]]],
                             {"fields": ["stage_state", "resolution_code", "user_id"]})
    assert (case["stage_state"], case["resolution_code"]) == ("resolved", "done")
    assert case["user_id"][0] == officer.call_kw("res.users", "search", [[("login", "=", "officer2")]])[0]


def resolved_stage():
    with committed_env() as env:
        return env["citizen.case.stage"].search([("state", "=", "resolved")], order="sequence", limit=1).id


@pytest.mark.parametrize("lang,suffix", LANGS)
def test_front_desk_takes_a_request_to_its_receipt_on_the_phone(phone, lang, suffix):
    with user_lang("frontdesk", lang):
        driver = phone.login("frontdesk", "frontdesk")
        # the front desk's home: the counter intake
        until(driver, lambda d: visible(d, ".o_form_view input[name='intake_id']"))
        idle(driver)
        fits(driver, "counter intake")
        type_into(driver, ".o_form_view input[name='intake_id']", "3185102586282")  # นายสมชาย ใจดี (demo)
        until(driver, lambda d: "สมชาย" in (visible(d, ".o_form_view div[name='partner_id'] input")
                                            .get_attribute("value")))
        choose(driver, ".o_form_view div[name='service_id'] input", "B01", "[B01]")
        until(driver, lambda d: len(documents(d)) == 5, message="the documents are not a list of their 5 rows")
        fits(driver, "counter intake with the documents")
        # the list of documents wraps its text: the "received" ticks are on the screen
        assert 0 < driver.execute_script(RECEIVED_COLUMN) <= PHONE["width"]
        assert text_of(driver, ACTIONS + " > button.dropdown-toggle") == ACTIONS_LABEL[suffix]
        tap_action(driver, "button.o_oss_receive_all_documents")
        until(driver, lambda d: [cells["received"][0] for cells in documents(d)] == [True] * 5)
        fits(driver, "counter intake, every document received")
        # the picture: the documents received, at the bottom of the screen
        driver.execute_script("arguments[0].scrollIntoView(false);",
                              visible(driver, ".o_form_view div[name='document_ids']"))
        snapshot(driver, "phone_intake_%s.png" % suffix)

        tap_action(driver, "button.o_oss_submit_and_print")
        until(driver, lambda d: d.find_elements(
            By.CSS_SELECTOR, ".o_statusbar_status button.btn-primary[data-value='in_progress']"))
        fits(driver, "submitted request")
        title = text_of(driver, ".o_form_view .oe_title h1")
        assert title.startswith("OSS-25")
        # the receipt from the action menu of the submitted request
        act(driver, ACTIONS + " > button.dropdown-toggle", lambda e: e.click())
        assert visible(driver, ACTIONS + " .dropdown-menu button.o_oss_print_receipt")
        assert phone.severe_console_errors() == []
        with committed_env() as env:
            request = env["oss.request"].search([("name", "=", title)])
            assert (request.state, request.channel, request.received_by_id.login) == (
                "in_progress", "counter", "frontdesk")
            assert request.partner_id == env.ref("gov_crm.partner_citizen_01_demo")
            assert all(request.document_ids.mapped("received"))
            request_id = request.id
        with receipt_pdf(driver, driver.base_url, request_id) as path:
            assert title in pdf_text(path)
