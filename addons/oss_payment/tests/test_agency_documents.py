"""What the citizen reads carries the agency set up on the Agency set-up screen, never Odoo's
placeholders: the receipt of a request, the citizen's manual and the payment notice."""
import tempfile
from unittest.mock import patch

import odoo

from .common import PaymentCase, pdf_text


class TestAgencyDocuments(PaymentCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        settings = cls.env["res.config.settings"].sudo(cls.manager).create({
            "gov_agency_name": "เทศบาลตำบลเอกสารทดสอบ", "gov_agency_street": "12 ถนนทดสอบ",
            "gov_agency_phone": "02 999 8888", "gov_public_url": "https://www.doc-test.example"})
        settings.execute()

    def render(self, user, report_xmlid, records):
        """A real PDF (wkhtmltopdf) printed by ``user``."""
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(odoo.tools.config.options, {"test_report_directory": folder}):
            pdf, kind = self.env.ref(report_xmlid).sudo(user).render_qweb_pdf(records.ids)
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    def assert_agency(self, text):
        self.assertIn("เทศบาลตำบลเอกสารทดสอบ", text)
        self.assertIn("12ถนนทดสอบ", text)  # pdf_text drops the spaces
        self.assertNotIn("YourCompany", text)
        self.assertNotIn("localhost", text)

    def test_receipt_manual_and_notice_show_the_agency(self):
        request = self.new_request(self.fixed)
        receipt = self.render(self.front_desk, "one_stop_service.oss_request_receipt_report", request)
        self.assert_agency(receipt)
        self.assertIn("https://www.doc-test.example/oss/track", receipt)
        manual = self.render(self.front_desk, "one_stop_service.oss_service_manual_report", self.fixed)
        self.assert_agency(manual)
        self.assertIn("https://www.doc-test.example", manual)
        notice = self.render(self.cashier, "oss_payment.oss_payment_notice_report", request.payment_request_ids)
        self.assert_agency(notice)
        self.assertIn("https://www.doc-test.example", notice)

    def test_the_tracking_address_of_the_emails(self):
        request = self.new_request(self.fixed)
        self.assertEqual(request.sudo(self.front_desk).oss_track_url(), "https://www.doc-test.example/oss/track")
