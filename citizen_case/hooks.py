def post_init_hook(cr, registry):
    """Requests already in progress when the module is installed get their cases."""
    from odoo import SUPERUSER_ID, api
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["oss.request.step"]._open_cases_for_active_steps()
