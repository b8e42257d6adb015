"""The LINE channel from outside, against the test server and a stand-in of the LINE Messaging API
on loopback: a signed conversation (the text, a photo, the place) makes exactly one request in
triage with channel LINE, answered in the same chat with its tracking number; the person asks its
status there; once the front desk has confirmed and submitted it, its notice is queued and
pushed to the chat by the outbox's job, once even when LINE's answer to the push is lost. A
forged or missing signature and a replayed or stale delivery are refused with a clear answer and
leave nothing half-created; a LINE user who sends too much is not answered. The conversation is
written to docs/line_conversation.md (the same text on every run)."""
import io
import json
import re

import pytest
from PIL import Image

from .conftest import (ROOT, committed_env, free_national_id, purge_requests, reset_rate_limits,
                       system_params, wait_for_jobs)
from .line_loopback import LineChat, line_channel, post, sign
from .row_counts import created, marks

TABLES = ("oss_request", "res_partner", "ir_attachment", "oss_line_conversation", "oss_line_event")
TRANSCRIPT = ROOT / "docs" / "line_conversation.md"


def picture():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 160, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


NOTHING = {table: 0 for table in TABLES}


@pytest.fixture
def line(gov_server):
    """The stand-in LINE API; what the chats made (requests, persons, conversations) is removed."""
    reset_rate_limits()
    with line_channel() as stand_in:
        stand_in.chats = []
        yield stand_in
    reset_rate_limits()
    users = [chat.user_id for chat in stand_in.chats]
    with committed_env() as env:
        partners = env["res.partner"].with_context(active_test=False).search([("gov_line_id", "in", users)])
        found = env["oss.request"].search([("line_user_id", "in", users)])
        purge_requests(env, found.ids, partners.ids)
        env["oss.line.conversation"].search([("line_user_id", "in", users)]).unlink()


def chat_of(gov_server, line, **kwargs):
    chat = LineChat(gov_server, line, **kwargs)
    line.chats.append(chat)
    return chat


def write_transcript(chat, number):
    """The transcript with the run's tracking number and status link as fixed placeholders, written
    only when it says something new (a run leaves the file as it was)."""
    lines = ["# A complaint by LINE: the conversation", "",
             "Written by `tests/test_line_http.py` from a run against the test server and the stand-in LINE "
             "Messaging API: what the person sent to the agency's LINE Official Account, what the account "
             "answered, and the notices it pushed. The tracking number and the signed status link of the run "
             "are shown as `OSS-NUMBER` and `STATUS-LINK`.", "",
             "| who | message |", "|---|---|"]
    who = {"person": "person", "agency": "agency (reply)", "push": "agency (push)"}
    for speaker, text in chat.transcript:
        text = re.sub(r"https?://\S+", "STATUS-LINK", text.replace(number, "OSS-NUMBER"))
        lines.append("| %s | %s |" % (who[speaker], text.replace("|", "\\|").replace("\n", " ")))
    lines.append("")
    content = "\n".join(lines)
    if not TRANSCRIPT.exists() or TRANSCRIPT.read_text(encoding="utf-8") != content:
        TRANSCRIPT.write_text(content, encoding="utf-8")


def test_a_signed_conversation_makes_one_request_answered_in_the_chat(gov_server, line, gov_rpc):
    before = marks(TABLES)
    chat = chat_of(gov_server, line)
    assert "ปัญหา" in chat.say("แจ้งเรื่อง")[0]
    assert "รูป" in chat.say("ไฟถนนหน้าบ้านเลขที่ 9 ดับมาสามคืนแล้ว")[0]
    assert "ที่ไหน" in chat.photo(picture())[0]
    assert created(before) == dict(NOTHING, oss_line_conversation=1, oss_line_event=3), \
        "nothing but the conversation before the place arrives"
    [done] = chat.place("ซอยตลาดเช้า 3 ถนนสุขุมวิท", 13.7563, 100.5018)
    number = done.split("เลขคำขอของท่านคือ ")[1].split(" ")[0]
    assert number.startswith("OSS-") and "สถานะ %s" % number in done
    assert created(before) == dict(NOTHING, oss_request=1, res_partner=1, ir_attachment=1, oss_line_event=4)
    with committed_env() as env:
        request = env["oss.request"].search([("name", "=", number)])
        assert (request.state, request.channel, request.line_user_id) == ("triage", "line", chat.user_id)
        assert (request.partner_id.gov_line_id, request.partner_id.name) == (chat.user_id, "สมหญิง ไลน์")
        assert request.web_address == "ซอยตลาดเช้า 3 ถนนสุขุมวิท" and abs(request.web_latitude - 13.7563) < 1e-6
        assert "ไฟถนนหน้าบ้านเลขที่ 9" in request.description
        files = env["ir.attachment"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        assert files.mapped("mimetype") == ["image/jpeg"]
        consent = env["gov.consent"].search([("partner_id", "=", request.partner_id.id)])
        assert consent.mapped("channel") == ["line"]
    # the status, asked in the chat: the public status only
    [status] = chat.say("สถานะ %s" % number)
    assert status.startswith("คำขอ %s: " % number) and "สมหญิง" not in status
    # another LINE user learns nothing of it
    other = chat_of(gov_server, line, name="Other", language="en")
    assert other.say("status %s" % number) == ["No request %s was sent from this LINE account." % number]
    # the front desk confirms it (the journeys go further): the person gets the notice by LINE
    with committed_env() as env:
        service_id = env.ref("one_stop_service.oss_service_c04").id
        national_id = free_national_id(env)
    desk = gov_rpc("frontdesk", "frontdesk")
    wizard = desk.call_kw("oss.request.triage.wizard", "create", [{
        "request_id": request.id, "partner_id": request.partner_id.id, "service_id": service_id,
        "identifier": national_id}])
    desk.call_kw("oss.request.triage.wizard", "action_confirm", [[wizard]])
    desk.call_kw("oss.request", "action_submit", [[request.id]])
    # the notice is queued by its job after the front desk's transaction, not pushed: the outbox's
    # job pushes it. LINE takes the first push but its answer is lost: the next run sends it again
    # with the same retry key, LINE answers that it has it, and the person has it once
    wait_for_jobs()
    assert chat.pushed() == []
    line.lost_answers = 1
    with committed_env() as env:
        [push] = env["oss.line.push"].search_read([("request_id", "=", request.id)], ["state", "text"])
        assert push["state"] == "outgoing"
        assert env["oss.line.push"]._cron_send() >= 1
        assert env["oss.line.push"].browse(push["id"]).read(["state", "attempts"])[0] == dict(
            id=push["id"], state="outgoing", attempts=1)
        assert env["oss.line.push"]._cron_send() >= 1
    [notice] = chat.pushed()
    assert notice == push["text"] and number in notice and "key=" in notice
    with committed_env() as env:
        request = env["oss.request"].browse(request.id)
        assert request.notice_ids.mapped("sent") in ([], [True])
        assert env["oss.line.push"].search([("request_id", "=", request.id)]).state == "sent"
        bodies = env["mail.message"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)]).mapped(
            "body")
        assert any("ส่งทาง LINE แล้ว" in body or "Sent by LINE" in body for body in bodies)
    write_transcript(chat, number)


def test_a_forged_or_missing_signature_is_refused_and_changes_nothing(gov_server, line):
    chat = chat_of(gov_server, line)
    event = chat.event({"type": "text", "text": "แจ้งเรื่อง"})
    body = chat.body(event)
    before = marks(TABLES)
    for signature in (None, "", sign("not-the-secret", body), sign(line.secret, body + b" ")):
        answer = post(gov_server, body, signature)
        assert (answer.status_code, json.loads(answer.text)) == (401, {"message": "invalid signature"})
    assert created(before) == NOTHING and line.replies == []


def test_a_replayed_or_stale_delivery_is_refused_and_changes_nothing(gov_server, line):
    chat = chat_of(gov_server, line)
    event = chat.event({"type": "text", "text": "แจ้งเรื่อง"})
    body = chat.body(event)
    assert post(gov_server, body, sign(line.secret, body)).status_code == 200
    before, replies = marks(TABLES), len(line.replies)
    again = post(gov_server, body, sign(line.secret, body))
    assert again.status_code == 409 and "replayed" in json.loads(again.text)["message"]
    # the same event among new ones: the whole delivery is refused, the new one too
    mixed = chat.body(chat.event({"type": "text", "text": "น้ำท่วมขัง"}), event)
    assert post(gov_server, mixed, sign(line.secret, mixed)).status_code == 409
    stale = chat.body(chat.event({"type": "text", "text": "น้ำท่วมขัง"}, timestamp=event["timestamp"] - 3600 * 1000))
    answer = post(gov_server, stale, sign(line.secret, stale))
    assert answer.status_code == 409 and "older than" in json.loads(answer.text)["message"]
    assert created(before) == NOTHING and len(line.replies) == replies
    with committed_env() as env:
        conversation = env["oss.line.conversation"].search([("line_user_id", "=", chat.user_id)])
        assert (conversation.step, conversation.description) == ("text", False)


def test_a_line_user_over_the_rate_limit_is_not_answered(gov_server, line):
    chat = chat_of(gov_server, line)
    with system_params(oss_channel_line__user_rate_limit=2):
        assert chat.say("hello") and chat.say("hello")
        assert chat.say("hello") == []
        # another LINE user is answered
        assert chat_of(gov_server, line).say("hello")
