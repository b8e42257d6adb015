"""One lawful basis per person and purpose, also when requests of one person arrive at
the same moment (JSON-RPC intakes of the front desk against the test server)."""
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from stdnum.th import pin

from .conftest import committed_env

PARALLEL = 20
EN = {"lang": "en_US", "tz": "Asia/Bangkok"}


def random_pin():
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


@pytest.fixture
def one_person(gov_server):
    """A service without documents or routing, and a person with no lawful basis yet."""
    suffix = "%06d" % random.randint(0, 999999)
    with committed_env() as env:
        service = env["oss.service"].create({
            "code": "T-PAR-%s" % suffix, "name": "บริการทดสอบพร้อมกัน %s" % suffix,
            "name_en": "Parallel test %s" % suffix, "legal_days": 5})
        person = env["res.partner"].create({
            "name": "นายพร้อม กันยื่น %s" % suffix, "gov_party_type": "citizen",
            "national_id": random_pin()})
        data = {"service": service.id, "person": person.id}
    yield data
    with committed_env() as env:
        requests = env["oss.request"].search([("partner_id", "=", data["person"])])
        requests.write({"state": "draft"})  # as superuser: only drafts can be deleted
        requests.unlink()
        env["oss.service"].browse(data["service"]).unlink()
        env["res.partner"].browse(data["person"]).unlink()


def _bases(person_id):
    with committed_env() as env:
        lines = env["gov.consent"].search([
            ("partner_id", "=", person_id), ("purpose", "=", "service_notification")])
        return [(line.lawful_basis, line.state) for line in lines], lines.ids


def test_parallel_intakes_record_one_basis_and_the_objection_holds(gov_rpc, one_person):
    sessions = [gov_rpc("frontdesk", "frontdesk") for _ in range(PARALLEL)]
    request_ids = [s.call_kw("oss.request", "create", [{
        "partner_id": one_person["person"], "service_id": one_person["service"]}]) for s in sessions]
    start = threading.Barrier(PARALLEL)

    def submit(index):
        start.wait()
        return sessions[index].call_kw("oss.request", "action_submit", [[request_ids[index]]])

    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(submit, range(PARALLEL)))
    assert results == [True] * PARALLEL  # every intake succeeded, none saw a database error

    bases, ids = _bases(one_person["person"])
    assert bases == [("public_task", "active")]
    with committed_env() as env:
        assert env["gov.consent"].browse(ids).implied is True

    desk = sessions[0]
    assert desk.call_kw("gov.consent", "action_withdraw", [ids]) is True
    check = desk.call_kw("res.partner", "gov_check_contact", [[one_person["person"]], "service_notification"],
                         {"context": EN})
    assert check == [False, "The person withdrew the basis for Service notifications."]

    # the next request of the person does not bring the basis back
    request_id = desk.call_kw("oss.request", "create", [{
        "partner_id": one_person["person"], "service_id": one_person["service"]}])
    desk.call_kw("oss.request", "action_submit", [[request_id]])
    assert _bases(one_person["person"])[0] == [("public_task", "withdrawn")]
    assert desk.call_kw("res.partner", "gov_check_contact", [[one_person["person"]], "service_notification"],
                        {"context": EN})[0] is False
