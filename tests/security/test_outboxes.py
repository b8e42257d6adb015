"""The outboxes of SMS and LINE and the LINE conversations, from outside as an administrator (a
user with Settings only, not one of the suite's roles): read, never written, created or deleted
over RPC; the agency's roles stay refused (test_access_matrix.py, policy.py)."""
import pyotp
import pytest

from ..conftest import JsonRpcSession, RpcError, _settings, committed_env
from .world import PASSWORD

PROBES = (("gov.sms", "SMS", "number", "0810000000"), ("oss.line.push", "LINE_PUSH", "state", "outgoing"),
          ("oss.line.conversation", "LINE_CONV", "step", "photo"), ("oss.line.event", "LINE_EVENT", "event_id", None))


@pytest.fixture(scope="module")
def admin_session(gov_server, world):
    _conf, db, _port = _settings()
    login, password, secret = "suite-admin-%s" % world.suffix, PASSWORD % world.suffix, pyotp.random_base32()
    with committed_env() as env:
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Suite admin %s" % world.suffix, "login": login, "password": password,
            "email": "%s@example.go.th" % login,
            "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("base.group_system").id])]})
        env["res.users.authenticator"].create({"name": "Suite app", "secret_key": secret, "user_id": user.id})
        user.write({"mfa_enabled": True})
    return JsonRpcSession(gov_server, db, login, password, totp=pyotp.TOTP(secret).now())


@pytest.mark.parametrize("model, probe, field, value", PROBES)
def test_the_administrator_reads_and_only_reads(world, admin_session, model, probe, field, value):
    record_id = world.ids[probe]
    found = admin_session.call_kw(model, "search_read", [[("id", "=", record_id)], [field]])
    assert [row["id"] for row in found] == [record_id]
    assert found[0][field] == value or (value is None and found[0][field].startswith("suite-"))
    for method, args in (("write", [[record_id], {field: found[0][field]}]),
                         ("unlink", [[record_id]]), ("check_access_rights", ["create"])):
        with pytest.raises(RpcError) as refused:
            admin_session.call_kw(model, method, args)
        assert refused.value.name == "odoo.exceptions.AccessError", (model, method, refused.value)
