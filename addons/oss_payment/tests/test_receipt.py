"""Official receipts: numbered per fiscal year without gaps, in books, never edited; read back as PDF."""
from odoo.exceptions import AccessError, UserError

from .common import PaymentCase, pdf_text

# amount -> words as the receipt must print them (gov_crm/lib/tests/test_baht_text.py checks the words)
AMOUNTS = [
    (0.25, "ยี่สิบห้าสตางค์"),
    (21.25, "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"),
    (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
    (1000001.50, "หนึ่งล้านเอ็ดบาทห้าสิบสตางค์"),
]


class TestReceipt(PaymentCase):

    def counter(self, year):
        self.env.cr.execute("SELECT last_number FROM oss_receipt_counter WHERE fiscal_year = %s", (year,))
        row = self.env.cr.fetchone()
        return row[0] if row else 0

    def test_numbers_run_without_gaps_and_restart_on_1_october(self):
        before = self.counter(2569)
        with self.at("2026-09-30 16:59:59"):  # 23:59:59 on 30 September, Bangkok
            last_of_2569 = self.pay(self.new_request(self.fixed), 100).receipt_id
        self.assertEqual((last_of_2569.fiscal_year, last_of_2569.number), (2569, before + 1))
        start = self.counter(2570)
        receipts = self.env["oss.receipt"]
        with self.at("2026-09-30 17:00:00"):  # midnight, 1 October: fiscal year 2570
            for _index in range(3):
                receipts |= self.pay(self.new_request(self.fixed), 100).receipt_id
        self.assertEqual(receipts.mapped("fiscal_year"), [2570] * 3)
        self.assertEqual(receipts.mapped("number"), [start + 1, start + 2, start + 3])
        self.assertEqual(receipts[0].name, "2570-%06d" % (start + 1))
        self.assertEqual(receipts[0].oss_be_date(receipts[0].date), "1 ตุลาคม 2569")

    def test_rolled_back_payment_gives_its_number_back(self):
        request = self.new_request(self.fixed)
        with self.at("2026-11-25 03:00:00"):
            first = self.pay(request, 10).receipt_id
            with self.assertRaises(ValueError), self.env.cr.savepoint():
                self.pay(request, 10)
                raise ValueError("the transaction fails after the receipt was numbered")
            second = self.pay(request, 10).receipt_id
        self.assertEqual(second.number, first.number + 1)

    def test_books_hold_a_fixed_number_of_receipts(self):
        self.env["ir.config_parameter"].set_param("oss_payment.receipt_book_size", "2")
        start = self.counter(2570)
        with self.at("2026-11-25 03:00:00"):
            receipts = [self.pay(self.new_request(self.fixed), 100).receipt_id for _index in range(3)]
        books = [(start + offset) // 2 + 1 for offset in range(3)]
        self.assertEqual([r.book for r in receipts], books)
        self.assertEqual(receipts[0].book_label, "%04d/2570" % books[0])
        self.assertEqual(receipts[0].number_label, "%06d" % (start + 1))
        self.assertEqual(receipts[0].display_name, "Book %04d/2570 No. %06d" % (books[0], start + 1))

    def test_nobody_edits_a_receipt_not_even_the_superuser(self):
        receipt = self.pay(self.new_request(self.fixed), 100).receipt_id
        for user in (self.cashier, self.manager):
            with self.assertRaises(AccessError):
                receipt.sudo(user).write({"payer_name": "someone else"})
        with self.assertRaises(AccessError):
            receipt.sudo().write({"amount": 1.0})
        with self.assertRaises(AccessError):
            receipt.sudo().write({"state": "cancelled", "cancel_reason": "by hand"})
        with self.assertRaises(AccessError):
            self.env["oss.receipt"].sudo(self.cashier).create({"name": "x"})
        with self.assertRaises(UserError):
            receipt.sudo().unlink()
        self.assertEqual((receipt.amount, receipt.state), (100.0, "valid"))

    def test_receipt_pdf_reads_back_number_date_and_amount_in_words(self):
        receipts = self.env["oss.receipt"]
        with self.at("2026-11-25 03:00:00"):
            for amount, _words in AMOUNTS:
                service = self.env["oss.service"].create({
                    "code": "TP-R%s" % amount, "name": "บริการ %s" % amount, "legal_days": 1, "fee": amount})
                receipts |= self.pay(self.new_request(service), amount).receipt_id
        text = pdf_text(self.render_pdf("oss_payment.oss_receipt_report", receipts))
        for receipt, (amount, words) in zip(receipts, AMOUNTS):
            self.assertEqual(receipt.amount_text, words)
            self.assertIn("เลขที่%s" % receipt.number_label, text)
            self.assertIn("เล่มที่%s" % receipt.book_label, text)
            self.assertIn("(%s)" % words, text)
            self.assertIn("{:,.2f}".format(amount), text)
        self.assertIn("วันที่25พฤศจิกายน2569", text)
        self.assertIn("ใบเสร็จรับเงิน", text)
        self.assertIn("0994000999003", text)  # the agency's tax ID
        self.assertIn(self.cashier.name.replace(" ", ""), text)
        self.assertNotIn("ยกเลิก", text)

    def test_cancelled_receipt_prints_cancelled_with_its_reason(self):
        payment = self.pay(self.new_request(self.fixed), 100)
        payment.sudo(self.cashier)._oss_reverse("รับเงินผิดคำขอ")
        text = pdf_text(self.render_pdf("oss_payment.oss_receipt_report", payment.receipt_id))
        self.assertIn("ยกเลิก", text)
        self.assertIn("ใบเสร็จรับเงินฉบับนี้ถูกยกเลิก", text)
        self.assertIn("เหตุผล:รับเงินผิดคำขอ", text)
        self.assertIn("เลขที่%s" % payment.receipt_id.number_label, text)
