"""pytest plugin for Odoo's own tests of the core addons, run with pytest-odoo against a
database (`make test`, `make test-odoo`, `make test-odoo-bare`: scripts/gov.sh).

- Tests listed in ``known_failures.txt`` (beside this file) fail on a bare Odoo 11.0 too:
  they are expected to fail with the exception listed (xfail; another exception is a
  failure); one that passes is reported as XPASS and named at the end, so the list stays
  honest. A listed test missing from a file that ran stops the run.
- Tests listed in ``skipped.txt`` are skipped with the reason, and so is every ``HttpCase``:
  it needs Odoo's HTTP server inside the test process, and its tours need PhantomJS,
  which these machines do not have.
- Tests listed in ``departures.txt`` fail because the product deliberately changes what
  Odoo allows (the rule is named with each); they are expected to fail with the exception
  listed, like the known failures, but pass on a bare Odoo, so ``--odoo-bare`` leaves them out.
- ``--odoo-bare`` collects only the listed tests and requires each one to fail (a pass
  fails the run): that is the proof that a failure is Odoo's and not the product's.
- Nothing may be left in the database: every table is compared before and after the run
  (tests/leftovers.py) and leftovers fail the run.
"""
import importlib
from pathlib import Path

import pytest

import odoo
from odoo.tests.common import HttpCase

from tests import leftovers  # shared with the product's suite

HERE = Path(__file__).resolve().parent

HTTP_CASE_REASON = ("HttpCase: needs Odoo's HTTP server inside the test process, and PhantomJS "
                    "for its phantom_js tours; not available under pytest-odoo on these machines")


def pytest_addoption(parser):
    group = parser.getgroup("odoo core tests")
    group.addoption("--odoo-known-failures", default=str(HERE / "known_failures.txt"),
                    help="file listing Odoo's tests that fail on a bare Odoo 11.0, with the reason")
    group.addoption("--odoo-skipped", default=str(HERE / "skipped.txt"),
                    help="file listing Odoo's tests that cannot run here, with the reason")
    group.addoption("--odoo-departures", default=str(HERE / "departures.txt"),
                    help="file listing Odoo's tests that the product's own rules make fail, with the rule")
    group.addoption("--odoo-bare", action="store_true",
                    help="run only the known failures and require each one to fail")


def read_table(path, columns):
    """[(line number, fields)] of the 'a | b | c' lines of a list ('#' starts a comment)."""
    rows = []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [part.strip() for part in line.split("|", columns - 1)]
        if len(fields) != columns or not all(fields):
            raise pytest.UsageError("%s:%d: expected %d fields separated by '|', got %r" % (
                path, number, columns, line))
        rows.append((number, fields))
    return rows


def exception_class(path, number, name):
    """The exception class named in a list: a builtin (AssertionError) or a dotted path."""
    module, _dot, attr = name.rpartition(".")
    try:
        found = getattr(importlib.import_module(module or "builtins"), attr)
    except (ImportError, AttributeError):
        found = None
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        raise pytest.UsageError("%s:%d: %r is not an exception class" % (path, number, name))
    return found


def load_known_failures(path):
    """{node id under odoo/addons: (exception class, reason)}."""
    return {nodeid: (exception_class(path, number, raises), reason)
            for number, (nodeid, raises, reason) in read_table(path, 3)}


def addon_nodeid(item):
    """base/tests/test_orm.py::TestORM::test_x, whichever folder odoo/addons is in."""
    marker = "odoo/addons/"
    nodeid = item.nodeid.replace("\\", "/")
    return nodeid[nodeid.index(marker) + len(marker):] if marker in nodeid else nodeid


def pytest_configure(config):
    config.odoo_known = load_known_failures(config.getoption("--odoo-known-failures"))
    config.odoo_departures = load_known_failures(config.getoption("--odoo-departures"))
    config.odoo_skipped = [tuple(fields) for _n, fields in read_table(config.getoption("--odoo-skipped"), 2)]
    config.odoo_xpassed = []


def pytest_sessionstart(session):
    with odoo.registry(odoo.tools.config["db_name"]).cursor() as cr:
        session.config.odoo_snapshot = leftovers.snapshot(cr)


def skip_reason(config, item, nodeid):
    for prefix, reason in config.odoo_skipped:
        if nodeid == prefix or nodeid.startswith(prefix + "::"):
            return reason
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, HttpCase):
        return HTTP_CASE_REASON
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    known, bare = config.odoo_known, config.getoption("--odoo-bare")
    departures = config.odoo_departures
    seen, files = set(), set()
    kept, dropped = [], []
    for item in items:
        nodeid = addon_nodeid(item)
        files.add(nodeid.split("::")[0])
        if nodeid in known:
            seen.add(nodeid)
            raises, reason = known[nodeid]
            item.add_marker(pytest.mark.xfail(raises=raises, reason=reason, strict=bare))
            kept.append(item)
        elif nodeid in departures:
            seen.add(nodeid)
            if bare:
                dropped.append(item)
            else:
                raises, reason = departures[nodeid]
                item.add_marker(pytest.mark.xfail(raises=raises, reason="product rule: " + reason))
                kept.append(item)
        elif bare:
            dropped.append(item)
        else:
            reason = skip_reason(config, item, nodeid)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
            kept.append(item)
    # a listed test of a file that ran, but not found in it, was renamed or removed
    listed = set(known) | set(departures)
    missing = sorted(nodeid for nodeid in listed - seen if nodeid.split("::")[0] in files)
    if missing:
        raise pytest.UsageError("listed failures not collected (renamed or removed? update %s or %s): %s" % (
            config.getoption("--odoo-known-failures"), config.getoption("--odoo-departures"),
            ", ".join(missing)))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and hasattr(report, "wasxfail") and report.passed:
        item.config.odoo_xpassed.append(addon_nodeid(item))


def pytest_sessionfinish(session, exitstatus):
    if not hasattr(session.config, "odoo_snapshot"):
        return
    with odoo.registry(odoo.tools.config["db_name"]).cursor() as cr:
        session.config.odoo_leftovers = leftovers.leftovers(cr, session.config.odoo_snapshot)
    if session.config.odoo_leftovers and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.odoo_xpassed:
        terminalreporter.section("known failures that passed", sep="!", yellow=True, bold=True)
        for nodeid in config.odoo_xpassed:
            terminalreporter.line("%s  (remove it from %s if it keeps passing)" % (
                nodeid, config.getoption("--odoo-known-failures")))
    if getattr(config, "odoo_leftovers", None):
        terminalreporter.section("records left behind by Odoo's tests", sep="!", red=True, bold=True)
        for line in config.odoo_leftovers:
            terminalreporter.line(line, red=True)
