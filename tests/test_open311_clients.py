"""A published Open311 client library, unmodified, against the real server in both formats.

georeport 0.3.1 (PyPI) is the one of the three usual libraries that runs on Python 3: three
0.8.0 (Code for America) and open311 1.1 are Python 2 only (``itertools.ifilter``, implicit
relative imports) and none of them installs on Odoo's Python 3.7. georeport needs 3.9+, so it
lives in a venv of its own on Python 3.11 (requirements/open311-clients.txt, made by `make test`)
and runs as a subprocess. It reads; posting goes through plain HTTP (it has no POST).
"""
import json
import os
import subprocess
from pathlib import Path

import pytest
import requests

from .conftest import reset_rate_limits
from .test_open311_api import API, new_client, person_form, purge_module  # noqa: F401

RUNNER = Path(__file__).with_name("open311_client_run.py")


@pytest.fixture(autouse=True)
def fresh_rate_limits(gov_server):
    reset_rate_limits()


@pytest.fixture(scope="module")
def public_report(gov_server):
    """A street light reported through the API (public: anyone reads it by number)."""
    _client_id, key = new_client("Client library app")
    response = requests.post(gov_server + API + "/requests.json", timeout=60,
                             data=person_form(key, lat="13.7563", long="100.5018"))
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


def run_client(gov_server, fmt, number):
    python = os.environ.get("GOV_OPEN311_CLIENTS_PYTHON", "")
    if not os.path.isfile(python):
        pytest.fail("the Open311 client venv is missing (GOV_OPEN311_CLIENTS_PYTHON=%r): run `make test`, "
                    "which makes .state/open311-clients" % python)
    done = subprocess.run([python, str(RUNNER), gov_server + API, fmt, number], capture_output=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=""))
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout.decode("utf-8"))


def as_list(value):
    """xmltodict gives one element as a dict and several as a list."""
    return value if isinstance(value, list) else [value]


def test_georeport_reads_the_api_in_json(gov_server, public_report):
    results = run_client(gov_server, "json", public_report)
    services = results["services"]["ok"]
    assert "C09" in [s["service_code"] for s in services]
    definition = results["definition"]["ok"]
    assert definition["service_code"] == "C09" and definition["location"] == "required"
    assert [a["code"] for a in definition["attributes"][:2]] == ["national_id", "location"]
    assert results["unknown_definition"]["status"] == 404
    assert [r["service_request_id"] for r in results["requests"]["ok"]] == [public_report]
    assert public_report in [r["service_request_id"] for r in results["requests_filtered"]["ok"]]
    request = results["request"]["ok"]
    assert (request["service_request_id"], request["status"], request["lat"]) == (public_report, "open", 13.7563)
    assert results["unknown_request"]["status"] == 404
    assert results["with_jurisdiction"]["ok"] == request


def test_georeport_reads_the_same_in_xml(gov_server, public_report):
    as_json = run_client(gov_server, "json", public_report)
    results = run_client(gov_server, "xml", public_report)
    services = as_list(results["services"]["ok"])
    assert [s["service_code"] for s in services] == [s["service_code"] for s in as_json["services"]["ok"]]
    assert all(s["metadata"] == "true" for s in services)
    definition = results["definition"]["ok"]
    attributes = as_list(definition["attributes"]["attribute"])
    assert [a["code"] for a in attributes] == [a["code"] for a in as_json["definition"]["ok"]["attributes"]]
    assert definition["location"] == "required" and attributes[0]["values"] is None
    assert results["unknown_definition"]["status"] == 404
    assert "<errors><error><code>404</code>" in results["unknown_definition"]["body"]
    listed = as_list(results["requests"]["ok"])
    assert [r["service_request_id"] for r in listed] == [public_report]
    request = results["request"]["ok"]
    expected = as_json["request"]["ok"]
    assert request["service_request_id"] == public_report
    for field in ("status", "status_notes", "service_code", "description", "requested_datetime",
                  "updated_datetime", "address"):
        assert request[field] == expected[field], field
    assert float(request["lat"]) == expected["lat"] and request["zipcode"] is None
    assert results["unknown_request"]["status"] == 404
    assert results["with_jurisdiction"]["ok"] == request
