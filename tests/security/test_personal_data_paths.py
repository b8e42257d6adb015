"""The access export of a person is streamed to the privacy officer who asked for it and
stored nowhere: no attachment another role could read, no link that works for anyone else."""
import requests

from ..conftest import committed_env
from .policy import ROLES


def _person_files(world):
    with committed_env() as env:
        return env["ir.attachment"].search_count([("res_model", "=", "res.partner"), ("res_id", "=", world.ids["Q"])])


def test_the_access_export_is_streamed_to_its_privacy_officer_only(gov_server, world, sessions):
    files = _person_files(world)
    action = sessions["privacy_officer"].call_kw("res.partner", "action_gov_access_export", [[world.ids["Q"]]])
    response = sessions["privacy_officer"].http.get(gov_server + action["url"], timeout=60)
    assert response.status_code == 200 and response.content[:2] == b"PK"  # an XLSX file
    assert _person_files(world) == files, "the access export was stored as an attachment"
    leaks = []
    for role in ROLES:
        if role == "privacy_officer":
            continue
        answer = sessions[role].http.get(gov_server + action["url"], timeout=60, allow_redirects=False)
        if answer.status_code == 200 and answer.content[:2] == b"PK":
            leaks.append("LEAK     %-16s res.partner                access export link of Q" % role)
        try:
            sessions[role].call_kw("res.partner", "action_gov_access_export", [[world.ids["Q"]]])
            leaks.append("LEAK     %-16s res.partner                action_gov_access_export" % role)
        except Exception as error:  # an RpcError: refused
            if not hasattr(error, "name"):
                raise
    anonymous = requests.get(gov_server + action["url"], timeout=60, allow_redirects=False)
    if anonymous.status_code == 200 and anonymous.content[:2] == b"PK":
        leaks.append("LEAK     anonymous        res.partner                access export link of Q")
    assert not leaks, "\n" + "\n".join(leaks)
