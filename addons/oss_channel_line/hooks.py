"""Server-wide set-up of the LINE webhook, run by ``post_load``.

``oss_channel_line`` is listed in ``server_wide_modules`` (odoo.conf), so this runs when the
server starts, before it listens. LINE posts its webhook as ``application/json``, which Odoo
would take for a JSON-RPC call (answered 200 with a JSON-RPC error, whatever the signature):
``/line/webhook`` is an HTTP route that reads and checks the raw body itself.
"""
from odoo.addons.gov_http import register_plain_http

PATH = "/line/webhook"


def post_load():
    register_plain_http(PATH)
