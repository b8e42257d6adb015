#!/usr/bin/env python3
"""Convert the service catalogue (services.json) into module data of one_stop_service.

Usage: python3 data/catalogue/build_catalogue.py [--source services.json] [--out path.xml]

Departments are named by their code (gov_crm/data/gov_department_data.xml) and channels
by theirs (one_stop_service/data/oss_channel_data.xml); the converter resolves each code
to its XML id and stops with a clear message on an unknown code, a duplicate service
code or a missing field. ``applicants`` lists who may apply (citizen, business, agency,
staff) and ``channels`` the ways in through which the service may be requested; the
optional ``public_report`` (true) marks a report about a public place, whose status anyone
may read with the tracking number alone. ``location`` says whether a request names a place
(coordinates or an address): ``required`` (a report about a place), ``optional`` or ``none``
(a personal matter: no place is asked or kept).
"""
import argparse
import json
import sys
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("G2C", "G2B", "G2G", "G2E")
REQUIRED = ("code", "group", "name", "name_en", "applicants", "channels", "location", "legal_days", "documents",
            "steps")
LOCATIONS = ("required", "optional", "none")
# party types of gov_crm -> the field of oss.service that opens the service to them
APPLICANTS = {"citizen": "allow_citizen", "business": "allow_business", "agency": "allow_agency",
              "staff": "allow_staff"}


def code_ids(path, model, module):
    """{code: '<module>.<xmlid>'} of the records of ``model`` in a data file."""
    ids = {}
    for record in ElementTree.parse(str(path)).getroot().iter("record"):
        if record.get("model") != model:
            continue
        for field in record.iter("field"):
            if field.get("name") == "code":
                ids[field.text.strip()] = "%s.%s" % (module, record.get("id"))
    return ids


def access_fields(service, channels):
    """The fields saying who may apply for ``service`` and through which channels."""
    unknown = sorted(set(service["applicants"]) - set(APPLICANTS))
    if unknown or not service["applicants"]:
        raise SystemExit("error: service %s has applicants %s; use some of %s" % (
            service["code"], ", ".join(unknown) or "(none)", ", ".join(APPLICANTS)))
    unknown = sorted(set(service["channels"]) - set(channels))
    if unknown or not service["channels"]:
        raise SystemExit("error: service %s has channels %s; known: %s" % (
            service["code"], ", ".join(unknown) or "(none)", ", ".join(sorted(channels))))
    lines = [field(name, party in service["applicants"]) for party, name in APPLICANTS.items()]
    refs = ", ".join("ref('%s')" % channels[code] for code in service["channels"])
    lines.append('        <field name="channel_ids" eval="[(6, 0, [%s])]"/>' % refs)
    return lines


def field(name, value):
    if isinstance(value, bool) or name == "sequence":  # numbers that order records are evaluated
        return '        <field name="%s" eval="%s"/>' % (name, value)
    return '        <field name="%s">%s</field>' % (name, escape(str(value)))


def service_records(service, departments, channels):
    missing = [key for key in REQUIRED if key not in service]
    if missing:
        raise SystemExit("error: service %s lacks %s" % (service.get("code", "?"), ", ".join(missing)))
    if service["group"] not in GROUPS:
        raise SystemExit("error: service %s has group %s; use one of %s" % (
            service["code"], service["group"], ", ".join(GROUPS)))
    if service["location"] not in LOCATIONS:
        raise SystemExit("error: service %s has location %s; use one of %s" % (
            service["code"], service["location"], ", ".join(LOCATIONS)))
    xmlid = "oss_service_%s" % service["code"].lower()
    lines = ['    <record id="%s" model="oss.service">' % xmlid]
    for key in ("code", "name", "name_en", "group", "category", "description", "legal_basis",
                "legal_days", "fee", "fee_note"):
        if service.get(key) not in (None, ""):
            lines.append(field(key, service[key]))
    lines += access_fields(service, channels)
    lines.append(field("location_mode", service["location"]))
    if service.get("public_report"):  # a report about a public place, public by nature (Open311)
        lines.append(field("public_report", True))
    lines.append("    </record>")
    for index, (name, mandatory, copies) in enumerate(service["documents"], 1):
        lines += ['    <record id="%s_doc_%d" model="oss.service.document">' % (xmlid, index),
                  '        <field name="service_id" ref="%s"/>' % xmlid,
                  field("sequence", index * 10), field("name", name),
                  field("mandatory", bool(mandatory)), field("copies", copies), "    </record>"]
    for index, (sequence, name, department, days) in enumerate(service["steps"], 1):
        if department not in departments:
            raise SystemExit("error: service %s routes to unknown department code %s; known: %s" % (
                service["code"], department, ", ".join(sorted(departments))))
        lines += ['    <record id="%s_step_%d" model="oss.service.step">' % (xmlid, index),
                  '        <field name="service_id" ref="%s"/>' % xmlid,
                  field("sequence", sequence), field("name", name),
                  '        <field name="department_id" ref="%s"/>' % departments[department],
                  field("days", days), "    </record>"]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(Path(__file__).with_name("services.json")))
    parser.add_argument("--departments", default=str(ROOT / "gov_crm/data/gov_department_data.xml"))
    parser.add_argument("--channels", default=str(ROOT / "one_stop_service/data/oss_channel_data.xml"))
    parser.add_argument("--out", default=str(ROOT / "one_stop_service/data/oss_service_data.xml"))
    args = parser.parse_args()
    services = json.loads(Path(args.source).read_text(encoding="utf-8"))
    codes = [s.get("code") for s in services]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SystemExit("error: duplicate service codes: %s" % ", ".join(duplicates))
    departments = code_ids(args.departments, "gov.department", "gov_crm")
    channels = code_ids(args.channels, "oss.channel", "one_stop_service")
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           "<!-- Generated by data/catalogue/build_catalogue.py from data/catalogue/services.json:",
           "     edit the JSON and run the converter again. -->",
           '<odoo noupdate="1">']
    for service in services:
        out += service_records(service, departments, channels)
    out.append("</odoo>")
    Path(args.out).write_text("\n".join(out) + "\n", encoding="utf-8")
    print("wrote %d services to %s" % (len(services), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
