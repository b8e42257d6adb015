"""Fill the stored KPI figures of the records that existed before the module."""
from odoo import SUPERUSER_ID, api


def post_init_hook(cr, registry):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["oss.request"].search([("state", "in", ("done", "rejected"))])._kpi_store_handling()
    # the reopening dates of older cases are unknown: count every reopening as early
    cr.execute("UPDATE citizen_case SET kpi_reopened_early = TRUE WHERE reopen_count > 0")
