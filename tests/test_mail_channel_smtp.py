"""Requests by e-mail from outside: a real SMTP server on loopback hands each message to the test
server's mail gateway, and Odoo's answers arrive in a second loopback mailbox (tests/mail_loopback.py).
The front desk then confirms the request in triage over JSON-RPC; an officer cannot."""
import re
import uuid

import pytest
import requests as http_client

from .conftest import committed_env, free_national_id, purge_requests
from .mail_loopback import DOMAIN, mail_loopback, new_message, text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(scope="module")
def mail(gov_server):
    with mail_loopback(gov_server) as loopback:
        yield loopback


@pytest.fixture
def sender():
    """A sender nobody has registered; what their messages created is removed afterwards."""
    address = "sender_%s@example.org" % uuid.uuid4().hex[:10]
    yield address
    with committed_env() as env:
        partners = env["res.partner"].with_context(active_test=False).search([("email", "=ilike", address)])
        requests = env["oss.request"].search([("partner_id", "in", partners.ids)])
        purge_requests(env, requests.ids, partners.ids)


def created_for(address):
    """(requests, persons) registered with ``address``."""
    with committed_env() as env:
        partners = env["res.partner"].with_context(active_test=False).search([("email", "=ilike", address)])
        requests = env["oss.request"].search([("partner_id", "in", partners.ids)])
        return [(r.name, r.state, r.channel, r.mail_message_ref, r.service_id.code) for r in requests], partners.ids


def test_an_email_becomes_one_request_in_triage_and_the_acknowledgement_threads(gov_server, mail, sender):
    message = new_message("Jane Doe <%s>" % sender, "Street light broken",
                          "The street light in front of house 12 is broken.",
                          attachments=[("photo.pdf", PDF, "application/pdf")])
    mail.send(message)
    requests, partners = created_for(sender)
    assert len(requests) == 1 and len(partners) == 1
    name, state, channel, thread, service = requests[0]
    assert (state, channel, thread, service) == ("triage", "email", message["Message-ID"], "TRIAGE")
    ack = mail.outbox.wait_for(lambda m: sender in str(m["To"]))
    assert str(ack["Subject"]) == "Request received by e-mail: %s" % name
    assert ack["In-Reply-To"] == message["Message-ID"]
    assert message["Message-ID"] in ack["References"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert "requests@%s" % DOMAIN in str(ack["From"])
    assert "Tracking number: *%s*" % name in text_of(ack)  # the plain-text part of <b>name</b>
    # the sender gave no ID or phone: the signed link of the answer opens the status page
    html = ack.get_body(preferencelist=("html",)).get_content()
    link = re.search(r'href="[^"]*(/oss/track\?number=%s&(?:amp;)?key=[0-9a-f]{40})"' % name, html).group(1)
    status = http_client.get(gov_server + link.replace("&amp;", "&"), timeout=60)
    assert 'id="oss_track_result"' in status.text and name in status.text
    # the same message again (a sender's MTA retrying): still one request, no second answer
    mail.send(message)
    assert len(created_for(sender)[0]) == 1
    assert len(mail.outbox.to(sender)) == 1


@pytest.mark.parametrize("subject, body, attachments, reason", [
    (None, "Please renew my permit.", [], "The message has no subject"),
    ("Permit", "", [], "The message says nothing"),
    ("Permit", "My documents.", [("scan.pdf", PDF + b"0" * (30 * 1024 * 1024), "application/pdf")],
     "The files total 30.0 MB, more than the 10.0 MB accepted"),
    ("Permit", "My form.", [("form.pdf.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/octet-stream")],
     "The file form.pdf.exe is a program"),
], ids=["no-subject", "empty-body", "30-MB", "executable"])
def test_a_bad_message_is_refused_with_a_reply_and_leaves_nothing(mail, sender, subject, body, attachments, reason):
    message = new_message(sender, subject, body, attachments=attachments)
    mail.send(message)
    assert created_for(sender) == ([], [])
    reply = mail.outbox.wait_for(lambda m: sender in str(m["To"]))
    assert reason in text_of(reply)
    assert "Your message was not registered as a request" in text_of(reply)
    assert reply["In-Reply-To"] == message["Message-ID"]
    with committed_env() as env:
        assert not env["ir.attachment"].search_count([("datas_fname", "in", [a[0] for a in attachments] or [""]),
                                                      ("res_model", "=", "oss.request")])


@pytest.mark.parametrize("sender_of, headers", [
    (lambda address: address, {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}),
    (lambda address: "MAILER-DAEMON@example.org", {"Content-Type": "multipart/report"}),
    (lambda address: "requests@" + DOMAIN, {}),
], ids=["auto-reply", "bounce", "loop"])
def test_robots_and_loops_become_nothing_and_get_no_answer(mail, sender, sender_of, headers):
    extra = {key: value for key, value in headers.items() if key != "Content-Type"}
    message = new_message(sender_of(sender), "Automatic reply: Street light", "I am away until Monday.",
                          headers=dict(extra, Cc=sender))
    if "Content-Type" in headers:
        message.replace_header("Content-Type", headers["Content-Type"] + '; report-type="delivery-status"')
    mail.send(message)
    assert created_for(sender) == ([], [])
    with committed_env() as env:
        assert not env["oss.request"].search_count([("mail_message_ref", "=", message["Message-ID"])])
    assert mail.outbox.to(sender) == [] and mail.outbox.to(str(message["From"])) == []


def test_the_front_desk_confirms_a_triage_request_an_officer_cannot(mail, sender, gov_rpc):
    mail.send(new_message(sender, "ขอใบอนุญาต", "ขอยื่นคำขอใบอนุญาตก่อสร้าง"))
    with committed_env() as env:
        request = env["oss.request"].search([("partner_id.email", "=ilike", sender)])
        request_id, service_id = request.id, env.ref("one_stop_service.oss_service_c03").id
        partner_id = request.partner_id.id
    officer = gov_rpc("officer2", "officer2")
    assert officer.call_kw("oss.request", "search", [[("id", "=", request_id)]]) == []
    wizard = {"request_id": request_id, "partner_id": partner_id, "service_id": service_id,
              "identifier": "1101700230708"}
    with pytest.raises(Exception) as refused:
        officer_wizard = officer.call_kw("oss.request.triage.wizard", "create", [dict(wizard)])
        officer.call_kw("oss.request.triage.wizard", "action_confirm", [[officer_wizard]])
    assert type(refused.value).__name__ == "RpcError" and refused.value.name == "odoo.exceptions.AccessError"
    desk = gov_rpc("frontdesk", "frontdesk")
    [row] = desk.call_kw("oss.request", "search_read", [[("state", "=", "triage"), ("id", "=", request_id)]],
                         {"fields": ["name", "triage_age", "channel", "partner_id", "triage_registered"]})
    assert (row["channel"], row["triage_registered"]) == ("email", True)
    assert row["triage_age"] == "0 ชม."  # the front desk works in Thai: hours waited
    with committed_env() as env:
        national_id = free_national_id(env)
    assert row["partner_id"][0] == partner_id
    wizard_id = desk.call_kw("oss.request.triage.wizard", "create", [dict(wizard, identifier=national_id)])
    desk.call_kw("oss.request.triage.wizard", "action_confirm", [[wizard_id]])
    [after] = desk.call_kw("oss.request", "read", [[request_id], ["state", "service_id", "triaged_by_id"]])
    assert (after["state"], after["service_id"][0], after["triaged_by_id"][0]) == ("draft", service_id, desk.uid)
