"""Open datasets: the metadata a CKAN portal harvests, and the stamp of what is published.

The rows and the data dictionary of each table are in ``gov_public_resources``; this file
holds what describes a dataset (title, description, keywords, licence, update frequency),
which service managers edit, and the Data Package and DCAT documents built from it.
"""
import calendar

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .gov_public_resources import RESOURCES

DATASET_CODES = ("service-performance", "service-backlog", "service-catalogue")
FREQUENCIES = [
    ("R/PT15M", "Every 15 minutes"),
    ("R/P1D", "Daily"),
    ("R/P1M", "Monthly"),
    ("irregular", "When it changes"),
]

# everything a public page shows changes one of these: a change anywhere renews every cached
# page and file (fixed SQL; small tables)
_STAMP_SQL = """
    SELECT concat_ws('|',
        (SELECT max(write_date) FROM oss_service), (SELECT count(*) FROM oss_service),
        (SELECT max(write_date) FROM oss_service_document), (SELECT count(*) FROM oss_service_document),
        (SELECT max(write_date) FROM oss_service_step), (SELECT count(*) FROM oss_service_step),
        (SELECT max(write_date) FROM oss_channel), (SELECT count(*) FROM oss_channel),
        (SELECT max(write_date) FROM oss_life_event), (SELECT count(*) FROM oss_service_life_event_rel),
        (SELECT max(write_date) FROM gov_department), (SELECT max(write_date) FROM res_company),
        (SELECT max(write_date) FROM resource_calendar_attendance),
        (SELECT max(greatest(write_date, refreshed_at)) FROM gov_public_dataset))
"""


def iso_utc(value):
    """'2026-11-30 12:00:17.97' (a UTC timestamp as Odoo reads it) -> '2026-11-30T12:00:17Z'."""
    return "%sT%sZ" % (value[:10], value[11:19]) if value else None


class GovPublicDataset(models.Model):
    _name = "gov.public.dataset"
    _inherit = ["gov.public.tables", "gov.public.dcat"]
    _description = "Open dataset"
    _order = "sequence, id"

    code = fields.Char(required=True, index=True, readonly=True,
                       help="Part of the dataset's address (/data/<code>): stable, never changed.")
    name = fields.Char(string="Title", required=True, translate=True)
    description = fields.Text(required=True, translate=True)
    keywords = fields.Char(translate=True, help="Comma-separated.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, help="Published on /data and in the catalogue.")
    accrual_periodicity = fields.Selection(FREQUENCIES, string="Update frequency", required=True,
                                           default="R/PT15M")
    license_id = fields.Char(string="Licence id", required=True, default="CC-BY-4.0",
                             help="SPDX identifier of the licence (CKAN knows CC-BY-4.0 as cc-by).")
    license_title = fields.Char(string="Licence", required=True, default="Creative Commons Attribution 4.0")
    license_url = fields.Char(string="Licence address", required=True,
                              default="https://creativecommons.org/licenses/by/4.0/")
    refreshed_at = fields.Datetime(string="Refreshed on", readonly=True,
                                   help="When the published figures were last taken from the KPI summary.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The dataset code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for dataset in self:
            if dataset.code not in DATASET_CODES:
                raise ValidationError(_("Unknown dataset %(code)s: the published datasets are %(codes)s.") % {
                    "code": dataset.code, "codes": ", ".join(DATASET_CODES)})

    @api.multi
    def action_gp_open(self):
        """Open the dataset's public page."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": "/data/%s" % self.code, "target": "new"}

    # ------------------------------------------------------------ stamps
    @api.model
    def _gp_stamp(self):
        """A string that changes whenever anything a public page or file shows changes."""
        self.env.cr.execute(_STAMP_SQL)
        return self.env.cr.fetchone()[0]

    @api.model
    def _gp_mark_refreshed(self):
        self.env.cr.execute("UPDATE gov_public_dataset SET refreshed_at = now() AT TIME ZONE 'UTC' "
                            "WHERE code IN ('service-performance', 'service-backlog')")
        self.invalidate_cache(["refreshed_at"])

    @api.model
    def _gp_refreshed_iso(self, code):
        self.env.cr.execute("SELECT refreshed_at FROM gov_public_dataset WHERE code = %s", (code,))
        row = self.env.cr.fetchone()
        return iso_utc(row[0]) if row else None

    def _gp_modified_iso(self):
        """When the dataset's content last changed (the catalogue: its last edited service)."""
        self.ensure_one()
        if self.code != "service-catalogue":
            return self._gp_refreshed_iso(self.code)
        self.env.cr.execute("SELECT max(write_date) FROM oss_service WHERE published")
        return iso_utc(self.env.cr.fetchone()[0])

    def _gp_temporal(self):
        """(first day, last day) the dataset covers, ISO dates, or None."""
        self.ensure_one()
        if self.code != "service-performance":
            return None
        months = self._gp_months()
        if not months:
            return None
        year, month = (int(part) for part in months[-1].split("-"))
        return "%s-01" % months[0], "%s-%02d" % (months[-1], calendar.monthrange(year, month)[1])

    # ------------------------------------------------------------ descriptions
    @api.model
    def _gp_published(self, code=None):
        domain = [("code", "=", code)] if code else []
        return self.search(domain)

    def _gp_resources(self):
        self.ensure_one()
        return [name for name, (dataset, _scope) in sorted(RESOURCES.items()) if dataset == self.code]

    def _gp_keywords(self):
        self.ensure_one()
        return [word.strip() for word in (self.keywords or "").split(",") if word.strip()]

    def _gp_datapackage(self):
        """The Frictionless Data Package of the dataset (paths relative to the descriptor)."""
        self.ensure_one()
        agency = self.env.user.company_id
        resources = []
        for name in self._gp_resources():
            schema = self._gp_schema(name)
            for extension, mediatype in (("csv", "text/csv"), ("json", "application/json")):
                resources.append({
                    "profile": "tabular-data-resource", "name": "%s-%s" % (name, extension),
                    "path": "%s.%s" % (name, extension), "format": extension, "mediatype": mediatype,
                    "encoding": "utf-8", "schema": schema,
                })
        package = {
            "profile": "tabular-data-package", "name": self.code, "title": self.name,
            "description": self.description, "keywords": self._gp_keywords(),
            "licenses": [{"name": self.license_id, "title": self.license_title, "path": self.license_url}],
            "contributors": [{"title": agency.name, "role": "publisher", "email": agency.email or None}],
            "resources": resources,
        }
        modified = self._gp_modified_iso()
        if modified:
            package["created"] = modified
        return package
