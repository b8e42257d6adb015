"""The service quality dashboard renders in a real Chromium without JavaScript errors and
its tiles open the lists behind them; dashboard_tiles.png shows it with the test's requests
(docs/dashboard.png shows the demo's year of work: scripts/demo_screenshots.py)."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from odoo import fields

from .conftest import committed_env, screenshot_path
from .test_oss_browser import act, idle, text_of, until

# (service code, state, days since receipt, days to the legal date, handling days if finished)
REQUESTS = [("B02", "in_progress", 2, 8, None), ("B02", "in_progress", 12, -2, None),
            ("B02", "waiting_applicant", 40, -20, None), ("B03", "submitted", 5, 5, None),
            ("B04", "in_progress", 20, -6, None), ("B02", "done", 9, 1, 6), ("B03", "done", 8, -1, 9)]


def _make_requests(env):
    now = datetime.datetime.utcnow()
    partner = env.ref("gov_crm.partner_citizen_01_demo")
    requests = env["oss.request"]
    for code, state, age, due, handling in REQUESTS:
        service = env["oss.service"].search([("code", "=", code)], limit=1)
        received = now - datetime.timedelta(days=age)
        request = env["oss.request"].create({
            "partner_id": partner.id, "service_id": service.id, "channel": "counter",
            "date_received": fields.Datetime.to_string(received)})
        values = {"state": state, "date_received": fields.Datetime.to_string(received),
                  "expected_date": fields.Datetime.to_string(now + datetime.timedelta(days=due))}
        if handling:
            values["date_done"] = fields.Datetime.to_string(received + datetime.timedelta(days=handling))
        request.write(values)
        requests |= request
    return requests


def _abandoned_this_month():
    """Requests closed as abandoned since the 1st of the office's month (the demo has one)."""
    with committed_env() as env:
        calendar = env.ref("gov_crm.calendar_gov_office")
        first = calendar._gov_localize(datetime.datetime.utcnow()).replace(day=1, hour=0, minute=0, second=0)
        return env["oss.request"].search_count([
            ("state", "=", "abandoned"), ("date_done", ">=", fields.Datetime.to_string(calendar._gov_to_utc(first)))])


def test_manager_dashboard_renders_and_tiles_open_lists(browser):
    with committed_env() as env:
        manager = env.ref("gov_crm.user_manager_demo")
        lang = manager.lang
        manager.lang = "th_TH"
        request_ids = _make_requests(env).ids
    try:
        driver = browser.login("manager", "manager")
        # a fresh client on the dashboard, as a bookmark opens it: changing only the hash while
        # the home action still loads lets that action redraw the page under the test
        driver.get("about:blank")
        driver.get(browser.base_url + "/web#action=gov_kpi.gov_kpi_dashboard_action")
        WebDriverWait(driver, 60).until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, ".o_gov_kpi_dashboard .o_gov_kpi_tile")))
        WebDriverWait(driver, 30).until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, ".o_gov_kpi_dashboard .o_list_view tbody tr.o_data_row")))
        idle(driver)
        # read afresh at each try: the client may still redraw the tiles
        assert until(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".o_gov_kpi_tile")) == 10)
        first = "button.o_gov_kpi_tile[name='action_open_requests'] .o_gov_kpi_value"
        value = until(driver, lambda d: text_of(d, first).strip())

        # the requests closed this month because their missing documents were not brought (s.8)
        def seventh(part):
            return lambda d: d.find_elements(By.CSS_SELECTOR, ".o_gov_kpi_tile")[6].find_element(
                By.CSS_SELECTOR, part).text.strip()
        assert until(driver, seventh(".o_gov_kpi_label")).startswith("ละทิ้งคำขอเดือนนี้")
        assert until(driver, seventh(".o_gov_kpi_value")) == str(_abandoned_this_month())
        driver.set_window_size(1400, 1000)
        idle(driver)
        driver.save_screenshot(str(screenshot_path("dashboard_tiles.png")))
        assert browser.severe_console_errors() == []
        # the "open requests" tile opens the list of those requests
        expected = int(value.replace(",", ""))
        act(driver, "button.o_gov_kpi_tile[name='action_open_requests']", lambda tile: tile.click())
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".o_list_view")))
        until(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".o_list_view tbody tr.o_data_row")) == expected)
        assert browser.severe_console_errors() == []
    finally:
        with committed_env() as env:
            requests = env["oss.request"].browse(request_ids)
            requests.write({"state": "draft"})
            requests.mapped("message_ids").unlink()
            requests.unlink()
            env.ref("gov_crm.user_manager_demo").lang = lang
