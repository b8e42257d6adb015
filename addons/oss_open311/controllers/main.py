"""Open311 GeoReport v2 endpoints: parse, check the key, call one model method, answer JSON."""
import json
import logging

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..open311 import MAX_BODY_BYTES, Open311Error

_logger = logging.getLogger(__name__)
PREFIX = "/open311/v2"

_get_request = http.Root.get_request


def _get_request_open311(self, httprequest):
    """Odoo turns every application/json body into a JSON-RPC call and answers errors in HTML;
    under /open311/ a JSON body is a plain Open311 body that the controller parses itself."""
    if httprequest.path.startswith(PREFIX + "/"):
        return http.HttpRequest(httprequest)
    return _get_request(self, httprequest)


http.Root.get_request = _get_request_open311


def _json(payload, status=200):
    return http.Response(
        json.dumps(payload, ensure_ascii=False), status=status,
        headers=[("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")])


def _answer(handler, *args):
    """Run ``handler``; its errors become the spec's ``[{"code", "description"}]`` answers.

    The work runs in a savepoint: a refused request leaves nothing behind.
    """
    try:
        with request.env.cr.savepoint():
            status, payload = handler(*args)
        return _json(payload, status)
    except Open311Error as error:
        return _json(error.as_json(), error.status)
    except (ValidationError, UserError) as error:
        description = error.name if hasattr(error, "name") else str(error)
        return _json([{"code": 400, "description": description.replace("\n", " / ")}], 400)
    except AccessError:
        return _json([{"code": 403, "description": "Access refused."}], 403)
    except Exception:  # an unexpected error must not leak a trace to the caller
        _logger.exception("Open311 call failed")
        return _json([{"code": 500, "description": "Internal error; the request was not recorded."}], 500)


def _client(params):
    """The API client of the ``api_key`` (optional for reading), counted against its rate limit."""
    if params.get("api_key") is None:
        return None
    # sudo: the key is the caller's credential; checking it means reading the client table,
    # which no public user may read
    client = request.env["oss.api.client"].sudo()._open311_authenticate(params["api_key"])
    client._open311_count_call()
    return client


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
            _client(params)
            # sudo: parameters are checked by the model; the answer holds public fields only
            requests = request.env["oss.request"].sudo()._open311_search(params)
            return 200, [item._open311_request() for item in requests]
        return _answer(handler, self._params())

    @http.route(PREFIX + "/requests/<string:number>.json", type="http", auth="public", methods=["GET"])
    def request_one(self, number, **_kw):
        def handler(params):
            _client(params)
            # sudo: the tracking number is checked by the model; the answer holds public fields only
            return 200, [request.env["oss.request"].sudo()._open311_find(number)._open311_request()]
        return _answer(handler, self._params())

    @http.route(PREFIX + "/requests.json", type="http", auth="public", methods=["POST"], csrf=False)
    def requests_create(self, **_kw):
        length = request.httprequest.content_length
        if length is None or length > MAX_BODY_BYTES:
            if length is None:
                return _json([{"code": 411, "description": "A Content-Length is required."}], 411)
            return _json([{"code": 413, "description": "The body is larger than %d bytes." % MAX_BODY_BYTES}], 413)

        def handler():
            data = self._posted()
            if data.get("api_key") is None:
                raise Open311Error(403, "An api_key is required to post a request.")
            client = _client(data)
            # sudo: only after the key check above; the model checks every posted value
            result = request.env["oss.request"].sudo()._open311_submit(client, data)
            return 201, result
        return _answer(handler)

    def _posted(self):
        """The posted fields: a form (the spec) or a JSON object."""
        httprequest = request.httprequest
        if httprequest.mimetype == "application/json":
            try:
                data = json.loads(httprequest.get_data().decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise Open311Error(400, "The body is not valid JSON.")
            if not isinstance(data, dict):
                raise Open311Error(400, "The body must be a JSON object.")
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
        return _json([{"code": 404, "description": "No such Open311 endpoint."}], 404)
