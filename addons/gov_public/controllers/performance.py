"""Public service performance: by month, per department and per service, with charts.

The figures are those of the published snapshot (``gov.public.performance``, taken from
gov_kpi), small cells withheld; the same rows feed the open data files.
"""
from odoo import http
from odoo.http import request

from odoo.addons.gov_crm.lib.language import name_for_reader

from ..models.gov_public_cells import month_label, valid_month
from .charts import line_chart, sparkline
from .common import NotFound, be_date, not_found, page_lang, render, serve, service_page, valid_code

SPARK_MONTHS = 12
CHART_MONTHS = 24


def month_range(last, count):
    """The ``count`` months up to ``last`` ('YYYY-MM'), oldest first."""
    year, month = (int(part) for part in last.split("-"))
    months = []
    for _index in range(count):
        months.append("%04d-%02d" % (year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def rate_series(rows, months):
    by_month = {row["month"]: row["on_time_rate"] for row in rows}
    return [(month, by_month.get(month)) for month in months]


class PublicPerformance(http.Controller):

    def _datasets(self, lang):
        # sudo: the published snapshot and the datasets' metadata are public
        return request.env["gov.public.dataset"].sudo().with_context(lang=lang)

    def _common(self, Datasets, lang):
        refreshed = Datasets._gp_published("service-performance").refreshed_at
        return {"section": "performance", "month_label": month_label,
                "refreshed": be_date(refreshed, lang, with_time=True) if refreshed else ""}

    @http.route("/performance", type="http", auth="public", methods=["GET", "HEAD"])
    def performance(self, **kwargs):
        lang, explicit = page_lang()
        month = request.httprequest.args.get("month") or None
        if month is not None and not valid_month(month):
            return not_found(lang, explicit)

        def build():
            Datasets = self._datasets(lang)
            months = Datasets._gp_months()
            if month is not None and month not in months:
                raise NotFound()
            shown = month or (months[-1] if months else None)
            departments = Datasets._gp_performance_rows("department")
            spark_months = month_range(months[-1], SPARK_MONTHS) if months else []
            sparks = {}
            for code in sorted({row["department_code"] for row in departments}):
                series = rate_series([r for r in departments if r["department_code"] == code], spark_months)
                sparks[code] = sparkline(series, code)
            values = dict(self._common(Datasets, lang), months=months[::-1], month=shown,
                          departments=[r for r in departments if r["month"] == shown],
                          services=Datasets._gp_performance_rows("service", month=shown) if shown else [],
                          backlog=Datasets._gp_backlog_rows("department"), sparks=sparks)
            return render("gov_public.performance_page", values, lang, "/performance", {"month": month})

        return serve(("performance", month), build, "text/html; charset=utf-8", lang, explicit)

    @http.route("/performance/department/<string:code>", type="http", auth="public", methods=["GET", "HEAD"])
    def department(self, code, **kwargs):
        lang, explicit = page_lang()
        if not valid_code(code):
            return not_found(lang, explicit)

        def build():
            # sudo: department names and codes are public; only the published figures are read below
            department = request.env["gov.department"].sudo().with_context(active_test=False).search(
                [("code", "=", code)], limit=1)
            if not department:
                raise NotFound()
            Service = request.env["oss.service"].sudo()
            services = Service.search(Service._gp_domain(department=department), order="code").filtered(
                lambda s: s._gp_lead_department() == department)
            return self._unit_page(
                lang, "department", department.code,
                name_for_reader(lang, department.name, department.name_en),
                services=[s._gp_summary(lang) for s in services.with_context(lang=lang)])

        return serve(("department", code), build, "text/html; charset=utf-8", lang, explicit)

    @http.route("/performance/service/<string:code>", type="http", auth="public", methods=["GET", "HEAD"])
    def service(self, code, **kwargs):
        def build(service, lang):
            summary = service._gp_summary(lang)
            return self._unit_page(lang, "service", service.code, summary["name"], service=summary, services=[])

        return service_page(code, "service-performance", build)

    def _unit_page(self, lang, scope, code, name, **values):
        """The page of one department or service (``scope``): its months, chart and backlog."""
        Datasets = self._datasets(lang)
        rows = Datasets._gp_performance_rows(scope, code=code)
        values = dict(self._common(Datasets, lang), unit=scope, code=code, name=name, rows=rows[::-1],
                      chart=self._chart(rows, lang), backlog=Datasets._gp_backlog_rows(scope, code=code), **values)
        return render("gov_public.performance_unit_page", values, lang, "/performance/%s/%s" % (scope, code))

    def _chart(self, rows, lang):
        if not rows:
            return ""
        series = rate_series(rows, month_range(rows[-1]["month"], CHART_MONTHS))
        while series and series[0][1] is None:  # start at the first month with a figure
            series.pop(0)
        return line_chart(series, lang, self._datasets(lang)._gp_chart_label()) if series else ""
