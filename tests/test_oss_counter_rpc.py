"""The counter over JSON-RPC, logged in as the demo front desk, as the web client calls it:
the checklist follows the catalogue, the intake field takes only an ID or a Thai phone
number, and the same new person registered from many counters at once ends as one person."""
import random
import re
import threading

import pytest

from .conftest import committed_env, purge_requests, wait_for_jobs

REFUSED = "The documents a service requires come from the service catalogue"


def refused(call, *args, **kwargs):
    """The error the server answered to ``call`` (conftest's RpcError: .name, .message)."""
    with pytest.raises(Exception) as error:
        call(*args, **kwargs)
    assert type(error.value).__name__ == "RpcError", error.value
    return error.value


def new_mobile(env):
    while True:
        phone = "09%08d" % random.randint(0, 99999999)
        if not env["res.partner"].with_context(active_test=False).search_count(
                [("gov_phone_digits", "ilike", phone)]):
            return phone


@pytest.fixture
def counter(gov_server, gov_rpc):
    """A front desk session and the requests it creates, deleted (with the persons) afterwards."""
    rpc = gov_rpc("frontdesk", "frontdesk")
    rpc.context = dict(rpc.context, lang="en_US")  # the messages in English (Thai: test_thai_messages)
    rpc.created = []
    with committed_env() as env:
        rpc.service_id = env.ref("one_stop_service.oss_service_c03").id  # death registration
        rpc.citizen_id = env.ref("gov_crm.partner_citizen_01_demo").id
        rpc.phone = new_mobile(env)
    yield rpc
    with committed_env() as env:
        requests = env["oss.request"].search([("id", "in", rpc.created)])
        partners = requests.mapped("partner_id").filtered(lambda p: p.gov_phone_digits == rpc.phone)
        requests.write({"state": "draft"})  # superuser: test data only
        requests.unlink()
        partners.unlink()


def test_front_desk_cannot_untick_mandatory_over_rpc(counter):
    request_id = counter.call_kw("oss.request", "create", [{
        "partner_id": counter.citizen_id, "service_id": counter.service_id}])
    counter.created.append(request_id)
    [request] = counter.call_kw("oss.request", "read", [[request_id], ["document_ids"]])
    lines = counter.call_kw("oss.request.document", "read", [request["document_ids"], ["mandatory", "name"]])
    assert [line["mandatory"] for line in lines] == [True, True, True, True]
    attempts = [
        ("oss.request.document", "write", [[lines[0]["id"]], {"mandatory": False}]),
        ("oss.request", "write", [[request_id], {"document_ids": [[1, lines[0]["id"], {"mandatory": False}]]}]),
        ("oss.request", "write", [[request_id], {"document_ids": [[2, lines[0]["id"], False]]}]),
        ("oss.request.document", "unlink", [[lines[0]["id"]]]),
        ("oss.request", "create", [{"partner_id": counter.citizen_id, "service_id": counter.service_id,
                                    "document_ids": [[0, 0, {"name": "บัตรประจำตัวประชาชน", "mandatory": False}]]}]),
    ]
    for model, method, args in attempts:
        error = refused(counter.call_kw, model, method, args)
        assert error.name == "odoo.exceptions.AccessError", (model, method)
        assert REFUSED in error.message
    # still four mandatory documents: the s.8 notice lists them all and the clock waits
    counter.call_kw("oss.request", "action_submit", [[request_id]])
    [after] = counter.call_kw("oss.request", "read", [[request_id], ["state", "missing_document_count"]])
    assert (after["state"], after["missing_document_count"]) == ("waiting_docs", 4)
    # the form shows the catalogue's columns read-only
    view = counter.call_kw("oss.request", "fields_view_get", [], {"view_type": "form"})
    lines_arch = view["fields"]["document_ids"]["views"]["tree"]["arch"]

    def readonly(name):
        tag = re.search(r'<field name="%s"[^>]*>' % name, lines_arch).group(0)
        return "&quot;readonly&quot;: true" in tag
    assert [readonly(name) for name in ("name", "mandatory", "copies", "received")] == [True, True, True, False]


def test_mistyped_id_registers_nobody_over_rpc(counter):
    with committed_env() as env:
        before = env["res.partner"].with_context(active_test=False).search_count([])
    for value, message in (("318510258628", "must have 13 digits; 318510258628 has 12"),
                           ("3185102586283", "check digit"),
                           ("12345", "is not a Thai phone number")):
        error = refused(counter.call_kw, "oss.request", "create", [{
            "intake_id": value, "intake_name": "นายพิมพ์ ผิด", "service_id": counter.service_id}])
        assert error.name == "odoo.exceptions.ValidationError"
        assert message in error.message
    with committed_env() as env:
        assert env["res.partner"].with_context(active_test=False).search_count([]) == before


def at_once(sessions, call):
    """``call(session)`` for each of ``sessions`` from threads released at the same moment:
    (what the calls answered, the errors they met)."""
    barrier = threading.Barrier(len(sessions))
    results, errors = [], []

    def one(session):
        try:
            barrier.wait(60)
            results.append(call(session))
        except Exception as error:  # reported by the caller
            errors.append(repr(error))

    threads = [threading.Thread(target=one, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return results, errors


def test_parallel_intakes_of_one_new_person_register_one_person(gov_server, gov_rpc, counter):
    sessions = [gov_rpc("frontdesk", "frontdesk") for _i in range(20)]
    results, errors = at_once(sessions, lambda session: session.call_kw("oss.request", "create", [{
        "intake_id": counter.phone, "intake_name": "นางสาวพร้อมกัน ยี่สิบครั้ง",
        "service_id": counter.service_id, "channel": "phone"}]))
    counter.created.extend(results)
    assert errors == []
    assert len(results) == 20
    with committed_env() as env:
        people = env["res.partner"].with_context(active_test=False).search(
            [("gov_phone_digits", "=", counter.phone)])
        assert len(people) == 1
        assert env["oss.request"].browse(results).mapped("partner_id") == people
        assert people.phone == counter.phone and not people.national_id


def test_thai_messages(gov_server, gov_rpc, counter):
    """The front desk works in Thai: the same refusals, translated."""
    thai = gov_rpc("frontdesk", "frontdesk")
    assert thai.context["lang"] == "th_TH"
    error = refused(thai.call_kw, "oss.request", "create", [{
        "intake_id": "12345", "intake_name": "นายพิมพ์ ผิด", "service_id": counter.service_id}])
    assert error.message.split("\nNone")[0] == (
        "12345 ไม่ใช่เบอร์โทรศัพท์ในประเทศไทย: โทรศัพท์พื้นฐานมี 9 หลักขึ้นต้นด้วย 02 ถึง 07 "
        "โทรศัพท์มือถือมี 10 หลักขึ้นต้นด้วย 06 08 หรือ 09")
    request_id = thai.call_kw("oss.request", "create", [{
        "partner_id": counter.citizen_id, "service_id": counter.service_id}])
    counter.created.append(request_id)
    [line_id] = thai.call_kw("oss.request.document", "search", [[("request_id", "=", request_id)]], {"limit": 1})
    error = refused(thai.call_kw, "oss.request.document", "write", [[line_id], {"mandatory": False}])
    assert error.message.startswith("เอกสารที่บริการกำหนดมาจากทะเบียนบริการ: แก้ไขบังคับในรายการเอกสารของคำขอไม่ได้")


def test_the_acknowledgement_is_given_by_the_worker_that_answered(counter):
    """Submitted at the counter: the clerk has the answer, and the worker that answered gives the
    acknowledgement right after it; the job runner never has it (its row never enqueued)."""
    request_id = counter.call_kw("oss.request", "create", [{
        "partner_id": counter.citizen_id, "service_id": counter.service_id, "channel": "counter"}])
    try:
        given_by_the_answering_worker(counter, request_id)
    finally:
        with committed_env() as env:  # submitted: its case and steps go with it
            purge_requests(env, [request_id])


def given_by_the_answering_worker(counter, request_id):
    [request] = counter.call_kw("oss.request", "read", [[request_id], ["document_ids", "name"]])
    counter.call_kw("oss.request.document", "write", [request["document_ids"], {"received": True}])
    counter.call_kw("oss.request", "action_submit", [[request_id]])
    wait_for_jobs()  # the notices due now, and those left to the worker that answered
    with committed_env() as env:
        env.cr.execute("""SELECT state, date_enqueued IS NULL, retry, eta FROM queue_job
                           WHERE model_name = 'oss.request' AND method_name = '_oss_notice_job'
                             AND record_ids = %s""", ("[%d]" % request_id,))
        jobs = env.cr.fetchall()
    assert jobs == [("done", True, 1, None)]
    # the clerk sees the acknowledgement in the request's chatter
    [values] = counter.call_kw("oss.request", "read", [[request_id], ["message_ids"]])
    subjects = [message["subject"] for message in counter.call_kw(
        "mail.message", "read", [values["message_ids"], ["subject"]])]
    assert "ได้รับคำขอแล้ว: %s" % request["name"] in subjects, subjects  # the applicant's language


def test_acknowledgements_of_a_busy_counter_are_each_given_once(gov_server, gov_rpc, counter):
    """Twelve clerks submit at the same moment: the workers answer the waiting clerks first and give
    the acknowledgements they held together afterwards (claimed in one statement, so with one start
    time), each one once, in its request's chatter, and none by the job runner."""
    sessions = [gov_rpc("frontdesk", "frontdesk") for _i in range(12)]
    with committed_env() as env:  # the checklist, every document ticked, as the form's onchange gives it
        lines = [dict(line, received=True) for line in env["oss.request"]._oss_document_lines(
            env["oss.service"].browse(counter.service_id))]
    created, errors = at_once(sessions, lambda session: session.call_kw("oss.request", "create_and_submit", [{
        "partner_id": counter.citizen_id, "service_id": counter.service_id, "channel": "counter",
        "document_ids": [(0, 0, line) for line in lines]}]))
    try:
        assert errors == []
        assert len(created) == len(sessions)
        wait_for_jobs()
        with committed_env() as env:
            env.cr.execute("""SELECT record_ids, state, date_enqueued IS NULL, retry, date_started FROM queue_job
                               WHERE model_name = 'oss.request' AND method_name = '_oss_notice_job'
                                 AND record_ids IN %s""", (tuple("[%d]" % request_id for request_id in created),))
            jobs = env.cr.fetchall()
            assert sorted(job[0] for job in jobs) == sorted("[%d]" % request_id for request_id in created)
            assert {job[1:4] for job in jobs} == {("done", True, 1)}
            assert len({job[4] for job in jobs}) < len(jobs), "no acknowledgement was held while clerks waited"
            for request in env["oss.request"].browse(created):
                subject = "ได้รับคำขอแล้ว: %s" % request.name
                assert len(request.message_ids.filtered(lambda m, subject=subject: m.subject == subject)) == 1
    finally:
        with committed_env() as env:
            purge_requests(env, created)
