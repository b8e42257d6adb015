"""The server answers on loopback and every demo role reaches the Government Services menu."""
import odoo
import pytest
import requests

from .conftest import _settings

DEMO_USERS = ["frontdesk", "officer1", "officer2", "supervisor", "manager", "privacy"]


def _root_menu_id():
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("gov_crm.menu_gov_root").id


def test_login_page_answers(gov_server):
    response = requests.get(gov_server + "/web/login", timeout=10)
    assert response.status_code == 200
    assert 'name="login"' in response.text


def test_server_listens_on_loopback_only(gov_server):
    conf, _db, _port = _settings()
    with open(conf) as handle:
        assert "http_interface = 127.0.0.1" in handle.read()


@pytest.mark.parametrize("login", DEMO_USERS)
def test_demo_user_sees_government_services(gov_rpc, login):
    session = gov_rpc(login, login)
    menus = session.call_kw("ir.ui.menu", "load_menus", [False])
    root_ids = [child["id"] for child in menus["children"]]
    assert _root_menu_id() in root_ids


def test_wrong_password_is_refused(gov_server):
    from .conftest import JsonRpcSession
    _conf, db, _port = _settings()
    with pytest.raises(AssertionError):
        JsonRpcSession(gov_server, db, "frontdesk", "not-the-password")
