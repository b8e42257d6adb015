"""Server-wide set-up of the Open311 API, run by ``post_load``.

``oss_open311`` is listed in ``server_wide_modules`` (odoo.conf), so this runs when the
server starts, before it listens. Applied when the module was imported with a database's
registry instead, the first request after every restart came before the patch, was taken
for JSON-RPC and answered 200 with a JSON-RPC error, creating nothing.
"""
import werkzeug.datastructures
import werkzeug.exceptions

from odoo.addons.gov_http import register_plain_http, register_unavailable_body

from .open311 import BODY_ERROR, max_body_bytes, unavailable_body

PREFIX = "/open311/"


def _read_body(httprequest):
    """Read a posted body of an acceptable size now, while nothing can fail in the spec's name.

    Odoo parses a form as it builds its request object, before any route runs: a body shorter
    than its Content-Length then fails (the worker's socket times out) with a bare 400 page,
    and an oversized one is parsed whole. Here the body is read once (werkzeug keeps it for
    the form parser); when it cannot be, or is too large, the form is left empty and the
    controller answers in the spec's format.
    """
    length = httprequest.content_length
    if httprequest.method not in ("POST", "PUT") or not length:
        return
    if length <= max_body_bytes(httprequest):
        try:
            httprequest.get_data()
            return
        except (werkzeug.exceptions.HTTPException, OSError):
            httprequest.environ[BODY_ERROR] = True
    empty = werkzeug.datastructures.ImmutableMultiDict()
    httprequest.__dict__.update(form=empty, files=empty)  # as werkzeug stores a parsed form


def post_load():
    # Odoo 11 turns every application/json body into a JSON-RPC call; under /open311/ a JSON
    # body is a plain Open311 body that the controller parses itself
    register_plain_http(PREFIX, _read_body)
    # a saturated server or an unreachable database is answered in the spec's error format
    register_unavailable_body(PREFIX, unavailable_body)
