"""Protected fields over JSON-RPC, as every staff role: what the agency is measured by is
refused at write and create (AccessError), whatever context the client sends; the actions
that move these fields still work for the roles that do them.

The table below is the expected policy: the fields nobody sets by editing a record.
"""
import uuid

import pytest

from .conftest import committed_env, purge_requests

ROLES = ["frontdesk", "officer1", "officer2", "supervisor", "manager"]
DATETIME, DATE = "2030-01-01 10:00:00", "2030-01-01"

PROTECTED = {
    "citizen.case": {
        "name": "CASE-X", "date_open": DATETIME, "date_first_response": DATETIME, "first_response_hours": 0.1,
        "date_resolved": DATETIME, "handling_hours": 0.5, "resolution_code": "done", "resolution_note": "x",
        "reopen_count": 0, "stage_state": "closed", "sla_days": 90, "sla_hours": 630.0, "deadline": DATETIME,
        "date_at_risk": DATETIME, "date_paused": DATETIME, "paused_hours": 9.0, "sla_frozen_state": "on_track",
        "rating": "5", "rating_comment": "x", "rating_date": DATETIME, "rating_channel": "desk",
        "rating_token_hash": "0" * 64, "escalated_state": "on_track", "transfer_count": 0,
        "transfer_ids": [(5, 0, 0)], "request_id": 1, "step_id": 1, "kpi_reopened_early": False,
        "department_id": 1, "question_ids": [(5, 0, 0)],
    },
    "oss.request": {
        "name": "OSS-2569-999999", "state": "done", "date_complete": DATETIME, "expected_date": DATETIME,
        "date_done": DATETIME, "reject_reason": "x", "received_by_id": 1, "delay_notice_date": DATE,
        "step_ids": [(5, 0, 0)], "notice_ids": [(5, 0, 0)], "steps_total": 0, "steps_done": 9,
        "progress": 100.0, "service_group": "G2B", "case_ids": [(5, 0, 0)], "kpi_handling_hours": 1.0,
        "kpi_handling_days": 0.1, "kpi_department_id": 1, "open311_client_id": 1, "open311_address": "x",
        "open311_lat": 13.7, "open311_long": 100.5, "open311_media_url": "https://example.com/x.jpg",
        "open311_public": True, "agency_event_ids": [(5, 0, 0)], "question_ids": [(5, 0, 0)],
        "docs_deadline": DATE, "docs_returned_date": DATETIME,
        # fixed once submitted (the test requests are submitted)
        "partner_id": 1, "service_id": 1, "channel": "portal", "date_received": DATETIME,
        "docs_days": 60, "docs_days_reason": "x",
    },
    "oss.request.step": {
        "request_id": 1, "service_step_id": 1, "sequence": 99, "name": "x", "department_id": 1, "days": 99,
        "state": "done", "date_start": DATETIME, "date_done": DATETIME, "case_ids": [(5, 0, 0)],
    },
    "oss.request.notice": {
        "request_id": 1, "kind": "delay", "date": DATE, "content": "x", "sent": True, "not_sent_reason": "x",
        "docs_deadline": DATE, "copy_ids": [(5, 0, 0)],
    },
    "oss.request.notice.copy": {
        "notice_id": 1, "request_id": 1, "service_id": 1, "notice_date": DATE, "date": DATETIME,
        "recipient": "x@example.com", "state": "not_sent", "note": "x", "subject": "x", "body": "<p>x</p>",
        "mail_id": 1,
    },
    "oss.agency.event": {
        "agency_id": 1, "request_id": 1, "sequence": 99, "request_state": "done", "payload": "{}",
        "idempotency_key": "x", "state": "delivered", "attempt_count": 0, "next_attempt_date": DATETIME,
        "last_status": 200, "last_error": "x", "delivered_date": DATETIME,
    },
    "citizen.case.transfer": {
        "case_id": 1, "from_department_id": 1, "to_department_id": 2, "from_user_id": 1, "user_id": 1,
        "date": DATETIME, "reason": "x",
    },
    "oss.applicant.question": {
        "request_id": 1, "case_id": 1, "partner_id": 1, "question": "x", "asked_by_id": 1, "date_asked": DATETIME,
        "state": "answered", "answer": "x", "attachment_id": 1, "date_answered": DATETIME,
        "answer_channel": "staff", "answered_by_id": 1, "close_note": "x", "notified": True,
        "not_notified_reason": "x",
    },
    "oss.api.client": {
        "key_prefix": "deadbeef", "key_hash": "0" * 64, "key_date": DATETIME, "last_call": DATETIME,
        "channel": "agency",
    },
}
# set at creation, frozen afterwards: allowed in create
FROZEN = {"oss.request": {"partner_id", "service_id", "channel", "date_received", "docs_days", "docs_days_reason"},
          "citizen.case": {"department_id"}, "oss.applicant.question": {"question"}}
# a context a client might try, hoping to open the gate
FORGED_CONTEXT = {"oss_lifecycle": True, "lifecycle": True, "protected_gate": True, "gov_protected_write": True,
                  "tracking_disable": True, "install_mode": True, "module": "citizen_case"}


@pytest.fixture(scope="module")
def sessions(gov_rpc):
    return {login: gov_rpc(login, login) for login in ROLES}


@pytest.fixture(scope="module")
def records(gov_server):
    """One submitted request routed to Civil Registration (with its case, step and notice), an
    agency event of it and an API client; removed at the end."""
    tag = uuid.uuid4().hex[:8]
    with committed_env() as env:
        service = env.ref("one_stop_service.oss_service_c01")  # Civil Registration; documents missing
        partner = env["res.partner"].create({"name": "ทดสอบ สิทธิ์ %s" % tag, "gov_party_type": "citizen"})
        request = env["oss.request"].create({"partner_id": partner.id, "service_id": service.id,
                                             "description": "protected %s" % tag})
        request.action_submit()  # a notice of the missing documents
        request.action_receive_all_documents()
        request.action_documents_complete()  # the route: a step and its case
        agency = env.ref("gov_crm.partner_agency_01_demo")
        event = env["oss.agency.event"].create({
            "agency_id": agency.id, "request_id": request.id, "sequence": 1, "request_state": request.state,
            "payload": "{}", "idempotency_key": "protected-%s" % tag})
        client = env["oss.api.client"].create({"name": "protected %s" % tag})
        registration = env.ref("gov_crm.department_civil_registration")
        works = env.ref("gov_crm.department_public_works")
        direct = env["citizen.case"].create({"subject": "protected %s" % tag, "department_id": registration.id})
        transfer = env["citizen.case.transfer"].create({
            "case_id": direct.id, "from_department_id": works.id, "to_department_id": registration.id,
            "reason": "protected %s" % tag})
        # asked on its own, so that the route of the request above is not held up by it
        question = env["oss.applicant.question"].create({
            "partner_id": partner.id, "question": "protected %s" % tag})
        # the system's copy of a notice to OPDC (at the address of the settings, if any)
        copy = request.notice_ids[0]._oss_copy_to_opdc()
        ids = {"oss.applicant.question": question.id, "oss.request": request.id,
               "oss.request.step": request.step_ids[0].id,
               "oss.request.notice.copy": copy.id,
               "oss.request.notice": request.notice_ids[0].id, "citizen.case": request.case_ids[0].id,
               "oss.agency.event": event.id, "oss.api.client": client.id, "partner": partner.id,
               "citizen.case.transfer": transfer.id, "direct": direct.id}
    yield ids
    with committed_env() as env:
        env["oss.api.client"].browse(ids["oss.api.client"]).unlink()
        env["citizen.case"].browse(ids["direct"]).unlink()
        env["oss.applicant.question"].browse(ids["oss.applicant.question"]).unlink()
        purge_requests(env, [ids["oss.request"]], [ids["partner"]])


def _refused(session, model, method, args, kwargs=None):
    """The error of a refused call; fails the test when the call went through."""
    # by class name: pytest imports conftest under a second name, so RpcError is two classes
    with pytest.raises(Exception) as caught:
        session.call_kw(model, method, args, kwargs)
    assert type(caught.value).__name__ == "RpcError", caught.value
    return caught.value


def _can(session, model, operation):
    return session.call_kw(model, "check_access_rights", [operation], {"raise_exception": False})


def protected_said(session):
    """The refusal of a protected field, in the language of the session's user."""
    return session.said("change only through its actions", "เปลี่ยนได้ด้วยปุ่มดำเนินการเท่านั้น")


@pytest.mark.parametrize("model", sorted(PROTECTED))
def test_no_role_writes_a_protected_field(sessions, records, model):
    for login, session in sessions.items():
        # a role that may write the model and read the record: the refusal is the protection
        writer = _can(session, model, "write") and session.call_kw(
            model, "search_count", [[("id", "=", records[model])]])
        for field, value in PROTECTED[model].items():
            error = _refused(session, model, "write", [[records[model]], {field: value}])
            assert error.name == "odoo.exceptions.AccessError", (login, model, field, error)
            if writer and field not in ("rating_token_hash", "key_hash", "open311_client_id"):
                assert protected_said(session) in error.message, (login, model, field, error)


@pytest.mark.parametrize("model", sorted(PROTECTED))
def test_no_role_creates_with_a_protected_field(sessions, records, model):
    for login, session in sessions.items():
        if not _can(session, model, "create"):
            continue  # refused by the access rights already (tests/security covers them)
        for field, value in PROTECTED[model].items():
            if field in FROZEN.get(model, ()):
                continue
            error = _refused(session, model, "create", [{field: value or 1}])
            assert error.name == "odoo.exceptions.AccessError", (login, model, field, error)


def test_a_forged_context_does_not_open_the_gate(sessions, records):
    session = sessions["officer1"]
    error = _refused(session, "citizen.case", "write",
                     [[records["citizen.case"]], {"deadline": DATETIME, "rating": "5"}],
                     {"context": dict(session.context, **FORGED_CONTEXT)})
    assert protected_said(session) in error.message
    error = _refused(sessions["frontdesk"], "oss.request", "write",
                     [[records["oss.request"]], {"state": "done"}],
                     {"context": dict(sessions["frontdesk"].context, **FORGED_CONTEXT)})
    assert protected_said(sessions["frontdesk"]) in error.message


def test_the_actions_still_move_them(sessions, records):
    officer, front_desk = sessions["officer1"], sessions["frontdesk"]
    case_id = records["citizen.case"]
    officer.call_kw("citizen.case", "action_take", [[case_id]])
    officer.call_kw("citizen.case", "action_resolve", [[case_id], "done", "ออกสูติบัตรแล้ว"])
    front_desk.call_kw("citizen.case", "rating_record_desk", [[case_id], "5", "รวดเร็ว"])
    [case] = sessions["manager"].call_kw("citizen.case", "read", [[case_id], [
        "stage_state", "resolution_code", "date_first_response", "date_resolved", "rating", "rating_channel"]])
    assert (case["stage_state"], case["resolution_code"], case["rating"], case["rating_channel"]) == \
        ("resolved", "done", "5", "desk")
    assert case["date_first_response"] and case["date_resolved"]
    [request] = front_desk.call_kw("oss.request", "read", [[records["oss.request"]], ["state", "date_done"]])
    assert request["state"] == "done" and request["date_done"]  # the route finished the request


def test_create_and_submit_is_create_with_its_refusals(sessions, records):
    """The counter's one-call submission sets no protected field and opens nothing to a role that
    may not create a request; a refused call leaves no request behind."""
    tag = "one call %s" % uuid.uuid4().hex[:8]
    with committed_env() as env:
        values = {"partner_id": env.ref("gov_crm.partner_citizen_01_demo").id,
                  "service_id": env.ref("one_stop_service.oss_service_c01").id, "description": tag}
    for login, session in sessions.items():
        if not _can(session, "oss.request", "create"):
            error = _refused(session, "oss.request", "create_and_submit", [values])
            assert error.name == "odoo.exceptions.AccessError", (login, error)
            continue
        for field, value in PROTECTED["oss.request"].items():
            if field not in FROZEN["oss.request"]:
                error = _refused(session, "oss.request", "create_and_submit", [dict(values, **{field: value or 1})],
                                 {"context": dict(session.context, **FORGED_CONTEXT)})
                assert error.name == "odoo.exceptions.AccessError", (login, field, error)
    with committed_env() as env:
        assert not env["oss.request"].search_count([("description", "=", tag)])
