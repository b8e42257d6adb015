"""Tests leave nothing behind: after every other test of the run (this one is moved last),
the test database holds the same rows as before the first test, apart from Odoo's own
bookkeeping of web sessions (tests/leftovers.py). Odoo's own tests, run next on the same
database, expect its demo data alone (e.g. partners with distinct names)."""
import odoo

from .leftovers import leftovers


def test_the_run_left_nothing_behind(request):
    before = getattr(request.config, "gov_snapshot", None)
    assert before, "no snapshot of the database was taken before the run (tests/conftest.py)"
    with odoo.api.Environment.manage(), odoo.registry(odoo.tools.config["db_name"]).cursor() as cr:
        lines = leftovers(cr, before)
    assert not lines, "the tests of this run left records in the database:\n  " + "\n  ".join(lines)
