"""Open311 GeoReport v2 endpoints: parse, check the key, call one model method, answer.

Every endpoint answers in JSON (``.json``) or XML (``.xml``) with the same content; every
error is the spec's ``[{"code", "description"}]`` (``<errors><error>`` in XML) with a 4xx
status, or 503 with Retry-After when the server is saturated or PostgreSQL unreachable; a
refused call leaves nothing behind.
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

from .. import open311 as o3
from ..open311 import ANONYMOUS_SCOPE, BODY_ERROR, CONTROL_RE, Open311Error

_logger = logging.getLogger(__name__)
PREFIX = "/open311/v2"
FMT = "<any(json,xml):fmt>"
UNREADABLE = "The body could not be read: it is shorter than its Content-Length or arrived too slowly."
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _respond(fmt, root, payload, status=200, headers=None):
    body, content_type = o3.answer(fmt, root, payload)
    return http.Response(body, status=status, headers=[
        ("Content-Type", content_type), ("Cache-Control", "no-store")] + list(headers or []))


def _error(fmt, status, description, retry_after=None):
    headers = [("Retry-After", str(retry_after))] if retry_after else []
    return _respond(fmt, "errors", [{"code": status, "description": description}], status, headers)


def _answer(fmt, handler, *args):
    """Run ``handler`` -> (status, root element, payload); its errors become the spec's errors.

    The work runs in a savepoint: a refused request leaves nothing behind.
    """
    try:
        with request.env.cr.savepoint():
            status, root, payload = handler(*args)
        return _respond(fmt, root, payload, status)
    except Open311Error as error:
        return _error(fmt, error.status, error.description, error.retry_after)
    except (ValidationError, UserError) as error:
        description = error.name if hasattr(error, "name") else str(error)
        return _error(fmt, 400, description.replace("\n", " / "))
    except AccessError:
        return _error(fmt, 403, "Access refused.")
    except werkzeug.exceptions.HTTPException:  # the body could not be read (werkzeug's ClientDisconnected)
        return _error(fmt, 400, UNREADABLE)
    except psycopg2.extensions.TransactionRollbackError:
        raise  # a serialisation failure: Odoo runs the whole call again (odoo.service.model.check)
    except Exception as error:  # an unexpected error must not leak a trace to the caller
        seconds = retry_after_for(error)
        if seconds:
            _logger.warning("Open311 call answered 503: %s", error)
            return _error(fmt, 503, "The service is busy; try again in %d seconds." % seconds, seconds)
        if isinstance(error, psycopg2.IntegrityError):  # a parallel call took the same value first
            return _error(fmt, 409, "A parallel request conflicted with this one; send it again.")
        _logger.exception("Open311 call failed")
        return _error(fmt, 500, "Internal error; the request was not recorded.")


def _query():
    """The query string as a dict: control characters refused, an empty value taken as absent
    (``status=`` is no filter), the first of repeated values; unknown names are the caller's."""
    args = request.httprequest.args
    params = {}
    for key in args:
        values = args.getlist(key)
        if CONTROL_RE.search(key) or any(CONTROL_RE.search(value) for value in values):
            raise Open311Error(400, "Parameters must not contain control characters.")
        if values[0].strip():
            params[key] = values[0]
    return params


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


def _base_url():
    return request.httprequest.url_root.rstrip("/")


class Open311Controller(http.Controller):

    @http.route(["/open311/discovery.%s" % FMT, PREFIX + "/discovery.%s" % FMT], type="http", auth="public",
                methods=["GET"])
    def discovery(self, fmt, **_kw):
        def handler(params):
            _client(params)
            return 200, "discovery", self._discovery()
        return _answer(fmt, lambda: handler(_query()))

    def _discovery(self):
        """The service discovery document: where the API is, what it speaks, whom to ask."""
        # sudo: the contact details of the agency and the time of the last catalogue change are public
        company = request.env.user.sudo().company_id
        params = request.env["ir.config_parameter"].sudo()
        contact = ", ".join(filter(None, [company.name, company.email, company.phone]))
        changeset = o3.to_w3c(request.env["oss.service"].sudo()._open311_changeset(),
                              request.env["resource.calendar"].gov_office_tz()) or None
        return {
            "changeset": changeset,
            "contact": params.get_param("oss_open311.contact") or contact,
            "key_service": params.get_param("oss_open311.key_service") or (
                "API keys are issued by the agency's service manager (%s); keys are needed to post "
                "requests, not to read services or public reports." % contact),
            "location": "Each service says whether a request names a place (services/{service_code}, "
                        "attribute location and key location: required, optional or none). Give lat and "
                        "long (WGS84 decimal degrees, within Thailand), address_string or address_id. "
                        "Places are published only for public reports.",
            "endpoints": [{
                "specification": SPECIFICATION,
                "url": _base_url() + PREFIX,
                "changeset": changeset,
                "type": params.get_param("oss_open311.endpoint_type") or "production",
                "formats": ["text/xml", "application/json"],
            }],
        }

    @http.route(PREFIX + "/services.%s" % FMT, type="http", auth="public", methods=["GET"])
    def services(self, fmt, **_kw):
        def handler(params):
            client = _client(params)
            # sudo: after the key check; only the services offered through the caller's channel,
            # through the public serialiser
            services = request.env["oss.service"].sudo()._open311_published(_channel(client))
            return 200, "services", [service._open311_service() for service in services]
        return _answer(fmt, lambda: handler(_query()))

    @http.route(PREFIX + "/services/<string:code>.%s" % FMT, type="http", auth="public", methods=["GET"])
    def service_definition(self, code, fmt, **_kw):
        def handler(params):
            client = _client(params)
            # sudo: as above, the definition of a service offered to the caller is public
            return 200, "service_definition", request.env["oss.service"].sudo()._open311_get(
                code, channel=_channel(client))._open311_definition()
        return _answer(fmt, lambda: handler(_query()))

    @http.route(PREFIX + "/requests.%s" % FMT, type="http", auth="public", methods=["GET"])
    def requests_list(self, fmt, **_kw):
        def handler(params):
            client = _client(params)
            _count_digits(params)
            # sudo: the model's search goes through the gate of public request data
            # (one_stop_service/models/oss_request_public.py); the answer holds public fields only
            requests = request.env["oss.request"].sudo()._open311_search(params, client)
            return 200, "service_requests", [item._open311_request(client, _base_url()) for item in requests]
        return _answer(fmt, lambda: handler(_query()))

    @http.route(PREFIX + "/requests/<string:number>.%s" % FMT, type="http", auth="public", methods=["GET"])
    def request_one(self, number, fmt, **_kw):
        def handler(params):
            client = _client(params)
            _count_digits(params)
            # sudo: as above, through the gate; an unreadable request is answered as unknown
            found = request.env["oss.request"].sudo()._open311_find(number, params, client)
            return 200, "service_requests", [found._open311_request(client, _base_url())]
        return _answer(fmt, lambda: handler(_query()))

    @http.route(PREFIX + "/media/<string:number>.<any(jpg,png,webp):extension>", type="http", auth="public",
                methods=["GET"])
    def media(self, number, extension, **_kw):
        """The photo of a public report, for as long as the gate lets anyone read the request."""
        try:
            _query()
            _count_anonymous(ANONYMOUS_SCOPE)
            # sudo: through the gate, as an anonymous reader: only a public report's photo is served
            content, mimetype = request.env["oss.request"].sudo()._open311_photo(number, extension)
        except Open311Error as error:
            return _error("json", error.status, error.description, error.retry_after)
        return http.Response(content, headers=[
            ("Content-Type", mimetype), ("Content-Disposition", "inline; filename=%s.%s" % (number, extension)),
            ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-cache"),
            ("Content-Security-Policy", "default-src 'none'")])

    @http.route(PREFIX + "/requests.%s" % FMT, type="http", auth="public", methods=["POST"], csrf=False)
    def requests_create(self, fmt, **_kw):
        length = request.httprequest.content_length
        if length is None:
            return _error(fmt, 411, "A Content-Length is required.")
        limit = o3.max_body_bytes(request.httprequest)
        if length > limit:
            return _error(fmt, 413, "The body is larger than %d bytes." % limit)

        def handler():
            data, media = self._posted()
            key = self._posted_key(data)
            if key is None:
                raise Open311Error(403, "An api_key is required to post a request.")
            client = _client_of_key(key)
            # sudo: only after the key check above; the model checks every posted value
            result = request.env["oss.request"].sudo()._open311_submit(client, data, media)
            return 201, "service_requests", result
        return _answer(fmt, handler)

    def _posted_key(self, data):
        """The api_key of a POST: in the body (the spec) or the query string (the v2.1 draft)."""
        query = _query().get("api_key")
        body = data.pop("api_key", None)
        if body in (None, ""):
            return query
        if query is not None and query != body:
            raise Open311Error(400, "Two different api_key values were given (body and query string).")
        return body

    def _posted(self):
        """The posted fields, a form (the spec) or a JSON object, and the content of the photo
        uploaded as the multipart field ``media`` (None without one)."""
        httprequest = request.httprequest
        if httprequest.environ.get(BODY_ERROR):
            raise Open311Error(400, UNREADABLE)
        if httprequest.mimetype == "application/json":
            return self._posted_json(httprequest), None
        if httprequest.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise Open311Error(400, "Post the fields as a form or as a JSON object.")
        form = httprequest.form
        for key in form:
            if len(form.getlist(key)) > 1:
                raise Open311Error(400, "Field %s is given more than once." % key[:40])
        data = {key: form[key] for key in form}
        if "media" in data:
            raise Open311Error(400, "media must be a file uploaded as multipart/form-data.")
        return data, self._posted_media(httprequest.files)

    @staticmethod
    def _posted_json(httprequest):
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

    @staticmethod
    def _posted_media(files):
        if not files:
            return None
        unknown = sorted(set(files) - {"media"})
        if unknown or len(files.getlist("media")) > 1:
            raise Open311Error(400, "Only one file is accepted, as the field media.")
        storage = files["media"]
        content = storage.read(o3.MAX_MEDIA_BYTES + 1)
        if not content and not storage.filename:  # a form whose file field was left empty
            return None
        return content

    @http.route(["/open311", "/open311/<path:rest>"], type="http", auth="public", csrf=False)
    def not_found(self, rest=None, **_kw):
        return _error(o3.format_of(rest), 404, "No such Open311 endpoint.")
