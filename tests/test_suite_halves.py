"""A full `make test` runs in two halves at once (scripts/gov.sh): the browser and security tests
on a copy of the test database, every other test on the test database. Each test runs in one
half: the other half is given the first half's paths with ``--ignore``, which the root conftest
must honour before it lets the top-level tests/ be collected."""
import importlib.util
import subprocess
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _root_conftest():
    spec = importlib.util.spec_from_file_location("gov_root_conftest", str(ROOT / "conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _config(ignored):
    return types.SimpleNamespace(getoption=lambda name: list(ignored) if name == "ignore" else None)


def _beside():
    result = subprocess.run(["bash", str(ROOT / "scripts" / "gov.sh"), "beside_tests"], cwd=str(ROOT),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_ignored_paths_are_not_collected():
    hook = _root_conftest().pytest_ignore_collect
    config = _config([str(ROOT / "tests" / "security"), "tests/test_oss_browser.py"])
    assert hook(ROOT / "tests" / "security", config) is True
    assert hook(ROOT / "tests" / "test_oss_browser.py", config) is True
    # the others: pytest collects the top-level tests, pytest-odoo decides inside an addon
    assert hook(ROOT / "tests" / "test_oss_http.py", config) is False
    assert hook(ROOT / "tests" / "journeys", config) is False
    assert hook(ROOT / "one_stop_service" / "tests" / "test_tracking_number.py", config) is None


def test_the_beside_half_is_the_browser_and_security_tests():
    beside = _beside()
    assert beside == sorted(set(beside))
    assert all((ROOT / path).exists() and path.startswith("tests/") for path in beside)
    browser_files = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").glob("test_*browser*.py"))
    assert browser_files and set(browser_files) <= set(beside)
    assert {"tests/security", "tests/test_browser_every_screen.py", "tests/journeys/test_screens.py"} <= set(beside)
    # the check that nothing was left behind is named besides them by scripts/gov.sh, not listed
    assert "tests/test_nothing_left_behind.py" not in beside
