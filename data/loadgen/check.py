"""Checks that generated rows are what the modules would have written (used by the smoke test).

    check_generated(env, sample=200) -> list of problems (empty when consistent)

* every stored computed or related field of a sample of generated records equals what
  its compute method gives now (recomputed in draft mode, nothing is written);
* the SLA clock of cases that were never paused, reopened or transferred equals
  ``citizen.case._sla_start_values``; expected dates equal the legal period on the
  office calendar (``gov_add_working_days``);
* gov_kpi's requests summary counts every request of the requests analysis;
* the tracking-number and case sequences are past every generated number;
* national IDs are valid and unique.
"""
import random

from stdnum.th import moa, pin

MODELS = ["res.partner", "oss.request", "oss.request.step", "oss.request.document",
          "citizen.case", "citizen.case.transfer", "gov.consent"]


def _sample_ids(env, model, sample, rnd):
    env.cr.execute('SELECT id FROM "%s" ORDER BY id DESC LIMIT 20000' % env[model]._table)  # fixed names
    ids = [r[0] for r in env.cr.fetchall()]
    return rnd.sample(ids, min(sample, len(ids)))


def _stored_computes(env, model, sample, rnd, problems):
    records = env[model].browse(_sample_ids(env, model, sample, rnd))
    fields = [f for f in records._fields.values() if f.store and f.column_type and (f.compute or f.related)]
    stored = {rec.id: {f.name: rec[f.name] for f in fields} for rec in records}
    records.invalidate_cache()
    for field in fields:
        field.compute_value(records)  # in draft mode: results stay in the cache
        for rec in records:
            want = field.convert_to_record(env.cache.get(rec, field), rec)
            got = stored[rec.id][field.name]
            if isinstance(want, float) or isinstance(got, float):
                same = abs((want or 0.0) - (got or 0.0)) < 1e-4
            else:
                same = want == got
            if not same and field.name == "activity_date_deadline" and model == "citizen.case":
                # citizen_case's set-based escalation INSERTs activities without updating this
                # stored compute (reported to its owner); not something the generator wrote
                continue
            if not same:
                problems.append("%s(%d).%s stored %r, compute gives %r" % (model, rec.id, field.name, got, want))
        records.invalidate_cache()


def check_generated(env, sample=200, seed=1):
    rnd = random.Random(seed)
    problems = []
    for model in MODELS:
        _stored_computes(env, model, sample, rnd, problems)
    Case = env["citizen.case"]
    cases = Case.browse(_sample_ids(env, "citizen.case", sample * 3, rnd)).filtered(
        lambda c: not c.transfer_ids and not c.paused_hours and not c.reopen_count
        and c.stage_state != "waiting")
    for case in cases[:sample]:
        want = Case._sla_start_values(case.department_id.resource_calendar_id, case.date_open, case.sla_days)
        for key, value in want.items():
            if (abs(value - case[key]) > 1e-6) if isinstance(value, float) else value != case[key]:
                problems.append("%s %s: stored %s, citizen_case gives %s" % (case.name, key, case[key], value))
    calendar = env.ref("gov_crm.calendar_gov_office")
    from odoo import fields
    for request in env["oss.request"].browse(_sample_ids(env, "oss.request", sample, rnd)):
        if request.date_complete:
            want = fields.Datetime.to_string(calendar.gov_add_working_days(
                fields.Datetime.from_string(request.date_complete), request.service_id.legal_days))
            if want != request.expected_date:
                problems.append("%s expected_date %s, legal period gives %s"
                                % (request.name, request.expected_date, want))
    if "kpi_handling_hours" in env["oss.request"]._fields:  # gov_kpi's stored handling time
        finished = env["oss.request"].search([("state", "in", ("done", "rejected"))], limit=sample, order="id desc")
        for request in finished:
            start = fields.Datetime.from_string(request.date_complete or request.date_received)
            want = calendar.gov_working_hours(start, fields.Datetime.from_string(request.date_done))
            if abs(want - request.kpi_handling_hours) > 1e-6:
                problems.append("%s kpi_handling_hours %s, gov_kpi gives %s"
                                % (request.name, request.kpi_handling_hours, want))
        # the months the generator stored, against the views' own expressions
        from odoo.addons.gov_kpi.models import kpi_sql as sql
        env.cr.execute("SELECT name, kpi_month_received, kpi_month_done, {received}, {done} FROM oss_request "
                       "WHERE id IN %s".format(received=sql.month_ce("date_received"), done=sql.month_ce("date_done")),
                       (tuple(finished.ids) or (0,),))
        for name, received, done, want_received, want_done in env.cr.fetchall():
            if (received, done) != (want_received, want_done):
                problems.append("%s months %s/%s, gov_kpi gives %s/%s"
                                % (name, received, done, want_received, want_done))
    if "gov.kpi.request.summary" in env:  # gov_kpi's summary, refreshed as its cron would
        env.cr.execute("SELECT (SELECT coalesce(sum(nbr), 0) FROM gov_kpi_request_summary), "
                       "(SELECT count(*) FROM gov_kpi_request_report)")
        summarised, reported = env.cr.fetchone()
        if summarised != reported:
            problems.append("the KPI summary counts %d requests of the %d analysed" % (summarised, reported))
    # sequences: the next number the modules hand out is new
    sequence = env.ref("one_stop_service.seq_oss_request")
    for date_range in sequence.date_range_ids:
        year_be = int(date_range.date_from[:4]) + 543
        env.cr.execute("SELECT max(substring(name from 10)::int) FROM oss_request WHERE name LIKE %s",
                       ("OSS-%d-%%" % year_be,))
        top = env.cr.fetchone()[0]
        if top and date_range.number_next_actual <= top:
            problems.append("sequence of %d would hand out %d again" % (year_be, date_range.number_next_actual))
    case_sequence = env.ref("citizen_case.seq_citizen_case")
    env.cr.execute("SELECT max(substring(name from '[0-9]+$')::int) FROM citizen_case WHERE name LIKE 'CASE/%%'")
    top = env.cr.fetchone()[0]
    if top and case_sequence.number_next_actual <= top:
        problems.append("case sequence would hand out %d again" % case_sequence.number_next_actual)
    env.cr.execute("SELECT national_id, gov_party_type FROM res_partner WHERE national_id IS NOT NULL "
                   "ORDER BY id DESC LIMIT 5000")
    for number, party_type in env.cr.fetchall():
        if not (moa if party_type in ("business", "agency") else pin).is_valid(number):
            problems.append("invalid identifier %s" % number)
    env.cr.execute("SELECT count(*) - count(DISTINCT national_id) FROM res_partner WHERE national_id IS NOT NULL")
    if env.cr.fetchone()[0]:
        problems.append("duplicate national IDs")
    return problems
