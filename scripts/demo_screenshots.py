"""Screenshots of the demo's year of work: the service quality dashboard and the requests KPIs by month.

    .venv/bin/python scripts/demo_screenshots.py [--url BASE_URL] [--folder FOLDER]

Against the demo database served by `make run` (default http://127.0.0.1:8069), as the
service manager (`manager`, with the code of the demo authenticator key), in Thai and in English:
FOLDER (default docs/): dashboard.png and dashboard_en.png, kpi_requests_by_month_th.png (months in the Buddhist
era) and kpi_requests_by_month_en.png. The manager's language is put back afterwards.
"""
import argparse
import os
import sys
import time

import pyotp
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from tests.conftest import chromium_driver  # noqa: E402

DEMO_TOTP_KEY = "GOVDEMOTOTPKEYAAAAAAAAAAAAAAAAAA"
NAVBAR = "#oe_main_menu_navbar a[data-menu-xmlid]"


class Client:
    def __init__(self, base_url):
        self.base_url = base_url
        self.driver = chromium_driver(width=1400, height=1000)
        self.wait = WebDriverWait(self.driver, 90)
        self.last_code_window = None

    def login(self, login, password):
        driver = self.driver
        driver.delete_all_cookies()
        driver.get(self.base_url + "/web/login")
        driver.find_element(By.NAME, "login").send_keys(login)
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        self.wait.until(lambda d: "/auth_totp/login" in d.current_url or d.find_elements(By.CSS_SELECTOR, NAVBAR))
        if "/auth_totp/login" in driver.current_url:
            # a code is taken once: a second login waits for the next one
            while int(time.time()) // 30 == self.last_code_window:
                time.sleep(1)
            self.last_code_window = int(time.time()) // 30
            driver.find_element(By.NAME, "confirmation_code").send_keys(pyotp.TOTP(DEMO_TOTP_KEY).now())
            driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        self.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, NAVBAR)))

    def rpc(self, model, method, args, kwargs=None):
        """A call of the logged-in user, through the browser's session."""
        http = requests.Session()
        http.cookies.set("session_id", self.driver.get_cookie("session_id")["value"])
        response = http.post(self.base_url + "/web/dataset/call_kw", timeout=60, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}})
        body = response.json()
        if body.get("error"):
            raise SystemExit("%s.%s: %s" % (model, method, body["error"]["data"]["message"]))
        return body.get("result")

    def open(self, hash_, ready):
        self.driver.get("about:blank")
        self.driver.get(self.base_url + "/web#" + hash_)
        self.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
        time.sleep(2)  # the charts and the tiles' figures settle

    def click_menu(self, menu, pick):
        """Open the dropdown of the control panel whose list has class ``menu`` and click the item
        ``pick(items)`` returns from its displayed links."""
        toggle = "//ul[contains(@class, '%s')]/preceding-sibling::button" % menu
        self.wait.until(ec.element_to_be_clickable((By.XPATH, toggle))).click()

        def links(driver):
            return [a for a in driver.find_elements(By.CSS_SELECTOR, "ul.%s li a" % menu) if a.is_displayed()]
        self.wait.until(links)
        pick(links(self.driver)).click()
        time.sleep(2)

    def shot(self, folder, name):
        path = os.path.join(folder, name)
        self.driver.save_screenshot(path)
        print("==> %s" % path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069", help="the demo server")
    parser.add_argument("--folder", default=os.path.join(ROOT, "docs"), help="where the PNG files go")
    args = parser.parse_args(argv)
    folder = args.folder
    client = Client(args.url.rstrip("/"))
    try:
        client.login("manager", "manager")
        uid = client.driver.execute_script("return odoo.session_info.uid")
        lang = client.rpc("res.users", "read", [[uid], ["lang"]])[0]["lang"]
        # the search view's "Group by" filters, in order: department, service, group, channel,
        # status, month received, month received (B.E.), month finished, ...
        month_filter = {"th_TH": 6, "en_US": 5}
        try:
            for code, dashboard, graph in (("th_TH", "dashboard.png", "kpi_requests_by_month_th.png"),
                                           ("en_US", "dashboard_en.png", "kpi_requests_by_month_en.png")):
                client.rpc("res.users", "write", [[uid], {"lang": code}])
                client.login("manager", "manager")  # the session speaks the language of its login
                client.driver.set_window_size(1400, 1500)
                client.open("action=gov_kpi.gov_kpi_dashboard_action", ".o_gov_kpi_dashboard .o_gov_kpi_tile")
                client.shot(folder, dashboard)
                client.driver.set_window_size(1400, 900)
                client.open("action=gov_kpi.gov_kpi_request_summary_action&view_type=graph",
                            ".o_graph_svg_container svg")
                if not client.driver.find_element(By.CSS_SELECTOR, ".o_search_options").is_displayed():
                    client.driver.find_element(By.CSS_SELECTOR, ".o_searchview_more").click()  # Filters, Group by
                    time.sleep(1)
                client.click_menu("o_group_by_menu", lambda items, i=month_filter[code]: items[i])
                client.click_menu("o_graph_measures_list", lambda items: next(
                    a for a in items if a.find_element(By.XPATH, "..").get_attribute("data-field") == "nbr"))
                client.driver.find_element(By.CSS_SELECTOR, ".o_control_panel .breadcrumb").click()  # menus closed
                time.sleep(1)
                client.shot(folder, graph)
        finally:
            client.rpc("res.users", "write", [[uid], {"lang": lang}])
    finally:
        client.driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
