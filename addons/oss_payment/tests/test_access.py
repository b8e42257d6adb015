"""Who reads what of the fees: the applicant on the portal, officers, the front desk, managers."""
import base64
import csv
import io

from odoo.exceptions import AccessError, UserError

from .common import PaymentCase


class TestPaymentAccess(PaymentCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_person = cls.env["res.partner"].create({
            "name": "นายอื่น ทดสอบ", "gov_party_type": "citizen", "phone": "0819990000"})
        cls.portal = cls.new_user("pay_portal", "base.group_portal", partner_id=cls.person.id)

    def test_portal_user_reads_their_own_fee_receipts_and_qr(self):
        mine = self.new_request(self.fixed)
        theirs = self.new_request(self.fixed, partner=self.other_person)
        payment = self.pay(mine, 40)
        self.pay(theirs, 100)
        as_portal = mine.sudo(self.portal)
        self.assertEqual(as_portal.receipt_ids, payment.receipt_id)
        self.assertEqual(as_portal.oss_open_payment_request().amount, 60.0)
        values = as_portal._oss_public_payment()
        self.assertEqual((values["amount_due"], values["amount_paid"], values["residual"], values["state"]),
                         (100.0, 40.0, 60.0, "partial"))
        self.assertTrue(values["qr"].startswith("data:image/png;base64,"))
        Receipt = self.env["oss.receipt"].sudo(self.portal)
        self.assertEqual(Receipt.search([]), payment.receipt_id)
        with self.assertRaises(AccessError):
            theirs.receipt_ids.sudo(self.portal).read(["amount"])
        with self.assertRaises(AccessError):
            theirs.payment_request_ids.sudo(self.portal).read(["qr_payload"])
        with self.assertRaises(AccessError):
            self.env["oss.payment"].sudo(self.portal).search([])
        with self.assertRaises(AccessError):
            payment.receipt_id.sudo(self.portal).write({"payer_name": "x"})

    def test_officers_read_the_payment_requests_of_their_departments(self):
        request = self.new_request(self.fixed)  # routed to self.dep
        PaymentRequest = self.env["oss.payment.request"]
        self.assertEqual(PaymentRequest.sudo(self.officer).search([("request_id", "=", request.id)]),
                         request.payment_request_ids)
        self.assertFalse(PaymentRequest.sudo(self.officer_other).search([("request_id", "=", request.id)]))
        self.assertEqual(PaymentRequest.sudo(self.supervisor).search([("request_id", "=", request.id)]),
                         request.payment_request_ids)  # the department's head
        self.assertEqual(request.sudo(self.officer).payment_state, "unpaid")
        with self.assertRaises(AccessError):
            self.env["oss.payment"].sudo(self.officer).search([])
        with self.assertRaises(AccessError):
            request.payment_request_ids.sudo(self.front_desk).write({"amount": 1})

    def test_the_request_form_lists_payments_only_for_those_who_read_them(self):
        """An officer opens a paid request: the form loads no payment (which the officer may not read)."""
        request = self.new_request(self.fixed)
        self.pay(request, 100)
        for user, shown in ((self.officer, False), (self.supervisor, False), (self.front_desk, True),
                            (self.cashier, True), (self.manager, True)):
            view = self.env["oss.request"].sudo(user).fields_view_get(view_type="form")
            self.assertEqual(("payment_ids" in view["fields"], "payment_request_ids" in view["fields"]),
                             (shown, shown), user.login)
            if not shown:  # what the form does read for the officer
                request.sudo(user).read(list(view["fields"]))

    def test_front_desk_reads_payments_and_receipts_but_takes_none(self):
        request = self.new_request(self.fixed)
        payment = self.pay(request, 100)
        self.assertEqual(self.env["oss.payment"].sudo(self.front_desk).search([("request_id", "=", request.id)]),
                         payment)
        self.assertEqual(payment.receipt_id.sudo(self.front_desk).amount, 100.0)
        with self.assertRaises(AccessError):
            payment.sudo(self.front_desk)._oss_reverse("x")

    def test_a_cashier_with_no_other_role_reads_requests(self):
        request = self.new_request(self.fixed)
        as_cashier = request.sudo(self.cashier)
        self.assertEqual((as_cashier.name, as_cashier.amount_residual), (request.name, 100.0))
        self.assertEqual(self.new_request(self.waiting).sudo(self.cashier).document_ids.read(["name"])[0]["name"],
                         "คำขอจดทะเบียน")
        self.assertTrue(as_cashier.step_ids.read(["name"]))
        with self.assertRaises(AccessError):
            as_cashier.write({"description": "x"})
        with self.assertRaises(AccessError):
            request.step_ids.sudo(self.cashier).write({"note": "x"})

    def test_service_manager_gives_and_takes_back_the_cashier_role(self):
        clerk = self.clerk.sudo(self.manager)
        self.assertFalse(clerk.oss_is_cashier)
        clerk.action_oss_grant_cashier()
        self.assertTrue(self.clerk.has_group("oss_payment.group_oss_cashier"))
        self.assertTrue(clerk.oss_is_cashier)
        clerk.action_oss_revoke_cashier()
        self.assertFalse(self.clerk.has_group("oss_payment.group_oss_cashier"))
        with self.assertRaises(AccessError):
            self.clerk.sudo(self.cashier).action_oss_grant_cashier()
        with self.assertRaises(AccessError):
            self.cashier.sudo(self.front_desk).action_oss_revoke_cashier()
        with self.assertRaises(UserError):
            self.portal.sudo(self.manager).action_oss_grant_cashier()
        group = self.env.ref("oss_payment.group_oss_cashier")
        self.assertFalse(group.implied_ids - self.env.ref("base.group_user"))
        self.assertFalse(self.env["res.groups"].search([("implied_ids", "in", group.ids)]))  # implied by nothing

    def test_payments_export_for_the_accounting_system(self):
        self.fixed.revenue_code = "412199"
        with self.at("2026-11-25 03:00:00"):
            request = self.new_request(self.fixed)
            payment = self.pay(request, 100, "transfer", reference="T-9")
            payment.sudo(self.cashier)._oss_reverse("ผิดคำขอ")
        export = self.env["oss.payment.export"].sudo(self.cashier).create(
            {"date_from": "2026-11-25", "date_to": "2026-11-25"})
        export.action_export()
        rows = list(csv.reader(io.StringIO(base64.b64decode(export.data_file).decode("utf-8-sig"))))
        ours = [row for row in rows if row[6] == request.name]
        self.assertEqual(rows[0][:6], ["date", "time", "fiscal_year", "book", "receipt_number", "receipt_state"])
        self.assertEqual([row[11] for row in ours], ["100.00", "-100.00"])
        self.assertEqual(ours[0][:3] + ours[0][4:9], ["2026-11-25", "10:00:00", "2570", str(payment.receipt_id.number),
                                                      "cancelled", request.name, "TP-FIX", "412199"])
        self.assertEqual(ours[1][14:], ["yes", "ผิดคำขอ"])
        export_fd = self.env["oss.payment.export"].sudo(self.front_desk).create(
            {"date_from": "2026-11-25", "date_to": "2026-11-25"})
        export_fd.action_export()  # the front desk reads payments: its export is what it may read
        with self.assertRaises(AccessError):
            self.env["oss.payment.export"].sudo(self.officer).create(
                {"date_from": "2026-11-25", "date_to": "2026-11-25"}).action_export()
