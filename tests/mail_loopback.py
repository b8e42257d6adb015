"""Real mail on loopback for the tests of requests by e-mail.

Two SMTP servers (aiosmtpd): the agency's gateway (addons/oss_channel_mail/scripts/smtp_gateway.py,
a process of its own) that hands each message to the test server's mail gateway over XML-RPC,
logged in as a user of the group Mail gateway; and the outgoing mailbox, where the test server's
outgoing mail server (an ``ir.mail_server`` on loopback) delivers what Odoo sends.
"""
import contextlib
import email
import email.policy
import email.utils
import os
import smtplib
import subprocess
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller

from .conftest import ROOT, _settings, committed_env, free_port, system_params

DOMAIN = "agency.example.go.th"
REQUESTS = "requests@" + DOMAIN
GATEWAY = ROOT / "addons" / "oss_channel_mail" / "scripts" / "smtp_gateway.py"


class Mailbox:
    """An SMTP server's mailbox: every message it received, parsed."""

    def __init__(self):
        self.messages = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.changed:
            self.messages.append(message)
            self.changed.notify_all()
        return "250 OK"

    def wait_for(self, predicate, timeout=60):
        """The first message for which ``predicate`` is true, waiting for it up to ``timeout`` s."""
        deadline = time.time() + timeout
        with self.changed:
            while True:
                found = [message for message in self.messages if predicate(message)]
                if found:
                    return found[0]
                if time.time() > deadline:
                    raise AssertionError("no such message in the mailbox after %s s: %s" % (
                        timeout, [str(m["Subject"]) for m in self.messages]))
                self.changed.wait(1)

    def to(self, address):
        with self.changed:
            return [message for message in self.messages if address in str(message["To"])]


def text_of(message):
    """The decoded text of every text part."""
    return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


class Loopback:
    def __init__(self, outbox, gateway_port):
        self.outbox, self.gateway_port = outbox, gateway_port

    def send(self, message):
        """Send ``message`` (an EmailMessage) through the agency's gateway, as the sender's MTA does;
        returns when the gateway has handed it to Odoo."""
        with smtplib.SMTP("127.0.0.1", self.gateway_port, timeout=120) as client:
            client.send_message(message)


def new_message(sender, subject, body, to=REQUESTS, attachments=(), headers=None):
    message = email.message.EmailMessage()
    message["From"], message["To"] = sender, to
    if subject is not None:
        message["Subject"] = subject
    message["Date"] = email.utils.formatdate()
    message["Message-ID"] = email.utils.make_msgid(domain="mail.example.org")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body)
    for name, content, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


@contextlib.contextmanager
def mail_loopback(server_url):
    """The two loopback SMTP servers around the test server, set up as an administrator would."""
    _conf, db, _port = _settings()
    outbox = Mailbox()
    outgoing = Controller(outbox, hostname="127.0.0.1", port=free_port())
    outgoing.start()
    login, password = "mailgw_%s" % uuid.uuid4().hex[:8], "pw-%s-Gate1" % uuid.uuid4().hex[:12]
    with committed_env() as env:
        mail_server = env["ir.mail_server"].create({
            "name": "Loopback outgoing mailbox %s" % login, "smtp_host": "127.0.0.1",
            "smtp_port": outgoing.port, "sequence": 1})
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Mail gateway %s" % login, "login": login, "password": password,
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("oss_channel_mail.group_mail_gateway").id])]})
        ids = (mail_server.id, user.id)
    gateway_port = free_port()
    log = open(str(ROOT / ".state" / "log" / "smtp-gateway.log"), "ab")
    gateway = subprocess.Popen(
        [sys.executable, str(GATEWAY), "--listen", "127.0.0.1:%d" % gateway_port, "--url", server_url,
         "--db", db, "--login", login],
        env=dict(os.environ, GOV_MAIL_GATEWAY_PASSWORD=password), stdout=subprocess.PIPE, stderr=log)
    try:
        assert gateway.stdout.readline().strip() == b"ready", "the SMTP gateway did not start: .state/log"
        with system_params(mail__catchall__domain=DOMAIN):
            yield Loopback(outbox, gateway_port)
    finally:
        gateway.terminate()
        gateway.wait(30)
        gateway.stdout.close()
        log.close()
        outgoing.stop()
        with committed_env() as env:
            env["ir.mail_server"].browse(ids[0]).unlink()
            env.cr.execute("DELETE FROM res_users_log WHERE create_uid = %s", (ids[1],))
            env["res.users"].browse(ids[1]).unlink()
