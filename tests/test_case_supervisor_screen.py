"""The supervisor's first screen answers "what is late and who has it" (screenshot: docs/ when refreshed)."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import screenshot_path


def test_supervisor_lands_on_late_cases_by_officer(browser):
    driver = browser.login("supervisor", "supervisor")
    wait = WebDriverWait(driver, 60)
    title = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".o_control_panel .breadcrumb")))
    assert title.text.strip() in ("Late cases by officer", "เรื่องล่าช้าแยกตามเจ้าหน้าที่")
    groups = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".o_list_view .o_group_header")))
    names = [group.text for group in groups]
    assert any("สมปอง" in name for name in names), names  # officer 1 holds a breached case
    assert any("วิชัย" in name for name in names), names  # officer 2 too
    groups[0].click()  # open the first officer's group to show the cases and their SLA
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".o_list_view tr.o_data_row")))
    rows = driver.find_elements(By.CSS_SELECTOR, ".o_list_view tr.o_data_row")
    assert rows and all("text-danger" in row.get_attribute("class") or "text-warning" in row.get_attribute("class")
                        for row in rows)
    driver.save_screenshot(str(screenshot_path("case_supervisor_late_cases.png")))
    assert browser.severe_console_errors() == []
