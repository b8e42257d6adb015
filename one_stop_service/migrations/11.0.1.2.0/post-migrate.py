"""The status page's lookups moved to gov_crm's gov.rate.limit: drop oss.track.attempt.

Its table, its model, fields and access rule, and the job that purged it. The model is no
longer in the registry, so it goes by SQL; the job by the ORM.
"""
from odoo import SUPERUSER_ID, api

MODEL = "oss.track.attempt"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("one_stop_service.ir_cron_oss_track_purge", raise_if_not_found=False)
    if cron:
        action = cron.ir_actions_server_id
        cron.unlink()
        action.exists().unlink()
    cr.execute("SELECT id FROM ir_model WHERE model = %s", (MODEL,))
    model_ids = [row[0] for row in cr.fetchall()]
    if not model_ids:
        return
    cr.execute("SELECT id FROM ir_model_fields WHERE model = %s", (MODEL,))
    field_ids = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id FROM ir_model_access WHERE model_id IN %s", (tuple(model_ids),))
    access_ids = [row[0] for row in cr.fetchall()]
    for model, ids in (("ir.model", model_ids), ("ir.model.fields", field_ids), ("ir.model.access", access_ids)):
        if ids:
            cr.execute("DELETE FROM ir_model_data WHERE model = %s AND res_id IN %s", (model, tuple(ids)))
    if access_ids:
        cr.execute("DELETE FROM ir_model_access WHERE id IN %s", (tuple(access_ids),))
    if field_ids:
        cr.execute("DELETE FROM ir_model_fields WHERE id IN %s", (tuple(field_ids),))
    cr.execute("DELETE FROM ir_model WHERE id IN %s", (tuple(model_ids),))
    cr.execute("DROP TABLE IF EXISTS oss_track_attempt")
