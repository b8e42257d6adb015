"""The payments of a period as CSV, for the agency's accounting system (e-LAAS, GFMIS)."""
import base64
import csv
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.fiscal import day_bounds_utc, local_moment

COLUMNS = ("date", "time", "fiscal_year", "book", "receipt_number", "receipt_state", "tracking_number",
           "service_code", "revenue_code", "payer", "method", "amount", "reference", "cashier",
           "reverses_receipt", "reason")


class OssPaymentExport(models.TransientModel):
    _name = "oss.payment.export"
    _description = "Export payments (CSV)"

    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    data_file = fields.Binary(string="File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.multi
    def action_export(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_("The end of the period is before its start."))
        content = self._oss_csv(fields.Date.from_string(self.date_from), fields.Date.from_string(self.date_to))
        self.write({"data_file": base64.b64encode(content),
                    "filename": "payments-%s-%s.csv" % (self.date_from, self.date_to)})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new"}

    def _oss_csv(self, first_day, last_day):
        """UTF-8 CSV (with a byte-order mark, for spreadsheets) of every payment and reversal of the days
        ``first_day`` to ``last_day``, read with the caller's rights, in the order they were taken."""
        tz = self.env["resource.calendar"].gov_office_tz()
        start, end = day_bounds_utc(first_day, tz)[0], day_bounds_utc(last_day, tz)[1]
        payments = self.env["oss.payment"].search([("date", ">=", start), ("date", "<", end)], order="date, id")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for payment in payments:
            moment = local_moment(payment.date, tz)
            receipt = payment.receipt_id or payment.reversal_of_id.receipt_id
            writer.writerow([
                moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S"), receipt.fiscal_year or "",
                receipt.book or "", receipt.number or "", receipt.state or "", payment.request_id.name,
                payment.service_id.code, payment.service_id.revenue_code or "", payment.payer_name,
                payment.method, "%.2f" % payment.amount, payment.reference or "", payment.cashier_id.name,
                "yes" if payment.reversal_of_id else "", payment.reason or "",
            ])
        return buffer.getvalue().encode("utf-8-sig")
