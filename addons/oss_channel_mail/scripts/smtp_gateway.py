#!/usr/bin/env python3
"""An SMTP server that hands every message it receives to Odoo's mail gateway.

It does what Odoo's mailgate script does behind an MTA: one XML-RPC call of
``mail.thread.message_process`` per message, logged in as the gateway's account (a user in
the group "Mail gateway"). Put it behind the agency's MTA (Postfix: a transport to
127.0.0.1:PORT for the request addresses) or let the MTA of the domain deliver to it.
A message Odoo could not take is answered 451 (the MTA keeps it and tries again); one over
``--max-mb`` is answered 552. The password is read from GOV_MAIL_GATEWAY_PASSWORD.

    GOV_MAIL_GATEWAY_PASSWORD=... smtp_gateway.py --listen 127.0.0.1:2525 \\
        --url http://127.0.0.1:8069 --db govcrm --login mailgateway
"""
import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
import xmlrpc.client

from aiosmtpd.controller import Controller

_logger = logging.getLogger("smtp_gateway")


class OdooDelivery:
    """aiosmtpd handler: each message to ``mail.thread.message_process`` over XML-RPC."""

    def __init__(self, url, db, login, password, model=None):
        self.url, self.db, self.login, self.password, self.model = url.rstrip("/"), db, login, password, model
        self.uid = None
        self.lock = threading.Lock()

    def _uid(self):
        if self.uid is None:
            common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common", allow_none=True)
            self.uid = common.authenticate(self.db, self.login, self.password, {}) or None
            if not self.uid:
                raise PermissionError("the gateway's login %s was refused by %s" % (self.login, self.url))
        return self.uid

    def deliver(self, data, recipients):
        """Hand one message to Odoo; returns the SMTP answer."""
        # the envelope's recipients, as an MTA's Delivered-To: Odoo routes on it (Bcc included)
        data = b"Delivered-To: " + ", ".join(recipients).encode("ascii", "replace") + b"\r\n" + data
        with self.lock:
            try:
                objects = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object", allow_none=True)
                objects.execute_kw(self.db, self._uid(), self.password, "mail.thread", "message_process",
                                   [self.model, xmlrpc.client.Binary(data)], {})
            except (xmlrpc.client.Fault, OSError, PermissionError, xmlrpc.client.ProtocolError) as error:
                _logger.warning("message to %s not delivered to Odoo: %s", recipients, error)
                return "451 4.3.0 The message could not be handed over now; try again later"
        return "250 2.0.0 Delivered"

    async def handle_DATA(self, server, session, envelope):
        loop = asyncio.get_event_loop()
        return await loop.run_in_executor(None, self.deliver, envelope.original_content or envelope.content,
                                          list(envelope.rcpt_tos))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:2525", help="host:port to listen on")
    parser.add_argument("--url", required=True, help="Odoo's address, e.g. http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True, help="a user in the group Mail gateway")
    parser.add_argument("--model", default=None, help="where a message that matches no address goes (none)")
    parser.add_argument("--max-mb", type=int, default=64,
                        help="largest message taken, in MB (Odoo refuses attachments over its own limit "
                             "with a reply; this one only keeps the gateway's memory bounded)")
    args = parser.parse_args(argv)
    password = os.environ.get("GOV_MAIL_GATEWAY_PASSWORD")
    if not password:
        parser.error("set GOV_MAIL_GATEWAY_PASSWORD to the password of --login")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    host, port = args.listen.rsplit(":", 1)
    handler = OdooDelivery(args.url, args.db, args.login, password, args.model)
    controller = Controller(handler, hostname=host, port=int(port), data_size_limit=args.max_mb * 1024 * 1024)
    controller.start()
    _logger.info("listening on %s:%s, delivering to %s (database %s)", host, port, args.url, args.db)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    signal.signal(signal.SIGINT, lambda *_args: stop.set())
    print("ready", flush=True)
    while not stop.wait(1):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
