"""The CSV and JSON files validate against the data dictionary they publish; the dictionary,
the Data Package and the DCAT catalogue say what a portal needs."""
import json

from lxml import etree

from odoo.addons.gov_public.controllers.opendata import to_csv, to_json
from odoo.addons.gov_public.models.gov_public_resources import RESOURCES

from .common import PublicCase
from .tableschema import check_schema, validate_csv, validate_json

BASE = "https://agency.example"


class TestOpenData(PublicCase):

    def test_files_validate_against_their_schema(self):
        Datasets = self.env["gov.public.dataset"]
        for lang in ("th_TH", "en_US"):
            for resource in RESOURCES:
                schema = Datasets.with_context(lang=lang)._gp_schema(resource)
                self.assertEqual(check_schema(schema), [], resource)
                rows = Datasets._gp_rows(resource, BASE)
                self.assertTrue(rows, resource)
                self.assertEqual(validate_csv(schema, to_csv(schema, rows).decode("utf-8")), [], resource)
                self.assertEqual(validate_json(schema, json.loads(to_json(rows).decode("utf-8"))), [], resource)

    def test_the_validator_refuses_what_breaks_the_schema(self):
        schema = self.env["gov.public.dataset"]._gp_schema("performance-by-department")
        header = ",".join(field["name"] for field in schema["fields"])
        good = "KPIA,หน่วย,,2026-11,2569-11,12,<5,<5,3.0,0,,"
        self.assertEqual(validate_csv(schema, "%s\n%s\n" % (header, good)), [])
        for bad, why in (("KPIA,หน่วย,,2026-13,2569-11,12,<5,<5,3.0,0,,", "2026-13"),
                         ("KPIA,หน่วย,,2026-11,2569-11,twelve,<5,<5,3.0,0,,", "twelve"),
                         ("KPIA,หน่วย,,2026-11,2569-11,12,<5,101.0,3.0,0,,", "above 100"),
                         (",หน่วย,,2026-11,2569-11,12,<5,<5,3.0,0,,", "required"),
                         ("KPIA,หน่วย,,2026-11,1900-11,12,<5,<5,3.0,0,,", "does not match")):
            errors = validate_csv(schema, "%s\n%s\n" % (header, bad))
            self.assertTrue(errors and why in " ".join(errors), (bad, errors))
        twice = validate_csv(schema, "%s\n%s\n%s\n" % (header, good, good))
        self.assertIn("primary key ('KPIA', '2026-11') repeated", " ".join(twice))
        row = dict(zip([f["name"] for f in schema["fields"]], [
            "KPIA", "หน่วย", None, "2026-11", "2569-11", 12, "<5", "<5", 3.0, 0, None, None]))
        self.assertEqual(validate_json(schema, [row]), [])
        self.assertIn("not an integer", " ".join(validate_json(schema, [dict(row, received="12")])))
        self.assertIn("keys", " ".join(validate_json(schema, [dict(row, name="someone")])))

    def test_data_package(self):
        dataset = self.env.ref("gov_public.dataset_service_performance").with_context(lang="en_US")
        package = dataset._gp_datapackage()
        self.assertEqual((package["profile"], package["name"]), ("tabular-data-package", "service-performance"))
        self.assertEqual(package["licenses"], [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                                                "path": "https://creativecommons.org/licenses/by/4.0/"}])
        self.assertEqual([r["path"] for r in package["resources"]], [
            "performance-by-department.csv", "performance-by-department.json",
            "performance-by-service.csv", "performance-by-service.json"])
        fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
        self.assertEqual(fields["on_time_rate"]["title"], "On-time rate (%)")
        self.assertEqual(package["resources"][0]["schema"]["missingValues"], ["", "<5"])
        thai = dataset.with_context(lang="th_TH")._gp_schema("performance-by-department")
        self.assertEqual({f["name"]: f["title"] for f in thai["fields"]}["on_time_rate"], "อัตราแล้วเสร็จตามกำหนด (%)")

    def test_dcat_catalogues(self):
        Datasets = self.env["gov.public.dataset"].with_context(lang="en_US")
        catalog = Datasets._gp_dcat_json(BASE)
        self.assertEqual(catalog["conformsTo"], "https://project-open-data.cio.gov/v1.1/schema")
        self.assertEqual([d["identifier"] for d in catalog["dataset"]], [
            BASE + "/data/service-performance", BASE + "/data/service-backlog", BASE + "/data/service-catalogue"])
        performance = catalog["dataset"][0]
        for key in ("title", "description", "keyword", "modified", "publisher", "contactPoint", "accessLevel",
                    "license", "accrualPeriodicity", "temporal", "distribution", "landingPage"):
            self.assertTrue(performance.get(key), key)
        months = Datasets._gp_months()
        self.assertEqual(performance["temporal"].split("/")[0], "%s-01" % months[0])
        self.assertEqual(performance["distribution"][0]["downloadURL"],
                         BASE + "/data/service-performance/performance-by-department.csv")
        rdf = etree.fromstring(Datasets._gp_dcat_rdf(BASE))
        ns = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
              "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
        datasets = rdf.findall(".//dcat:Dataset", ns)
        self.assertEqual(len(datasets), 3)
        titles = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text
                  for t in datasets[0].findall("dct:title", ns)}
        self.assertEqual(titles, {"en": "Service performance by month", "th": "ผลการให้บริการรายเดือน"})
        self.assertEqual(len(datasets[0].findall(".//dcat:Distribution", ns)), 4)
        self.assertEqual(datasets[0].find("dct:license", ns).get("{%s}resource" % ns["rdf"]),
                         "https://creativecommons.org/licenses/by/4.0/")

    def test_an_archived_dataset_is_not_published(self):
        self.env.ref("gov_public.dataset_service_backlog").active = False
        codes = [d["identifier"].rsplit("/", 1)[1] for d in self.env["gov.public.dataset"]._gp_dcat_json(BASE)[
            "dataset"]]
        self.assertEqual(codes, ["service-performance", "service-catalogue"])
