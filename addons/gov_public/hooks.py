"""Publish the figures once at installation (the KPI summary's cron refreshes them after)."""
from odoo import SUPERUSER_ID, api


def post_init_hook(cr, registry):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["gov.public.performance"]._gp_rebuild()
