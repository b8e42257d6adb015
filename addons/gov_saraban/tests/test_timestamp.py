"""An RFC 3161 timestamp when the agency has a timestamp server: signed by a stand-in TSA on
loopback (pyHanko's test timestamper behind a real HTTP exchange)."""
import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from ..lib import pades, pki
from .common import SarabanCase


class _TsaHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        answer = self.server.stamper.request_tsa_response(request).dump()
        self.server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args):
        pass


class TestTimestamp(SarabanCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        key, certificate = pki.make_certificate(cls.pki.ca_key, cls.pki.ca, "TEST TSA", "TEST", timestamping=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _TsaHandler)
        server.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(pki.der(certificate)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(pki.key_der(key)))
        server.requests = 0
        cls.tsa = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        cls.company.write({"gov_saraban_tsa_url": "http://127.0.0.1:%d/tsa" % server.server_address[1]})
        cls.give_certificate(cls.signer)

    @classmethod
    def tearDownClass(cls):
        cls.tsa.shutdown()
        cls.tsa.server_close()
        super().tearDownClass()

    def test_the_signature_carries_the_time_certified_by_the_timestamp_server(self):
        letter = self.draft()
        letter.sudo(self.officer).action_submit()
        letter.sudo(self.signer).action_sign()
        # one request sizes the signature field, the other stamps the signature itself
        self.assertEqual(self.tsa.requests, 2)
        self.assertTrue(letter.timestamp_date)
        verdict = pades.verify(base64.b64decode(letter.pdf_attachment_id.datas), [pki.pem(self.pki.ca)],
                               [self.pki.crl()])
        self.assertEqual(verdict["verdict"], "valid", verdict)
        self.assertEqual(verdict["timestamp"].strftime("%Y-%m-%d %H:%M:%S"), letter.timestamp_date)

    def test_a_timestamp_server_that_fails_leaves_the_letter_unsigned(self):
        self.company.write({"gov_saraban_tsa_url": "http://127.0.0.1:9/tsa"})
        letter = self.draft()
        letter.sudo(self.officer).action_submit()
        with self.assertRaises(Exception) as refused:
            letter.sudo(self.signer).action_sign()
        self.assertIn("The letter could not be signed", refused.exception.name)
