"""The cashier's daily close: its totals are the sum of its payments, and a closed day takes no more."""
import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError

from .common import PaymentCase, pdf_text

MORNING = "2026-11-25 02:00:00"  # 09:00 in Bangkok


class TestCashierClose(PaymentCase):

    def take_the_day(self):
        with self.at(MORNING):
            requests = [self.new_request(self.fixed) for _index in range(4)]
            payments = (self.pay(requests[0], 100, "cash", amount_tendered=1000)
                        | self.pay(requests[1], 60, "card", reference="A1")
                        | self.pay(requests[1], 40, "transfer", reference="T1")
                        | self.pay(requests[2], 100, "qr", reference="Q1")
                        | self.pay(requests[3], 100, "cash"))
            reversal = payments[-1].sudo(self.cashier)._oss_reverse("ชำระผิดคำขอ")
            self.pay(self.new_request(self.fixed), 100, "cash", user=self.cashier2)  # another cashier
        return payments | reversal, payments[0].close_id

    def test_totals_equal_the_sum_of_the_payments(self):
        payments, close = self.take_the_day()
        self.assertEqual(len(close), 1)
        self.assertEqual((close.cashier_id, close.day, close.state), (self.cashier, "2026-11-25", "open"))
        self.assertEqual(close.payment_ids, payments)
        with self.at("2026-11-25 09:00:00"):
            close.sudo(self.cashier).action_close()
        self.assertEqual(close.state, "closed")
        self.assertEqual((close.total_cash, close.total_card, close.total_transfer, close.total_qr),
                         (100.0, 60.0, 40.0, 100.0))  # cash: 100 + 100 - 100 given back
        self.assertEqual((close.total_received, close.total_refunded, close.total), (400.0, 100.0, 300.0))
        self.assertEqual(close.total, round(sum(payments.mapped("amount")), 2))
        self.assertEqual(close.total, close.total_cash + close.total_card + close.total_transfer + close.total_qr)
        self.assertEqual((close.receipt_count, close.cancelled_count, close.payment_count), (5, 1, 6))

    def test_a_closed_day_takes_no_new_payment(self):
        payments, close = self.take_the_day()
        with self.assertRaises(AccessError):
            close.sudo(self.cashier2).action_close()  # only its own cashier
        with self.assertRaises(AccessError):
            close.sudo(self.manager).action_close()
        close.sudo(self.cashier).action_close()
        with self.assertRaises(UserError):
            close.sudo(self.cashier).action_close()
        request = self.new_request(self.fixed)
        with self.at("2026-11-25 09:30:00"), self.assertRaises(UserError) as refusal:
            self.pay(request, 100)
        self.assertIn("Your day of 25 พฤศจิกายน 2569 is closed: it takes no new payment.", refusal.exception.name)
        with self.at("2026-11-25 09:30:00"), self.assertRaises(UserError):
            payments[0].sudo(self.cashier)._oss_reverse("late refund")
        with self.at("2026-11-25 09:30:00"):
            other = self.pay(request, 100, user=self.cashier2)  # another cashier's day is open
        self.assertEqual(other.close_id.cashier_id, self.cashier2)
        with self.at("2026-11-26 02:00:00"):
            tomorrow = self.pay(self.new_request(self.fixed), 100)
        self.assertNotEqual(tomorrow.close_id, close)
        self.assertEqual(close.payment_ids, payments)  # nothing was added to the closed day

    def test_each_cashier_sees_their_own_days(self):
        _payments, close = self.take_the_day()
        Close = self.env["oss.cashier.close"]
        self.assertEqual(Close.sudo(self.cashier2).search([("day", "=", "2026-11-25")]).cashier_id, self.cashier2)
        self.assertIn(close, Close.sudo(self.manager).search([("day", "=", "2026-11-25")]))
        with self.assertRaises(AccessError):
            close.sudo(self.cashier2).read(["total"])
        with self.assertRaises(AccessError):
            Close.sudo(self.front_desk).search([])
        with self.assertRaises(AccessError):
            close.sudo(self.cashier).write({"total": 0})

    def test_close_report_in_pdf_and_excel(self):
        payments, close = self.take_the_day()
        close.sudo(self.cashier).action_close()
        text = pdf_text(self.render_pdf("oss_payment.oss_cashier_close_report", close))
        self.assertIn("รายงานการรับเงินประจำวัน", text)
        self.assertIn("25พฤศจิกายน2569", text)
        self.assertIn("300.00", text)
        self.assertIn("ใบเสร็จรับเงิน5ฉบับยกเลิก1ฉบับ", text)
        for payment in payments.filtered("receipt_id"):
            self.assertIn(payment.receipt_id.number_label, text)
        action = close.sudo(self.cashier).action_export_xlsx()
        attachment = self.env["ir.attachment"].sudo(self.cashier).browse(int(action["url"].split("/")[3].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        self.assertEqual(sheet["B12"].value, 300.0)
        self.assertEqual([sheet.cell(row=row, column=2).value for row in range(6, 12)],
                         [100.0, 60.0, 40.0, 100.0, 400.0, -100.0])
        amounts = [sheet.cell(row=row, column=7).value for row in range(17, 17 + len(payments))]
        self.assertEqual(sorted(amounts), sorted(payments.mapped("amount")))
        self.assertEqual(sheet.cell(row=17 + len(payments), column=7).value, 300.0)
        with self.assertRaises(AccessError):
            close.sudo(self.cashier2).action_export_xlsx()
