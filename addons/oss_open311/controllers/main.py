"""Open311 GeoReport v2 endpoints: parse, check the key, call one model method, answer JSON.

Every answer is JSON; every error is the spec's ``[{"code", "description"}]`` with a 4xx
status, or 503 with Retry-After when the server is saturated or PostgreSQL unreachable;
a refused call leaves nothing behind.
"""
import json
import logging

import psycopg2
import psycopg2.extensions
import werkzeug.exceptions

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.gov_http import retry_after_for
from odoo.addons.one_stop_service.models.oss_request_public import TRACK_SCOPE

from ..open311 import ANONYMOUS_SCOPE, BODY_ERROR, CONTROL_RE, MAX_BODY_BYTES, Open311Error, json_answer

_logger = logging.getLogger(__name__)
PREFIX = "/open311/v2"
UNREADABLE = "The body could not be read: it is shorter than its Content-Length or arrived too slowly."


def _json(payload, status=200, headers=None):
    body, content_type = json_answer(payload)
    return http.Response(body, status=status, headers=[
        ("Content-Type", content_type), ("Cache-Control", "no-store")] + list(headers or []))


def _error(status, description, retry_after=None):
    headers = [("Retry-After", str(retry_after))] if retry_after else []
    return _json([{"code": status, "description": description}], status, headers)


def _answer(handler, *args):
    """Run ``handler``; its errors become the spec's ``[{"code", "description"}]`` answers.

    The work runs in a savepoint: a refused request leaves nothing behind.
    """
    try:
        with request.env.cr.savepoint():
            status, payload = handler(*args)
        return _json(payload, status)
    except Open311Error as error:
        return _error(error.status, error.description, error.retry_after)
    except (ValidationError, UserError) as error:
        description = error.name if hasattr(error, "name") else str(error)
        return _error(400, description.replace("\n", " / "))
    except AccessError:
        return _error(403, "Access refused.")
    except werkzeug.exceptions.HTTPException:  # the body could not be read (werkzeug's ClientDisconnected)
        return _error(400, UNREADABLE)
    except psycopg2.extensions.TransactionRollbackError:
        raise  # a serialisation failure: Odoo runs the whole call again (odoo.service.model.check)
    except Exception as error:  # an unexpected error must not leak a trace to the caller
        seconds = retry_after_for(error)
        if seconds:
            _logger.warning("Open311 call answered 503: %s", error)
            return _error(503, "The service is busy; try again in %d seconds." % seconds, seconds)
        if isinstance(error, psycopg2.IntegrityError):  # a parallel call took the same value first
            return _error(409, "A parallel request conflicted with this one; send it again.")
        _logger.exception("Open311 call failed")
        return _error(500, "Internal error; the request was not recorded.")


def _check_query(params):
    for key, value in params.items():
        if CONTROL_RE.search(key) or CONTROL_RE.search(value):
            raise Open311Error(400, "Parameters must not contain control characters.")


def _count_anonymous(scope):
    # sudo: bookkeeping of the rate limit, keyed by a hash of the client address
    allowed, seconds = request.env["oss.request"].sudo()._oss_public_rate(scope, request.httprequest.remote_addr)
    if not allowed:
        raise Open311Error(429, "Too many calls from your address; try again in %d seconds." % seconds,
                           retry_after=seconds)


def _client_of_key(key):
    """The API client of ``key``, counted against its rate limit (403 for a wrong key)."""
    # sudo: the key is the caller's credential; checking it means reading the client table,
    # which no public user may read
    client = request.env["oss.api.client"].sudo()._open311_authenticate(key)
    client._open311_count_call()
    return client


def _client(params):
    """The API client of the ``api_key``, or None for an anonymous caller, whose calls count
    against the limit of its address."""
    _check_query(params)
    if params.get("api_key") is None:
        _count_anonymous(ANONYMOUS_SCOPE)
        return None
    return _client_of_key(params["api_key"])


def _count_digits(params):
    """A read that relies on the last 4 digits counts on the status page's limit too."""
    if params.get("last4"):
        _count_anonymous(TRACK_SCOPE)


def _channel(client):
    """The channel of a call: that of its API client (api or agency), api without a key."""
    return client.channel if client else "api"


class Open311Controller(http.Controller):

    def _params(self):
        return {key: value for key, value in request.httprequest.args.items()}

    @http.route(PREFIX + "/services.json", type="http", auth="public", methods=["GET"])
    def services(self, **_kw):
        def handler(params):
            client = _client(params)
            # sudo: after the key check; only the services offered through the caller's channel,
            # through the public serialiser
            services = request.env["oss.service"].sudo()._open311_published(_channel(client))
            return 200, [service._open311_service() for service in services]
        return _answer(handler, self._params())

    @http.route(PREFIX + "/services/<string:code>.json", type="http", auth="public", methods=["GET"])
    def service_definition(self, code, **_kw):
        def handler(params):
            client = _client(params)
            # sudo: as above, the definition of a service offered to the caller is public
            return 200, request.env["oss.service"].sudo()._open311_get(
                code, channel=_channel(client))._open311_definition()
        return _answer(handler, self._params())

    @http.route(PREFIX + "/requests.json", type="http", auth="public", methods=["GET"])
    def requests_list(self, **_kw):
        def handler(params):
            client = _client(params)
            _count_digits(params)
            # sudo: the model's search goes through the gate of public request data
            # (one_stop_service/models/oss_request_public.py); the answer holds public fields only
            requests = request.env["oss.request"].sudo()._open311_search(params, client)
            return 200, [item._open311_request(client) for item in requests]
        return _answer(handler, self._params())

    @http.route(PREFIX + "/requests/<string:number>.json", type="http", auth="public", methods=["GET"])
    def request_one(self, number, **_kw):
        def handler(params):
            client = _client(params)
            _count_digits(params)
            # sudo: as above, through the gate; an unreadable request is answered as unknown
            found = request.env["oss.request"].sudo()._open311_find(number, params, client)
            return 200, [found._open311_request(client)]
        return _answer(handler, self._params())

    @http.route(PREFIX + "/requests.json", type="http", auth="public", methods=["POST"], csrf=False)
    def requests_create(self, **_kw):
        length = request.httprequest.content_length
        if length is None:
            return _error(411, "A Content-Length is required.")
        if length > MAX_BODY_BYTES:
            return _error(413, "The body is larger than %d bytes." % MAX_BODY_BYTES)

        def handler():
            data = self._posted()
            if data.get("api_key") is None:
                raise Open311Error(403, "An api_key is required to post a request.")
            client = _client_of_key(data["api_key"])
            # sudo: only after the key check above; the model checks every posted value
            result = request.env["oss.request"].sudo()._open311_submit(client, data)
            return 201, result
        return _answer(handler)

    def _posted(self):
        """The posted fields: a form (the spec) or a JSON object."""
        httprequest = request.httprequest
        if httprequest.environ.get(BODY_ERROR):
            raise Open311Error(400, UNREADABLE)
        if httprequest.mimetype == "application/json":
            try:
                data = json.loads(httprequest.get_data().decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise Open311Error(400, "The body is not valid JSON.")
            if not isinstance(data, dict):
                raise Open311Error(400, "The body must be a JSON object.")
            try:  # a lone surrogate (\ud83d) parses but can be neither stored nor answered
                json.dumps(data, ensure_ascii=False).encode("utf-8")
            except (UnicodeEncodeError, RecursionError, ValueError):
                raise Open311Error(400, "The body holds text that is not valid Unicode.")
            return data
        if httprequest.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise Open311Error(400, "Post the fields as a form or as a JSON object.")
        form = httprequest.form
        for key in form:
            if len(form.getlist(key)) > 1:
                raise Open311Error(400, "Field %s is given more than once." % key[:40])
        if httprequest.files:
            raise Open311Error(400, "Files are not accepted; give a media_url.")
        return {key: form[key] for key in form}

    @http.route([PREFIX, PREFIX + "/<path:rest>"], type="http", auth="public", csrf=False)
    def not_found(self, rest=None, **_kw):
        return _error(404, "No such Open311 endpoint.")
