"""Where the SQL queries of one counter intake come from, in an ``odoo shell`` (nothing is kept).

    GOV_DB=govcrm_bench scripts/gov.sh shell < bench/intake_queries.py

The intake is the benchmark's (``bench/suites.py``: the front desk finds the person by national
ID, creates the request with its documents ticked and submits it). After three intakes to warm
the caches, it times ten more and counts their queries, each charged to the innermost frame of
the product or of the Odoo or OCA module that sent it, then prints the time and the queries per
intake and the callers that send the most. Where the applicant's notices run as jobs (queue_job),
it then runs those jobs as the job runner would and counts them apart. Everything is rolled back
at the end.

    INTAKE_COLD_CACHE=1 GOV_DB=govcrm_bench scripts/gov.sh shell < bench/intake_queries.py

empties the record cache before each intake, as each call of a web client starts with an empty
one (the service, its steps, the calendar, the users are read again each time).
"""
# pylint: disable=undefined-variable
import collections
import os
import sys
import time
import traceback

from odoo import sql_db

sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
# pylint: disable-next=wrong-import-position
from suites import FRONT_DESK, INTAKE_SERVICE, check_intake, intake, sample_people  # noqa: E402

WARM, MEASURED, SHOWN = 3, 10, 30
COLD = os.environ.get("INTAKE_COLD_CACHE") == "1"
SITE = "site-packages/"


def caller(frames):
    """``path:line function`` of the innermost frame outside this script and the SQL layer."""
    for frame in reversed(frames):
        name = frame.filename
        ours_or_odoo = "/odoo/" in name or SITE in name or "/addons/" in name or name.startswith(os.getcwd())
        if not ours_or_odoo or name.endswith(("sql_db.py", "intake_queries.py", "suites.py")):
            continue
        if name.endswith(("odoo/models.py", "odoo/fields.py", "odoo/api.py", "odoo/osv/expression.py")):
            continue  # the ORM itself: charge the model code that called it
        short = name.split(SITE, 1)[-1] if SITE in name else os.path.relpath(name)
        return "%s:%d %s" % (short, frame.lineno, frame.name)
    return "(ORM)"


def notice_jobs_runner():
    """The test helper that runs the notices' jobs as the job runner does, where the notices are
    jobs (one_stop_service with queue_job); None otherwise."""
    try:
        from odoo.addons.one_stop_service.tests.jobs import run_jobs  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return run_jobs


def counted(work):
    """(Counter of queries by caller, seconds) of ``work()``."""
    counts = collections.Counter()
    original = sql_db.Cursor.execute

    def execute(self, query, params=None, log_exceptions=None):
        counts[caller(traceback.extract_stack(limit=60)[:-1])] += 1
        return original(self, query, params, log_exceptions)

    start = time.perf_counter()
    sql_db.Cursor.execute = execute
    try:
        work()
    finally:
        sql_db.Cursor.execute = original
    return counts, time.perf_counter() - start


def report(title, counts, elapsed):
    total = sum(counts.values())
    print("%s%s: %.1f queries each over %d intakes (%.0f ms each while counting; time it with "
          "`make bench`)" % (title, " (empty record cache)" if COLD else "", total / MEASURED, MEASURED,
                             elapsed * 1000 / MEASURED))
    for where, count in counts.most_common(SHOWN):
        print("%6.1f  %s" % (count / MEASURED, where))


def intake_as_called(env, user, national_id, service):
    """The benchmark's intake; with INTAKE_COLD_CACHE=1, from an empty record cache."""
    if COLD:
        env.cache.invalidate()  # every record of every model, as at the start of a web request
    return intake(env, user, national_id, service)


def main(env):
    user = env.ref(FRONT_DESK)
    service = env["oss.service"].search([("code", "=", INTAKE_SERVICE)])
    people = sample_people(env, WARM + MEASURED, seed=17)
    run_jobs = notice_jobs_runner()
    for national_id, _phone in people[:WARM]:
        check_intake(intake(env, user, national_id, service))
    if run_jobs:
        run_jobs(env)
    try:
        requests = []
        counts, elapsed = counted(lambda: requests.extend(intake_as_called(env, user, national_id, service)
                                                          for national_id, _phone in people[WARM:]))
        for request in requests:
            check_intake(request)
        report("intake", counts, elapsed)
        if run_jobs:
            # what the clerk no longer waits for: the notices' jobs, after the answer
            counts, elapsed = counted(lambda: run_jobs(env))
            report("\nthe notices' jobs of those intakes (after the answer, in the job runner)", counts, elapsed)
    finally:
        env.cr.rollback()


main(env)  # noqa: F821
