"""The manager dashboard: today's numbers on one screen, each tile opening the records behind it.

A dashboard is a transient snapshot computed when it is opened (read_group on the two
analysis views, so record rules apply: a supervisor sees their departments only). Every
figure is live: the tiles select the open requests and cases, or the requests finished and
the cases rated in this or last month, on indexed columns (state, stage, dates), so the
cost follows today's workload and not the size of the history.
"""
import datetime

import pytz

from odoo import _, api, fields, models

from odoo.addons.gov_crm.lib.be_date import month_label
from odoo.addons.one_stop_service.models.oss_channel import channel_selection

from . import kpi_sql as sql

TOP_SERVICES = 5
# what a figure shows when there is nothing to measure (never 0, which is a measure)
NO_DATA = "—"


def _percent(value, digits):
    return "%.*f %%" % (digits, value or 0.0)


def _month(moment):
    return moment.strftime("%Y-%m")


def _be_label(month):
    """'2026-11' -> 'พ.ย. 2569', like the month_be column of the analysis views."""
    return month_label(month)


def _month_bounds(month, tz):
    """'2026-11' -> the month in the time zone ``tz`` as UTC strings [start, end)."""
    year, number = (int(part) for part in month.split("-"))
    start = datetime.datetime(year, number, 1)
    end = datetime.datetime(year + number // 12, number % 12 + 1, 1)
    return tuple(fields.Datetime.to_string(tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None))
                 for moment in (start, end))


# pylint: disable-next=no-wizard-in-models  # a dashboard, not a wizard
class GovKpiDashboard(models.TransientModel):
    _name = "gov.kpi.dashboard"
    _description = "Service quality dashboard"

    name = fields.Char(default="Service quality dashboard", readonly=True)
    date = fields.Datetime(string="Figures as of", readonly=True)
    month = fields.Char(string="This month", readonly=True)
    last_month = fields.Char(string="Last month", readonly=True)
    month_be = fields.Char(string="This month (B.E.)", readonly=True)
    last_month_be = fields.Char(string="Last month (B.E.)", readonly=True)
    open_request_count = fields.Integer(string="Open requests", readonly=True)
    late_request_count = fields.Integer(string="Open requests past the legal period", readonly=True)
    at_risk_count = fields.Integer(string="Cases at risk", readonly=True)
    breached_count = fields.Integer(string="Open cases breached", readonly=True)
    on_time_rate = fields.Float(string="On-time rate this month (%)", readonly=True)
    on_time_rate_last = fields.Float(string="On-time rate last month (%)", readonly=True)
    on_time_delta = fields.Float(string="Change (points)", readonly=True)
    finished_count = fields.Integer(string="Finished this month", readonly=True)
    finished_count_last = fields.Integer(string="Finished last month", readonly=True)
    abandoned_count = fields.Integer(string="Abandoned this month", readonly=True,
                                     help="Requests closed this month because the missing documents were not "
                                          "brought by their deadline (s.8); not counted as finished.")
    satisfaction = fields.Float(string="Mean satisfaction this month", readonly=True)
    satisfied_rate = fields.Float(string="Rated 4-5 this month (%)", readonly=True)
    rated_count = fields.Integer(string="Ratings this month", readonly=True)
    # the figures as shown: "—" with the reason instead of a 0 that means "nothing to measure"
    on_time_text = fields.Char(string="On time this month", readonly=True)
    on_time_note = fields.Char(string="No on-time data this month", readonly=True)
    on_time_last_text = fields.Char(string="On time last month", readonly=True)
    on_time_last_note = fields.Char(string="No on-time data last month", readonly=True)
    on_time_delta_text = fields.Char(string="Change", readonly=True)
    satisfaction_text = fields.Char(string="Satisfaction this month", readonly=True)
    satisfaction_note = fields.Char(string="No satisfaction data this month", readonly=True)
    satisfied_text = fields.Char(string="Rated 4-5 this month", readonly=True)
    setup_warning = fields.Text(string="Agency not set up", readonly=True)
    holiday_warning = fields.Text(string="Public holidays run out", readonly=True)
    department_line_ids = fields.One2many(
        "gov.kpi.dashboard.line", "dashboard_id", string="Departments", readonly=True,
        domain=[("kind", "=", "department")])
    service_line_ids = fields.One2many(
        "gov.kpi.dashboard.line", "dashboard_id", string="Largest backlogs", readonly=True,
        domain=[("kind", "=", "service")])
    channel_line_ids = fields.One2many(
        "gov.kpi.dashboard.line", "dashboard_id", string="Requests by channel", readonly=True,
        domain=[("kind", "=", "channel")])

    @api.model
    def action_open_dashboard(self):
        """Compute a fresh snapshot and show it (menu and Refresh button)."""
        dashboard = self.create({"name": _("Service quality dashboard")})
        dashboard._kpi_compute()
        return {
            "type": "ir.actions.act_window",
            "name": _("Service quality dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "view_id": self.env.ref("gov_kpi.gov_kpi_dashboard_view_form").id,
            "target": "main",
            "flags": {"mode": "readonly"},
        }

    @api.multi
    def action_refresh(self):
        return self.action_open_dashboard()

    # ------------------------------------------------------------ tiles
    def _kpi_months(self):
        now = datetime.datetime.now(self.env["resource.calendar"].gov_office_tz())
        first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        previous = first - datetime.timedelta(days=1)
        start_utc = first.astimezone(pytz.utc).replace(tzinfo=None)
        return _month(now), _month(previous), fields.Datetime.to_string(start_utc)

    def _kpi_tile_domains(self):
        """Tile -> (analysis model, domain). The values and the lists both use them.

        The domains say the same as the 0/1 columns of the views (``open_count = 1`` is a
        request in an open state, ``month_done = month`` a request finished between the
        local month's bounds...) but on the stored columns, so that PostgreSQL reads the few
        open or recent rows through the indexes instead of computing the view for the
        whole history.
        """
        month, last_month, _month_start = self._kpi_months()
        tz = self.env["resource.calendar"].gov_office_tz()
        start, end = _month_bounds(month, tz)
        last_start, last_end = _month_bounds(last_month, tz)
        now = fields.Datetime.now()
        open_requests = [("state", "in", sql.REQUEST_OPEN_STATES)]
        open_cases = [("stage_state", "in", sql.CASE_OPEN_STATES)]
        finished = [("state", "in", sql.REQUEST_FINISHED_STATES)]
        return {
            "open_requests": ("gov.kpi.request.report", open_requests),
            "late_requests": ("gov.kpi.request.report", open_requests + [("expected_date", "<", now)]),
            "at_risk": ("gov.kpi.case.report", open_cases + [("sla_state", "=", "at_risk")]),
            "breached": ("gov.kpi.case.report", open_cases + [("sla_state", "=", "breached")]),
            "finished_month": ("gov.kpi.request.report",
                               finished + [("date_done", ">=", start), ("date_done", "<", end)]),
            "finished_last_month": ("gov.kpi.request.report",
                                    finished + [("date_done", ">=", last_start), ("date_done", "<", last_end)]),
            "rated_month": ("gov.kpi.case.report", [("rating_date", ">=", start), ("rated_count", "=", 1)]),
            "abandoned_month": ("gov.kpi.request.report", [("state", "=", sql.REQUEST_ABANDONED_STATE),
                                                           ("date_done", ">=", start), ("date_done", "<", end)]),
            "received_month": ("gov.kpi.request.report",
                               [("date_received", ">=", start), ("date_received", "<", end)]),
            "triage": ("gov.kpi.request.report", [("state", "=", "triage")]),
        }

    def _kpi_totals(self, model, domain, measures, groupby=None):
        Report = self.env[model]
        groupbys = [groupby] if groupby else []
        groups = Report.read_group(domain, measures + groupbys, groupbys, lazy=False)
        if groupby:
            return {(g[groupby] or (False,))[0]: g for g in groups}
        return groups[0] if groups else {}

    @api.multi
    def _kpi_compute(self):
        self.ensure_one()
        month, last_month, _start = self._kpi_months()
        tiles = self._kpi_tile_domains()
        # the open requests and cases by department (the lines) also give the four counting
        # tiles: one pass over the open rows instead of a count per tile
        requests = self._kpi_totals(*tiles["open_requests"], measures=["open_count", "late_count"],
                                    groupby="department_id")
        cases = self._kpi_totals("gov.kpi.case.report", [("stage_state", "in", sql.CASE_OPEN_STATES)],
                                 ["open_count", "at_risk_count", "breached_count"], "department_id")

        def total(groups, measure):
            return sum(group[measure] or 0 for group in groups.values())
        count = {"open_requests": total(requests, "open_count"), "late_requests": total(requests, "late_count"),
                 "at_risk": total(cases, "at_risk_count"), "breached": total(cases, "breached_count")}
        this = self._kpi_totals(*tiles["finished_month"], measures=["finished_count", "on_time_rate"])
        last = self._kpi_totals(*tiles["finished_last_month"], measures=["finished_count", "on_time_rate"])
        rated = self._kpi_totals(*tiles["rated_month"], measures=["rating_value", "satisfied_rate"])
        abandoned = self._kpi_totals(*tiles["abandoned_month"], measures=["abandoned_count"])
        self.write({
            "date": fields.Datetime.now(), "month": month, "last_month": last_month,
            "month_be": _be_label(month), "last_month_be": _be_label(last_month),
            "open_request_count": count["open_requests"], "late_request_count": count["late_requests"],
            "at_risk_count": count["at_risk"], "breached_count": count["breached"],
            "on_time_rate": this.get("on_time_rate") or 0.0,
            "on_time_rate_last": last.get("on_time_rate") or 0.0,
            "on_time_delta": (this.get("on_time_rate") or 0.0) - (last.get("on_time_rate") or 0.0),
            "finished_count": this.get("finished_count") or 0,
            "finished_count_last": last.get("finished_count") or 0,
            "abandoned_count": abandoned.get("abandoned_count") or 0,
            "satisfaction": rated.get("rating_value") or 0.0,
            "satisfied_rate": rated.get("satisfied_rate") or 0.0,
            "rated_count": rated.get("__count") or 0,
        })
        self._kpi_compute_lines(tiles, requests, cases)
        self._kpi_compute_texts()
        self._kpi_compute_warnings()

    def _kpi_compute_texts(self):
        """The rates as shown: a rate of nothing is no data, not 0 (NO_DATA and the reason)."""
        this, last, rated = self.finished_count, self.finished_count_last, self.rated_count
        self.write({
            "on_time_text": _percent(self.on_time_rate, 1) if this else NO_DATA,
            "on_time_note": False if this else _("No data: no request finished this month"),
            "on_time_last_text": _percent(self.on_time_rate_last, 1) if last else NO_DATA,
            "on_time_last_note": False if last else _("No data: no request finished last month"),
            "on_time_delta_text": "%+.1f" % self.on_time_delta if this and last else NO_DATA,
            "satisfaction_text": "%.2f / 5" % self.satisfaction if rated else NO_DATA,
            "satisfaction_note": False if rated else _("No data: no case was rated this month"),
            "satisfied_text": _percent(self.satisfied_rate, 0) if rated else NO_DATA,
        })

    def _kpi_compute_warnings(self):
        """What the service manager must set up before citizens read the agency's documents."""
        if not self.env.user.has_group("gov_crm.group_gov_service_manager"):
            return
        problems = self.env["res.company"]._gov_setup_problems()
        self.write({
            "setup_warning": _("The agency is not set up: citizens' receipts and notices lack %(missing)s. "
                               "Set it up in Configuration > Agency set-up.") % {
                                   "missing": "; ".join(problems)} if problems else False,
            "holiday_warning": self.env["resource.calendar"].gov_holiday_warning() or False,
        })

    def _kpi_compute_lines(self, tiles, request_groups, cases):
        month = self._kpi_totals(*tiles["finished_month"], measures=["on_time_rate"], groupby="department_id")
        rated = self._kpi_totals(*tiles["rated_month"], measures=["rating_value"], groupby="department_id")
        departments = self.env["gov.department"].browse(
            [key for key in set(request_groups) | set(cases) | set(month) | set(rated) if key])
        Line = self.env["gov.kpi.dashboard.line"]
        for department in departments.sorted(lambda d: (d.code or "", d.id)):
            key = department.id
            Line.create({
                "dashboard_id": self.id, "kind": "department", "department_id": key,
                "open_requests": request_groups.get(key, {}).get("open_count") or 0,
                "late_requests": request_groups.get(key, {}).get("late_count") or 0,
                "open_cases": cases.get(key, {}).get("open_count") or 0,
                "at_risk": cases.get(key, {}).get("at_risk_count") or 0,
                "breached": cases.get(key, {}).get("breached_count") or 0,
                "on_time_rate": month.get(key, {}).get("on_time_rate") or 0.0,
                "satisfaction": rated.get(key, {}).get("rating_value") or 0.0,
                "on_time_text": _percent(month[key]["on_time_rate"], 1) if month.get(key, {}).get("__count")
                else NO_DATA,
                "satisfaction_text": "%.2f" % rated[key]["rating_value"] if rated.get(key, {}).get("__count")
                else NO_DATA,
            })
        services = self.env["gov.kpi.request.report"].read_group(
            tiles["open_requests"][1], ["open_count", "late_count", "service_id"], ["service_id"],
            orderby="open_count desc, service_id", limit=TOP_SERVICES)
        for group in services:
            Line.create({
                "dashboard_id": self.id, "kind": "service", "service_id": group["service_id"][0],
                "open_requests": group["open_count"], "late_requests": group["late_count"],
            })
        self._kpi_compute_channel_lines(tiles)

    def _kpi_compute_channel_lines(self, tiles):
        """One line per channel: requests received this month, open, and waiting in triage."""
        counts = {}
        for key, measure in (("received_month", "received_month"), ("open_requests", "open_requests"),
                             ("triage", "triage_requests")):
            model, domain = tiles[key]
            for group in self.env[model].read_group(domain, ["channel"], ["channel"], lazy=False):
                counts.setdefault(group["channel"], {})[measure] = group["__count"]
        order = [code for code, _name in channel_selection(self)]
        for channel in sorted(counts, key=lambda code: order.index(code) if code in order else len(order)):
            self.env["gov.kpi.dashboard.line"].create(dict(
                {"received_month": 0, "open_requests": 0, "triage_requests": 0}, dashboard_id=self.id,
                kind="channel", channel=channel, **counts[channel]))

    # ------------------------------------------------------------ tile actions
    def _kpi_open(self, key, extra_domain=None, title=None):
        """The records behind a tile: the same domain as its number, on the real model."""
        model, domain = self._kpi_tile_domains()[key]
        rows = self.env[model].search(domain + (extra_domain or []))
        if model == "gov.kpi.request.report":
            target, ids = "oss.request", rows.mapped("request_id").ids
        else:
            target, ids = "citizen.case", rows.mapped("case_id").ids
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": target,
            "view_mode": "tree,form",
            "views": [(False, "tree"), (False, "form")],
            "domain": [("id", "in", ids)],
            "target": "current",
        }

    @api.multi
    def action_open_requests(self):
        return self._kpi_open("open_requests", title=_("Open requests"))

    @api.multi
    def action_open_late_requests(self):
        return self._kpi_open("late_requests", title=_("Open requests past the legal period"))

    @api.multi
    def action_open_at_risk(self):
        return self._kpi_open("at_risk", title=_("Cases at risk"))

    @api.multi
    def action_open_breached(self):
        return self._kpi_open("breached", title=_("Open cases past their deadline"))

    @api.multi
    def action_open_finished_month(self):
        return self._kpi_open("finished_month", title=_("Requests finished this month"))

    @api.multi
    def action_open_finished_last_month(self):
        return self._kpi_open("finished_last_month", title=_("Requests finished last month"))

    @api.multi
    def action_open_rated(self):
        return self._kpi_open("rated_month", title=_("Cases rated this month"))

    @api.multi
    def action_open_abandoned_month(self):
        return self._kpi_open("abandoned_month", title=_("Requests abandoned this month"))

    @api.multi
    def action_open_triage(self):
        return self._kpi_open("triage", title=_("Requests waiting in triage"))


# pylint: disable-next=no-wizard-in-models  # the dashboard's lines
class GovKpiDashboardLine(models.TransientModel):
    _name = "gov.kpi.dashboard.line"
    _description = "Service quality dashboard line"
    _order = "id"

    dashboard_id = fields.Many2one("gov.kpi.dashboard", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("department", "Department"), ("service", "Service"), ("channel", "Channel")],
                            required=True)
    channel = fields.Selection(channel_selection)
    received_month = fields.Integer(string="Received this month")
    triage_requests = fields.Integer(string="In triage")
    department_id = fields.Many2one("gov.department", ondelete="cascade")
    service_id = fields.Many2one("oss.service", ondelete="cascade")
    open_requests = fields.Integer(string="Open requests")
    late_requests = fields.Integer(string="Past legal period")
    open_cases = fields.Integer(string="Open cases")
    at_risk = fields.Integer(string="At risk")
    breached = fields.Integer()
    on_time_rate = fields.Float(string="On-time this month (%)")
    satisfaction = fields.Float(string="Satisfaction this month")
    on_time_text = fields.Char(string="On time this month",
                               help="— : no request of the department finished this month.")
    satisfaction_text = fields.Char(string="Satisfaction (1-5)",
                                    help="— : no case of the department was rated this month.")

    @api.multi
    def action_open(self):
        """Department row: its open cases; service row: its open requests; channel row: those received this
        month."""
        self.ensure_one()
        if self.kind == "department":
            return self._kpi_open_department()
        if self.kind == "channel":
            label = dict(self._fields["channel"]._description_selection(self.env)).get(self.channel, self.channel)
            return self.dashboard_id._kpi_open("received_month", [("channel", "=", self.channel)], title=label)
        return self.dashboard_id._kpi_open(
            "open_requests", [("service_id", "=", self.service_id.id)], title=self.service_id.display_name)

    def _kpi_open_department(self):
        rows = self.env["gov.kpi.case.report"].search(
            [("stage_state", "in", sql.CASE_OPEN_STATES), ("department_id", "=", self.department_id.id)])
        return {
            "type": "ir.actions.act_window",
            "name": _("Open cases: %(dep)s") % {"dep": self.department_id.display_name},
            "res_model": "citizen.case",
            "view_mode": "tree,form",
            "views": [(False, "tree"), (False, "form")],
            "domain": [("id", "in", rows.mapped("case_id").ids)],
            "target": "current",
        }
