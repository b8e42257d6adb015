"""Journey: Public Works hears the public on a draft bylaw.

The supervisor, who manages Public Works, prepares the hearing in the web client (subject,
dates, audience, a choice and a free-text question) and opens it. Two people answer on the
public page, each confirming their mobile number with the code the SMS stand-in received; one
changes their answer. An officer of Civil Registration (another department) reads the hearing
but neither edits it nor reads the responses. The supervisor groups the written answers into a
theme with the agency's response, closes the hearing and publishes the summary, which the
public page then offers; the manager's dashboard counted the hearing while it was open.
"""
import datetime
import re

import requests

from ..conftest import committed_env
from ..hearing_data import mobile, purge_hearings, sms_gateway
from .conftest import Form, ref_id, refused


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def respond_by_sms(base, hearing_id, gateway, phone, answers, change=False):
    """A person on the public page: asks a code, types it with their answers."""
    web = requests.Session()
    page = web.get("%s/hearings/%d?lang=th" % (base, hearing_id), timeout=60)
    sent = web.post("%s/hearings/%d/code?lang=th" % (base, hearing_id), timeout=60,
                    data={"csrf_token": csrf(page.text), "channel": "sms", "contact": phone})
    data = dict(answers, csrf_token=csrf(sent.text), channel="sms", contact=phone, code=gateway.last_code(phone))
    if change:
        data["change"] = "1"
    return web.post("%s/hearings/%d/respond?lang=th" % (base, hearing_id), data=data, timeout=60)


def test_public_works_hears_the_public_and_publishes_the_summary(journey):
    phones = (mobile(), mobile())
    created = []
    journey.on_cleanup(lambda: _purge(created, phones))
    supervisor = journey.as_("supervisor")
    now = datetime.datetime.utcnow()
    form = Form(supervisor, "gov.hearing").new().set(
        name="ร่างเทศบัญญัติควบคุมการก่อสร้าง %s" % journey.suffix,
        summary="ร่างเทศบัญญัติกำหนดเวลาทำงานก่อสร้างในเขตชุมชน",
        department_id=ref_id("gov_crm.department_public_works"),
        date_open=(now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
        date_close=(now + datetime.timedelta(days=14)).strftime("%Y-%m-%d %H:%M:%S"),
        audience="confirmed", council_consultation=True)
    hearing_id = form.save()
    created.append(hearing_id)
    # the questions, as the question dialog of the form saves them
    choice = supervisor.create("gov.hearing.question", {
        "hearing_id": hearing_id, "name": "เห็นด้วยกับเวลาทำงาน 08.00-18.00 น. หรือไม่", "kind": "choice",
        "sequence": 1, "option_ids": [(0, 0, {"name": "เห็นด้วย", "sequence": 1}),
                                      (0, 0, {"name": "ไม่เห็นด้วย", "sequence": 2})]})
    text = supervisor.create("gov.hearing.question", {
        "hearing_id": hearing_id, "name": "ข้อเสนอแนะ", "kind": "text", "required": False, "sequence": 2})
    options = supervisor.read_one("gov.hearing.question", choice, ["option_ids"])["option_ids"]
    supervisor.button("gov.hearing", "action_open", [hearing_id])
    # two people answer; the first changes their mind
    base = journey.base_url
    with sms_gateway() as gateway:
        first = respond_by_sms(base, hearing_id, gateway, phones[0], {
            "q_%d" % choice: str(options[0]), "q_%d" % text: "ขอให้หยุดงานวันอาทิตย์"})
        assert first.status_code == 200 and 'data-outcome="created"' in first.text
        second = respond_by_sms(base, hearing_id, gateway, phones[1], {
            "q_%d" % choice: str(options[0]), "q_%d" % text: "ขอให้หยุดงานวันอาทิตย์และวันหยุดราชการ"})
        assert second.status_code == 200
        changed = respond_by_sms(base, hearing_id, gateway, phones[0], {"q_%d" % choice: str(options[1])},
                                 change=True)
        assert changed.status_code == 200 and 'data-outcome="changed"' in changed.text
    # an officer of another department reads the hearing, not the responses
    other = journey.as_("officer1")
    assert other.read_one("gov.hearing", hearing_id, ["response_count"])["response_count"] == 2
    assert refused(other.write, "gov.hearing", [hearing_id], {"summary": "แก้ไขโดยผู้ไม่มีสิทธิ"})
    assert refused(other.call_kw, "gov.hearing.response", "search",
                   [[("hearing_id", "=", hearing_id)]]).name == "odoo.exceptions.AccessError"
    # the dashboard counts the open hearing and this month's responses
    action = supervisor.call_kw("gov.kpi.dashboard", "action_open_dashboard", [])
    tile = supervisor.read_one("gov.kpi.dashboard", action["res_id"], ["hearing_open_count", "hearing_response_count"])
    assert tile["hearing_open_count"] >= 1 and tile["hearing_response_count"] >= 2
    # the supervisor groups the written answers and publishes the summary
    written = supervisor.search_read("gov.hearing.answer", [("hearing_id", "=", hearing_id),
                                                            ("value_text", "!=", False)], ["value_text"])
    assert sorted(a["value_text"] for a in written) == ["ขอให้หยุดงานวันอาทิตย์และวันหยุดราชการ"]
    theme = supervisor.create("gov.hearing.theme", {
        "hearing_id": hearing_id, "name": "วันหยุดงานก่อสร้าง",
        "agency_response": "กำหนดให้หยุดงานก่อสร้างวันอาทิตย์และวันหยุดราชการ"})
    supervisor.write("gov.hearing.answer", [a["id"] for a in written], {"theme_id": theme})
    supervisor.write("gov.hearing", [hearing_id], {"conclusion": "ปรับร่างตามความคิดเห็น"})
    supervisor.button("gov.hearing", "action_close", [hearing_id])
    supervisor.button("gov.hearing", "action_publish", [hearing_id])
    page = requests.get("%s/hearings/%d?lang=th" % (base, hearing_id), timeout=60).text
    assert 'data-state="published"' in page and "กำหนดให้หยุดงานก่อสร้างวันอาทิตย์และวันหยุดราชการ" in page
    assert "ขอให้หยุดงานวันอาทิตย์" not in page and phones[0] not in page
    link = re.search(r'id="gh_summary_pdf" href="([^"]+)"', page).group(1)
    assert requests.get(base + link, timeout=120).content.startswith(b"%PDF")


def _purge(created, phones):
    with committed_env() as env:
        purge_hearings(env, created, phones)
