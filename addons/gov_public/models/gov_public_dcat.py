"""The datasets described for harvesting: DCAT-US 1.1 JSON (data.json) and DCAT-AP RDF/XML.

CKAN harvests either (ckanext-dcat: ``dcat_json_harvester`` for the JSON,
``dcat_rdf_harvester`` for the RDF); both list the same datasets and distributions.
"""
from lxml import etree

from odoo import api, models

# the EU vocabulary DCAT-AP uses for dct:accrualPeriodicity
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FREQUENCIES = {"R/PT15M": "CONT", "R/P1D": "DAILY", "R/P1M": "MONTHLY", "irregular": "IRREG"}

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}


def _q(name):
    prefix, local = name.split(":")
    return "{%s}%s" % (NS[prefix], local)


class GovPublicDcat(models.AbstractModel):
    """The datasets as DCAT (``gov.public.dataset`` inherits this)."""

    _name = "gov.public.dcat"
    _description = "Open datasets described in DCAT"

    def _gp_distributions(self, base_url):
        self.ensure_one()
        out = []
        for name in self._gp_resources():
            for extension, (mediatype, label) in sorted(MEDIA.items()):
                out.append({"name": name, "url": "%s/data/%s/%s.%s" % (base_url, self.code, name, extension),
                            "mediatype": mediatype, "format": label,
                            "schema": "%s/data/%s/datapackage.json" % (base_url, self.code)})
        return out

    @api.model
    def _gp_dcat_json(self, base_url):
        """The catalogue in DCAT-US 1.1 (Project Open Data's data.json), in the context's language."""
        agency = self.env.user.company_id
        datasets = []
        for dataset in self._gp_published():
            entry = {
                "@type": "dcat:Dataset", "title": dataset.name, "description": dataset.description,
                "keyword": dataset._gp_keywords(), "identifier": "%s/data/%s" % (base_url, dataset.code),
                "accessLevel": "public", "license": dataset.license_url,
                "publisher": {"@type": "org:Organization", "name": agency.name},
                "contactPoint": {"@type": "vcard:Contact", "fn": agency.name},
                "landingPage": "%s/data/%s" % (base_url, dataset.code),
                "accrualPeriodicity": dataset.accrual_periodicity, "language": ["th", "en"],
                "describedBy": "%s/data/%s/datapackage.json" % (base_url, dataset.code),
                "describedByType": "application/json",
                "distribution": [{
                    "@type": "dcat:Distribution", "title": "%s (%s)" % (item["name"], item["format"]),
                    "downloadURL": item["url"], "mediaType": item["mediatype"], "format": item["format"],
                    "describedBy": item["schema"], "describedByType": "application/json",
                } for item in dataset._gp_distributions(base_url)],
            }
            if agency.email:
                entry["contactPoint"]["hasEmail"] = "mailto:%s" % agency.email
            modified = dataset._gp_modified_iso()
            if modified:
                entry["modified"] = modified
            temporal = dataset._gp_temporal()
            if temporal:
                entry["temporal"] = "%s/%s" % temporal
            datasets.append(entry)
        return {
            "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
            "@id": "%s/data/catalog.json" % base_url, "@type": "dcat:Catalog",
            "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
            "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
            "dataset": datasets,
        }

    @api.model
    def _gp_dcat_rdf(self, base_url):
        """The catalogue in DCAT-AP as RDF/XML, titles and descriptions in Thai and English."""
        agency = self.env.user.company_id
        root = etree.Element(_q("rdf:RDF"), nsmap=NS)
        catalog = etree.SubElement(root, _q("dcat:Catalog"), {_q("rdf:about"): "%s/data/catalog.rdf" % base_url})
        self._gp_rdf_text(catalog, "dct:title", {"th_TH": "ข้อมูลเปิดของ %s" % agency.name,
                                                 "en_US": "Open data of %s" % agency.name})
        self._gp_rdf_publisher(catalog, agency)
        by_lang = {lang: self.with_context(lang=lang)._gp_published() for lang in ("th_TH", "en_US")}
        for index, dataset in enumerate(by_lang["en_US"]):
            thai = by_lang["th_TH"][index]
            holder = etree.SubElement(catalog, _q("dcat:dataset"))
            node = etree.SubElement(holder, _q("dcat:Dataset"), {_q("rdf:about"): "%s/data/%s" % (
                base_url, dataset.code)})
            etree.SubElement(node, _q("dct:identifier")).text = dataset.code
            self._gp_rdf_text(node, "dct:title", {"th_TH": thai.name, "en_US": dataset.name})
            self._gp_rdf_text(node, "dct:description", {"th_TH": thai.description, "en_US": dataset.description})
            for lang, record in (("th", thai), ("en", dataset)):
                for word in record._gp_keywords():
                    etree.SubElement(node, _q("dcat:keyword"), {"{http://www.w3.org/XML/1998/namespace}lang":
                                                                lang}).text = word
            self._gp_rdf_publisher(node, agency)
            etree.SubElement(node, _q("dct:license"), {_q("rdf:resource"): dataset.license_url})
            etree.SubElement(node, _q("dct:accrualPeriodicity"), {
                _q("rdf:resource"): EU_FREQUENCY + EU_FREQUENCIES[dataset.accrual_periodicity]})
            etree.SubElement(node, _q("dcat:landingPage"), {_q("rdf:resource"): "%s/data/%s" % (
                base_url, dataset.code)})
            modified = dataset._gp_modified_iso()
            if modified:
                etree.SubElement(node, _q("dct:modified"), {_q("rdf:datatype"): NS["xsd"] + "dateTime"}).text = modified
            temporal = dataset._gp_temporal()
            if temporal:
                period = etree.SubElement(etree.SubElement(node, _q("dct:temporal")), _q("dct:PeriodOfTime"))
                for tag, value in zip(("dcat:startDate", "dcat:endDate"), temporal):
                    etree.SubElement(period, _q(tag), {_q("rdf:datatype"): NS["xsd"] + "date"}).text = value
            for item in dataset._gp_distributions(base_url):
                dist = etree.SubElement(etree.SubElement(node, _q("dcat:distribution")), _q("dcat:Distribution"),
                                        {_q("rdf:about"): item["url"]})
                etree.SubElement(dist, _q("dct:title")).text = "%s (%s)" % (item["name"], item["format"])
                for tag in ("dcat:accessURL", "dcat:downloadURL"):
                    etree.SubElement(dist, _q(tag), {_q("rdf:resource"): item["url"]})
                etree.SubElement(dist, _q("dcat:mediaType")).text = item["mediatype"]
                etree.SubElement(dist, _q("dct:format")).text = item["format"]
                etree.SubElement(dist, _q("dct:license"), {_q("rdf:resource"): dataset.license_url})
                etree.SubElement(dist, _q("dct:conformsTo"), {_q("rdf:resource"): item["schema"]})
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)

    @api.model
    def _gp_rdf_text(self, node, tag, texts):
        for lang, text in sorted(texts.items()):
            if text:
                etree.SubElement(node, _q(tag), {"{http://www.w3.org/XML/1998/namespace}lang":
                                                 lang[:2]}).text = text

    @api.model
    def _gp_rdf_publisher(self, node, agency):
        publisher = etree.SubElement(etree.SubElement(node, _q("dct:publisher")), _q("foaf:Agent"))
        etree.SubElement(publisher, _q("foaf:name")).text = agency.name
        if agency.email:
            etree.SubElement(publisher, _q("foaf:mbox"), {_q("rdf:resource"): "mailto:%s" % agency.email})
