"""What a request owes, as the front desk takes it in and the officer assesses it."""
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.tests.common import sql_statements

from .common import PaymentCase


class TestFeeRules(PaymentCase):

    def test_fixed_fee_and_free_service(self):
        request = self.new_request(self.fixed)
        self.assertEqual((request.amount_due, request.payment_state, request.amount_residual), (100.0, "unpaid", 100.0))
        free = self.new_request(self.free)
        self.assertEqual((free.amount_due, free.payment_state), (0.0, "no_fee"))
        self.assertFalse(free.payment_request_ids)

    def test_what_a_new_request_has_paid_is_written_with_its_insert(self):
        """Nothing paid yet: the figures are inserted with the request, not updated after it (a fee
        worked out after the create updates them); whatever the caller gives for them is not kept."""
        payment_updates = sql_statements(lambda text: text.startswith("UPDATE oss_request SET amount_paid"))
        with payment_updates as updated:
            free = self.new_request(self.free, submit=False, payment_state="paid", amount_paid=50.0)
        self.assertEqual(updated, [])
        self.assertEqual((free.amount_paid, free.amount_residual, free.payment_state), (0.0, 0.0, "no_fee"))
        exempted = self.new_request(self.fixed, submit=False, fee_exemption_id=self.exemption.id)
        fixed = self.new_request(self.fixed, submit=False)
        to_assess = self.new_request(self.permit, submit=False)
        expected = {free: (0.0, 0.0, "no_fee"), exempted: (0.0, 0.0, "exempt"), fixed: (0.0, 100.0, "unpaid"),
                    to_assess: (0.0, 0.0, "to_assess")}
        for request, figures in expected.items():
            self.assertEqual((request.amount_paid, request.amount_residual, request.payment_state), figures)
            request.invalidate_cache()
            self.assertEqual((request.amount_paid, request.amount_residual, request.payment_state), figures,
                             "what the database holds")

    def test_fee_per_square_metre_asked_at_intake(self):
        rate = self.permit.fee_rate_ids[0]
        request = self.new_request(self.permit, submit=False, fee_rate_id=rate.id, fee_quantity=125.5)
        self.assertEqual((request.amount_due, request.fee_detail), (62.75, "125.50 ตารางเมตร × 0.50 บาท"))
        self.assertFalse(request.message_ids)  # a draft's amount leaves no chatter
        request.sudo(self.front_desk).write({"fee_quantity": 200})  # corrected at the counter
        self.assertEqual(request.amount_due, 100.0)
        request.sudo(self.front_desk).action_submit()
        self.assertEqual((request.amount_due, request.payment_state), (100.0, "unpaid"))
        payment_request = request.payment_request_ids
        self.assertEqual((payment_request.amount, payment_request.ref1, payment_request.state),
                         (100.0, request.name.replace("-", ""), "open"))
        self.assertIn("Payment request %s issued for 100.00 baht." % payment_request.name,
                      request.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note")).body)

    def test_sign_area_rounds_half_blocks_with_a_minimum(self):
        rate = self.sign.fee_rate_ids

        def amount(cm2):
            return self.new_request(self.sign, submit=False, fee_rate_id=rate.id, fee_quantity=cm2).amount_due
        self.assertEqual(amount(1000), 10.0)    # 2 blocks of 500 cm² at 5 baht
        self.assertEqual(amount(1250), 10.0)    # half a block is not more than half: 2 blocks
        self.assertEqual(amount(1251), 15.0)    # more than half a block counts: 3 blocks
        self.assertEqual(amount(300), 10.0)     # 1 block = 5 baht, below the 10 baht minimum
        self.assertEqual(amount(10000), 100.0)

    def test_quantity_left_out_is_assessed_later(self):
        request = self.new_request(self.permit)  # e.g. from the portal, without the area
        self.assertEqual((request.fee_to_assess, request.payment_state, request.amount_due), (True, "to_assess", 0.0))
        self.assertFalse(request.payment_request_ids)
        with self.assertRaises(UserError):
            self.pay(request, 10)

    def test_exemption_records_its_legal_reason(self):
        request = self.new_request(self.fixed, fee_exemption_id=self.exemption.id, fee_exemption_note="บัตร 1234")
        self.assertEqual((request.amount_due, request.amount_exempted, request.payment_state), (0.0, 100.0, "exempt"))
        self.assertEqual(request.fee_detail, "Exempted: คนพิการ")
        self.assertFalse(request.payment_request_ids)
        other = self.env["oss.fee.exemption"].create({"name": "อื่น", "legal_basis": "x",
                                                      "service_ids": [(6, 0, self.permit.ids)]})
        with self.assertRaises(ValidationError):
            self.new_request(self.fixed, submit=False, fee_exemption_id=other.id)

    def test_fine_outside_the_legal_range_is_refused(self):
        with self.assertRaises(ValidationError) as refusal:
            self.new_request(self.fine, submit=False, fee_amount_set=6000)
        self.assertIn("6,000.00 baht is outside the legal range of [TP-FINE] ค่าปรับทดสอบ: 100.00 - 5,000.00 baht.",
                      refusal.exception.name)
        with self.assertRaises(ValidationError):
            self.new_request(self.fine, submit=False, fee_amount_set=99.99)
        request = self.new_request(self.fine, fee_amount_set=500)
        self.assertEqual((request.amount_due, request.state), (500.0, "waiting_payment"))

    def test_officer_of_the_department_assesses_the_fine(self):
        request = self.new_request(self.fine)
        self.assertEqual((request.state, request.payment_state), ("waiting_payment", "to_assess"))
        self.assertEqual(request.notice_ids.kind, "payment")
        self.assertEqual(request.notice_ids.content, "The fee is being assessed.")
        # the request is not routed yet: the front desk assesses it
        with self.assertRaises(AccessError):
            request.sudo(self.officer_other)._oss_assess({"fee_amount_set": 800})
        with self.assertRaises(AccessError):
            request.sudo(self.cashier)._oss_assess({"fee_amount_set": 800})
        with self.assertRaises(ValidationError):
            request.sudo(self.front_desk)._oss_assess({"fee_amount_set": 9000})
        request.sudo(self.front_desk)._oss_assess({"fee_amount_set": 800}, note="บันทึกเปรียบเทียบปรับ 12/2569")
        self.assertEqual((request.amount_due, request.payment_state, request.state),
                         (800.0, "unpaid", "waiting_payment"))
        self.assertEqual(request.payment_request_ids.filtered(lambda pr: pr.state == "open").amount, 800.0)

    def test_officer_assesses_per_unit_fee_of_a_routed_request(self):
        request = self.new_request(self.permit)
        self.assertEqual(request.state, "in_progress")
        rate = self.permit.fee_rate_ids[1]
        with self.assertRaises(AccessError):  # not routed to their department
            request.sudo(self.officer_other)._oss_assess({"fee_rate_id": rate.id, "fee_quantity": 10})
        wizard_action = request.sudo(self.officer).action_oss_assess_fee()
        wizard = self.env["oss.fee.assess.wizard"].sudo(self.officer).browse(wizard_action["res_id"])
        wizard.write({"fee_rate_id": rate.id, "fee_quantity": 10})
        wizard.action_confirm()
        self.assertEqual((request.amount_due, request.fee_detail, request.fee_to_assess),
                         (40.0, "10.00 ตารางเมตร × 4.00 บาท", False))
        self.pay(request, 40)
        with self.assertRaises(UserError):  # paid: reverse first
            request.sudo(self.officer)._oss_assess({"fee_quantity": 20})

    def test_processing_waits_for_payment(self):
        with self.at("2026-11-25 03:00:00"):
            request = self.new_request(self.waiting)
        self.assertEqual((request.state, request.date_complete, request.expected_date),
                         ("waiting_payment", False, False))
        self.assertFalse(request.step_ids)
        self.assertEqual(request.notice_ids.mapped("kind"), ["payment"])
        self.pay(request, 20)
        self.assertEqual((request.state, request.payment_state), ("waiting_payment", "partial"))
        with self.at("2026-11-26 04:00:00"):
            self.pay(request, 30)
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.date_complete, "2026-11-26 04:00:00")  # the legal clock starts when paid
        self.assertTrue(request.expected_date)
        self.assertEqual(request.step_ids.state, "active")

    def test_created_and_submitted_in_one_call_waits_for_payment(self):
        """The counter's Submit on a request not saved yet: the fee is set before the submission."""
        with self.at("2026-11-25 03:00:00"):
            request = self.env["oss.request"].sudo(self.front_desk).create_and_submit({
                "partner_id": self.person.id, "service_id": self.waiting.id,
                "document_ids": [(0, 0, dict(line, received=True))
                                 for line in self.env["oss.request"]._oss_document_lines(self.waiting)]})
        self.assertEqual((request.state, request.amount_due, request.payment_state, request.expected_date),
                         ("waiting_payment", 50.0, "unpaid", False))
        self.assertEqual(request.notice_ids.mapped("kind"), ["payment"])
        self.assertFalse(request.step_ids)

    def test_missing_documents_then_payment(self):
        request = self.new_request(self.waiting, submit=False)
        request.document_ids.write({"received": False})
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "waiting_docs")
        self.pay(request, 50)  # paid while the documents are missing: the clock waits for them
        self.assertEqual(request.state, "waiting_docs")
        request.document_ids.write({"received": True})
        request.sudo(self.front_desk).action_documents_complete()
        self.assertEqual(request.state, "in_progress")

    def test_exempted_request_does_not_wait(self):
        request = self.new_request(self.waiting, fee_exemption_id=self.exemption.id)
        self.assertEqual(request.state, "in_progress")

    def test_amounts_change_only_through_the_actions(self):
        request = self.new_request(self.permit, submit=False, fee_rate_id=self.permit.fee_rate_ids[0].id,
                                   fee_quantity=10)
        with self.assertRaises(AccessError):
            request.sudo(self.front_desk).write({"amount_due": 1.0})
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(self.front_desk).create({
                "partner_id": self.person.id, "service_id": self.fixed.id, "amount_due": 1.0})
        request.sudo(self.front_desk).action_submit()
        with self.assertRaises(AccessError):  # frozen once submitted
            request.sudo(self.front_desk).write({"fee_quantity": 1})
        with self.assertRaises(AccessError):
            request.sudo(self.front_desk).write({"fee_exemption_id": self.exemption.id})
        self.assertEqual(request.amount_due, 5.0)

    def test_catalogue_fee_rules(self):
        b02 = self.env.ref("one_stop_service.oss_service_b02")
        self.assertEqual((b02.fee_type, len(b02.fee_rate_ids), b02.fee_rate_ids[0].price), ("per_unit", 3, 0.5))
        c12 = self.env.ref("one_stop_service.oss_service_c12")
        self.assertEqual((c12.fee_type, c12.fee_min, c12.fee_max, c12.fee_waits_payment),
                         ("assessed", 100.0, 10000.0, True))
        with self.assertRaises(ValidationError):
            self.env["oss.service"].create({"code": "TP-BAD", "name": "x", "fee_type": "per_unit"})
