"""A stand-in of the SMS gateway on loopback: records each message it accepts.

    with StandInGateway(token="t") as gateway:   # gateway.url, gateway.messages
        ...
"""
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class StandInGateway:

    def __init__(self, token="stand-in-token", status=200):
        self.token, self.status, self.messages = token, status, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Authorization") != "Bearer %s" % gateway.token:
                    self.send_response(401)
                else:
                    gateway.messages.append(json.loads(body.decode("utf-8")))
                    self.send_response(gateway.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/send" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def last_code(self, number):
        """The six-digit code of the last message sent to ``number``."""
        for message in reversed(self.messages):
            if message["to"] == number:
                return re.search(r"\b([0-9]{6})\b", message["text"]).group(1)
        return None
