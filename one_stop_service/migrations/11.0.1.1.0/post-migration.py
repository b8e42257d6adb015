"""Services created before the services said who may apply and through which channels: give
each the defaults of its group (a service manager can refine them in the catalogue)."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Service = env["oss.service"].with_context(active_test=False)
    for service in Service.search([("channel_ids", "=", False)]):
        service.write(Service._oss_access_defaults(service.group))
