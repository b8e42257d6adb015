"""The managers' monthly list of the delay notices given (s.10) and their copies to OPDC, in Excel.

One row per delay notice of the month (the local date of the notice), with its copy to OPDC,
and a count by service. Headers in Thai or English by the user's language; dates as Excel
dates (Buddhist era in Thai).
"""
import base64
import datetime
import os
import tempfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.gov_crm.lib.be_date import ENGLISH_MONTHS, be_year, ce_year, month_title
from odoo.addons.gov_crm.lib.language import name_for_reader

from .oss_opdc_report_writer import OpdcNoticeWorkbook

MONTHS = [(str(number), name) for number, name in enumerate(ENGLISH_MONTHS, start=1)]
MANAGER_GROUP = "gov_crm.group_gov_service_manager"


def _last_month(today):
    return today.replace(day=1) - datetime.timedelta(days=1)


class OssOpdcReportWizard(models.TransientModel):
    _name = "oss.opdc.report.wizard"
    _description = "Delay notices copied to OPDC (Excel)"

    def _default_year_be(self):
        return be_year(_last_month(fields.Date.from_string(fields.Date.context_today(self))).year)

    def _default_month(self):
        return str(_last_month(fields.Date.from_string(fields.Date.context_today(self))).month)

    year_be = fields.Integer(string="Year (B.E.)", required=True, default=lambda self: self._default_year_be())
    month = fields.Selection(MONTHS, required=True, default=lambda self: self._default_month())
    service_ids = fields.Many2many("oss.service", string="Services", help="Empty: every service.")
    data = fields.Binary(string="File", readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    @api.constrains("year_be")
    def _check_year(self):
        for wizard in self:
            if not 2500 <= wizard.year_be <= 2700:
                raise ValidationError(_("Give the year in the Buddhist era, such as 2569."))

    @api.multi
    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only service managers export the delay notices sent to OPDC."))
        handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="oss-opdc-")
        os.close(handle)
        try:
            notices = self._oss_notices()
            OpdcNoticeWorkbook(path, self.env.lang, self._oss_period_text()).save(
                self._oss_summary_rows(notices), self._oss_list_rows(notices))
            with open(path, "rb") as stream:
                content = stream.read()
        finally:
            os.unlink(path)
        first, _next = self._oss_bounds()
        self.write({"data": base64.b64encode(content),
                    "filename": "delay-notices-opdc-%s.xlsx" % first.strftime("%Y-%m")})
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/?model=%s&id=%d&field=data&download=true&filename_field=filename"
                   % (self._name, self.id),
            "target": "self",
        }

    # ------------------------------------------------------------ data
    def _oss_bounds(self):
        """The first day of the month and of the next one (notice dates are local dates)."""
        first = datetime.date(ce_year(self.year_be), int(self.month), 1)
        return first, (first + datetime.timedelta(days=32)).replace(day=1)

    def _oss_period_text(self):
        return month_title(int(self.month), self.year_be, "th_TH" if self.env.lang == "th_TH" else "en_US")

    def _oss_notices(self):
        """The delay notices of the month the user may read, in the order of the list."""
        first, following = self._oss_bounds()
        domain = [("kind", "=", "delay"), ("date", ">=", fields.Date.to_string(first)),
                  ("date", "<", fields.Date.to_string(following))]
        if self.service_ids:
            domain.append(("request_id.service_id", "in", self.service_ids.ids))
        notices = self.env["oss.request.notice"].search(domain)
        return notices.sorted(lambda n: (n.request_id.service_id.code or "", n.date, n.request_id.name, n.id))

    def _oss_service_label(self, service):
        return name_for_reader(self.env.lang, service.name, service.name_en)

    def _oss_summary_rows(self, notices):
        rows = {}
        for notice in notices:
            service = notice.request_id.service_id
            row = rows.setdefault(service.id, {"code": service.code, "service": self._oss_service_label(service),
                                               "notices": 0, "queued": 0, "not_sent": 0})
            row["notices"] += 1
            state = notice.copy_ids[:1].state
            if state in ("queued", "not_sent"):
                row[state] += 1
        return sorted(rows.values(), key=lambda row: row["code"])

    def _oss_list_rows(self, notices):
        Copy = self.env["oss.request.notice.copy"]
        copy_labels = dict(Copy._fields["state"]._description_selection(self.env))
        calendar = self.env["oss.request"]._oss_calendar()
        yes, no = _("Yes"), _("No")
        rows = []
        for notice in notices:
            request, copy = notice.request_id, notice.copy_ids[:1]
            date = fields.Date.from_string(notice.date)
            expected = (calendar._gov_localize(fields.Datetime.from_string(request.expected_date)).date()
                        if request.expected_date else None)
            rows.append({
                "date": date, "number": request.name, "code": request.service_id.code,
                "service": self._oss_service_label(request.service_id),
                "received": calendar._gov_localize(fields.Datetime.from_string(request.date_received)).date(),
                "expected": expected, "days_late": (date - expected).days if expected else None,
                "rank": notice.oss_delay_number(), "reason": notice.content,
                "applicant_told": yes if notice.sent else no,
                "copy": copy_labels.get(copy.state, "") if copy else "",
                "recipient": copy.recipient or "",
            })
        return rows
