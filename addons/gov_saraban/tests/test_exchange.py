"""Taking in a letter from another agency: registered, verified, routed; the same letter twice is
registered once; a reply refers to the original."""
import base64
import hashlib
import json

from odoo.exceptions import AccessError

from ..lib import pades
from ..models.gov_saraban_letter_exchange import ExchangeRefused
from .common import PASSPHRASE, SarabanCase


class TestExchange(SarabanCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.give_certificate(cls.signer)
        letter = cls.Letter.sudo(cls.officer).create({
            "direction": "outgoing", "partner_id": cls.agency.id, "department_id": cls.dep.id,
            "signer_id": cls.signer.id, "subject": "ขอข้อมูลทะเบียนราษฎร", "body": "ข้อความ",
            "enclosure_ids": [(0, 0, {"name": "สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ",
                                      "datas": base64.b64encode(b"enclosure bytes"), "datas_fname": "house.txt"})]})
        letter.action_submit()
        letter.sudo(cls.signer).action_sign()
        cls.sent = letter  # as the officer who drafted it
        cls.pdf = base64.b64decode(letter.pdf_attachment_id.datas)

    def payload(self, pdf=None, uid="5c1e7c1e-0000-4000-8000-000000000001", **letter_values):
        # what the sending agency's outbox builds, as the system (superuser) builds it
        values = self.sent.sudo()._saraban_exchange_metadata()
        values.update(uid=uid, **letter_values)
        documents = self.sent.sudo()._saraban_exchange_documents()
        if pdf is not None:
            documents[0].update(data=base64.b64encode(pdf).decode(), sha256=hashlib.sha256(pdf).hexdigest())
        # what travels is JSON: take it through a round trip
        return json.loads(json.dumps({"event": "letter.sent", "letter": values, "documents": documents}))

    def receive(self, payload):
        """The inbox takes the letter in as the system (superuser); the letter is then read as the
        registry clerk, who keeps the register of incoming letters."""
        letter, created = self.Letter.sudo()._saraban_receive(self.agency, payload)
        return letter.sudo(self.clerk), created

    def test_a_valid_letter_is_registered_verified_and_routed_to_a_department_case(self):
        letter, created = self.receive(self.payload())
        self.assertTrue(created)
        self.assertEqual((letter.direction, letter.state, letter.partner_id), ("incoming", "registered", self.agency))
        self.assertEqual(letter.reference, self.sent.reference)
        self.assertEqual(letter.letter_date, self.sent.letter_date)
        self.assertTrue(letter.number)
        self.assertEqual(letter.signature_verdict, "valid")
        self.assertIn("TEST sb_signer", letter.signature_signer)
        self.assertEqual(base64.b64decode(letter.pdf_attachment_id.datas), self.pdf)
        self.assertEqual(letter.enclosure_ids.mapped("name"), ["สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ"])
        self.assertEqual(base64.b64decode(letter.enclosure_ids.attachment_id.datas), b"enclosure bytes")
        case = letter.case_id.sudo(self.officer)  # the case as the department's officer
        self.assertEqual((case.department_id, case.saraban_letter_id, case.partner_id),
                         (self.dep, letter, self.agency))
        # the department's officer works the case and reads the letter
        self.assertEqual(letter.sudo(self.officer).read(["subject"])[0]["subject"], "ขอข้อมูลทะเบียนราษฎร")
        self.assertEqual(case.sudo(self.officer).saraban_letter_id, letter)

    def test_the_officer_links_a_received_letter_to_a_request_of_the_department(self):
        service = self.env["oss.service"].create({
            "code": "SBG2G", "name": "คำขอข้อมูลระหว่างหน่วยงาน", "legal_days": 5,
            "step_ids": [(0, 0, {"name": "พิจารณา", "department_id": self.dep.id, "sequence": 10, "days": 2})]})
        request = self.env["oss.request"].create({"partner_id": self.agency.id, "service_id": service.id})
        request.action_receive_all_documents()
        request.action_submit()
        letter, _created = self.receive(self.payload())
        letter.sudo(self.officer).write({"request_id": request.id})
        self.assertEqual(letter.sudo(self.officer).request_id, request)
        as_officer = request.sudo(self.officer)
        self.assertEqual((as_officer.saraban_letter_count, as_officer.saraban_letter_ids), (1, letter))
        self.assertEqual(self.env["gov.saraban.letter"].sudo(self.officer).search(
            [("request_id", "=", request.id)]), letter)
        # an officer of another department reads neither the letter nor its link
        with self.assertRaises(AccessError):
            letter.sudo(self.officer_other).write({"request_id": False})
        self.assertFalse(self.env["gov.saraban.letter"].sudo(self.officer_other).search(
            [("request_id", "=", request.id)]))

    def test_the_same_letter_twice_is_registered_once(self):
        first, created = self.receive(self.payload())
        again, created_again = self.receive(self.payload())
        self.assertEqual((again, created, created_again), (first, True, False))

    def test_a_letter_altered_after_signing_is_reported_invalid(self):
        altered = bytearray(self.pdf)
        index = altered.index(b"/Type /Page") if b"/Type /Page" in altered else len(altered) // 3
        altered[index + 1] = ord("X")
        letter, _created = self.receive(self.payload(pdf=bytes(altered)))
        self.assertEqual(letter.signature_verdict, "invalid")
        self.assertEqual(letter.signature_detail, "the letter was changed after it was signed")

    def test_an_unknown_signer_an_expired_and_a_revoked_certificate(self):
        source = self.sent.sudo()._saraban_render_pdf()  # the sending system's rendering of the letter
        unknown_p12 = self.pki.signer("TEST outsider", ca=(self.pki.other_ca_key, self.pki.other_ca))[0]
        expired_p12 = self.pki.expired("TEST expired")[0]
        revoked_p12, revoked_certificate = self.pki.signer("TEST revoked")
        cases = [("unknown_signer", unknown_p12, "uid-unknown"), ("expired", expired_p12, "uid-expired"),
                 ("revoked", revoked_p12, "uid-revoked")]
        self.root.write({"crl_file": base64.b64encode(self.pki.crl([revoked_certificate]))})
        for verdict, p12, uid in cases:
            pdf = pades.sign(source, p12, PASSPHRASE)
            letter, _created = self.receive(self.payload(pdf=pdf, uid=uid))
            self.assertEqual(letter.signature_verdict, verdict, letter.signature_detail)
        unsigned, _created = self.receive(self.payload(pdf=source, uid="uid-unsigned"))
        self.assertEqual(unsigned.signature_verdict, "unsigned")
        # the agency trusts the other CA from now on: checked again, the signature is valid
        outsider = self.Letter.sudo(self.clerk).search([("exchange_uid", "=", "uid-unknown"),
                                                        ("direction", "=", "incoming")])
        self.env["gov.saraban.trusted.root"].create({
            "name": "other", "certificate_file": base64.b64encode(
                __import__("odoo.addons.gov_saraban.lib.pki", fromlist=["pem"]).pem(self.pki.other_ca))})
        outsider.sudo(self.clerk).action_verify()
        self.assertEqual(outsider.signature_verdict, "valid")

    def test_a_broken_payload_is_refused_with_the_reason(self):
        payload = self.payload()
        payload["documents"][0]["sha256"] = "0" * 64
        with self.assertRaises(ExchangeRefused) as refused:
            self.receive(payload)
        self.assertEqual(str(refused.exception), "documents[0] does not match its sha256")
        with self.assertRaises(ExchangeRefused):
            self.receive({"letter": {"uid": ""}, "documents": []})
        payload = self.payload()
        payload["documents"] = payload["documents"][::-1]
        with self.assertRaises(ExchangeRefused):
            self.receive(payload)

    def test_a_reply_refers_to_the_original_and_goes_back_to_its_sender(self):
        original, _created = self.receive(self.payload())
        action = original.sudo(self.officer).action_reply()
        reply = self.Letter.sudo(self.officer).browse(action["res_id"])
        self.assertEqual((reply.direction, reply.partner_id, reply.reference_letter_id, reply.department_id),
                         ("outgoing", self.agency, original, self.dep))
        self.assertEqual(reply.reference_text, "หนังสือ%s ที่ %s ลงวันที่ %s" % (
            self.agency.name, original.reference, original._saraban_be_date(original.letter_date)))
        self.assertEqual(reply.sudo()._saraban_exchange_metadata()["in_reply_to"], original.exchange_uid)
        # arriving back at the first agency, the reply is linked to the letter it answers
        reply.sudo(self.officer).write({"signer_id": self.signer.id, "body": "ตามหนังสือที่อ้างถึง ขอส่งข้อมูล"})
        reply.sudo(self.officer).action_submit()
        reply.sudo(self.signer).action_sign()
        metadata = reply.sudo()._saraban_exchange_metadata()
        metadata["in_reply_to"] = self.sent.exchange_uid
        answer, _created = self.receive({"letter": metadata, "documents": reply.sudo()._saraban_exchange_documents()})
        self.assertEqual(answer.reference_letter_id, self.sent)

    def test_the_clerk_sends_through_the_outbox_and_others_cannot(self):
        self.agency.write({"gov_saraban_url": False})
        with self.assertRaises(Exception) as refused:
            self.sent.sudo(self.clerk).action_send()
        self.assertIn("is not connected to the letter exchange", refused.exception.name)
        self.env["ir.config_parameter"].set_param("oss_agency_exchange.webhook_allow_private", "True")
        self.env["ir.config_parameter"].set_param("oss_agency_exchange.webhook_allow_http", "True")
        self.agency.write({"gov_saraban_url": "http://127.0.0.1:9/gov/saraban/inbox",
                           "gov_webhook_secret": "shared-secret"})
        for user in (self.officer, self.signer, self.manager):
            with self.assertRaises(AccessError):
                self.sent.sudo(user).action_send()
        self.sent.sudo(self.clerk).action_send()
        self.assertEqual(self.sent.sudo(self.clerk).state, "sent")
        # what the outbox stored and delivers, whoever may read it: read as superuser
        event = self.sent.sudo().event_ids
        self.assertEqual((event.event_type, event.agency_id), ("letter.sent", self.agency))
        self.assertEqual(json.loads(event.payload)["letter"]["uid"], self.sent.exchange_uid)
        url, secret, body = event._delivery()
        self.assertEqual((url, secret), ("http://127.0.0.1:9/gov/saraban/inbox", "shared-secret"))
        documents = json.loads(body.decode())["documents"]
        self.assertEqual([d["role"] for d in documents], ["letter", "enclosure"])
        self.assertEqual(base64.b64decode(documents[0]["data"]), self.pdf)
        self.assertEqual(event._extra_headers()["X-Gov-Sender"], "%E0%B8%97%E0%B8%AA%209999")
