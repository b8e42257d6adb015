"""Drive the API with a published Open311 client library, unmodified: georeport 0.3.1.

Run by tests/test_open311_clients.py with the Python of .state/open311-clients (georeport needs
Python 3.9+): ``python open311_client_run.py BASE_URL FORMAT NUMBER``. Prints one JSON object
with what each call of the library returned, or the HTTP status it raised.
"""
import json
import sys

import requests
from georeport import GeoReport


def call(function, *args, **kwargs):
    try:
        return {"ok": function(*args, **kwargs)}
    except requests.HTTPError as error:
        return {"status": error.response.status_code, "body": error.response.text}


def main():
    base_url, fmt, number = sys.argv[1:4]
    client = GeoReport(base_url, output_format=fmt)
    results = {
        "services": call(client.get_service_list),
        "definition": call(client.get_service_definition, "C09"),
        "unknown_definition": call(client.get_service_definition, "ZZ99"),
        "requests": call(client.get_service_requests, service_request_id=number),
        "requests_filtered": call(client.get_service_requests, service_code="C09", status="open"),
        "request": call(client.get_service_request, number),
        "unknown_request": call(client.get_service_request, "OSS-2500-999999"),
    }
    with_jurisdiction = GeoReport(base_url, jurisdiction="th.example", output_format=fmt)
    results["with_jurisdiction"] = call(with_jurisdiction.get_service_request, number)
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
