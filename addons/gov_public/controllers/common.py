"""What every public page and file shares: its language, caching, rate limits, error pages.

Pages are rendered with ``ir.qweb`` directly (as the status page) and keep no session for an
anonymous visitor. A page or file is the same for every visitor of one language, so it is
cached in the worker that built it and answered with an ETag; both are keyed by the stamp of
what it shows (``gov.public.dataset._gp_stamp``: the KPI snapshot's refresh time and the
catalogue's last change, read at most once a second), so a change anywhere renews them
within a second.
"""
import collections
import gzip
import hashlib
import re
import threading
import time

from werkzeug.urls import url_encode

from odoo.http import Response, request

from odoo.addons.gov_crm.lib.be_date import format_be_date

LANGS = {"th": "th_TH", "th_TH": "th_TH", "en": "en_US", "en_US": "en_US"}
DEFAULT_LANG = "th_TH"
LANG_COOKIE = "frontend_lang"
CACHE_ENTRIES = 256  # per worker
CACHE_SECONDS = 300  # translations edited in the back office reach the pages within this time
CACHE_CONTROL = "public, max-age=60"
# the stamp is read again at most once a second per worker: a change shows within a second,
# and a page under load costs no query of its own
STAMP_SECONDS = 1.0
# smaller bodies are sent as they are: gzip's header and the work would save nothing
GZIP_MIN_BYTES = 1024

CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

_cache = collections.OrderedDict()
_lock = threading.Lock()
_stamps = {}  # database -> (when read, stamp)


class NotFound(Exception):
    """Raised by a page's build when what it shows does not exist: answered 404."""


class PublicResponse(Response):
    """A response that is the same for every visitor: it sets no session cookie, so that a
    shared cache may keep it (Odoo would set one on every answer)."""

    def set_cookie(self, key, *args, **kwargs):
        if key == "session_id":
            return
        super(PublicResponse, self).set_cookie(key, *args, **kwargs)


def valid_code(value):
    """A code of a service, department, life event or dataset as it may appear in an address."""
    return isinstance(value, str) and bool(CODE_RE.match(value))


def clean_text(value, size):
    """Search text without control characters, spaces collapsed, at most ``size`` characters."""
    return " ".join(CONTROL_RE.sub(" ", value or "").split())[:size]


def be_date(value, lang, with_time=False):
    """A Buddhist-era date of a public page, in the office time zone."""
    return format_be_date(value, request.env["resource.calendar"].gov_office_tz(), lang, with_time)


def published_service(code, lang):
    """The published service of ``code``, read in ``lang``; NotFound when there is none."""
    # sudo: _gp_public finds published services only
    service = request.env["oss.service"].sudo().with_context(lang=lang)._gp_public(code)
    if not service:
        raise NotFound()
    return service


def service_page(code, key, build):
    """Serve the page of the published service of ``code``: ``build(service, lang)`` renders it,
    cached under ``(key, code)``; a malformed or unpublished code is answered 404."""
    lang, explicit = page_lang()
    if not valid_code(code):
        return not_found(lang, explicit)
    return serve((key, code), lambda: build(published_service(code, lang), lang), "text/html; charset=utf-8",
                 lang, explicit)


def page_lang():
    """(lang, explicit): ``?lang=th|en`` when given, else the visitor's cookie, else Thai."""
    param = request.httprequest.args.get("lang")
    if param in LANGS:
        return LANGS[param], True
    return LANGS.get(request.httprequest.cookies.get(LANG_COOKIE), DEFAULT_LANG), False


def url(path, lang, **params):
    """A public address with its language and parameters (empty ones dropped)."""
    query = dict((key, value) for key, value in params.items() if value not in (None, "", False))
    query["lang"] = "en" if lang == "en_US" else "th"
    return "%s?%s" % (path, url_encode(sorted(query.items())))


def _forget_session():
    if not request.session.uid:
        # nothing of an anonymous visit belongs in a stored session
        request.session.modified = False


def _finish(response, lang, explicit):
    """Headers every public answer carries; ``explicit`` None: the content has no language."""
    _forget_session()
    response.headers["X-Content-Type-Options"] = "nosniff"
    if explicit is None:
        return response
    if explicit and request.httprequest.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600)
    if not explicit:
        _vary(response, "Cookie")
    return response


def _vary(response, header):
    names = [name.strip() for name in response.headers.get("Vary", "").split(",") if name.strip()]
    if header not in names:
        response.headers["Vary"] = ", ".join(names + [header])


def stamp():
    """The stamp of what the public pages show, read at most once a second per worker."""
    now = time.monotonic()
    known = _stamps.get(request.db)
    if known and now - known[0] < STAMP_SECONDS:
        return known[1]
    # sudo: reads the time of the last change of the public tables, nothing else
    value = request.env["gov.public.dataset"].sudo()._gp_stamp()
    _stamps[request.db] = (now, value)
    return value


def serve(key, build, content_type, lang, explicit, cache_control=CACHE_CONTROL, extra_headers=()):
    """Answer ``key`` (a tuple naming the content) from this worker's cache, or ``build()`` it.

    ``build`` returns the body (bytes), or raises ``NotFound``. The ETag is derived from the
    stamp and the key, so an unchanged page is answered 304 without being built; a page is
    looked up in the database only when it is built. A client that accepts gzip (browsers,
    CKAN harvesters) gets the body compressed once per build, with an ETag of its own: an
    open data file shrinks to a tenth or less, and sending it was most of its cost.
    """
    version = "%s|%s" % (stamp(), request.registry.registry_sequence)
    full_key = (request.db, request.httprequest.host, lang) + tuple(key)
    etag = hashlib.sha1(("%s|%r" % (version, full_key)).encode()).hexdigest()[:32]
    gzipped = "gzip" in request.httprequest.accept_encodings
    variant = etag + "-gzip" if gzipped else etag
    headers = [("ETag", '"%s"' % variant), ("Cache-Control", cache_control)] + list(extra_headers)
    # either tag names bytes of the same content: a cache holding either may keep it
    if variant in request.httprequest.if_none_match or etag in request.httprequest.if_none_match:
        response = PublicResponse(status=304, headers=headers)
        _vary(response, "Accept-Encoding")
        return _finish(response, lang, explicit)
    now = time.monotonic()
    with _lock:
        entry = _cache.get(full_key)
        if entry and entry[0] == etag and now - entry[1] < CACHE_SECONDS:
            _cache.move_to_end(full_key)
            body, small = entry[2], entry[3]
        else:
            body = small = None
    if body is None:
        try:
            body = build()
        except NotFound:
            return not_found(lang if explicit is not None else DEFAULT_LANG, explicit or False)
        small = gzip.compress(body, 6) if len(body) >= GZIP_MIN_BYTES else None
        with _lock:
            _cache[full_key] = (etag, now, body, small)
            _cache.move_to_end(full_key)
            while len(_cache) > CACHE_ENTRIES:
                _cache.popitem(last=False)
    if gzipped and small is not None:
        headers.append(("Content-Encoding", "gzip"))
        body = small
    elif gzipped:
        headers[0] = ("ETag", '"%s"' % etag)  # the same bytes either way
    response = PublicResponse(body, headers=headers + [("Content-Type", content_type)])
    _vary(response, "Accept-Encoding")
    return _finish(response, lang, explicit)


def render(template, values, lang, path=None, params=None):
    """A page of this module in ``lang``, rendered with the QWeb engine directly; ``path`` and
    ``params`` give its address (canonical link, language switch)."""
    path, params = path or request.httprequest.path, params or {}
    # sudo: the agency's name heads every public page
    agency = request.env.user.sudo().company_id
    values = dict(values, lang=lang, url=url, agency_name=agency.name, canonical=url(path, lang, **params),
                  switch_th=url(path, "th_TH", **params), switch_en=url(path, "en_US", **params))
    return request.env["ir.qweb"].with_context(lang=lang).render(template, values)


def page(template, values, lang, explicit, status=200, headers=()):
    """An uncached page (errors, limits)."""
    response = PublicResponse(render(template, values, lang, params={}), status=status,
                              headers=[("Content-Type", "text/html; charset=utf-8"),
                                       ("Cache-Control", "no-store")] + list(headers))
    return _finish(response, lang, explicit)


def form_page(template, values, lang, explicit, status=200):
    """A page with a form (never cached): its CSRF token is derived from the session id of the
    visitor's cookie, so the answer keeps Odoo's session cookie (nothing of the visit is stored)."""
    body = render(template, values, lang)
    response = request.make_response(body, headers=[("Content-Type", "text/html; charset=utf-8"),
                                                    ("Cache-Control", "no-store")])
    response.status_code = status
    return _finish(response, lang, explicit)


def not_found(lang, explicit):
    return page("gov_public.not_found_page", {"path": request.httprequest.path}, lang, explicit, status=404)


def rate_limited(scope, limit_key, window_key, limit, window):
    """Count one expensive call of the client address; (allowed, seconds to wait)."""
    # sudo: the rate limit's bookkeeping, keyed by a hash of the client address
    RateLimit = request.env["gov.rate.limit"].sudo()
    limit, window = RateLimit._limits_param(limit_key, window_key, limit, window)
    return RateLimit.hit(scope, RateLimit.address_key(request.httprequest.remote_addr), limit, window)


def too_many(lang, explicit, retry_after):
    return page("gov_public.rate_limited_page", {"retry_minutes": max(1, (retry_after + 59) // 60)}, lang,
                explicit, status=429, headers=[("Retry-After", str(retry_after))])
