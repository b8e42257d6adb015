"""The cashier takes payments and gives them back by reversal; nobody edits or deletes a payment."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PaymentCase


class TestPayment(PaymentCase):

    def test_partial_payments_with_change(self):
        request = self.new_request(self.fixed)
        first = self.pay(request, 30, "cash", amount_tendered=50)
        self.assertEqual((first.amount, first.amount_change, first.cashier_id), (30.0, 20.0, self.cashier))
        self.assertEqual((request.amount_paid, request.amount_residual, request.payment_state), (30.0, 70.0, "partial"))
        self.assertEqual(first.receipt_id.amount_text, "สามสิบบาทถ้วน")
        open_requests = request.payment_request_ids.filtered(lambda pr: pr.state == "open")
        self.assertEqual(open_requests.amount, 70.0)  # the QR now asks for the balance
        second = self.pay(request, 70, "card", reference="APPR-0042", user=self.cashier2)
        self.assertEqual((second.amount_change, second.receipt_id.reference), (0.0, "APPR-0042"))
        self.assertEqual((request.amount_paid, request.amount_residual, request.payment_state), (100.0, 0.0, "paid"))
        self.assertFalse(request.payment_request_ids.filtered(lambda pr: pr.state == "open"))
        self.assertEqual(request.payment_request_ids.sorted("id")[-1].state, "paid")
        self.assertEqual(second.receipt_id.number, first.receipt_id.number + 1)
        note = request.message_ids[0]
        self.assertIn("70.00 baht received by Card (Pay Cashier2).", note.body)

    def test_the_counter_refuses_what_is_not_due(self):
        request = self.new_request(self.fixed)
        with self.assertRaises(ValidationError) as refusal:
            self.pay(request, 100.01)
        self.assertIn("100.01 baht is more than the balance due of %s (100.00 baht)." % request.name,
                      refusal.exception.name)
        with self.assertRaises(ValidationError):
            self.pay(request, 0)
        with self.assertRaises(ValidationError):
            self.pay(request, 100, "cash", amount_tendered=90)
        draft = self.new_request(self.fixed, submit=False)
        with self.assertRaises(UserError):
            self.pay(draft, 100)
        request.sudo(self.front_desk).action_withdraw()
        with self.assertRaises(UserError):
            self.pay(request, 100)
        self.assertFalse(request.payment_request_ids.filtered(lambda pr: pr.state == "open"))

    def test_only_cashiers_take_money(self):
        request = self.new_request(self.fixed)
        for user in (self.front_desk, self.manager, self.officer, self.clerk):
            with self.assertRaises(AccessError):
                self.env["oss.payment"].sudo(user)._oss_record(request.sudo(user), 10, "cash")
            with self.assertRaises(AccessError):
                request.sudo(user).action_oss_take_payment()
        with self.assertRaises(AccessError):  # over RPC, create() is refused even to a cashier
            self.env["oss.payment"].sudo(self.cashier).create({
                "request_id": request.id, "method": "cash", "amount": 10, "payer_name": "x", "day": "2026-11-25",
                "cashier_id": self.cashier.id, "close_id": 1})
        with self.assertRaises(AccessError):
            self.env["oss.payment"].sudo(self.front_desk).create({"request_id": request.id, "amount": 10})
        self.assertEqual(request.amount_paid, 0.0)

    def test_the_wizard_records_and_prints(self):
        request = self.new_request(self.fixed)
        action = request.sudo(self.cashier).action_oss_take_payment()
        wizard = self.env["oss.payment.wizard"].sudo(self.cashier).browse(action["res_id"])
        self.assertEqual((wizard.amount, wizard.payer_name), (100.0, self.person.name))
        wizard.write({"amount_tendered": 500})
        self.assertEqual(wizard.amount_change, 400.0)
        printed = wizard.action_confirm()
        self.assertEqual(printed["report_name"], "oss_payment.oss_receipt_document")
        self.assertEqual(printed["context"]["active_ids"], request.receipt_ids.ids)
        self.assertEqual(request.payment_ids.amount_change, 400.0)

    def test_nobody_edits_or_deletes_a_payment(self):
        request = self.new_request(self.fixed)
        payment = self.pay(request, 100)
        for user in (self.cashier, self.manager, self.front_desk):
            with self.assertRaises(AccessError):
                payment.sudo(user).write({"amount": 1})
            with self.assertRaises((AccessError, UserError)):
                payment.sudo(user).unlink()
        with self.assertRaises(UserError):
            payment.unlink()  # not even as superuser
        self.assertEqual(payment.amount, 100.0)

    def test_reversal_with_reason_cancels_the_receipt(self):
        request = self.new_request(self.fixed)
        payment = self.pay(request, 100, "transfer", reference="KTB-1")
        receipt = payment.receipt_id
        with self.assertRaises(UserError):
            payment.sudo(self.cashier)._oss_reverse("  ")
        with self.assertRaises(AccessError):
            payment.sudo(self.manager)._oss_reverse("refund")
        action = payment.sudo(self.cashier2).action_oss_reverse()
        wizard = self.env["oss.payment.reverse.wizard"].sudo(self.cashier2).browse(action["res_id"])
        wizard.write({"reason": "จ่ายซ้ำ (paid twice)"})
        wizard.action_confirm()
        reversal = payment.reversal_ids
        self.assertEqual((reversal.amount, reversal.reason, reversal.cashier_id, reversal.method),
                         (-100.0, "จ่ายซ้ำ (paid twice)", self.cashier2, "transfer"))
        self.assertTrue(payment.reversed)
        self.assertEqual((receipt.state, receipt.cancel_reason, receipt.cancelled_by_id),
                         ("cancelled", "จ่ายซ้ำ (paid twice)", self.cashier2))
        self.assertFalse(reversal.receipt_id)
        self.assertEqual((request.amount_paid, request.payment_state), (0.0, "unpaid"))
        self.assertEqual(request.payment_request_ids.filtered(lambda pr: pr.state == "open").amount, 100.0)
        with self.assertRaises(UserError):
            payment.sudo(self.cashier)._oss_reverse("again")
        with self.assertRaises(UserError):
            reversal.sudo(self.cashier)._oss_reverse("a reversal of a reversal")
        self.assertEqual(self.env["oss.receipt"].search_count([("request_id", "=", request.id)]), 1)
