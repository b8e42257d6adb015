"""The incomplete file at the counter over JSON-RPC, as the demo front desk, and its abandonment
variant: the record of missing documents gives the date by which they must be brought (on the
receipt, in the Buddhist era, with a place for both signatures); nobody edits that date or the
state; the daily job closes the request once the date has passed, the applicant is told, the
status page shows it, and the desk records the documents handed back."""
import datetime
import re
import subprocess
import tempfile

import pytest
import requests

from .conftest import committed_env, purge_requests

SERVICE = "one_stop_service.oss_service_b05"  # food shop licence: four documents, 7 working days
APPLICANT = "gov_crm.partner_citizen_01_demo"
PROTECTED = ("change only through its actions", "เปลี่ยนได้ด้วยปุ่มดำเนินการเท่านั้น")


def refused(call, *args, **kwargs):
    with pytest.raises(Exception) as error:
        call(*args, **kwargs)
    assert type(error.value).__name__ == "RpcError", error.value
    return error.value


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", "-layout", pdf.name, "-"], check=True,
                              stdout=subprocess.PIPE).stdout.decode()


@pytest.fixture
def desk(gov_server, gov_rpc):
    """The demo front desk; the requests it opens are removed afterwards with what the server made for
    them (notices, messages and their e-mails), and the status page's count of this client."""
    rpc = gov_rpc("frontdesk", "frontdesk")
    rpc.context = dict(rpc.context, lang="en_US")
    rpc.created = []
    with committed_env() as env:
        rpc.service_id = env.ref(SERVICE).id
        partner = env.ref(APPLICANT)
        rpc.partner_id, rpc.lang = partner.id, partner.lang
        rpc.last4 = re.sub(r"\D", "", partner.national_id or partner.phone)[-4:]  # what the applicant types
        rpc.rate_key = env["gov.rate.limit"].address_key("127.0.0.1")
        env.cr.execute("SELECT window_start, hits FROM gov_rate_limit WHERE scope = 'oss.track' AND client_key = %s",
                       (rpc.rate_key,))
        rate_before = dict(env.cr.fetchall())
    yield rpc
    with committed_env() as env:
        purge_requests(env, rpc.created)
        # the status page counted this test's lookups: take them back out
        env.cr.execute("SELECT window_start, hits FROM gov_rate_limit WHERE scope = 'oss.track' AND client_key = %s",
                       (rpc.rate_key,))
        for window, hits in env.cr.fetchall():
            if window in rate_before:
                env.cr.execute("UPDATE gov_rate_limit SET hits = %s WHERE scope = 'oss.track' AND client_key = %s "
                               "AND window_start = %s", (rate_before[window], rpc.rate_key, window))
            else:
                env.cr.execute("DELETE FROM gov_rate_limit WHERE scope = 'oss.track' AND client_key = %s "
                               "AND window_start = %s", (rpc.rate_key, window))


def be(day, lang="th"):
    months = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
              "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    return "%d %s %d" % (day.day, months[day.month - 1], day.year + 543)


def test_incomplete_file_abandoned_after_its_deadline(gov_server, desk):
    # received at the counter three weeks ago (a letter entered late) with two documents missing
    received = (datetime.datetime.utcnow() - datetime.timedelta(days=21)).strftime("%Y-%m-%d 03:00:00")
    request_id = desk.call_kw("oss.request", "create", [{
        "partner_id": desk.partner_id, "service_id": desk.service_id, "date_received": received}])
    desk.created.append(request_id)
    [values] = desk.call_kw("oss.request", "read", [[request_id], ["document_ids", "docs_days", "name"]])
    assert values["docs_days"] == 7  # the catalogue's period for this service
    lines = desk.call_kw("oss.request.document", "read", [values["document_ids"], ["name"]])
    desk.call_kw("oss.request.document", "write", [[line["id"] for line in lines[:2]], {"received": True}])
    desk.call_kw("oss.request", "action_submit", [[request_id]])
    [request] = desk.call_kw("oss.request", "read", [[request_id], ["state", "docs_deadline", "notice_ids"]])
    assert request["state"] == "waiting_docs"
    deadline = datetime.datetime.strptime(request["docs_deadline"], "%Y-%m-%d").date()
    assert datetime.date.today() - datetime.timedelta(days=21) < deadline < datetime.date.today()
    [notice] = desk.call_kw("oss.request.notice", "read", [request["notice_ids"], ["kind", "docs_deadline"]])
    assert (notice["kind"], notice["docs_deadline"]) == ("missing_documents", request["docs_deadline"])

    # the receipt is the record both sign, with the date in the Buddhist era
    pdf = desk.http.get(gov_server + "/report/pdf/one_stop_service.oss_request_receipt/%d" % request_id,
                        timeout=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    # (pdftotext drops some Thai tone marks of the Garuda font: the Thai lines are matched loosely)
    text = " ".join(pdf_text(pdf.content).split())
    english = deadline.strftime("%d %B").lstrip("0") + " %d B.E." % (deadline.year + 543)
    assert "Record of missing documents: documents still to bring (Licensing Facilitation Act s.8)" in text
    assert "The applicant must bring the documents above by %s (7 working days)." % english in text
    assert re.search(r"ภายในวันที่ %d \S+ %d \(7 " % (deadline.day, deadline.year + 543), text)
    assert re.search(r"\.{30,} [^.]{1,20} Officer \S+ \.{30,} [^.]{1,20} Applicant", text)  # both sign

    # refused side: the date, the state and the return of documents are no one's to edit
    for vals in ({"docs_deadline": "2030-01-01"}, {"state": "abandoned"}, {"docs_days": 60},
                 {"docs_returned_date": "2030-01-01 03:00:00"}):
        error = refused(desk.call_kw, "oss.request", "write", [[request_id], vals])
        assert error.name == "odoo.exceptions.AccessError" and desk.said(*PROTECTED) in error.message, vals

    # the daily job (the system's, as the server's cron runs it) closes it: the deadline has passed
    with committed_env() as env:
        closed = env["oss.request"]._cron_close_abandoned()
        assert request_id in closed.ids
        assert not env["oss.request"]._cron_close_abandoned() & closed  # idempotent
    [request] = desk.call_kw("oss.request", "read", [[request_id], ["state", "date_done", "notice_ids"]])
    assert request["state"] == "abandoned" and request["date_done"]
    notices = desk.call_kw("oss.request.notice", "read", [request["notice_ids"], ["kind", "sent", "content"]])
    [abandoned] = [n for n in notices if n["kind"] == "abandoned"]
    assert abandoned["sent"] is True
    if desk.lang == "th_TH":  # what the notice told the applicant, in their language
        assert abandoned["content"].startswith("เอกสารที่ขาดไม่ได้นำส่งภายในวันที่ %s: " % be(deadline))
    else:
        assert abandoned["content"].startswith("The missing documents were not brought by %d " % deadline.day)

    # the public status page says so, with the date, and no name
    page = requests.Session()
    form = page.get(gov_server + "/oss/track", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    answer = page.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": token, "number": values["name"], "last4": desk.last4})
    assert answer.status_code == 200
    assert 'id="oss_track_docs_deadline"' in answer.text and be(deadline) in answer.text
    assert "ละทิ้งคำขอ (ไม่ได้นำส่งเอกสาร)" in answer.text and "Abandoned (documents not brought)" in answer.text
    with committed_env() as env:
        assert env.ref(APPLICANT).name not in answer.text

    # the desk hands the documents back and records it, once
    desk.call_kw("oss.request", "action_documents_returned", [[request_id]])
    [request] = desk.call_kw("oss.request", "read", [[request_id], ["docs_returned_date"]])
    assert request["docs_returned_date"]
    error = refused(desk.call_kw, "oss.request", "action_documents_returned", [[request_id]])
    assert error.name == "odoo.exceptions.UserError" and desk.said(
        "were already returned", "คืนเอกสารของคำขอ %s แล้ว" % values["name"]) in error.message
