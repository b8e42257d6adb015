"""Personal data over the web client's RPC: masked for officers, full and logged for
the privacy officer (PDPA: access limited to those who need it, and logged)."""
import odoo
import pytest

from .conftest import _settings


def _demo_person():
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        person = env.ref("gov_crm.partner_citizen_01_demo")
        return person.id, person.national_id


def _full_reads(partner_id, login):
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return env["gov.privacy.log"].search_count([
            ("event", "=", "full_read"), ("partner_id", "=", partner_id),
            ("user_id.login", "=", login)])


def test_officer_reads_the_masked_id_over_rpc(gov_rpc):
    partner_id, national_id = _demo_person()
    session = gov_rpc("officer1", "officer1")
    row = session.call_kw("res.partner", "read", [[partner_id], ["national_id", "name"]])[0]
    assert row["national_id"] == "x-xxxx-xxxxx-%s-%s" % (national_id[10:12], national_id[12])
    assert national_id not in str(row)
    rows = session.call_kw("res.partner", "search_read",
                           [[("id", "=", partner_id)], ["national_id"]])
    assert national_id not in str(rows)


def test_privacy_officer_reads_the_full_id_and_the_read_is_logged(gov_rpc):
    partner_id, national_id = _demo_person()
    before = _full_reads(partner_id, "privacy")
    session = gov_rpc("privacy", "privacy")
    row = session.call_kw("res.partner", "read", [[partner_id], ["national_id"]])[0]
    assert row["national_id"].replace("-", "") == national_id
    assert _full_reads(partner_id, "privacy") == before + 1


def test_officer_cannot_read_the_privacy_log(gov_rpc):
    session = gov_rpc("officer1", "officer1")
    # (pytest loads conftest under its own name: match the error by what the server said)
    with pytest.raises(Exception) as refused:
        session.call_kw("gov.privacy.log", "search_read", [[], ["event"]])
    assert getattr(refused.value, "name", None) == "odoo.exceptions.AccessError"
