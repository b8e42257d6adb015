"""An anonymous visitor: no JSON-RPC model call, no attachment of a product record."""
import json

import pytest
import requests

from .policy import POLICY


def test_anonymous_calls_no_model_method(gov_server):
    leaks = []
    for model in sorted(POLICY):
        response = requests.post(gov_server + "/web/dataset/call_kw/%s/search_read" % model, timeout=30,
                                 data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                                     "model": model, "method": "search_read", "args": [[], ["id"]],
                                     "kwargs": {}}}), headers={"Content-Type": "application/json"})
        body = response.json()
        if response.status_code == 200 and body.get("result"):
            leaks.append("LEAK     anonymous        %-26s search_read %d rows" % (model, len(body["result"])))
    assert not leaks, "\n" + "\n".join(leaks)


@pytest.mark.parametrize("probe", ["ATT_RA", "ATT_RB", "ATT_RP", "ATT_CA", "ATT_Q"])
def test_anonymous_downloads_no_attachment(gov_server, world, probe):
    attachment_id = world.ids[probe]
    for url in ("/web/content/%d?download=true" % attachment_id, "/web/content/%d" % attachment_id,
                "/web/image/%d" % attachment_id):
        response = requests.get(gov_server + url, timeout=30, allow_redirects=False)
        assert world.national_ids["Q"].encode() not in response.content, \
            "LEAK     anonymous        ir.attachment              download    %s via %s" % (probe, url)
