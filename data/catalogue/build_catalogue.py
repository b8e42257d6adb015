#!/usr/bin/env python3
"""Convert the service catalogue (services.json) into module data of one_stop_service.

Usage: python3 data/catalogue/build_catalogue.py [--source services.json] [--out path.xml] [--fees-out path.xml]

Departments are named by their code (gov_crm/data/gov_department_data.xml) and channels
by theirs (one_stop_service/data/oss_channel_data.xml); the converter resolves each code
to its XML id and stops with a clear message on an unknown code, a duplicate service
code or a missing field. ``applicants`` lists who may apply (citizen, business, agency,
staff) and ``channels`` the ways in through which the service may be requested; the
optional ``public_report`` (true) marks a report about a public place, whose status anyone
may read with the tracking number alone. ``location`` says whether a request names a place
(coordinates or an address): ``required`` (a report about a place), ``optional`` or ``none``
(a personal matter: no place is asked or kept). ``docs_days`` is the period the applicant has to
bring the documents missing from an incomplete file (s.8 of the Licensing Facilitation
Act), in working days of the agency calendar like ``legal_days``: a whole number of at
least 1, 7 when a service does not say.

The optional ``fee_rule`` says what a service costs, and goes to the fees addon's data
(addons/oss_payment/data/oss_service_fee_data.xml, on the services of one_stop_service):
``type`` is free, fixed (the ``fee``), per_unit or assessed (default: fixed when ``fee`` is
more than 0, else free); a fee per unit has the ``question`` asked at intake ([Thai, English])
and its ``rates``, each [name, English name, unit, English unit, price, units per block,
rounding (exact, up, half), minimum amount]; an assessed fee (a fine, an assessed tax) has the
legal ``range`` [lowest, highest] the officer sets it in (highest 0: no maximum);
``waits_payment`` (true) makes processing wait for the payment.

The public catalogue (addons/gov_public) gets its own data file: ``life_events`` lists the
codes of the life events a service is found under (addons/gov_public/data/
oss_life_event_data.xml) and ``en`` the manual's text in English (category, description,
legal_basis, fee_note, and documents and steps as lists in the order of the Thai ones).
"""
import argparse
import json
import sys
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("G2C", "G2B", "G2G", "G2E")
FEE_TYPES = ("free", "fixed", "per_unit", "assessed")
ROUNDINGS = ("exact", "up", "half")
REQUIRED = ("code", "group", "name", "name_en", "applicants", "channels", "location", "legal_days", "documents",
            "steps")
LOCATIONS = ("required", "optional", "none")
EN_TEXTS = ("category", "description", "legal_basis", "fee_note")
# party types of gov_crm -> the field of oss.service that opens the service to them
APPLICANTS = {"citizen": "allow_citizen", "business": "allow_business", "agency": "allow_agency",
              "staff": "allow_staff"}
DEFAULT_DOCS_DAYS = 7


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


def docs_days(service):
    """Working days to bring the missing documents (s.8): a whole number of at least 1."""
    days = service.get("docs_days", DEFAULT_DOCS_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SystemExit("error: service %s has docs_days %r; give a whole number of working days, at least 1"
                         % (service["code"], days))
    return days


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
    lines.append(field("docs_days", docs_days(service)))
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


def fee_records(service):
    """Records of the fees addon for one service: its fee rule and its rates per unit."""
    code, rule = service["code"], dict(service.get("fee_rule") or {})
    fee_type = rule.pop("type", "fixed" if service.get("fee") else "free")
    question = rule.pop("question", None)
    rates = rule.pop("rates", [])
    fee_range = rule.pop("range", None)
    waits = rule.pop("waits_payment", False)
    if rule:
        raise SystemExit("error: service %s has unknown fee_rule keys %s" % (code, ", ".join(sorted(rule))))
    if fee_type not in FEE_TYPES:
        raise SystemExit("error: service %s has fee type %s; use one of %s" % (code, fee_type, ", ".join(FEE_TYPES)))
    if fee_type == "fixed" and not service.get("fee"):
        raise SystemExit("error: service %s has a fixed fee of 0" % code)
    if (fee_type == "per_unit") != bool(rates and question):
        raise SystemExit("error: service %s: a fee per unit, and only it, has a question and rates" % code)
    if (fee_type == "assessed") != bool(fee_range):
        raise SystemExit("error: service %s: an assessed fee, and only it, has a range [lowest, highest]" % code)
    xmlid = "one_stop_service.oss_service_%s" % code.lower()
    lines = []  # the rates first: a service charged per unit is checked to have some
    for index, rate in enumerate(rates, 1):
        if len(rate) != 8 or rate[6] not in ROUNDINGS or rate[4] <= 0 or rate[5] <= 0:
            raise SystemExit("error: service %s rate %d is not [name, name_en, unit, unit_en, price > 0, "
                             "block > 0, rounding (%s), minimum]" % (code, index, ", ".join(ROUNDINGS)))
        lines += ['    <record id="oss_service_%s_rate_%d" model="oss.service.fee.rate">' % (code.lower(), index),
                  '        <field name="service_id" ref="%s"/>' % xmlid, field("sequence", index * 10)]
        lines += [field(name, value) for name, value in zip(
            ("name", "name_en", "unit", "unit_en", "price", "block", "rounding", "minimum"), rate)]
        lines.append("    </record>")
    lines += ['    <record id="%s" model="oss.service">' % xmlid, field("fee_type", fee_type),
              field("fee_waits_payment", bool(waits))]
    if question:
        lines += [field("fee_quantity_label", question[0]), field("fee_quantity_label_en", question[1])]
    if fee_range:
        lines += [field("fee_min", fee_range[0]), field("fee_max", fee_range[1])]
    lines.append("    </record>")
    return lines


def public_records(service, events):
    """The gov_public record of ``service``: life events and the manual's English text."""
    xmlid = "one_stop_service.oss_service_%s" % service["code"].lower()
    unknown = sorted(set(service.get("life_events", [])) - set(events))
    if unknown:
        raise SystemExit("error: service %s has unknown life events %s; known: %s" % (
            service["code"], ", ".join(unknown), ", ".join(sorted(events))))
    english = service.get("en", {})
    for key, thai in (("documents", service["documents"]), ("steps", service["steps"])):
        if key in english and len(english[key]) != len(thai):
            raise SystemExit("error: service %s has %d %s in English for %d in Thai" % (
                service["code"], len(english[key]), key, len(thai)))
    refs = ", ".join("ref('%s')" % events[code] for code in service.get("life_events", []))
    lines = ['    <record id="%s" model="oss.service">' % xmlid,
             '        <field name="life_event_ids" eval="[(6, 0, [%s])]"/>' % refs]
    lines += [field("%s_en" % key, english[key]) for key in EN_TEXTS if english.get(key)]
    lines.append("    </record>")
    for kind, model in (("documents", "doc"), ("steps", "step")):
        for index, name in enumerate(english.get(kind, []), 1):
            lines += ['    <record id="%s_%s_%d" model="oss.service.%s">' % (
                xmlid, model, index, "document" if model == "doc" else "step"),
                field("name_en", name), "    </record>"]
    return lines


def write_xml(path, lines):
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           "<!-- Generated by data/catalogue/build_catalogue.py from data/catalogue/services.json:",
           "     edit the JSON and run the converter again. -->",
           '<odoo noupdate="1">'] + lines + ["</odoo>"]
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(Path(__file__).with_name("services.json")))
    parser.add_argument("--departments", default=str(ROOT / "gov_crm/data/gov_department_data.xml"))
    parser.add_argument("--channels", default=str(ROOT / "one_stop_service/data/oss_channel_data.xml"))
    parser.add_argument("--out", default=str(ROOT / "one_stop_service/data/oss_service_data.xml"))
    parser.add_argument("--fees-out", default=str(ROOT / "addons/oss_payment/data/oss_service_fee_data.xml"))
    parser.add_argument("--life-events", default=str(ROOT / "addons/gov_public/data/oss_life_event_data.xml"))
    parser.add_argument("--public-out", default=str(ROOT / "addons/gov_public/data/oss_service_public_data.xml"))
    args = parser.parse_args()
    services = json.loads(Path(args.source).read_text(encoding="utf-8"))
    codes = [s.get("code") for s in services]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SystemExit("error: duplicate service codes: %s" % ", ".join(duplicates))
    departments = code_ids(args.departments, "gov.department", "gov_crm")
    channels = code_ids(args.channels, "oss.channel", "one_stop_service")
    events = code_ids(args.life_events, "oss.life.event", "gov_public")
    records, fees, public = [], [], []
    for service in services:
        records += service_records(service, departments, channels)
        fees += fee_records(service)
        public += public_records(service, events)
    write_xml(args.out, records)
    write_xml(args.fees_out, fees)
    write_xml(args.public_out, public)
    print("wrote %d services to %s, their fees to %s and their public texts to %s" % (
        len(services), args.out, args.fees_out, args.public_out), file=sys.stderr)


if __name__ == "__main__":
    main()
