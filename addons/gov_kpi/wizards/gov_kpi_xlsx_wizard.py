"""The "Service quality report" wizard: period, departments, services -> an Excel workbook.

The period selects the requests received and the cases opened in it (a cohort): their
on-time rate, lateness and handling time so far, and those still open by age band.
Every figure is read through the analysis views with the user's record rules, so a
supervisor's file only holds their departments; choosing another department is refused.
"""
import base64
import datetime
import os
import tempfile
from contextlib import closing

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models import kpi_sql as sql
from .gov_kpi_xlsx_writer import ServiceQualityWorkbook, be_date_text

REQUEST_MEASURES = ["nbr", "finished_count", "on_time_count", "on_time_rate", "late_count",
                    "late_rate", "abandoned_count", "handling_days"]
CASE_MEASURES = ["nbr", "breached_count", "breach_rate", "transfers_per_case", "fcr_rate",
                 "reopen_rate", "rating_value", "satisfied_rate"]
STAGE_LABELS = {"new": "ใหม่", "progress": "กำลังดำเนินการ", "waiting": "รอผู้ยื่นคำขอ",
                "resolved": "ยุติแล้ว", "closed": "ปิดแล้ว"}
SLA_LABELS = {"on_track": "ตามกำหนด", "at_risk": "ใกล้ครบกำหนด", "breached": "เกินกำหนด"}
CASE_BATCH = 2000


def _pct(value):
    """An average of 0/100 flags -> a fraction for a percent cell; None without rows (False)."""
    return None if value is None or value is False else value / 100.0


def _excel_serial_sql(column):
    """SQL: a naive UTC timestamp column -> Excel serial day number of the office's local
    time, to the second (day 25569 of Excel's 1900 date system is 1970-01-01)."""
    return "(EXTRACT(EPOCH FROM date_trunc('second', %s)) / 86400.0 + 25569)" % sql.local(column)


class GovKpiXlsxWizard(models.TransientModel):
    _name = "gov.kpi.xlsx.wizard"
    _description = "Service quality report (Excel)"

    def _default_date_from(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string((today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1))

    def _default_date_to(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today.replace(day=1) - datetime.timedelta(days=1))

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    department_ids = fields.Many2many(
        "gov.department", string="Departments", help="Empty: every department you may see.")
    service_ids = fields.Many2many("oss.service", string="Services", help="Empty: every service.")
    data = fields.Binary(string="File", readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period ends before it starts."))

    @api.model
    def _kpi_allowed_departments(self):
        """Departments the user reports on: all for service managers, else their own."""
        Department = self.env["gov.department"]
        if self.env.user.has_group("gov_crm.group_gov_service_manager"):
            # pylint: disable-next=no-search-all  # the departments of one agency, tens of rows
            return Department.search([])
        return Department.search(["|", ("member_ids", "in", [self.env.uid]), ("manager_id", "=", self.env.uid)])

    @api.multi
    def action_export(self):
        self.ensure_one()
        refused = self.department_ids - self._kpi_allowed_departments()
        if refused:
            raise AccessError(_(
                "You may only report on your own departments; not on: %(deps)s")
                % {"deps": ", ".join(refused.mapped("display_name"))})
        handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="gov-kpi-")
        os.close(handle)
        try:
            self._kpi_write_workbook(path)
            with open(path, "rb") as stream:
                content = stream.read()
        finally:
            os.unlink(path)
        self.write({
            "data": base64.b64encode(content),
            "filename": "service-quality-%s-%s.xlsx" % (self.date_from, self.date_to),
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/?model=%s&id=%d&field=data&download=true&filename_field=filename"
                   % (self._name, self.id),
            "target": "self",
        }

    # ------------------------------------------------------------ data
    def _kpi_tz(self):
        return self.env["resource.calendar"].gov_office_tz()

    def _kpi_bounds(self):
        """The period's local days as UTC strings [start, end)."""
        tz = self._kpi_tz()
        start = tz.localize(datetime.datetime.combine(fields.Date.from_string(self.date_from), datetime.time()))
        end = tz.localize(datetime.datetime.combine(
            fields.Date.from_string(self.date_to) + datetime.timedelta(days=1), datetime.time()))
        return tuple(fields.Datetime.to_string(moment.astimezone(pytz.utc)) for moment in (start, end))

    def _kpi_domain(self, date_field):
        start, end = self._kpi_bounds()
        domain = [(date_field, ">=", start), (date_field, "<", end)]
        if self.department_ids:
            domain.append(("department_id", "in", self.department_ids.ids))
        if self.service_ids:
            domain.append(("service_id", "in", self.service_ids.ids))
        return domain

    def _kpi_summary(self, groupby, totals=None):
        """{key: {column: value}} for one grouping, and the totals (key None), read unless given."""
        Requests, Cases = self.env["gov.kpi.request.report"], self.env["gov.kpi.case.report"]
        request_domain, case_domain = self._kpi_domain("date_received"), self._kpi_domain("date_open")
        result = {}

        def key_of(group):
            value = group[groupby]
            return value[0] if isinstance(value, tuple) else value

        def row(key):
            return result.setdefault(key, {})

        groupings = [[groupby], []]
        if totals is not None:
            # the totals do not depend on the grouping: those of the previous sheet
            result[None] = dict(totals)
            groupings = [[groupby]]
        for grouping in groupings:
            for group in Requests.read_group(request_domain, REQUEST_MEASURES + grouping, grouping, lazy=False):
                values = row(key_of(group) if grouping else None)
                values.update({name: group[name] for name in ("nbr", "finished_count", "on_time_count",
                                                              "late_count", "abandoned_count")})
                values.update(on_time_rate=_pct(group["on_time_rate"]), late_rate=_pct(group["late_rate"]),
                              handling_mean=group["handling_days"])
            for group in Requests.read_group(request_domain + [("open_count", "=", 1)],
                                             ["nbr", "age_band"] + grouping, grouping + ["age_band"],
                                             lazy=False):
                row(key_of(group) if grouping else None)["band_%s" % group["age_band"]] = group["__count"]
            for group in Cases.read_group(case_domain, CASE_MEASURES + grouping, grouping, lazy=False):
                values = row(key_of(group) if grouping else None)
                values.update(case_nbr=group["nbr"], breached_count=group["breached_count"],
                              breach_rate=_pct(group["breach_rate"]),
                              transfers_per_case=group["transfers_per_case"],
                              fcr_rate=_pct(group["fcr_rate"]), reopen_rate=_pct(group["reopen_rate"]),
                              rating_mean=group["rating_value"],
                              satisfied_rate=_pct(group["satisfied_rate"]))
            percentiles = Requests.kpi_percentiles(request_domain, "handling_days",
                                                   groupby if grouping else None)
            for key, (median, p90) in percentiles.items():
                row(key).update(handling_median=median, handling_p90=p90)
        for values in result.values():
            for band, _label in sql.AGE_BANDS:
                values.setdefault("band_%s" % band, 0)
        return result

    def _kpi_labelled(self, summary, model):
        records = self.env[model].browse([key for key in summary if key])
        rows = [(record.display_name, summary[record.id]) for record in records]
        if False in summary:
            rows.append(("(ไม่ระบุ)", summary[False]))
        return sorted(rows, key=lambda item: item[0]), summary.get(None, {})

    def _kpi_case_rows(self):
        """Cases of the period, department by department, read in batches.

        One query of the needed columns of the analysis view, built by the ORM from the
        period's domain and the user's record rules, read through a server-side cursor a
        batch at a time; one name_get per model for the ids of a batch not named yet:
        neither citizen.case nor the ORM's per-field reads are involved.
        """
        Cases = self.env["gov.kpi.case.report"]
        Cases.check_access_rights("read")
        query = Cases._where_calc(self._kpi_domain("date_open"))
        Cases._apply_ir_rules(query, "read")
        order_by = Cases._generate_order_by("department_id, date_open, id", query)
        from_clause, where_clause, params = query.get_sql()

        def column(name):
            return '"%s"."%s"' % (Cases._table, name)
        # the office's local times as Excel day numbers, converted by PostgreSQL
        moments = ["%s AS %s" % (_excel_serial_sql(column(name)), name)
                   for name in ("date_open", "deadline", "date_resolved")]
        plain = [column(name) for name in ("department_id", "name", "request_id", "service_id", "user_id",
                                           "stage_state", "sla_state")]
        tail = [column(name) for name in ("transfer_count", "reopen_count", "first_response_hours",
                                          "handling_hours", "rating_value")]
        names = {0: "gov.department", 2: "oss.request", 3: "oss.service", 4: "res.users"}  # by position
        # departments, services and officers recur from batch to batch: each is named once
        labels = {position: {} for position in names}
        # a server-side cursor in the transaction: the rows come a batch at a time, memory stays flat;
        # the statement is the ORM's (domain and record rules as parameters), the columns constants
        with closing(self.env.cr._cnx.cursor("gov_kpi_case_rows")) as cursor:
            cursor.execute("SELECT %s FROM %s WHERE %s%s" % (
                ", ".join(plain + moments + tail), from_clause, where_clause or "TRUE", order_by), params)
            while True:
                rows = cursor.fetchmany(CASE_BATCH)
                if not rows:
                    break
                labels[2].clear()  # a request has a case or two: not worth keeping
                for position, model in names.items():
                    labels[position].update(self._kpi_display_names(
                        model, {row[position] for row in rows} - set(labels[position])))
                department, request, service, user = (labels[0], labels[2], labels[3], labels[4])
                for (department_id, name, request_id, service_id, user_id, stage_state, sla_state,
                     date_open, deadline, date_resolved, transfers, reopens, first_response_hours,
                     handling_hours, rating) in rows:
                    yield {
                        "department": department.get(department_id, False),
                        "name": name,
                        "request": request.get(request_id, False),
                        "service": service.get(service_id, False),
                        "user": user.get(user_id, False),
                        "stage": STAGE_LABELS.get(stage_state),
                        "sla": SLA_LABELS.get(sla_state),
                        "date_open": date_open,
                        "deadline": deadline,
                        "date_resolved": date_resolved,
                        "transfers": transfers,
                        "reopens": reopens or 0,
                        # empty (None) until the case has them; 0 working hours is a value
                        "first_response_hours": first_response_hours,
                        "handling_hours": handling_hours,
                        "rating": int(rating) if rating else None,
                    }

    @api.model
    def _kpi_display_names(self, model, ids):
        """{id: display name} of the records ``ids`` of ``model``, as a many2one is read.

        sudo, like the ORM's read of a many2one. A model with the standard name_get on a plain
        stored name column (the requests' tracking numbers) is read with one query of that
        column; the others through name_get, with a prefetch of their own so that neither
        their other columns nor the records of the previous batches are read again.
        """
        ids = tuple(key for key in ids if key)
        if not ids:
            return {}
        records = self.env[model].sudo().browse(ids).with_prefetch()
        field = records._fields[records._rec_name]
        if (type(records).name_get is models.BaseModel.name_get and field.type == "char"
                and field.store and not field.translate and not field.inherited):
            # identifiers from the registry; the ids are parameters
            self.env.cr.execute('SELECT id, "%s" FROM "%s" WHERE id IN %%s' % (field.name, records._table),
                                (ids,))
            return {key: name for key, name in self.env.cr.fetchall()}
        if field.store:
            records.read([field.name])  # the name column alone, not every column
        return dict(records.name_get())

    def _kpi_months(self):
        groups = self.env["gov.kpi.request.report"].read_group(
            self._kpi_domain("date_received") + [("finished_count", "=", 1)],
            ["finished_count", "on_time_count", "on_time_rate", "month", "month_be"], ["month", "month_be"],
            orderby="month", lazy=False)
        return [(g["month_be"], g["month"], g["finished_count"], g["on_time_count"], _pct(g["on_time_rate"]))
                for g in groups]

    def _kpi_write_workbook(self, path):
        day_from, day_to = fields.Date.from_string(self.date_from), fields.Date.from_string(self.date_to)
        period = "ช่วงเวลา %s ถึง %s (คำขอที่รับและเรื่องที่เปิดในช่วงเวลานี้)" % (
            be_date_text(day_from), be_date_text(day_to))
        book = ServiceQualityWorkbook(path, "รายงานคุณภาพการให้บริการ", period)
        try:
            rows, total = self._kpi_labelled(self._kpi_summary("department_id"), "gov.department")
            book.write_summary("สรุปตามหน่วยงาน", "หน่วยงาน", rows, total)
            rows, total = self._kpi_labelled(self._kpi_summary("service_id", total), "oss.service")
            book.write_summary("สรุปตามบริการ", "บริการ", rows, total)
            book.write_cases("เรื่องตามหน่วยงาน", self._kpi_case_rows())
            book.write_monthly_chart("ทันเวลารายเดือน", self._kpi_months())
        finally:
            book.close()
