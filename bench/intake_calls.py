"""How many Python function calls one counter intake makes, in an ``odoo shell`` (nothing is kept).

    GOV_DB=govcrm_bench scripts/gov.sh shell < bench/intake_calls.py

The processor time of the JSON-RPC figure swings by a third from one run to the next on a shared
machine; the number of Python function calls does not, and an intake's processor time follows it.
The intake is the web client's call (``oss.request.create_and_submit`` as the front desk, after the
person's search), from an empty record cache with the rows of the configuration kept by the
process, as a served call starts (``gov_crm/models/base_shared_rows.py``); then its acknowledgement's
job, from an empty cache too, run as the worker that answered the call runs it after its answer
(``gov_http/job_after_answer.py``, its commits left out), or with ``GOV_JOB_PATH=runner`` as the job
runner runs a job queued by another process (``one_stop_service/tests/jobs.py``).
The clock stands still during each
intake and each job (as when they take less than a second: a request whose public time of change
moved a second on during its submission was written again, with its audit log, a thousand calls
more). After three intakes to warm the process, ten are counted; each function of the product, of Odoo's
ORM and of mail and queue_job is charged every call made while it runs (generators may be
charged a little more than their share), and the most are printed. Everything is rolled back.
"""
# pylint: disable=undefined-variable
import collections
import contextlib
import os
import sys
from unittest.mock import patch

from odoo import fields

sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
# pylint: disable-next=wrong-import-position
from suites import FRONT_DESK, INTAKE_SERVICE, received_lines, sample_people  # noqa: E402

WARM, MEASURED, SHOWN = 3, 10, 25
SITE = "site-packages/"
CHARGED = ("/odoo/models.py", "/odoo/fields.py", "/addons/mail/", "/addons/queue_job/")


class Calls(object):
    """Python function calls made while counting, in all and by function (inclusive)."""

    def __init__(self):
        self.total = 0
        self.by_function = collections.Counter()
        self._running = collections.Counter()  # the charged functions running now
        self._stack = []

    @staticmethod
    def _name(code):
        name = code.co_filename
        if SITE in name:
            if not any(part in name for part in CHARGED):
                return None
            name = name.split(SITE, 1)[1]
        elif not name.startswith(os.getcwd()):
            return None
        else:
            name = os.path.relpath(name)
        return "%s:%d %s" % (name, code.co_firstlineno, code.co_name)

    def _profile(self, frame, event, _arg):
        if event == "call":
            self.total += 1
            for function in self._running:
                self.by_function[function] += 1
            function = self._name(frame.f_code)
            self._stack.append(function)
            if function:
                self._running[function] += 1
        elif event == "return" and self._stack:
            function = self._stack.pop()
            if function:
                self._running[function] -= 1
                if not self._running[function]:
                    del self._running[function]

    def count(self, work):
        sys.setprofile(self._profile)
        try:
            return work()
        finally:
            sys.setprofile(None)
            self._stack, self._running = [], collections.Counter()

    def report(self, title):
        print("%s: %d Python function calls each (%d counted)" % (title, self.total / MEASURED, MEASURED))
        for function, calls in self.by_function.most_common(SHOWN):
            print("%8d %5.1f %%  %s" % (calls / MEASURED, 100.0 * calls / self.total, function))


@contextlib.contextmanager
def one_moment():
    """``fields.Datetime.now()`` gives the same second inside the block."""
    moment = fields.Datetime.now()
    with patch.object(fields.Datetime, "now", staticmethod(lambda *_args: moment)):
        yield


def served(env):
    """An empty record cache, the configuration's rows kept by the process, as a served call starts."""
    env.cache.invalidate()
    env.registry.cache_invalidated = False
    env.cr._gov_rows_generation = getattr(env.registry, "_gov_rows_generation", 0)


@contextlib.contextmanager
def answering():
    """As while a request is answered: what the call leaves to run after its answer is collected."""
    from odoo.addons.gov_http import patches  # pylint: disable=import-outside-toplevel
    patches._http.after_answer = waiting = []  # pylint: disable=protected-access
    try:
        yield waiting
    finally:
        patches._http.after_answer = None  # pylint: disable=protected-access


def after_answer(env, waiting):
    """Run the jobs the answer left as the worker runs them, on this transaction (rolled back at the
    end: their commits are left out); the jobs claimed and done."""
    from odoo.addons.gov_http import job_after_answer  # pylint: disable=import-outside-toplevel
    with patch.object(type(env.cr), "commit", lambda _cr: None):
        return [args[1] for function, args in waiting
                if function in (job_after_answer.run_job, job_after_answer.hold_or_run)
                and job_after_answer.run_job_on(env.registry, env.cr, *args[1:])]


def main(env):
    from odoo.addons.one_stop_service.tests.jobs import run_jobs  # pylint: disable=import-outside-toplevel
    by_runner = os.environ.get("GOV_JOB_PATH") == "runner"
    user = env.ref(FRONT_DESK)
    service = env["oss.service"].search([("code", "=", INTAKE_SERVICE)])
    Request = env["oss.request"].sudo(user)
    lines = received_lines(Request, service)
    intake, job = Calls(), Calls()
    try:
        for i, (national_id, _phone) in enumerate(sample_people(env, WARM + MEASURED, seed=3)):
            partner = env["res.partner"].sudo(user).search([("national_id", "=", national_id)], limit=1)
            values = {"partner_id": partner.id, "service_id": service.id, "channel": "counter",
                      "document_ids": [(0, 0, line) for line in lines]}
            served(env)
            with one_moment():
                # queued for the runner: as a job of another process, loaded from its row
                with contextlib.nullcontext([]) if by_runner else answering() as waiting:
                    if i < WARM:
                        Request.create_and_submit(values)
                    else:
                        intake.count(lambda: Request.create_and_submit(values))  # pylint: disable=cell-var-from-loop
                served(env)
                # pylint: disable-next=cell-var-from-loop
                run = (lambda: run_jobs(env)) if by_runner else (lambda: after_answer(env, waiting))
                done = run() if i < WARM else job.count(run)
                if len(done) != 1:
                    raise SystemExit("an intake queued no acknowledgement's job: see the server's log")
        intake.report("the intake's call (create_and_submit)")
        job.report("\nits acknowledgement's job (%s)" % ("run by the job runner" if by_runner else "after the answer"))
    finally:
        env.cr.rollback()


main(env)  # noqa: F821
