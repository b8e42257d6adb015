"""Headless Chromium for the browser tests and the benchmark's cold-load figures."""
import shutil
import tempfile

# What the web client shows once a user is logged in: the application menu (in the app drawer)
LOGGED_IN = "#odooAppDrawer a[data-menu-xmlid]"
# A phone: the viewport of a 6.1-inch handset, touch events and a mobile browser's user agent
PHONE = {"width": 390, "height": 844}
PHONE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")


def chromium_driver(width=1400, height=900, phone=False):
    """A headless Debian Chromium driven by Debian's chromedriver (no downloads); with ``phone``,
    Chromium's mobile emulation of a 390 x 844 phone (viewport, touch, user agent)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 "--window-size=%d,%d" % (width, height),
                 "--user-data-dir=%s" % tempfile.mkdtemp(prefix="gov-chromium-")):
        options.add_argument(flag)
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": dict(PHONE, pixelRatio=1.0, touch=True), "userAgent": PHONE_USER_AGENT})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)
