"""Staff accounts: two-factor login on every path, enrolment in the browser, password
policy, login throttling and the audit log, as the people (and attackers) would meet them."""
import json
import uuid
import xmlrpc.client

import pyotp
import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import LOGGED_IN, _settings, committed_env, screenshot_path

NAVBAR = LOGGED_IN


def _authenticate(url, db, login, password):
    http = requests.Session()
    body = http.post(url + "/web/session/authenticate", timeout=30, headers={"Content-Type": "application/json"},
                     data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                         "db": db, "login": login, "password": password}})).json()
    return http, body.get("result") or {}


def _verify(http, url, code):
    return http.post(url + "/gov_security/totp/verify", timeout=30, headers={"Content-Type": "application/json"},
                     data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                                      "params": {"code": code}})).json().get("result") or {}


def test_json_rpc_needs_the_code_of_an_enrolled_manager(gov_server, world):
    _conf, db, _port = _settings()
    login, password = world.users["service_manager"]
    http, info = _authenticate(gov_server, db, login, password)
    assert not info.get("uid"), "the password alone opened a session"
    assert _verify(http, gov_server, "000000").get("error") == "wrong_code"
    assert http.post(gov_server + "/web/dataset/call_kw/res.partner/search", timeout=30,
                     headers={"Content-Type": "application/json"}, data=json.dumps({
                         "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                             "model": "res.partner", "method": "search", "args": [[]], "kwargs": {}}})
                     ).json().get("error"), "a refused code still gave a session"
    good = _verify(http, gov_server, pyotp.TOTP(world.secrets["service_manager"]).now())
    assert good.get("uid") == world.user_ids["service_manager"]


def test_a_code_without_the_password_opens_nothing(gov_server, world):
    http = requests.Session()
    result = _verify(http, gov_server, pyotp.TOTP(world.secrets["privacy_officer"]).now())
    assert result.get("error") == "password_first" and not result.get("uid")


def test_xml_rpc_cannot_bypass_the_second_factor(gov_server, world):
    _conf, db, _port = _settings()
    common = xmlrpc.client.ServerProxy(gov_server + "/xmlrpc/2/common")
    objects = xmlrpc.client.ServerProxy(gov_server + "/xmlrpc/2/object")
    for role in ("service_manager", "privacy_officer"):
        login, password = world.users[role]
        assert common.authenticate(db, login, password, {}) is False
        with pytest.raises(xmlrpc.client.Fault) as refused:
            objects.execute_kw(db, world.user_ids[role], password, "res.partner", "search", [[]])
        assert refused.value.faultString == "Access denied"
    # a role without the requirement still uses XML-RPC with its password
    login, password = world.users["officer_a"]
    assert common.authenticate(db, login, password, {}) == world.user_ids["officer_a"]


@pytest.fixture
def new_privacy_officer(gov_server):
    """A privacy officer who has not enrolled yet (removed at the end)."""
    login = "suite-new-privacy-%s" % uuid.uuid4().hex[:6]
    password = "Privacy-pass-2026-%s" % login[-6:]
    with committed_env() as env:
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "เจ้าหน้าที่คุ้มครองข้อมูลใหม่", "login": login, "password": password,
            "groups_id": [(6, 0, [env.ref("gov_crm.group_gov_privacy_officer").id])]})
        user_id = user.id
    yield user_id, login, password
    with committed_env() as env:
        env.cr.execute("DELETE FROM res_authentication_attempt WHERE login = %s", (login,))
        env.cr.execute("DELETE FROM res_users_log WHERE create_uid = %s", (user_id,))
        env["gov.privacy.log"].search([("user_id", "=", user_id)]).unlink()
        user = env["res.users"].browse(user_id)
        partner = user.partner_id
        user.unlink()
        partner.unlink()


def test_a_required_role_cannot_log_in_or_switch_off_before_enrolling(gov_server, new_privacy_officer):
    user_id, login, password = new_privacy_officer
    _conf, db, _port = _settings()
    _http, info = _authenticate(gov_server, db, login, password)
    assert not info.get("uid")
    assert xmlrpc.client.ServerProxy(gov_server + "/xmlrpc/2/common").authenticate(db, login, password, {}) is False


def test_an_enrolled_manager_cannot_switch_two_factor_off(gov_rpc, world):
    login, password = world.users["service_manager"]
    session = gov_rpc(login, password, totp=pyotp.TOTP(world.secrets["service_manager"]).now())
    with pytest.raises(Exception) as refused:
        session.call_kw("res.users", "write", [[world.user_ids["service_manager"]], {"mfa_enabled": False}])
    assert getattr(refused.value, "name", "") == "odoo.exceptions.UserError"
    assert "Two-factor login is required" in refused.value.message


def test_privacy_officer_enrols_in_the_browser_and_logs_in_with_a_code(browser, new_privacy_officer):
    user_id, login, password = new_privacy_officer
    driver, base = browser, browser.base_url
    driver.get(base + "/web/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "form.gov_totp_enrol")))
    assert "/gov_security/totp/enrol" in driver.current_url
    secret = driver.find_element(By.CSS_SELECTOR, "input.gov_totp_secret").get_attribute("value")
    assert len(secret) == 32
    assert driver.find_element(By.CSS_SELECTOR, "img.gov_totp_qr").get_attribute("src").startswith(
        "data:image/png;base64,")
    driver.save_screenshot(str(screenshot_path("security_totp_enrol.png")))
    # a wrong code is refused and nothing is enrolled
    wrong = str((int(pyotp.TOTP(secret).now()) + 500000) % 1000000).zfill(6)
    driver.find_element(By.NAME, "confirmation_code").send_keys(wrong)
    driver.find_element(By.CSS_SELECTOR, "form.gov_totp_enrol button[type=submit]").click()
    error = WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".alert-danger")))
    assert "not correct" in error.text
    driver.save_screenshot(str(screenshot_path("security_totp_enrol_wrong_code.png")))
    with committed_env() as env:
        assert not env["res.users"].browse(user_id).mfa_enabled
    # the right code enrols the app and opens the web client
    driver.find_element(By.NAME, "device_name").send_keys("โทรศัพท์ทดสอบ")
    driver.find_element(By.NAME, "confirmation_code").send_keys(pyotp.TOTP(secret).now())
    driver.find_element(By.CSS_SELECTOR, "form.gov_totp_enrol button[type=submit]").click()
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, NAVBAR)))
    with committed_env() as env:
        user = env["res.users"].browse(user_id)
        assert user.mfa_enabled and user.authenticator_ids.name == "โทรศัพท์ทดสอบ"
    # next login: password, then the code; a wrong code is refused. The user logs out as
    # people do; the web client is left first so that none of its pending calls can bring
    # the signed-in session back (auth_totp trusts a session that already gave a code)
    driver.get("about:blank")
    driver.get(base + "/web/session/logout")
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "form.oe_login_form")))
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.NAME, "confirmation_code")))
    assert "/auth_totp/login" in driver.current_url
    assert not driver.find_elements(By.NAME, "remember_device")
    driver.find_element(By.NAME, "confirmation_code").send_keys(wrong)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    error = WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".alert-danger")))
    assert "not correct" in error.text
    assert not driver.find_elements(By.CSS_SELECTOR, NAVBAR)
    driver.save_screenshot(str(screenshot_path("security_totp_login_wrong_code.png")))
    driver.find_element(By.NAME, "confirmation_code").send_keys(pyotp.TOTP(secret).now())
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, NAVBAR)))
    driver.save_screenshot(str(screenshot_path("security_totp_logged_in.png")))
    assert browser.severe_console_errors() == []


def test_password_policy_on_change(gov_rpc, world):
    login, password = world.users["officer_b"]
    session = gov_rpc(login, password)
    try:
        answer = session.call("/web/session/change_password", {"fields": [
            {"name": "old_pwd", "value": password}, {"name": "new_password", "value": "short1"},
            {"name": "confirm_pwd", "value": "short1"}]})
    except Exception as error:  # the policy answers with an error (PassError)
        answer = {"error": getattr(error, "message", str(error))}
    assert answer.get("error") and "12 characters" in answer["error"], answer
    new_password = "Longer-passphrase-2027"
    answer = session.call("/web/session/change_password", {"fields": [
        {"name": "old_pwd", "value": password}, {"name": "new_password", "value": new_password},
        {"name": "confirm_pwd", "value": new_password}]})
    assert answer.get("new_password") or not answer.get("error"), answer
    world.users["officer_b"] = (login, new_password)
    with committed_env() as env:
        user = env["res.users"].browse(world.user_ids["officer_b"])
        with pytest.raises(Exception) as reused:
            user.sudo(user)._check_password(new_password)
        assert "Cannot use the most recent" in str(reused.value)
        assert env.user.company_id.password_length >= 12


def test_logins_are_throttled_per_address_and_login(gov_server, world):
    _conf, db, _port = _settings()
    login, password = world.users["internal"]
    try:
        for _i in range(10):
            _http, info = _authenticate(gov_server, db, login, "wrong-%d" % _i)
            assert not info.get("uid")
        _http, info = _authenticate(gov_server, db, login, password)
        assert not info.get("uid"), "the right password got in after 10 failures"
        with committed_env() as env:
            assert env["res.authentication.attempt"].search_count([
                ("login", "=", login), ("result", "=", "banned")]) >= 1
    finally:
        with committed_env() as env:
            env.cr.execute("DELETE FROM res_authentication_attempt WHERE login = %s", (login,))


def test_the_audit_log_says_who_changed_a_person(gov_rpc, world):
    login, password = world.users["front_desk"]
    session = gov_rpc(login, password)
    session.call_kw("res.partner", "write", [[world.ids["Q"]], {"phone": "082 000 1111"}])
    with committed_env() as env:
        log = env["auditlog.log"].search([("model_id.model", "=", "res.partner"), ("res_id", "=", world.ids["Q"]),
                                          ("method", "=", "write")], limit=1)
        assert log.user_id.id == world.user_ids["front_desk"]
        line = log.line_ids.filtered(lambda entry: entry.field_id.name == "phone")
        assert line.old_value_text == "089 111 2233" and line.new_value_text == "082 000 1111"
        env.cr.execute("SELECT count(*) FROM auditlog_log_line WHERE old_value_text LIKE %s "
                       "OR new_value_text LIKE %s", ("%" + world.national_ids["Q"] + "%",) * 2)
        assert env.cr.fetchone()[0] == 0, "a full national ID is kept in the audit log"
