"""Fees collected on the service quality dashboard: this month and last, per service.

Money is counted when it is received (payments net of the reversals of the same month), from
``oss.payment`` with the reader's rights: service managers see every service; a supervisor,
who may not read payments, sees no fee figures.
"""
from odoo import _, api, fields, models

from odoo.addons.gov_kpi.models.gov_kpi_dashboard import _month_bounds


# pylint: disable-next=no-wizard-in-models  # the dashboard gov_kpi keeps in its models, not a wizard
class GovKpiDashboard(models.TransientModel):
    _inherit = "gov.kpi.dashboard"

    fee_total = fields.Float(string="Fees collected this month", digits=(16, 2), readonly=True)
    fee_total_last = fields.Float(string="Fees collected last month", digits=(16, 2), readonly=True)
    fee_line_ids = fields.One2many("gov.kpi.dashboard.line", "dashboard_id", string="Fees by service",
                                   readonly=True, domain=[("kind", "=", "fee")])

    def _kpi_fee_domain(self, month):
        start, end = _month_bounds(month, self.env["resource.calendar"].gov_office_tz())
        return [("date", ">=", start), ("date", "<", end)]

    @api.multi
    def _kpi_compute(self):
        super()._kpi_compute()
        Payment = self.env["oss.payment"]
        if not Payment.check_access_rights("read", raise_exception=False):
            return
        month, last_month, _start = self._kpi_months()
        this = Payment.read_group(self._kpi_fee_domain(month), ["amount", "service_id"], ["service_id"])
        last = Payment.read_group(self._kpi_fee_domain(last_month), ["amount", "service_id"], ["service_id"])
        self.write({"fee_total": round(sum(group["amount"] for group in this), 2),
                    "fee_total_last": round(sum(group["amount"] for group in last), 2)})
        # a row for each service paid this month or last, so that each column adds up to its tile
        figures = {}  # service id: [this month, payments this month, last month]
        for group in this:
            figures[group["service_id"][0]] = [group["amount"], group["service_id_count"], 0.0]
        for group in last:
            figures.setdefault(group["service_id"][0], [0.0, 0, 0.0])[2] = group["amount"]
        Line = self.env["gov.kpi.dashboard.line"]
        for service_id, (amount, count, amount_last) in sorted(
                figures.items(), key=lambda item: (-item[1][0], -item[1][2], item[0])):
            Line.create({"dashboard_id": self.id, "kind": "fee", "service_id": service_id,
                         "fee_amount": round(amount, 2), "fee_count": count,
                         "fee_amount_last": round(amount_last, 2)})

    @api.multi
    def action_open_fees_month(self):
        return self._kpi_open_fees(self._kpi_months()[0], _("Fees collected this month"))

    def _kpi_open_fees(self, month, title, service=None):
        domain = self._kpi_fee_domain(month) + ([("service_id", "=", service.id)] if service else [])
        return {
            "type": "ir.actions.act_window", "name": title, "res_model": "oss.payment",
            "view_mode": "tree,pivot,form", "views": [(False, "tree"), (False, "pivot"), (False, "form")],
            "domain": domain, "target": "current",
        }


# pylint: disable-next=no-wizard-in-models  # the dashboard's lines
class GovKpiDashboardLine(models.TransientModel):
    _inherit = "gov.kpi.dashboard.line"

    kind = fields.Selection(selection_add=[("fee", "Fees")])
    fee_amount = fields.Float(string="Collected this month", digits=(16, 2))
    fee_amount_last = fields.Float(string="Collected last month", digits=(16, 2))
    fee_count = fields.Integer(string="Payments")

    @api.multi
    def action_open(self):
        self.ensure_one()
        if self.kind == "fee":
            dashboard = self.dashboard_id
            return dashboard._kpi_open_fees(dashboard._kpi_months()[0], self.service_id.display_name,
                                            self.service_id)
        return super().action_open()
