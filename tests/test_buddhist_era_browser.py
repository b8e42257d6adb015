"""The Buddhist-era calendar of the web client, in a real Chromium.

A Thai front-desk user types a birth date in B.E. on the person form (29/02/2567 is the leap
day 29 February 2024; 1 January and 31 December around the turn of the year) and the
server stores it in C.E.; the date picker, the chatter and the month groups speak B.E.
(the chatter shows no date in the future, so its note is dated in the past).
An English user of the same role sees and types the same dates in C.E.
"""
import datetime
import random
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import committed_env
from .test_case_officer_screen import present

SUFFIX = "%06d" % random.randint(0, 999999)
PASSWORD = "Be-Calendar-%s-x9" % SUFFIX


@pytest.fixture(scope="module")
def people(gov_server):
    """A Thai and an English user of the front desk and the officers, and a person they both work on (a manager's
    set-up); the module's clean-up removes them with their messages."""
    with committed_env() as env:
        groups = env.ref("gov_crm.group_gov_front_desk") | env.ref("gov_crm.group_gov_officer")
        users = {}
        for lang in ("th_TH", "en_US"):
            login = "be_%s_%s" % (lang[:2], SUFFIX)
            users[lang] = env["res.users"].with_context(no_reset_password=True).create({
                "name": "Calendar %s %s" % (lang, SUFFIX), "login": login, "password": PASSWORD,
                "email": "%s@example.go.th" % login, "lang": lang, "tz": "Asia/Bangkok",
                "groups_id": [(6, 0, groups.ids)]}).login
        person = env["res.partner"].create({"name": "ปฏิทิน ทดสอบ %s" % SUFFIX, "lang": "th_TH"})
        # a note dated 5 February 2025 (Bangkok), as the chatter shows it
        env["mail.message"].create({
            "model": "res.partner", "res_id": person.id, "message_type": "comment",
            "body": "<p>Calendar note %s</p>" % SUFFIX, "date": "2025-02-05 03:00:00",
            "subtype_id": env.ref("mail.mt_note").id})
        return {"th": users["th_TH"], "en": users["en_US"], "person": person.id}


def login(browser, people, who):
    """Log in as the Thai ("th") or English ("en") user and wait until the home screen is
    drawn in that language and date format."""
    driver = browser.login(people[who], PASSWORD)
    present(driver, ".o_content > *")
    thai = who == "th"
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return moment.locale() === arguments[0] && "
        "odoo.__DEBUG__.services['web.core']._t.database.parameters.date_format === arguments[1]",
        "th" if thai else "en", "%d/%m/%Y" if thai else "%m/%d/%Y"))
    return driver


def open_person(driver, person_id):
    driver.get("%s/web#id=%d&model=res.partner&view_type=form" % (driver.base_url, person_id))
    present(driver, ".o_form_view.o_form_readonly")
    return WebDriverWait(driver, 30).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, ".o_form_button_edit")))


def type_birth_date(driver, person_id, text):
    """Open the person, type ``text`` in the birth date, save; the saved value as displayed."""
    open_person(driver, person_id).click()
    field = WebDriverWait(driver, 30).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "input.o_datepicker_input[name='gov_birth_date']")))
    field.clear()
    field.send_keys(text)
    field.send_keys(Keys.TAB)
    driver.find_element(By.CSS_SELECTOR, ".o_form_button_save").click()
    shown = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".o_form_readonly span[name='gov_birth_date']")))
    return shown.text.strip()


def chatter_days(driver, person_id):
    """The days the chatter of the person shows, other than today and yesterday."""
    open_person(driver, person_id)
    WebDriverWait(driver, 30).until(lambda d: "Calendar note" in d.find_element(By.CSS_SELECTOR, ".o_mail_thread").text)
    return [el.text for el in driver.find_elements(By.CSS_SELECTOR, ".o_thread_date_separator .o_thread_date")
            if any(char.isdigit() for char in el.text)]


def stored_birth_date(gov_rpc, login, person_id):
    return gov_rpc(login, PASSWORD).call_kw("res.partner", "read", [[person_id], ["gov_birth_date"]])[0][
        "gov_birth_date"]


@pytest.mark.parametrize("typed,stored", [
    ("29/02/2567", "2024-02-29"),  # leap day: 2567 B.E. is the leap year 2024
    ("1/1/2569", "2026-01-01"),    # the first day of the year, typed without zeros
    ("31/12/2568", "2025-12-31"),  # the last day of the year before
])
def test_thai_user_types_a_buddhist_era_date(browser, gov_rpc, people, typed, stored):
    driver = login(browser, people, "th")
    shown = type_birth_date(driver, people["person"], typed)
    assert stored_birth_date(gov_rpc, people["th"], people["person"]) == stored
    year, month, day = stored.split("-")
    assert shown == "%s/%s/%d" % (day, month, int(year) + 543)
    assert browser.severe_console_errors() == []


def test_thai_user_typing_a_common_era_year_loses_nothing(browser, gov_rpc, people):
    """2024 read as B.E. is 1481 C.E.: the user is told it is not a date, and the birth date
    stays as it was (the date picker would have emptied it)."""
    with committed_env() as env:
        env["res.partner"].browse(people["person"]).gov_birth_date = "1990-05-17"
    driver = login(browser, people, "th")
    open_person(driver, people["person"]).click()
    field = WebDriverWait(driver, 30).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "input.o_datepicker_input[name='gov_birth_date']")))
    assert field.get_attribute("value") == "17/05/2533"
    field.send_keys(Keys.CONTROL, "a")  # typed over, as a user does (clear() would empty the field first)
    field.send_keys("29/02/2024")
    field.send_keys(Keys.TAB)
    warning = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".o_notification.o_error .o_notification_content")))
    assert warning.text == "'29/02/2024' วันที่ไม่ถูกต้อง"
    assert field.get_attribute("value") == "17/05/2533"
    driver.find_element(By.CSS_SELECTOR, ".o_form_button_save").click()
    shown = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".o_form_readonly span[name='gov_birth_date']")))
    assert shown.text == "17/05/2533"
    assert stored_birth_date(gov_rpc, people["th"], people["person"]) == "1990-05-17"


def test_thai_date_picker_chatter_and_groups_show_buddhist_era(browser, gov_rpc, people):
    with committed_env() as env:
        env["res.partner"].browse(people["person"]).gov_birth_date = "2024-02-29"
    driver = login(browser, people, "th")
    # the chatter: the day of the note, in B.E. only
    assert chatter_days(driver, people["person"]) == ["5 กุมภาพันธ์ 2568"]
    assert "2025" not in driver.find_element(By.CSS_SELECTOR, ".o_mail_thread").text
    # the date picker: month header, Thai day names, the years view
    open_person(driver, people["person"]).click()
    field = WebDriverWait(driver, 30).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "input.o_datepicker_input[name='gov_birth_date']")))
    assert field.get_attribute("value") == "29/02/2567"
    field.click()
    picker = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-days")))
    header = picker.find_element(By.CSS_SELECTOR, ".picker-switch")
    assert header.text == "กุมภาพันธ์ 2567"
    assert picker.find_element(By.CSS_SELECTOR, "td.day.active").text == "29"
    assert [th.text for th in picker.find_elements(By.CSS_SELECTOR, "th.dow")] == [
        "อา.", "จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส."]
    header.click()  # the months view of 2567
    months = WebDriverWait(driver, 10).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-months")))
    WebDriverWait(driver, 10).until(lambda d: months.find_element(By.CSS_SELECTOR, ".picker-switch").text == "2567")
    months.find_element(By.CSS_SELECTOR, ".picker-switch").click()  # the years view
    years = WebDriverWait(driver, 10).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-years")))
    WebDriverWait(driver, 10).until(
        lambda d: re.match(r"^25\d\d-25\d\d$", years.find_element(By.CSS_SELECTOR, ".picker-switch").text))
    first, last = years.find_element(By.CSS_SELECTOR, ".picker-switch").text.split("-")
    assert int(first) <= 2567 <= int(last)
    active = years.find_element(By.CSS_SELECTOR, "span.year.active")
    assert driver.execute_script(
        "return getComputedStyle(arguments[0], '::after').content", active) == '"2567"'
    # choosing a year from the years view keeps its C.E. value underneath: 2568 B.E. is 2025
    years.find_element(By.XPATH, ".//span[contains(@class, 'year') and @data-be-year='2568']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-months .picker-switch").text == "2568")
    driver.find_element(By.XPATH, "//div[contains(@class, 'datepicker-months')]"
                                  "//span[contains(@class, 'month')][3]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-days .picker-switch").text == "มีนาคม 2568")
    driver.find_element(By.XPATH, "//div[contains(@class, 'datepicker-days')]//td[contains(@class, 'day') and "
                                  "not(contains(@class, 'old')) and not(contains(@class, 'new')) and "
                                  "text()='14']").click()
    assert field.get_attribute("value") == "14/03/2568"
    driver.find_element(By.CSS_SELECTOR, ".o_form_button_save").click()
    WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".o_form_readonly span[name='gov_birth_date']")))
    assert stored_birth_date(gov_rpc, people["th"], people["person"]) == "2025-03-14"
    # grouped by month (lists, kanban, pivot and graph): the label in B.E., the range in C.E.
    rpc = gov_rpc(people["th"], PASSWORD)
    groups = rpc.call_kw("res.partner", "read_group", [[("id", "=", people["person"])], ["gov_birth_date"],
                                                       ["gov_birth_date:month"]])
    assert groups[0]["gov_birth_date:month"] == "มีนาคม 2568"
    assert [leaf for leaf in groups[0]["__domain"] if leaf[0] == "gov_birth_date"] == [
        ["gov_birth_date", ">=", "2025-03-01"], ["gov_birth_date", "<", "2025-04-01"]]
    assert browser.severe_console_errors() == []


def test_thai_client_formats_and_parses_in_buddhist_era(browser, people):
    """The web client's own formatting and parsing (what every view uses), run in the page."""
    driver = login(browser, people, "th")
    result = driver.execute_script("""
        var fu = odoo.__DEBUG__.services['web.field_utils'];
        var notDate = '';
        try { fu.parse.date('29/02/2024'); } catch (e) { notDate = e.message; }
        return {
            locale: moment.locale(),
            date: fu.format.date(moment.utc('2024-02-29'), {type: 'date'}),
            datetime: fu.format.datetime(moment.utc('2025-12-31 23:59:00'), {type: 'datetime'}, {timezone: false}),
            parsedDate: fu.parse.date('29/02/2567').toJSON(),
            parsedDatetime: fu.parse.datetime('01/01/2569 00:00:00', {type: 'datetime'}, {timezone: false}).toJSON(),
            fromServer: fu.parse.datetime('2026-01-01 07:00:00', {type: 'datetime'}, {isUTC: true}).toJSON(),
            long: moment.utc('2027-02-05').format('LL'),
            machine: moment.utc('2026-11-30').format('YYYY-MM-DD'),
            english: moment.utc('2026-11-30').locale('en').format('LL'),
            notDate: notDate,
        };""")
    assert result == {
        "locale": "th",
        "date": "29/02/2567",
        "datetime": "31/12/2568 23:59:00",
        "parsedDate": "2024-02-29",
        "parsedDatetime": "2026-01-01 00:00:00",
        "fromServer": "2026-01-01 07:00:00",
        "long": "5 กุมภาพันธ์ 2570",
        "machine": "2026-11-30",
        "english": "November 30, 2026",
        "notDate": result["notDate"],
    }
    assert "29/02/2024" in result["notDate"]


def test_english_user_keeps_the_common_era(browser, gov_rpc, people):
    driver = login(browser, people, "en")
    shown = type_birth_date(driver, people["person"], "02/29/2024")
    assert shown == "02/29/2024"
    assert stored_birth_date(gov_rpc, people["en"], people["person"]) == "2024-02-29"
    assert chatter_days(driver, people["person"]) == ["February 5, 2025"]
    driver.find_element(By.CSS_SELECTOR, ".o_form_button_edit").click()
    driver.find_element(By.CSS_SELECTOR, "input.o_datepicker_input[name='gov_birth_date']").click()
    picker = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, ".bootstrap-datetimepicker-widget .datepicker-days")))
    assert picker.find_element(By.CSS_SELECTOR, ".picker-switch").text == "February 2024"
    groups = gov_rpc(people["en"], PASSWORD).call_kw(
        "res.partner", "read_group", [[("id", "=", people["person"])], ["gov_birth_date"], ["gov_birth_date:month"]])
    assert groups[0]["gov_birth_date:month"] == "February 2024"
    assert browser.severe_console_errors() == []


def test_thai_calendar_view_titles_in_buddhist_era(browser, people):
    driver = login(browser, people, "th")
    driver.get("%s/web#action=citizen_case.citizen_case_action_my&view_type=calendar" % driver.base_url)
    present(driver, ".o_calendar_view .fc-view")
    year = datetime.date.today().year
    WebDriverWait(driver, 30).until(lambda d: str(year + 543) in d.find_element(
        By.CSS_SELECTOR, ".o_control_panel .breadcrumb").text)
    assert str(year) not in driver.find_element(By.CSS_SELECTOR, ".o_control_panel .breadcrumb").text
    assert driver.find_element(By.CSS_SELECTOR, ".o_calendar_mini .ui-datepicker-year").text == str(year + 543)
    assert browser.severe_console_errors() == []
