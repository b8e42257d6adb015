"""Fixtures of the outside-in access suite: the probe records and one session per role."""
import pyotp
import pytest

from ..conftest import JsonRpcSession, _settings
from . import world as world_module


# per module: what a module commits is removed when it ends (tests/conftest.py), so each
# module of the suite builds its own probes
@pytest.fixture(scope="module")
def world(gov_server):
    built = world_module.build()
    try:
        yield built
    finally:
        world_module.destroy(built)


@pytest.fixture(scope="module")
def sessions(gov_server, world):
    """role -> a JSON-RPC session logged in as that role (with the code of its app if enrolled)."""
    _conf, db, _port = _settings()
    result = {}
    for role, (login, password) in world.users.items():
        secret = world.secrets.get(role)
        code = pyotp.TOTP(secret).now() if secret else False
        result[role] = JsonRpcSession(gov_server, db, login, password, totp=code)
    return result
