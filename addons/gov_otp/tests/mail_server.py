"""A mail server on loopback for tests: accepts every message over SMTP and keeps it.

    with LoopbackMailServer() as server:   # server.port, server.messages (email.message objects)
        ...

Built on the standard library's ``smtpd`` and ``asyncore`` (Python 3.7), served from a thread.
"""
import asyncore
import email
import email.policy
import re
import smtpd
import threading
import time


class LoopbackMailServer:

    def __init__(self):
        self.messages = []
        self._map = {}
        self._stop = threading.Event()
        server = self

        class Receiver(smtpd.SMTPServer):
            def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
                message = email.message_from_bytes(data, policy=email.policy.default)
                server.messages.append({"from": mailfrom, "to": list(rcpttos), "message": message})

        self._receiver = Receiver(("127.0.0.1", 0), None, map=self._map, decode_data=False)
        self.host, self.port = self._receiver.socket.getsockname()[:2]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self._stop.is_set():
            asyncore.loop(timeout=0.05, map=self._map, count=1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        for channel in list(self._map.values()):
            channel.close()

    def wait_for(self, address, count=1, timeout=10.0):
        """The messages received for ``address``, once there are ``count`` (or after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while True:
            received = [m for m in self.messages if address in m["to"]]
            if len(received) >= count or time.monotonic() > deadline:
                return received
            time.sleep(0.05)

    @staticmethod
    def text(received):
        """The plain-text part of a received message."""
        return received["message"].get_body(preferencelist=("plain", "html")).get_content()

    def last_code(self, address):
        """The six-digit code of the last message received for ``address``."""
        received = self.wait_for(address)
        if not received:
            return None
        return re.search(r"\b([0-9]{6})\b", self.text(received[-1])).group(1)
