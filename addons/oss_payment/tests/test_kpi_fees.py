"""Fees collected per service and month on the service quality dashboard."""
from unittest.mock import patch

from odoo.addons.gov_kpi.models.gov_kpi_dashboard import GovKpiDashboard

from .common import PaymentCase

NOVEMBER = ("2026-11", "2026-10", "2026-10-31 17:00:00")


class TestKpiFees(PaymentCase):

    def open_dashboard(self, user):
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            action = self.env["gov.kpi.dashboard"].sudo(user).action_open_dashboard()
            return self.env["gov.kpi.dashboard"].sudo(user).browse(action["res_id"])

    def test_fees_by_service_this_month_and_last(self):
        with self.at("2026-10-31 16:59:59"):  # 23:59:59 on 31 October, Bangkok: last month
            self.pay(self.new_request(self.fixed), 100)
        with self.at("2026-10-31 17:00:00"):  # 1 November
            self.pay(self.new_request(self.fixed), 100)
            permit = self.new_request(self.permit, fee_rate_id=self.permit.fee_rate_ids[1].id, fee_quantity=50)
            self.pay(permit, 150)
            self.pay(permit, 50)
            reversed_payment = self.pay(self.new_request(self.fixed), 100)
            reversed_payment.sudo(self.cashier)._oss_reverse("ผิดคำขอ")
        with self.at("2026-12-01 02:00:00"):  # December: not this month
            self.pay(self.new_request(self.fixed), 100)
        dashboard = self.open_dashboard(self.manager)
        lines = {line.service_id: line for line in dashboard.fee_line_ids}
        self.assertEqual((lines[self.permit].fee_amount, lines[self.permit].fee_count,
                          lines[self.permit].fee_amount_last), (200.0, 2, 0.0))
        self.assertEqual((lines[self.fixed].fee_amount, lines[self.fixed].fee_count,
                          lines[self.fixed].fee_amount_last), (100.0, 3, 100.0))
        ours = lines[self.permit].fee_amount + lines[self.fixed].fee_amount
        self.assertEqual(dashboard.fee_total, round(sum(line.fee_amount for line in dashboard.fee_line_ids), 2))
        self.assertGreaterEqual(dashboard.fee_total, ours)
        self.assertEqual(dashboard.fee_total_last,
                         round(sum(line.fee_amount_last for line in dashboard.fee_line_ids), 2))
        with patch.object(GovKpiDashboard, "_kpi_months", lambda self: NOVEMBER):
            action = lines[self.permit].action_open()
        payments = self.env["oss.payment"].sudo(self.manager).search(action["domain"])
        self.assertEqual(payments, permit.payment_ids)

    def test_a_service_paid_only_last_month_keeps_its_row(self):
        with self.at("2026-10-15 03:00:00"):
            self.pay(self.new_request(self.permit, fee_rate_id=self.permit.fee_rate_ids[1].id, fee_quantity=50), 150)
        dashboard = self.open_dashboard(self.manager)
        lines = {line.service_id: line for line in dashboard.fee_line_ids}
        self.assertEqual((lines[self.permit].fee_amount, lines[self.permit].fee_count,
                          lines[self.permit].fee_amount_last), (0.0, 0, 150.0))
        self.assertEqual(dashboard.fee_total_last,
                         round(sum(line.fee_amount_last for line in dashboard.fee_line_ids), 2))

    def test_a_supervisor_sees_no_fee_figures(self):
        with self.at("2026-10-31 17:00:00"):
            self.pay(self.new_request(self.fixed), 100)
        dashboard = self.open_dashboard(self.supervisor)
        self.assertEqual((dashboard.fee_total, len(dashboard.fee_line_ids)), (0.0, 0))
