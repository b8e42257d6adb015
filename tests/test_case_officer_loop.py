"""The department officers' loop over JSON-RPC and HTTP, each step by the demo user who does it.

A change-of-address request (C02, one step in Civil Registration) taken in by the front
desk; officer1 transfers its case to Public Works (choosing the officer is refused to
him), officer2 takes it and resolves it, the request is done. Then: officer1 asks the
applicant, the public page and the portal show the question, the applicant answers on
the portal with a file, officer1 finds the answer and works again.
"""
import random
import re

import pytest
import requests
from stdnum.th import pin

from .conftest import committed_env, reset_rate_limits

SUFFIX = "%06d" % random.randint(0, 999999)


def random_pin():
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def applicant(gov_server):
    """A person with a portal login (a manager's set-up); removed with everything made for them."""
    with committed_env() as env:
        registration = env.ref("gov_crm.department_civil_registration")
        pointer = registration.case_last_user_id.id
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "นางสาวทดสอบ ย้ายบ้าน %s" % SUFFIX, "login": "loop_%s" % SUFFIX,
            "password": "pw-loop-%s" % SUFFIX, "email": "loop_%s@example.co.th" % SUFFIX,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        phone = "08%08d" % random.randint(0, 99999999)
        user.partner_id.write({"national_id": random_pin(), "phone": phone, "lang": "th_TH",
                               "gov_party_type": "citizen"})
        data = {"user_id": user.id, "partner_id": user.partner_id.id, "login": user.login,
                "password": "pw-loop-%s" % SUFFIX, "phone": phone, "name": user.partner_id.name}
    yield data
    with committed_env() as env:
        requests_ = env["oss.request"].search([("partner_id", "=", data["partner_id"])])
        cases = env["citizen.case"].search([("request_id", "in", requests_.ids)])
        # their messages go with them (and the queued e-mails with the messages)
        env["ir.attachment"].search(["|", "&", ("res_model", "=", "oss.request"), ("res_id", "in", requests_.ids),
                                     "&", ("res_model", "=", "citizen.case"), ("res_id", "in", cases.ids)]).unlink()
        cases.unlink()
        requests_.write({"state": "draft"})
        requests_.unlink()
        user = env["res.users"].browse(data["user_id"])
        partner = user.partner_id
        env["gov.consent"].search([("partner_id", "=", partner.id)]).unlink()
        env["gov.privacy.log"].search([("partner_id", "=", partner.id)]).unlink()
        env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)]).unlink()
        user.unlink()
        partner.unlink()
        env.ref("gov_crm.department_civil_registration").case_last_user_id = pointer


def submit_at_counter(gov_rpc, partner_id):
    """The front desk takes in a complete change-of-address request."""
    desk = gov_rpc("frontdesk", "frontdesk")
    with committed_env() as env:
        service_id = env.ref("one_stop_service.oss_service_c02").id
    request_id = desk.call_kw("oss.request", "create", [{"partner_id": partner_id, "service_id": service_id}])
    desk.call_kw("oss.request", "action_receive_all_documents", [[request_id]])
    desk.call_kw("oss.request", "action_submit", [[request_id]])
    return desk, request_id


def open_case(rpc, request_id):
    found = rpc.call_kw("citizen.case", "search_read", [[["request_id", "=", request_id]]],
                        {"fields": ["name", "stage_state", "user_id", "department_id", "can_take", "step_id"]})
    assert len(found) == 1, found
    return found[0]


def rpc_refused(call, *args):
    # the class is compared by name: pytest may import conftest under another module name
    with pytest.raises(Exception) as error:
        call(*args)
    assert type(error.value).__name__ == "RpcError", error.value
    return error.value


def test_transferred_routed_case_is_resolved_by_the_receiving_department(gov_server, gov_rpc, applicant):
    with committed_env() as env:
        officer1 = env.ref("gov_crm.user_officer1_demo").id
        officer2 = env.ref("gov_crm.user_officer2_demo").id
        works = env.ref("gov_crm.department_public_works").id
    desk, request_id = submit_at_counter(gov_rpc, applicant["partner_id"])
    one = gov_rpc("officer1", "officer1")
    case = open_case(one, request_id)
    assert case["user_id"][0] == officer1  # round-robin among the officers, not the supervisor
    one.call_kw("citizen.case", "action_take", [[case["id"]]])

    # officer1 may not choose who receives the case
    wizard = one.call_kw("citizen.case.transfer.wizard", "create", [{
        "case_id": case["id"], "department_id": works, "user_id": officer2,
        "reason": "บ้านยังไม่มีเลขที่บ้าน ต้องให้กองช่างตรวจอาคารก่อน"}])
    can_pick = one.call_kw("citizen.case.transfer.wizard", "read", [[wizard], ["can_pick_user"]])[0]["can_pick_user"]
    assert can_pick is False
    error = rpc_refused(one.call_kw, "citizen.case.transfer.wizard", "action_transfer", [[wizard]])
    assert error.name == "odoo.exceptions.AccessError"
    assert "Only a supervisor of" in error.message
    assert open_case(one, request_id)["department_id"][1].startswith("[REG]")

    # without choosing: the confirmation page, the case and its step leave for Public Works
    wizard = one.call_kw("citizen.case.transfer.wizard", "create", [{
        "case_id": case["id"], "department_id": works,
        "reason": "บ้านยังไม่มีเลขที่บ้าน ต้องให้กองช่างตรวจอาคารก่อน"}])
    action = one.call_kw("citizen.case.transfer.wizard", "action_transfer", [[wizard]])
    assert (action["res_model"], action["target"]) == ("citizen.case.transfer", "main")
    line = one.call_kw("citizen.case.transfer", "read",
                       [[action["res_id"]], ["case_name", "reason", "to_department_id"]])[0]
    assert line["case_name"] == case["name"]
    assert line["to_department_id"][0] == works
    # officer1 no longer reads the case nor the request
    assert one.call_kw("citizen.case", "search", [[["request_id", "=", request_id]]]) == []
    refusal = rpc_refused(one.call_kw, "oss.request", "read", [[request_id], ["name"]])
    assert refusal.name == "odoo.exceptions.AccessError"

    # the supervisor gives it to officer2 (the assignment already did), who takes and resolves it
    supervisor = gov_rpc("supervisor", "supervisor")
    supervisor.call_kw("citizen.case", "write", [[case["id"]], {"user_id": officer2}])
    two = gov_rpc("officer2", "officer2")
    assert open_case(two, request_id)["can_take"] is True
    two.call_kw("citizen.case", "action_take", [[case["id"]]])
    documents = two.call_kw("oss.request.document", "search_read", [[["request_id", "=", request_id]]],
                            {"fields": ["name", "received"]})
    assert documents and all(doc["received"] for doc in documents)
    resolve = two.call_kw("citizen.case.resolve.wizard", "create", [{
        "case_id": case["id"], "resolution_code": "done", "resolution_note": "ตรวจอาคารแล้ว ออกเลขที่บ้านได้"}])
    two.call_kw("citizen.case.resolve.wizard", "action_resolve", [[resolve]])
    step = two.call_kw("oss.request.step", "read", [[case["step_id"][0]], ["state", "department_id"]])[0]
    assert (step["state"], step["department_id"][0]) == ("done", works)
    assert desk.call_kw("oss.request", "read", [[request_id], ["state"]])[0]["state"] == "done"


def test_the_applicant_answers_a_question_on_the_portal(gov_server, gov_rpc, applicant):
    desk, request_id = submit_at_counter(gov_rpc, applicant["partner_id"])
    one = gov_rpc("officer1", "officer1")
    case = open_case(one, request_id)
    one.call_kw("citizen.case", "action_take", [[case["id"]]])
    question = "สำเนาสัญญาเช่าบ้านหลังใหม่ / A copy of the lease of the new house"
    wizard = one.call_kw("citizen.case.ask.wizard", "create", [{"case_id": case["id"], "question": question}])
    one.call_kw("citizen.case.ask.wizard", "action_ask", [[wizard]])
    assert open_case(one, request_id)["stage_state"] == "waiting"
    number = desk.call_kw("oss.request", "read", [[request_id], ["name", "state"]])[0]
    assert number["state"] == "waiting_applicant"

    # the public status page: waiting for the applicant, with the question, nothing personal
    reset_rate_limits()
    visitor = requests.Session()
    page = visitor.get(gov_server + "/oss/track", timeout=30)
    status = visitor.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": csrf(page.text), "number": number["name"], "last4": applicant["phone"][-4:]})
    assert 'id="oss_track_questions"' in status.text
    assert "Waiting for applicant" in status.text and "รอข้อมูลจากผู้ยื่นคำขอ" in status.text
    assert question in status.text
    assert applicant["name"] not in status.text

    # the portal shows it and takes the answer with a file
    portal = requests.Session()
    login = portal.get(gov_server + "/web/login", timeout=30)
    portal.post(gov_server + "/web/login", timeout=30, data={
        "csrf_token": csrf(login.text), "login": applicant["login"], "password": applicant["password"]})
    detail = portal.get(gov_server + "/my/requests/%d" % request_id, timeout=30)
    assert detail.status_code == 200
    assert 'id="oss_portal_questions"' in detail.text and question in detail.text
    question_id = int(re.search(r'name="question_id" value="(\d+)"', detail.text).group(1))
    answered = portal.post(gov_server + "/my/requests/%d/answer" % request_id, timeout=30, data={
        "csrf_token": csrf(detail.text), "question_id": str(question_id),
        "answer": "แนบสัญญาเช่าแล้วค่ะ"}, files={"file": ("lease.pdf", b"%PDF-1.4 lease")})
    assert answered.status_code == 200 and answered.url.endswith("?answered=1")
    assert 'id="oss_portal_answered"' in answered.text
    assert 'id="oss_portal_questions"' not in answered.text
    # answering again is refused without a 500
    again = portal.post(gov_server + "/my/requests/%d/answer" % request_id, timeout=30, data={
        "csrf_token": csrf(detail.text), "question_id": str(question_id), "answer": "x"})
    assert again.status_code == 200 and 'id="oss_portal_answer_error"' in again.text

    # officer1 finds the answer: in progress again, in the chatter and the inbox, with the file
    assert open_case(one, request_id)["stage_state"] == "progress"
    asked = one.call_kw("oss.applicant.question", "read", [[question_id], ["state", "answer", "attachment_id"]])[0]
    assert (asked["state"], asked["answer"]) == ("answered", "แนบสัญญาเช่าแล้วค่ะ")
    inbox = one.call_kw("mail.message", "search_read", [[
        ["needaction", "=", True], ["model", "=", "citizen.case"], ["res_id", "=", case["id"]]]],
        {"fields": ["body", "attachment_ids"]})
    assert len(inbox) == 1 and "แนบสัญญาเช่าแล้วค่ะ" in inbox[0]["body"]
    assert inbox[0]["attachment_ids"] == [asked["attachment_id"][0]]
    content = one.call_kw("ir.attachment", "read", [[asked["attachment_id"][0]], ["datas_fname"]])[0]
    assert content["datas_fname"] == "lease.pdf"
    assert desk.call_kw("oss.request", "read", [[request_id], ["state"]])[0]["state"] == "in_progress"
