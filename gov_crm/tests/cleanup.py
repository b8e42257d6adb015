"""Removing what a test committed to the test database.

Tests whose data another cursor must see (a real server, parallel transactions) commit it
and cannot roll back: they delete it at the end with ``purge``. ``marks`` and
``created_since`` find what was created in between, including the records the server
made for the test (persons registered by an Open311 post, audit log entries, login
attempts, rate-limit counters).
"""
from odoo import SUPERUSER_ID

# models purged in this order (dependants first), with the links along which they follow
# the records being purged: a person takes its requests, cases, consents, log entries, ...
DEPENDANTS = [
    # official letters (gov_saraban, when installed) hold their case, request and agency
    ("gov.saraban.letter", [("partner_id", "res.partner"), ("request_id", "oss.request"),
                            ("case_id", "citizen.case")]),
    ("citizen.case", [("request_id", "oss.request"), ("partner_id", "res.partner")]),
    ("oss.request", [("partner_id", "res.partner"), ("contact_id", "res.partner"),
                     ("service_id", "oss.service")]),
    ("oss.api.client", [("partner_id", "res.partner")]),
    ("gov.rate.limit", []),
    # the LINE webhook's deliveries taken and conversations under way (oss_channel_line)
    ("oss.line.event", []),
    ("oss.line.conversation", []),
    ("gov.privacy.log", [("partner_id", "res.partner"), ("user_id", "res.users")]),
    ("gov.consent", [("partner_id", "res.partner")]),
    ("res.users", [("partner_id", "res.partner")]),
    ("res.partner", [("parent_id", "res.partner"), ("user_ids", "res.users")]),
    ("oss.service", []),
    # the jobs of the notices (one_stop_service, queue_job) the server ran for the tests
    ("queue.job", []),
    ("mail.mail", []),
    ("mail.message", []),
    # what the server writes about the tests' calls (gov_security): audit entries of their
    # records and sessions, login attempts counted by the throttling
    ("auditlog.log", []),
    ("auditlog.http.request", []),
    ("auditlog.http.session", []),
    ("res.authentication.attempt", []),
]
ORDER = [model for model, _links in DEPENDANTS]


def marks(env, models=tuple(ORDER)):
    """{model: largest id now}, for ``created_since``."""
    result = {}
    for model in models:
        if model in env:
            env.cr.execute('SELECT coalesce(max(id), 0) FROM "%s"' % env[model]._table)  # a model's table
            result[model] = env.cr.fetchone()[0]
    return result


def created_since(env, marked):
    """The records of each marked model created after ``marks`` was taken, archived ones too."""
    env = env(user=SUPERUSER_ID, context=dict(env.context, active_test=False))
    return [env[model].search([("id", ">", mark)]) for model, mark in marked.items()]


def purge(env, *recordsets):
    """Delete these records and what depends on them (see DEPENDANTS), as the superuser:
    nobody else may delete a case, a request past its draft or an audit log entry, by
    design. Messages, followers, documents, steps, notices and outbox events go with their
    records (mail.thread and ondelete="cascade")."""
    env = env(user=SUPERUSER_ID, context=dict(env.context, active_test=False, tracking_disable=True))
    audited = "auditlog.log" in env
    if audited:  # deleting audited records logs the deletion: that log goes too
        env.cr.execute("SELECT coalesce(max(id), 0) FROM auditlog_log")
        audit_mark = env.cr.fetchone()[0]
    targets = {}
    for records in recordsets:
        targets.setdefault(records._name, set()).update(records.exists().ids)
    grown = True
    while grown:  # follow the links until nothing new joins
        grown = False
        for model, links in DEPENDANTS:
            if model not in env:
                continue
            for field, target in links:
                ids = targets.get(target)
                if not ids:
                    continue
                found = set(env[model].search([(field, "in", sorted(ids))]).ids)
                if not found <= targets.get(model, set()):
                    targets.setdefault(model, set()).update(found)
                    grown = True
    for model in ORDER + sorted(set(targets) - set(ORDER)):
        if model not in env:
            continue
        records = env[model].browse(sorted(targets.get(model, ()))).exists()
        if not records:
            continue
        if model == "oss.request":
            records.write({"state": "draft"})  # only drafts may be deleted
        if model == "gov.saraban.letter":  # a letter and its case hold each other
            env.cr.execute("UPDATE citizen_case SET saraban_letter_id = NULL WHERE saraban_letter_id IN %s",
                           (tuple(records.ids),))
        records.unlink()
    if audited:
        env.cr.execute("DELETE FROM auditlog_log WHERE id > %s", (audit_mark,))
        # and what was logged of the purged records before (their creation, their changes)
        for model, ids in targets.items():
            env.cr.execute("""DELETE FROM auditlog_log l USING ir_model m
                               WHERE m.id = l.model_id AND m.model = %s AND l.res_id = ANY(%s)""",
                           (model, sorted(ids)))
