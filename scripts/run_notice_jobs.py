"""Run the notices' jobs a new database's demo data wrote, as the job runner would once a server
starts, and commit: the demo and test databases start with their notices given (through
``odoo shell``, from scripts/gov.sh's db_create)."""
# pylint: disable=undefined-variable
from odoo.addons.one_stop_service.tests.jobs import run_jobs

if "queue.job" in env:  # noqa: F821
    jobs = run_jobs(env)  # noqa: F821
    env.cr.commit()  # noqa: F821
    print("notice jobs run: %d, %s" % (len(jobs), ", ".join(sorted(set(jobs.mapped("state"))))))
