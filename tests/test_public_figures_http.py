"""Service performance and open data from outside, without a login: the figures served are
gov_kpi's for the same month, the files validate against the data dictionary they publish,
and no page or file holds a name, an ID, a phone or an e-mail of a person."""
import csv
import io
import json
import re
import subprocess
import tempfile

import pytest
import requests

from odoo.addons.gov_public.models import gov_public_cells as cells
from odoo.addons.gov_public.tests.tableschema import check_schema, validate_csv, validate_json

from .conftest import committed_env, reset_rate_limits
from .public_data import commit_figures, person_needles, remove_figures

DATASETS = ("service-performance", "service-backlog", "service-catalogue")


@pytest.fixture(scope="module")
def figures(gov_server):
    with committed_env() as env:
        created = commit_figures(env)
        created["needles"] = person_needles(env, created)
        # every natural person of the database besides: citizens and staff, as registered
        others = env["res.partner"].search([("gov_party_type", "in", ("citizen", "staff")),
                                            ("id", "not in", created["persons"])])
        created["others"] = {value for person in others
                             for value in (person.name, person.national_id, person.email, person.phone, person.mobile)
                             if value and len(value) >= 6}
    reset_rate_limits()
    yield created
    reset_rate_limits()
    with committed_env() as env:
        remove_figures(env, created)


def get(base, path):
    response = requests.get(base + path, timeout=180)
    assert response.status_code == 200, (path, response.status_code)
    return response


def test_served_figures_are_gov_kpis(gov_server, figures):
    """The JSON and CSV of the performance by department equal gov_kpi's summary, month by month."""
    rows = get(gov_server, "/data/service-performance/performance-by-department.json").json()
    with committed_env() as env:
        Summary = env["gov.kpi.request.summary"]
        Requests = env["gov.kpi.request.report"]
        registration = env.ref("gov_crm.department_civil_registration")
        served = {row["month"]: row for row in rows if row["department_code"] == "REG"}
        months = {g["month_done"] for g in Summary.read_group(
            [("department_id", "=", registration.id), ("month_done", "!=", False)], ["month_done"], ["month_done"])}
        assert len(months) >= 5
        published = 0
        for month in months:
            done = [("department_id", "=", registration.id), ("month_done", "=", month)]
            kpi = Summary.read_group(done, ["finished_count", "on_time_rate", "handling_count"], [], lazy=False)[0]
            median = Requests.kpi_percentiles(done, "handling_days")[None][0]
            row = served[month]
            assert row["finished"] == cells.count(kpi["finished_count"]), month
            assert row["on_time_rate"] == cells.measure(kpi["on_time_rate"], kpi["finished_count"], 1), month
            assert row["median_days"] == cells.measure(median, kpi["handling_count"], 1), month
            published += isinstance(row["on_time_rate"], float)
        assert published >= 4  # 6 to 8 requests a month finished: published, not withheld
    # the CSV holds the same rows
    text = get(gov_server, "/data/service-performance/performance-by-department.csv").text
    from_csv = list(csv.DictReader(io.StringIO(text)))
    assert [r["department_code"] + r["month"] for r in from_csv] == [r["department_code"] + r["month"] for r in rows]
    assert [r["on_time_rate"] for r in from_csv] == ["" if r["on_time_rate"] is None else str(r["on_time_rate"])
                                                     for r in rows]


def test_the_page_shows_the_files_figures(gov_server, figures):
    rows = get(gov_server, "/data/service-performance/performance-by-service.json").json()
    month = max(row["month"] for row in rows)
    html = get(gov_server, "/performance?lang=en&month=%s" % month).text
    row = [r for r in rows if r["service_code"] == "C01" and r["month"] == month][0]
    cells_html = re.search(r'<tr data-code="C01">(.*?)</tr>', html, re.S).group(1)
    numbers = [re.sub(r"<[^>]+>|\s", "", cell) for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', cells_html,
                                                                      re.S)]
    assert numbers[0] == str(row["received"]).replace("<5", "&lt;5")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="gp-chart"' in get(
        gov_server, "/performance/service/C01?lang=en").text


def test_files_validate_against_the_published_data_dictionary(gov_server, figures):
    for dataset in DATASETS:
        package = get(gov_server, "/data/%s/datapackage.json" % dataset).json()
        assert package["profile"] == "tabular-data-package" and package["name"] == dataset
        assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
        for resource in package["resources"]:
            schema = resource["schema"]
            assert check_schema(schema) == [], resource["name"]
            response = get(gov_server, "/data/%s/%s" % (dataset, resource["path"]))
            assert response.headers["Content-Type"].startswith(resource["mediatype"])
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            if resource["format"] == "csv":
                errors = validate_csv(schema, response.content.decode(resource["encoding"]))
            else:
                errors = validate_json(schema, response.json())
            assert errors == [], (resource["name"], errors[:5])


def test_dcat_catalogue_for_ckan(gov_server, figures):
    catalog = get(gov_server, "/data/catalog.json").json()
    assert catalog["@type"] == "dcat:Catalog" and len(catalog["dataset"]) == 3
    performance = catalog["dataset"][0]
    assert performance["identifier"] == gov_server + "/data/service-performance"
    assert performance["accrualPeriodicity"] == "R/PT15M" and performance["accessLevel"] == "public"
    assert re.match(r"^\d{4}-\d\d-01/\d{4}-\d\d-\d\d$", performance["temporal"])
    for distribution in performance["distribution"]:
        assert requests.head(distribution["downloadURL"], timeout=60).status_code == 200
    rdf = get(gov_server, "/data/catalog.rdf")
    assert rdf.headers["Content-Type"].startswith("application/rdf+xml")
    assert rdf.text.count("<dcat:Dataset ") == 3


def pages_and_files(gov_server):
    """Every public page and file (the manuals of the three services the persons asked for)."""
    paths = ["/services", "/services?page=2", "/performance", "/data", "/data/catalog.json", "/data/catalog.rdf"]
    catalogue = get(gov_server, "/data/service-catalogue/services.json").json()
    paths += ["/services/%s" % row["service_code"] for row in catalogue]
    paths += ["/performance/service/%s" % row["service_code"] for row in catalogue]
    performance = get(gov_server, "/data/service-performance/performance-by-department.json").json()
    paths += ["/performance/department/%s" % code for code in {row["department_code"] for row in performance}]
    paths += ["/performance?month=%s" % month for month in {row["month"] for row in performance}]
    for dataset in DATASETS:
        paths += ["/data/%s" % dataset, "/data/%s/datapackage.json" % dataset]
        paths += ["/data/%s/%s" % (dataset, r["path"])
                  for r in get(gov_server, "/data/%s/datapackage.json" % dataset).json()["resources"]]
    paths = [p + ("&" if "?" in p else "?") + "lang=%s" % lang for p in paths for lang in ("th", "en")]
    return paths + ["/services/%s/manual.pdf" % code for code in ("C01", "C04", "B02")]


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", pdf.name, "-"], check=True, stdout=subprocess.PIPE).stdout.decode()


def test_no_personal_data_in_any_public_page_or_file(gov_server, figures):
    needles = figures["needles"] | figures["others"]
    assert len(figures["needles"]) >= 12 * 7
    for path in pages_and_files(gov_server):
        response = get(gov_server, path)
        body = pdf_text(response.content) if path.endswith(".pdf") else response.content.decode("utf-8")
        # JSON escapes nothing of Thai (ensure_ascii off); HTML escapes none of these characters
        found = [needle for needle in needles if needle in body or json.dumps(needle)[1:-1] in body]
        assert found == [], (path, found[:5])
