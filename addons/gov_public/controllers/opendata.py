"""Open data: the published figures and the catalogue as CSV and JSON, their data dictionary
(a Frictionless Data Package per dataset) and the catalogue CKAN harvests (DCAT).

Stable addresses: /data/<dataset> (its page), /data/<dataset>/datapackage.json and
/data/<dataset>/<table>.csv|.json; /data/catalog.json (DCAT-US 1.1) and /data/catalog.rdf
(DCAT-AP). The files carry the same rows as the pages (``gov.public.dataset._gp_rows``).
"""
import csv
import io
import json

from odoo import http
from odoo.http import content_disposition, request

from ..models.gov_public_cells import month_label
from ..models.gov_public_resources import RESOURCES
from .common import NotFound, be_date, not_found, page_lang, render, serve

DATA_CACHE = "public, max-age=300"
CORS = [("Access-Control-Allow-Origin", "*")]  # open data: any site may read it
DATASETS = frozenset(dataset for dataset, _scope in RESOURCES.values())


def to_csv(schema, rows):
    names = [field["name"] for field in schema["fields"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row[name] for name in names])
    return out.getvalue().encode("utf-8")


def to_json(value):
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


class PublicOpenData(http.Controller):

    def _datasets(self, lang):
        # sudo: the datasets' metadata and the published rows are public
        return request.env["gov.public.dataset"].sudo().with_context(lang=lang)

    def _base_url(self):
        return request.httprequest.host_url.rstrip("/")

    @http.route("/data", type="http", auth="public", methods=["GET", "HEAD"])
    def index(self, **kwargs):
        lang, explicit = page_lang()

        def build():
            Datasets = self._datasets(lang)
            values = {"section": "data", "datasets": Datasets._gp_published(), "one": False,
                      "month_label": month_label, "format_be_date": be_date}
            return render("gov_public.opendata_page", values, lang, "/data")

        return serve(("data",), build, "text/html; charset=utf-8", lang, explicit)

    @http.route("/data/catalog.json", type="http", auth="public", methods=["GET", "HEAD"])
    def catalog_json(self, **kwargs):
        lang, explicit = page_lang()
        base = self._base_url()
        return serve(("catalog.json",), lambda: to_json(self._datasets(lang)._gp_dcat_json(base)),
                     "application/json; charset=utf-8", lang, explicit, DATA_CACHE, extra_headers=CORS)

    @http.route("/data/catalog.rdf", type="http", auth="public", methods=["GET", "HEAD"])
    def catalog_rdf(self, **kwargs):
        base = self._base_url()
        return serve(("catalog.rdf",), lambda: self._datasets("en_US")._gp_dcat_rdf(base),
                     "application/rdf+xml; charset=utf-8", "en_US", None, DATA_CACHE, extra_headers=CORS)

    def _dataset(self, code, lang):
        """The published dataset of ``code``, or NotFound."""
        dataset = self._datasets(lang)._gp_published(code)
        if not dataset:
            raise NotFound()
        return dataset

    @http.route("/data/<string:code>", type="http", auth="public", methods=["GET", "HEAD"])
    def dataset(self, code, **kwargs):
        lang, explicit = page_lang()
        if code not in DATASETS:
            return not_found(lang, explicit)

        def build():
            dataset = self._dataset(code, lang)
            schemas = {name: dataset._gp_schema(name) for name in dataset._gp_resources()}
            values = {"section": "data", "datasets": dataset, "one": True, "schemas": schemas,
                      "month_label": month_label, "format_be_date": be_date}
            return render("gov_public.opendata_page", values, lang, "/data/%s" % code)

        return serve(("dataset", code), build, "text/html; charset=utf-8", lang, explicit)

    @http.route("/data/<string:code>/<string:filename>", type="http", auth="public", methods=["GET", "HEAD"])
    def dataset_file(self, code, filename, **kwargs):
        lang, explicit = page_lang()
        name, _dot, extension = filename.rpartition(".")
        if code not in DATASETS:
            return not_found(lang, explicit)
        if filename == "datapackage.json":
            return serve(("datapackage", code), lambda: to_json(self._dataset(code, lang)._gp_datapackage()),
                         "application/json; charset=utf-8", lang, explicit, DATA_CACHE, extra_headers=CORS)
        if RESOURCES.get(name, ("",))[0] != code or extension not in ("csv", "json"):
            return not_found(lang, explicit)
        base = self._base_url()

        def build():
            dataset = self._dataset(code, lang)
            rows = dataset._gp_rows(name, base)
            return to_csv(dataset._gp_schema(name), rows) if extension == "csv" else to_json(rows)

        content_type = "text/csv; charset=utf-8" if extension == "csv" else "application/json; charset=utf-8"
        # the rows have no language (both names are columns): one file for every visitor
        return serve(("file", code, filename), build, content_type, "th_TH", None, DATA_CACHE,
                     extra_headers=CORS + [("Content-Disposition", "inline; %s" % content_disposition(filename).split(
                         ";", 1)[1].strip())])
