"""The QR code of a request, read back by an independent reader (zbarimg) from the PNG and the PDFs."""
import base64
import os
import tempfile
from decimal import Decimal

from odoo.addons.gov_crm.lib import promptpay as thai_qr

from .common import PaymentCase, pdf_qr_codes, zbar_decode


class TestQrDecode(PaymentCase):

    def b02_request(self):
        rate = self.permit.fee_rate_ids[0]
        return self.new_request(self.permit, fee_rate_id=rate.id, fee_quantity=125.5)

    def assert_payload(self, payload, request, amount):
        parsed = thai_qr.parse_payload(payload)
        payment_request = request.payment_request_ids.filtered(lambda pr: pr.state == "open")
        self.assertTrue(parsed["crc_ok"])
        self.assertEqual(payload, payment_request.qr_payload)
        self.assertEqual(parsed["fields"]["01"], "12")
        self.assertEqual(dict(parsed["account"]), {
            "00": "A000000677010112", "01": "099400099900301",
            "02": request.name.replace("-", ""), "03": payment_request.name})
        self.assertEqual((parsed["fields"]["53"], parsed["fields"]["58"]), ("764", "TH"))
        self.assertEqual(parsed["amount"], Decimal(amount))

    def test_png_decodes_to_the_payload(self):
        request = self.b02_request()
        payment_request = request.payment_request_ids
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "qr.png")
            with open(path, "wb") as handle:
                handle.write(payment_request.qr_png())
            codes = zbar_decode([path])
        self.assertEqual(len(codes), 1)
        self.assert_payload(codes[0], request, "62.75")
        uri = payment_request.oss_qr_data_uri()
        self.assertTrue(uri.startswith("data:image/png;base64,"))
        self.assertEqual(base64.b64decode(uri.split(",", 1)[1])[:8], b"\x89PNG\r\n\x1a\n")

    def test_receipt_of_the_request_and_payment_notice_pdfs_carry_the_qr(self):
        request = self.b02_request()
        receipt_pdf = self.render_pdf("one_stop_service.oss_request_receipt_report", request)
        codes = pdf_qr_codes(receipt_pdf)
        self.assertEqual(len(codes), 1)
        self.assert_payload(codes[0], request, "62.75")
        self.pay(request, 12.75)  # a partial payment: the new QR asks for the balance
        notice_pdf = self.render_pdf("oss_payment.oss_payment_notice_report", request.payment_request_ids.filtered(
            lambda pr: pr.state == "open"))
        codes = pdf_qr_codes(notice_pdf)
        self.assertEqual(len(codes), 1)
        self.assert_payload(codes[0], request, "50.00")

    def test_no_qr_without_the_agency_tax_id(self):
        self.env.user.company_id.vat = False
        request = self.new_request(self.fixed)
        payment_request = request.payment_request_ids
        self.assertEqual((payment_request.amount, payment_request.qr_payload, payment_request.oss_qr_data_uri()),
                         (100.0, False, ""))
        self.assertEqual(payment_request.ref1, request.name.replace("-", ""))
