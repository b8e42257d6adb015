"""The benchmark's requests analysis as a manager's web client opens it: the pivot's four
read_groups sent at once on one web session, by a service manager who logs in with a second
factor, answering what the ORM answers to the same manager."""
import json
import sys
from pathlib import Path

import odoo

from .conftest import _settings, totp_code

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
# pylint: disable-next=wrong-import-position
from harness import Rpc  # noqa: E402
# pylint: disable-next=wrong-import-position
from suites import PIVOT_GROUPBYS, PIVOT_MEASURES, pivot_at_once, second_factor  # noqa: E402

REPORT = "gov.kpi.request.report"
DOMAIN = [("date_received", ">=", "2000-01-01 00:00:00")]


def as_json(value):
    """What a JSON-RPC answer holds for ``value`` (tuples become lists)."""
    return json.loads(json.dumps(value))


def test_the_analysis_opens_with_its_read_groups_at_once(gov_server):
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        # set-up: the benchmark's own look-up of its manager's app (an administrator's job)
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        manager_id = env.ref("gov_crm.user_manager_demo").id
        totp = second_factor(env, env["res.users"].browse(manager_id))
        cr.rollback()
    # the demo manager is enrolled: the benchmark uses that app's key, it does not enrol another
    assert totp is not None and totp() == totp_code("manager")

    session = Rpc(gov_server, db, "manager", "manager", totp=totp)
    tabs = [session.tab() for _groupby in PIVOT_GROUPBYS]
    assert len({id(tab.http) for tab in tabs}) == len(PIVOT_GROUPBYS)  # a connection each
    elapsed, answers = pivot_at_once(tabs, REPORT, DOMAIN)
    assert elapsed > 0
    assert answers[0][0]["__count"] > 0

    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        # what the ORM answers the same manager, in their own environment
        Report = odoo.api.Environment(cr, manager_id, session.context)[REPORT]
        expected = [Report.read_group(DOMAIN, PIVOT_MEASURES + groupby, groupby, lazy=False)
                    for groupby in PIVOT_GROUPBYS]
        cr.rollback()
    assert answers == as_json(expected)
    # the rows and cells: departments, months and both
    assert [len(answer) for answer in answers[1:]] == [len(rows) for rows in expected[1:]]
    assert all(len(rows) >= 1 for rows in expected[1:])


def test_a_session_refused_without_its_second_factor(gov_server):
    _conf, db, _port = _settings()
    try:
        Rpc(gov_server, db, "manager", "manager")
    except SystemExit as refused:
        assert "login refused for manager" in str(refused)
    else:
        raise AssertionError("the manager logged in without a second factor")
