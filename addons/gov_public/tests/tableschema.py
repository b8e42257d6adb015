"""A small validator of Frictionless Table Schema, for the subset the published files use.

frictionless 5.13 (the newest that resolves for Python 3.7) needs PyYAML 6, Jinja2 3.1 and
MarkupSafe 2.1, above what Odoo 11 runs with; jsonschema validates JSON Schema, not Table
Schema (types of CSV cells, missing values, primary keys). So the checks the data dictionary
promises are written here, independently of the code that writes the files:
field types (integer, number, string, yearmonth, datetime), ``missingValues``, the
constraints ``required``, ``minimum``, ``maximum``, ``enum``, ``pattern``, ``unique``, the
``uri`` format, the header (CSV) or keys (JSON) and the primary key.
"""
import csv
import datetime
import io
import re

KNOWN_TYPES = ("integer", "number", "string", "yearmonth", "datetime")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _cast(kind, value, json_value):
    """The typed value of one cell, or ValueError."""
    if kind == "integer":
        if json_value:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("not an integer")
            return value
        if not _INTEGER.match(value):
            raise ValueError("not an integer")
        return int(value)
    if kind == "number":
        if json_value:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError("not a number")
            return float(value)
        if not _NUMBER.match(value):
            raise ValueError("not a number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("not a string")
    if kind == "yearmonth":
        datetime.datetime.strptime(value, "%Y-%m")
        if len(value) != 7:
            raise ValueError("not YYYY-MM")
    elif kind == "datetime":
        datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    return value


def _check_cell(field, raw, missing, json_value):
    """Errors of one cell; returns (errors, typed value or None when missing)."""
    constraints = field.get("constraints", {})
    if raw is None or (isinstance(raw, str) and raw in missing):
        return (["required"] if constraints.get("required") else []), None
    try:
        value = _cast(field["type"], raw, json_value)
    except ValueError as error:
        return ["%r: %s" % (raw, error)], None
    errors = []
    if "minimum" in constraints and value < constraints["minimum"]:
        errors.append("%r below %s" % (raw, constraints["minimum"]))
    if "maximum" in constraints and value > constraints["maximum"]:
        errors.append("%r above %s" % (raw, constraints["maximum"]))
    if "enum" in constraints and value not in constraints["enum"]:
        errors.append("%r not in %s" % (raw, constraints["enum"]))
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        errors.append("%r does not match %s" % (raw, constraints["pattern"]))
    if field.get("format") == "uri" and not re.match(r"^https?://[^\s]+$", value):
        errors.append("%r is not an address" % raw)
    return errors, value


def check_schema(schema):
    """Errors of the schema itself."""
    errors = []
    names = [field.get("name") for field in schema.get("fields", [])]
    if not names or len(set(names)) != len(names):
        errors.append("fields missing or not unique")
    for field in schema.get("fields", []):
        if field.get("type") not in KNOWN_TYPES:
            errors.append("%s: type %s" % (field.get("name"), field.get("type")))
        if not field.get("title") or not field.get("description"):
            errors.append("%s: no title or description" % field.get("name"))
    for key in schema.get("primaryKey", []):
        if key not in names:
            errors.append("primary key %s is not a field" % key)
    return errors


def _check_rows(schema, rows, json_value):
    missing = schema.get("missingValues", [""])
    fields = schema["fields"]
    errors, seen_keys = [], set()
    seen = {field["name"]: set() for field in fields if field.get("constraints", {}).get("unique")}
    for number, row in enumerate(rows, 1):
        typed = {}
        for field in fields:
            cell_errors, value = _check_cell(field, row.get(field["name"]), missing, json_value)
            errors += ["row %d, %s: %s" % (number, field["name"], error) for error in cell_errors]
            typed[field["name"]] = value
            if field["name"] in seen and value is not None:
                if value in seen[field["name"]]:
                    errors.append("row %d, %s: %r repeated" % (number, field["name"], value))
                seen[field["name"]].add(value)
        key = tuple(typed[name] for name in schema.get("primaryKey", []))
        if key and key in seen_keys:
            errors.append("row %d: primary key %r repeated" % (number, key))
        seen_keys.add(key)
    return errors


def validate_csv(schema, text):
    """Errors of a CSV text against ``schema`` (an empty list when it is valid)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    names = [field["name"] for field in schema["fields"]]
    if header != names:
        return ["header %s, expected %s" % (header, names)]
    rows, errors = [], []
    for number, cells in enumerate(reader, 1):
        if len(cells) != len(names):
            errors.append("row %d has %d cells" % (number, len(cells)))
            continue
        rows.append(dict(zip(names, cells)))
    return errors + _check_rows(schema, rows, json_value=False)


def validate_json(schema, data):
    """Errors of JSON data (a list of objects keyed by the field names) against ``schema``."""
    if not isinstance(data, list):
        return ["not a list of rows"]
    names = [field["name"] for field in schema["fields"]]
    errors = ["row %d: keys %s" % (number, sorted(row) if isinstance(row, dict) else row)
              for number, row in enumerate(data, 1) if not isinstance(row, dict) or sorted(row) != sorted(names)]
    return errors or _check_rows(schema, data, json_value=True)
