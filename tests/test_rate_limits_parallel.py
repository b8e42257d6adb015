"""Rate limits hold under parallel bursts: counting and recording are one atomic step, so
exactly the limit gets through (a burst of lookups once got 10-17 answers against 10)."""
import datetime
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .conftest import committed_env, reset_rate_limits, system_params
from .test_open311_api import API, new_client
from .test_oss_http import csrf

BURST = 40


def in_one_minute():
    """Wait, when needed, so that a burst falls inside one minute window."""
    second = datetime.datetime.utcnow().second
    if second > 45:
        time.sleep(61 - second)


def burst(calls):
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def test_status_page_gives_exactly_the_limit_to_a_parallel_burst(gov_server):
    reset_rate_limits()
    sessions = []
    for _visitor in range(BURST):  # every visitor has the form (and its CSRF token) first
        session = requests.Session()
        sessions.append((session, csrf(session.get(gov_server + "/oss/track", timeout=30).text)))

    def lookup(session, token):
        return session.post(gov_server + "/oss/track", timeout=60, data={
            "csrf_token": token, "number": "OSS-2569-999999", "last4": "1234"}).status_code

    statuses = burst([lambda s=s, t=t: lookup(s, t) for s, t in sessions])
    assert sorted(statuses) == [200] * 10 + [429] * (BURST - 10)
    reset_rate_limits()


def test_api_key_gives_exactly_its_limit_to_a_parallel_burst(gov_server):
    client_id, key = new_client("Burst app", rate_limit=10)
    in_one_minute()
    url = gov_server + API + "/services.json"
    statuses = burst([lambda: requests.get(url, params={"api_key": key}, timeout=60).status_code] * BURST)
    assert sorted(statuses) == [200] * 10 + [429] * (BURST - 10)
    with committed_env() as env:
        client = env["oss.api.client"].browse(client_id)
        assert client.last_call
        client.unlink()


def test_anonymous_api_gives_exactly_its_limit_to_a_parallel_burst(gov_server):
    reset_rate_limits()
    with system_params(oss_open311__anonymous_rate_limit=10):
        in_one_minute()
        url = gov_server + API + "/services/C09.json"
        statuses = burst([lambda: requests.get(url, timeout=60).status_code] * BURST)
        assert sorted(statuses) == [200] * 10 + [429] * (BURST - 10)
    reset_rate_limits()
