"""The tables the public reads: their rows (small cells withheld) and their data dictionary.

The pages, the CSV and the JSON files all take their figures from ``_gp_rows``, so they
always agree. ``_gp_schema`` is the published Table Schema (frictionless data) of each table.
"""
from odoo import _, api, models

from . import gov_public_cells as cells

# table -> (dataset, scope of its rows)
RESOURCES = {
    "performance-by-department": ("service-performance", "department"),
    "performance-by-service": ("service-performance", "service"),
    "backlog-by-department": ("service-backlog", "department"),
    "backlog-by-service": ("service-backlog", "service"),
    "services": ("service-catalogue", None),
}

_BANDS = (("age_0_3_days", "age_0_3"), ("age_4_7_days", "age_4_7"), ("age_8_15_days", "age_8_15"),
          ("age_16_30_days", "age_16_30"), ("age_over_30_days", "age_31_plus"))
_KEY_SQL = {
    # scope -> (columns of the unit, join, filter): fixed SQL, values are parameters
    "department": ("d.code, d.name, d.name_en, NULL", "JOIN gov_department d ON d.id = t.department_id",
                   "t.scope = 'department'", "d.code"),
    "service": ('s.code, s.name, s.name_en, s."group"', "JOIN oss_service s ON s.id = t.service_id",
                "t.scope = 'service' AND s.published AND s.active", "s.code"),
}


def field(name, kind, title, description, **extra):
    value = {"name": name, "type": kind, "title": title, "description": description}
    value.update(extra)
    return value


class GovPublicTables(models.AbstractModel):
    """The published tables, for the datasets (``gov.public.dataset`` inherits this)."""

    _name = "gov.public.tables"
    _description = "Published tables of the public pages"

    # ------------------------------------------------------------ rows
    @api.model
    def _gp_months(self):
        """Months with published figures, oldest first."""
        self.env.cr.execute("SELECT DISTINCT month FROM gov_public_performance ORDER BY month")
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _gp_performance_rows(self, scope, code=None, month=None):
        columns, join, where, order = _KEY_SQL[scope]
        params = []
        if code is not None:
            where += " AND %s = %%s" % order
            params.append(code)
        if month is not None:
            where += " AND t.month = %s"
            params.append(month)
        self.env.cr.execute("""
            SELECT {columns}, t.month, t.received, t.finished, t.on_time, t.handling_count, t.median_days,
                   t.rated, t.rating_mean, t.satisfied
              FROM gov_public_performance t {join}
             WHERE {where}
          ORDER BY {order}, t.month""".format(columns=columns, join=join, where=where, order=order), params)
        rows = []
        for (unit_code, name_th, name_en, group, month_, received, finished, on_time, handling_count,
             median_days, rated, rating_mean, satisfied) in self.env.cr.fetchall():
            row = self._gp_unit(scope, unit_code, name_th, name_en, group)
            row.update({
                "month": month_, "month_be": cells.month_be(month_),
                "received": cells.count(received), "finished": cells.count(finished),
                "on_time_rate": cells.ratio(on_time, finished),
                "median_days": cells.measure(median_days, handling_count, 1),
                "rated": cells.count(rated), "rating_mean": cells.measure(rating_mean, rated, 2),
                "satisfied_rate": cells.ratio(satisfied, rated),
            })
            rows.append(row)
        return rows

    @api.model
    def _gp_backlog_rows(self, scope, code=None):
        columns, join, where, order = _KEY_SQL[scope]
        params = []
        if code is not None:
            where += " AND %s = %%s" % order
            params.append(code)
        self.env.cr.execute("""
            SELECT {columns}, t.open_count, t.age_0_3, t.age_4_7, t.age_8_15, t.age_16_30, t.age_31_plus
              FROM gov_public_backlog t {join}
             WHERE {where}
          ORDER BY {order}""".format(columns=columns, join=join, where=where, order=order), params)
        fetched = self.env.cr.fetchall()
        as_of = self._gp_refreshed_iso("service-backlog")
        rows = []
        for values in fetched:
            row = self._gp_unit(scope, *values[:4])
            row["open_requests"] = cells.count(values[4])
            for (name, _band), value in zip(_BANDS, values[5:]):
                row[name] = cells.count(value)
            row["as_of"] = as_of
            rows.append(row)
        return rows

    @api.model
    def _gp_unit(self, scope, code, name_th, name_en, group):
        if scope == "department":
            return {"department_code": code, "department_name_th": name_th, "department_name_en": name_en or None}
        return {"service_code": code, "service_group": group, "service_name_th": name_th,
                "service_name_en": name_en or None}

    @api.model
    def _gp_catalogue_rows(self, base_url):
        # sudo: the published services are public (the domain is the access check)
        Service = self.env["oss.service"].sudo()
        rows = []
        for service in Service.search(Service._gp_domain(), order="code"):
            lead = service._gp_lead_department()
            rows.append({
                "service_code": service.code, "service_group": service.group,
                "name_th": service.name, "name_en": service.name_en or None,
                "category_th": service.category or None, "category_en": service.category_en or None,
                "legal_days": service.legal_days, "fee": service.fee,
                "fee_note_th": service.fee_note or None, "fee_note_en": service.fee_note_en or None,
                "lead_department_code": lead.code or None,
                "life_events": " ".join(service.life_event_ids.mapped("code")) or None,
                "channels": " ".join(service.channel_ids.sorted(lambda c: (c.sequence, c.id)).mapped("code")),
                "page_url": "%s/services/%s" % (base_url, service.code),
                "manual_url": "%s/services/%s/manual.pdf" % (base_url, service.code),
            })
        return rows

    @api.model
    def _gp_rows(self, resource, base_url=""):
        dataset, scope = RESOURCES[resource]
        if dataset == "service-performance":
            return self._gp_performance_rows(scope)
        if dataset == "service-backlog":
            return self._gp_backlog_rows(scope)
        return self._gp_catalogue_rows(base_url)

    @api.model
    def _gp_chart_label(self):
        return _("On-time rate by month")

    # ------------------------------------------------------------ data dictionary
    @api.model
    def _gp_schema(self, resource):
        """The Table Schema of ``resource``, titles and descriptions in the context's language."""
        dataset, scope = RESOURCES[resource]
        if dataset == "service-catalogue":
            return {"fields": self._gp_catalogue_fields(), "missingValues": [""], "primaryKey": ["service_code"]}
        unit = self._gp_unit_fields(scope)
        if dataset == "service-performance":
            fields_ = unit + self._gp_performance_fields(scope)
            key = [unit[0]["name"], "month"]
        else:
            fields_ = unit + self._gp_backlog_fields()
            key = [unit[0]["name"]]
        return {"fields": fields_, "missingValues": ["", cells.SUPPRESSED], "primaryKey": key}

    @api.model
    def _gp_unit_fields(self, scope):
        if scope == "department":
            return [
                field("department_code", "string", _("Department code"), _("Code of the department."),
                      constraints={"required": True}),
                field("department_name_th", "string", _("Department (Thai)"), _("Name of the department in Thai."),
                      constraints={"required": True}),
                field("department_name_en", "string", _("Department (English)"),
                      _("Name of the department in English, when it has one.")),
            ]
        return [
            field("service_code", "string", _("Service code"), _("Code of the service in the catalogue."),
                  constraints={"required": True}),
            field("service_group", "string", _("Group"), _("G2C citizens, G2B businesses, G2G agencies, G2E staff."),
                  constraints={"required": True, "enum": ["G2C", "G2B", "G2G", "G2E"]}),
            field("service_name_th", "string", _("Service (Thai)"), _("Name of the service in Thai."),
                  constraints={"required": True}),
            field("service_name_en", "string", _("Service (English)"), _("Name of the service in English.")),
        ]

    @api.model
    def _gp_performance_fields(self, scope):
        small = _("\"<5\": withheld, fewer than 5.")
        whose = _("led by the department") if scope == "department" else _("of the service")
        return [
            field("month", "yearmonth", _("Month"),
                  _("Calendar month in office time (%(tz)s), YYYY-MM, Common era.") % {
                      "tz": self.env["resource.calendar"].gov_office_tz().zone}, constraints={"required": True}),
            field("month_be", "string", _("Month (Buddhist era)"),
                  _("The same month with its Buddhist-era year (2569 = 2026), YYYY-MM."),
                  constraints={"required": True, "pattern": "^2[5-6][0-9]{2}-(0[1-9]|1[0-2])$"}),
            field("received", "integer", _("Requests received"),
                  _("Requests %(whose)s received in the month (drafts excluded). %(small)s") % {
                      "whose": whose, "small": small}, constraints={"minimum": 0}),
            field("finished", "integer", _("Requests finished"),
                  _("Requests %(whose)s done or rejected in the month. %(small)s") % {
                      "whose": whose, "small": small}, constraints={"minimum": 0}),
            field("on_time_rate", "number", _("On-time rate (%)"),
                  _("Requests finished within their legal processing period / requests finished in the month, "
                    "in percent. Empty: none finished. \"<5\": fewer than 5 finished."),
                  constraints={"minimum": 0, "maximum": 100}),
            field("median_days", "number", _("Median handling time (working days)"),
                  _("Median working time from the complete file to the decision of the requests finished in the "
                    "month, in working days of the agency's calendar. \"<5\": fewer than 5 requests."),
                  constraints={"minimum": 0}),
            field("rated", "integer", _("Rated cases"),
                  _("Department cases resolved in the month and rated by the applicant (1-5). %(small)s") % {
                      "small": small}, constraints={"minimum": 0}),
            field("rating_mean", "number", _("Mean rating (1-5)"),
                  _("Mean of those ratings. \"<5\": fewer than 5 ratings."), constraints={"minimum": 1, "maximum": 5}),
            field("satisfied_rate", "number", _("Rated 4-5 (%)"),
                  _("Share of those ratings that are 4 or 5, in percent. \"<5\": fewer than 5 ratings."),
                  constraints={"minimum": 0, "maximum": 100}),
        ]

    @api.model
    def _gp_backlog_fields(self):
        small = _("\"<5\": withheld, fewer than 5.")
        bands = [("age_0_3_days", _("0-3 days")), ("age_4_7_days", _("4-7 days")), ("age_8_15_days", _("8-15 days")),
                 ("age_16_30_days", _("16-30 days")), ("age_over_30_days", _("More than 30 days"))]
        result = [field("open_requests", "integer", _("Open requests"),
                        _("Requests submitted and not yet finished or withdrawn. %(small)s") % {"small": small},
                        constraints={"minimum": 0})]
        for name, label in bands:
            result.append(field(name, "integer", label, _("Open requests received %(age)s ago (calendar days, "
                                                          "office time). %(small)s") % {"age": label, "small": small},
                                constraints={"minimum": 0}))
        result.append(field("as_of", "datetime", _("As of"), _("When the figures were taken (UTC)."),
                            constraints={"required": True}))
        return result

    @api.model
    def _gp_catalogue_fields(self):
        return [
            field("service_code", "string", _("Service code"), _("Code of the service in the catalogue."),
                  constraints={"required": True, "unique": True}),
            field("service_group", "string", _("Group"), _("G2C citizens, G2B businesses, G2G agencies, G2E staff."),
                  constraints={"required": True, "enum": ["G2C", "G2B", "G2G", "G2E"]}),
            field("name_th", "string", _("Service (Thai)"), _("Name of the service in Thai."),
                  constraints={"required": True}),
            field("name_en", "string", _("Service (English)"), _("Name of the service in English.")),
            field("category_th", "string", _("Category (Thai)"), _("Category of the service in Thai.")),
            field("category_en", "string", _("Category (English)"), _("Category of the service in English.")),
            field("legal_days", "integer", _("Processing period (working days)"),
                  _("Period the law or the published manual allows, in working days, from the complete file."),
                  constraints={"required": True, "minimum": 0}),
            field("fee", "number", _("Fee (THB)"), _("Fee in baht (0: free)."),
                  constraints={"required": True, "minimum": 0}),
            field("fee_note_th", "string", _("Fee details (Thai)"), _("How the fee is computed, in Thai.")),
            field("fee_note_en", "string", _("Fee details (English)"), _("How the fee is computed, in English.")),
            field("lead_department_code", "string", _("Lead department"),
                  _("Code of the department of the first step.")),
            field("life_events", "string", _("Life events"), _("Codes of the life events, separated by spaces.")),
            field("channels", "string", _("Channels"),
                  _("Codes of the channels through which the service is requested, separated by spaces.")),
            field("page_url", "string", _("Service page"), _("Address of the service's public page."),
                  format="uri", constraints={"required": True}),
            field("manual_url", "string", _("Citizen's manual"), _("Address of the citizen's manual (PDF)."),
                  format="uri", constraints={"required": True}),
        ]
