"""Server-wide set-up of the LINE webhook, run by ``post_load``.

``oss_channel_line`` is listed in ``server_wide_modules`` (odoo.conf), so this runs when the
server starts, before it listens. LINE posts its webhook as ``application/json``, which Odoo
would take for a JSON-RPC call (answered 200 with a JSON-RPC error, whatever the signature):
``/line/webhook`` is an HTTP route that reads and checks the raw body itself.
"""
from odoo import http

PATH = "/line/webhook"


def _get_request(original):
    def get_request(self, httprequest):
        if httprequest.path == PATH:
            return http.HttpRequest(httprequest)
        return original(self, httprequest)
    get_request.oss_channel_line_patched = True
    return get_request


def post_load():
    if not getattr(http.Root.get_request, "oss_channel_line_patched", False):
        http.Root.get_request = _get_request(http.Root.get_request)
