"""The cost of escalating late cases, set-based against the ORM, in an ``odoo shell`` (nothing is kept).

    GOV_DB=govcrm_test scripts/gov.sh shell < bench/escalation_cost.py

``citizen_case``'s escalation job (``_cron_escalate``) writes the supervisors' activities and
inbox notifications with a fixed number of SQL statements. This script makes 10, 100 and 1,000
late cases of a department whose supervisor reads the inbox, then escalates them twice from the
same starting point: once with ``_cron_escalate`` and once as the ORM would (one activity created
and one note posted to the supervisor per case, the escalated state written), and prints the time
and the SQL queries of each. Everything is rolled back at the end.
"""
# pylint: disable=undefined-variable
import datetime
import time

from odoo import fields

SIZES = (10, 100, 1000)


def measure(env, action):
    """(seconds, SQL queries) of ``action()``."""
    cr = env.cr
    queries, start = cr.sql_log_count, time.perf_counter()
    action()
    return time.perf_counter() - start, cr.sql_log_count - queries


def orm_escalation(env):
    """What ``_cron_escalate`` does, written with the ORM one case at a time."""
    now = fields.Datetime.now()
    Case = env["citizen.case"]
    activity_type = env.ref("citizen_case.mail_activity_type_escalation")
    model_id = env["ir.model"]._get_id("citizen.case")
    due = Case.search([("department_id.manager_id", "!=", False), ("stage_state", "in", ("new", "progress")),
                       ("sla_frozen_state", "=", False), ("date_at_risk", "<=", now)])
    for case in due:
        state = "breached" if case.deadline <= now else "at_risk"
        if case.escalated_state == state:
            continue
        case.escalated_state = state
        env["mail.activity"].search([("res_model", "=", "citizen.case"), ("res_id", "=", case.id),
                                     ("activity_type_id", "=", activity_type.id)]).unlink()
        env["mail.activity"].create({
            "res_model_id": model_id, "res_id": case.id, "activity_type_id": activity_type.id,
            "summary": "Case past its deadline" if state == "breached" else "Case at risk",
            "date_deadline": fields.Date.context_today(case), "user_id": case.department_id.manager_id.id})
        case.message_post(body="<p>Escalated to the department supervisor.</p>", subtype="mail.mt_note",
                          message_type="notification",
                          partner_ids=case.department_id.manager_id.partner_id.ids)


def late_cases(env, department, count):
    past = datetime.datetime.utcnow() - datetime.timedelta(days=3)
    quiet = env["citizen.case"].with_context(tracking_disable=True, mail_create_nolog=True,
                                             mail_create_nosubscribe=True)
    for _index in range(count):
        quiet.create({"subject": "Bench late case", "department_id": department.id,
                      "date_open": fields.Datetime.to_string(past - datetime.timedelta(days=10)),
                      "sla_days": 5, "deadline": fields.Datetime.to_string(past),
                      "date_at_risk": fields.Datetime.to_string(past - datetime.timedelta(days=2))})


def compare(env):
    cr = env.cr
    # the cases already late in the database are escalated first, so that only the bench's count
    env["citizen.case"]._cron_escalate()
    supervisor = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench supervisor", "login": "bench-supervisor-escalation", "notification_type": "inbox",
        "groups_id": [(6, 0, env.ref("gov_crm.group_gov_supervisor").ids)]})
    department = env["gov.department"].create({"name": "Bench escalation", "code": "BENCH-ESC",
                                               "manager_id": supervisor.id,
                                               "member_ids": [(4, supervisor.id)]})
    for size in SIZES:
        late_cases(env, department, size - sum(s for s in SIZES if s < size))
        figures = {}
        for label, action in (("set-based", env["citizen.case"]._cron_escalate),
                              ("ORM", lambda: orm_escalation(env))):
            cr.execute("SAVEPOINT bench_escalation")
            env.clear()
            figures[label] = measure(env, action)
            cr.execute("ROLLBACK TO SAVEPOINT bench_escalation")
            env.clear()
        print("%5d late cases: set-based %.2f s, %d queries; ORM %.2f s, %d queries (%.0f times slower)" % (
            size, figures["set-based"][0], figures["set-based"][1], figures["ORM"][0], figures["ORM"][1],
            figures["ORM"][0] / max(figures["set-based"][0], 1e-6)))


env.cr.execute("SELECT count(*) FROM citizen_case")  # noqa: F821 (the shell's environment)
print("database %s: %d cases" % (env.cr.dbname, env.cr.fetchone()[0]))  # noqa: F821
try:
    compare(env)  # noqa: F821
finally:
    env.cr.rollback()  # noqa: F821
