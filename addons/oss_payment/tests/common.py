"""Services of every fee rule, users of every role, and helpers to read back PDFs and QR codes."""
import os
import subprocess
import tempfile
from contextlib import contextmanager
from unittest.mock import patch

import odoo
from odoo.addons.gov_crm.tests.common import GovCase

# Thai fonts draw a tone mark placed low, or shifted left, with a presentation glyph of the private
# use area (the Windows Thai PUA): wkhtmltopdf maps it to that code point, so pdftotext prints it.
THAI_PUA = dict(zip(range(0xF700, 0xF71B), [
    0x0E10, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E48, 0x0E49, 0x0E4A,
    0x0E4B, 0x0E4C, 0x0E0D, 0x0E31, 0x0E4D, 0x0E47, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39,
    0x0E3A]))


def pdf_text(pdf):
    """The text of a PDF as pdftotext reads it, in the order it was drawn, with the Thai presentation
    glyphs mapped back and without spaces or line breaks (Thai words are not separated by spaces)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(["pdftotext", "-raw", handle.name, "-"], stdout=subprocess.PIPE,
                              check=True).stdout.decode()
    # the text in the order it was drawn; sara am is drawn as nikhahit and sara aa
    return "".join(text.translate(THAI_PUA).split()).replace("\u0e4d\u0e32", "\u0e33")


def zbar_decode(png_paths):
    """The QR codes an independent reader (zbarimg) finds in PNG files."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"] + list(png_paths),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if result.returncode not in (0, 4):  # 4: an image without a code (a page of text)
        raise AssertionError("zbarimg failed with exit code %s" % result.returncode)
    return [line for line in result.stdout.decode().splitlines() if line]


def pdf_qr_codes(pdf, resolution=200):
    """The QR codes of every page of a PDF, rendered to PNG by pdftoppm and read by zbarimg."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "doc.pdf")
        with open(path, "wb") as handle:
            handle.write(pdf)
        subprocess.run(["pdftoppm", "-r", str(resolution), "-png", path, os.path.join(folder, "page")], check=True)
        pages = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".png"))
        return zbar_decode(pages)


class PaymentCase(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = cls.new_user("pay_fd", "gov_crm.group_gov_front_desk")
        cls.cashier = cls.new_user("pay_cashier", "oss_payment.group_oss_cashier")
        cls.cashier2 = cls.new_user("pay_cashier2", "oss_payment.group_oss_cashier")
        cls.officer = cls.new_user("pay_officer", "gov_crm.group_gov_officer")
        cls.officer_other = cls.new_user("pay_officer_other", "gov_crm.group_gov_officer")
        cls.supervisor = cls.new_user("pay_supervisor", "gov_crm.group_gov_supervisor")
        cls.manager = cls.new_user("pay_manager", "gov_crm.group_gov_service_manager")
        cls.clerk = cls.new_user("pay_clerk", "base.group_user")
        cls.dep = cls.new_department("ทดสอบการเงิน", "T-PAY", cls.officer, manager=cls.supervisor)
        cls.dep_other = cls.new_department("ทดสอบอื่น", "T-OTH", cls.officer_other)
        company = cls.env.user.company_id
        company.write({"vat": "0994000999003", "oss_biller_suffix": "01"})
        Service = cls.env["oss.service"]
        step = [(0, 0, {"sequence": 10, "name": "Check", "department_id": cls.dep.id, "days": 1})]
        cls.fixed = Service.create({"code": "TP-FIX", "name": "ค่าธรรมเนียมคงที่", "name_en": "Fixed fee",
                                    "legal_days": 5, "fee": 100, "step_ids": step})
        cls.permit = Service.create({
            "code": "TP-PERMIT", "name": "ขออนุญาตทดสอบ", "name_en": "Test permit", "legal_days": 10,
            "fee_type": "per_unit", "fee_quantity_label": "พื้นที่อาคาร (ตารางเมตร)", "step_ids": step,
            "fee_rate_ids": [
                (0, 0, {"name": "ไม่เกิน 2 ชั้น", "unit": "ตารางเมตร", "price": 0.5}),
                (0, 0, {"name": "เกิน 3 ชั้น", "unit": "ตารางเมตร", "price": 4}),
            ]})
        cls.sign = Service.create({
            "code": "TP-SIGN", "name": "ภาษีป้ายทดสอบ", "legal_days": 15, "fee_type": "per_unit",
            "fee_quantity_label": "พื้นที่ป้าย", "step_ids": step,
            "fee_rate_ids": [(0, 0, {"name": "ประเภท 1", "unit": "ตารางเซนติเมตร", "price": 5, "block": 500,
                                     "rounding": "half", "minimum": 10})]})
        cls.fine = Service.create({
            "code": "TP-FINE", "name": "ค่าปรับทดสอบ", "legal_days": 1, "fee_type": "assessed", "fee_min": 100,
            "fee_max": 5000, "fee_waits_payment": True, "step_ids": step})
        cls.waiting = Service.create({"code": "TP-WAIT", "name": "จดทะเบียนทดสอบ", "legal_days": 1, "fee": 50,
                                      "fee_waits_payment": True, "step_ids": step,
                                      "document_ids": [(0, 0, {"name": "คำขอจดทะเบียน", "mandatory": True})]})
        cls.free = Service.create({"code": "TP-FREE", "name": "บริการฟรี", "legal_days": 3, "step_ids": step})
        cls.person = cls.env["res.partner"].create({
            "name": "นางสาวผู้ชำระ ทดสอบ", "gov_party_type": "citizen", "national_id": "1101700203450",
            "phone": "0812223344", "email": "payer@example.co.th", "lang": "th_TH"})
        cls.exemption = cls.env["oss.fee.exemption"].create({
            "name": "คนพิการ", "legal_basis": "พ.ร.บ. ส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ พ.ศ. 2550"})

    # ------------------------------------------------------------ helpers
    def new_request(self, service, submit=True, partner=None, **vals):
        values = {"partner_id": (partner or self.person).id, "service_id": service.id}
        values.update(vals)
        request = self.env["oss.request"].sudo(self.front_desk).create(values)
        request.document_ids.write({"received": True})
        if submit:
            request.action_submit()
        return request

    def pay(self, request, amount, method="cash", user=None, **kwargs):
        return self.env["oss.payment"].sudo(user or self.cashier)._oss_record(
            request.sudo(user or self.cashier), amount, method, **kwargs)

    @contextmanager
    def at(self, utc):
        """Payments received at a given UTC moment ('YYYY-MM-DD HH:MM:SS')."""
        with patch.object(type(self.env["oss.payment"]), "_oss_now", lambda self: utc):
            yield

    def render_pdf(self, report_xmlid, records):
        """A real PDF (wkhtmltopdf), not the HTML that reports give under test."""
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(odoo.tools.config.options, {"test_report_directory": folder}):
            pdf, kind = self.env.ref(report_xmlid).render_qweb_pdf(records.ids)
        self.assertEqual(kind, "pdf")
        return pdf
