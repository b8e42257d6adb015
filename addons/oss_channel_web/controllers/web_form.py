"""The public web form: a request for a service open to it, without a login, in Thai and English.

``GET /services/<code>/form`` shows the form; ``POST`` there checks it (CSRF token, honeypot,
per-address rate limit, the description, the e-mail address or Thai mobile number, the place,
up to three JPEG or PNG photos checked by their content and re-encoded), keeps it as an
``oss.web.submission`` and sends a one-time code (gov_otp). ``POST .../form/confirm`` with
the right code (the field ``otp``: ``code`` names the service in the address) turns it into a
request in triage, in one transaction; the page then shows the tracking number and the QR code
of the status page. A refused or unconfirmed form creates no request, person or file. The CSRF
token is Odoo's, checked here so that its refusal is a page in the visitor's language.
"""
from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.gov_otp.models.gov_otp import OtpRateLimited
from odoo.addons.gov_public.controllers.common import (
    form_page, not_found, page_lang, rate_limited, too_many, valid_code)
from odoo.addons.gov_public.models.oss_service import pick
from odoo.addons.oss_open311.media import clean_photo
from odoo.addons.oss_open311.open311 import Open311Error

SUBMIT_LIMIT = ("oss_channel_web.submit_rate_limit", "oss_channel_web.submit_rate_window", 10, 600)
PHOTO_MAX_PARAM = "oss_channel_web.photo_max_bytes"
PHOTO_MAX_DEFAULT = 5 * 1024 * 1024
MAX_PHOTOS = 3
MAX_DESCRIPTION = 4000
MAX_NAME = 100
MAX_ADDRESS = 300
HONEYPOT = "website"
PHOTO_TYPES = ("image/jpeg", "image/png")


class Refused(Exception):
    """A form refused for a reason the page names (a key of the template's messages)."""

    def __init__(self, key, status=400, **values):
        super(Refused, self).__init__(key)
        self.key, self.status, self.values = key, status, values


def _text(form, key, size):
    value = form.get(key)
    return value.strip()[:size] if isinstance(value, str) else ""


def _coordinate(value, low, high):
    """A number from ``low`` to ``high`` typed in a field, None when empty; Refused otherwise."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        number = float(value.strip()[:32])
    except ValueError:
        raise Refused("bad_location")
    if number != number or not low <= number <= high:
        raise Refused("bad_location")
    return number


def _photo_limit():
    # sudo: a system parameter the public route reads
    value = request.env["ir.config_parameter"].sudo().get_param(PHOTO_MAX_PARAM)
    try:
        return int(value) if value else PHOTO_MAX_DEFAULT
    except ValueError:
        return PHOTO_MAX_DEFAULT


def _photos():
    """The photos sent, as (name, re-encoded bytes); Refused for too many, too large or not a photo."""
    files = [storage for storage in request.httprequest.files.getlist("photos") if storage and storage.filename]
    if len(files) > MAX_PHOTOS:
        raise Refused("too_many_photos")
    limit, photos = _photo_limit(), []
    for number, storage in enumerate(files, 1):
        content = storage.stream.read(limit + 1)
        if len(content) > limit:
            raise Refused("photo_too_large", status=413, name=storage.filename[:80], limit_mb="%.0f" % (
                limit / (1024.0 * 1024.0)))
        try:
            data, mimetype, extension = clean_photo(content)
        except Open311Error:
            raise Refused("not_image", name=storage.filename[:80])
        if mimetype not in PHOTO_TYPES:
            raise Refused("not_image", name=storage.filename[:80])
        photos.append(("photo-%d.%s" % (number, extension), data))
    return photos


def _contact(value):
    """(channel, normalised target) of an e-mail address or a Thai mobile number; Refused otherwise."""
    channel = "email" if "@" in (value or "") else "sms"
    # sudo: gov.otp's normalisation, no record read
    target = request.env["gov.otp"].sudo().normalise_or_none(channel, value)
    if not target:
        raise Refused("bad_contact")
    return channel, target


class PublicWebForm(http.Controller):

    def _service(self, code, lang):
        """The published service of ``code`` open to the form, else None."""
        if not valid_code(code):
            return None
        # sudo: _gp_public finds published services only; _ow_open says whether the form takes it
        service = request.env["oss.service"].sudo().with_context(lang=lang)._gp_public(code)
        return service if service and service._ow_open() else None

    def _page(self, service, lang, explicit, status=200, **values):
        name = pick(service, "name", lang)
        values = dict({"title": name, "service_name": name, "section": "services", "service": service, "step": "form",
                       "form": {}, "error": None, "error_text": None, "error_values": {}, "token": "",
                       "created": None, "csrf_token": request.csrf_token(), "honeypot": HONEYPOT,
                       "max_photos": MAX_PHOTOS, "photo_limit_mb": "%.0f" % (_photo_limit() / (1024.0 * 1024.0))},
                      **values)
        return form_page("oss_channel_web.form_page", values, lang, explicit, status)

    def _head(self, code, form):
        """What every POST checks first: (lang, explicit, service, page), ``page`` answering at once a
        service not open to the form, a missing CSRF token, a filled honeypot or the rate limit."""
        lang, explicit = page_lang()
        service = self._service(code, lang)
        if not service:
            return lang, explicit, service, not_found(lang, explicit)
        if not request.validate_csrf(form.get("csrf_token")):
            return lang, explicit, service, self._page(service, lang, explicit, status=400, error="csrf")
        if form.get(HONEYPOT):
            return lang, explicit, service, self._page(service, lang, explicit, status=400, error="honeypot")
        allowed, retry_after = rate_limited("oss_channel_web.submit", *SUBMIT_LIMIT)
        if not allowed:
            return lang, explicit, service, too_many(lang, explicit, retry_after)
        return lang, explicit, service, None

    @http.route("/services/<string:code>/form", type="http", auth="public", methods=["GET", "HEAD"])
    def form(self, code, **kwargs):
        lang, explicit = page_lang()
        service = self._service(code, lang)
        if not service:
            return not_found(lang, explicit)
        return self._page(service, lang, explicit)

    # CSRF checked in _head, so that its refusal is a page in the visitor's language
    @http.route("/services/<string:code>/form", type="http", auth="public", methods=["POST"], csrf=False)
    def submit(self, code, **form):
        lang, explicit, service, refused = self._head(code, form)
        if refused:
            return refused
        kept = {"name": _text(form, "name", MAX_NAME), "contact": _text(form, "contact", 254),
                "description": _text(form, "description", MAX_DESCRIPTION + 1),
                "address": _text(form, "address", MAX_ADDRESS), "latitude": _text(form, "latitude", 32),
                "longitude": _text(form, "longitude", 32)}
        try:
            if not kept["name"]:
                raise Refused("no_name")
            channel, target = _contact(kept["contact"])
            if not kept["description"]:
                raise Refused("empty_description")
            if len(kept["description"]) > MAX_DESCRIPTION:
                raise Refused("description_too_long")
            latitude = _coordinate(kept["latitude"], -90.0, 90.0)
            longitude = _coordinate(kept["longitude"], -180.0, 180.0)
            if (latitude is None) != (longitude is None):
                raise Refused("bad_location")
            photos = _photos()
            # one savepoint for the kept form and its code: a code that cannot be sent keeps nothing
            with request.env.cr.savepoint():
                # sudo: kept forms and codes are the system's; the route checked the form above
                submission = request.env["oss.web.submission"].sudo()._ow_keep(service, {
                    "sender_name": kept["name"], "channel": channel, "target": target,
                    "description": kept["description"], "address": kept["address"] or False,
                    "latitude": latitude or 0.0, "longitude": longitude or 0.0, "located": latitude is not None,
                    "lang": lang}, photos)
                request.env["gov.otp"].sudo().with_context(lang=lang).issue(
                    submission._ow_otp_purpose(), channel, target, request.httprequest.remote_addr, lang)
        except OtpRateLimited as limited:
            return too_many(lang, explicit, limited.retry_after)
        except Refused as refusal:
            return self._page(service, lang, explicit, status=refusal.status, form=kept, error=refusal.key,
                              error_values=refusal.values)
        except (UserError, ValidationError) as error:
            return self._page(service, lang, explicit, status=400, form=kept, error_text=error.name)
        return self._page(service, lang, explicit, step="code", token=submission.token,
                          form={"contact": target, "channel": channel})

    @http.route("/services/<string:code>/form/confirm", type="http", auth="public", methods=["POST"], csrf=False)
    def confirm(self, code, **form):
        lang, explicit, service, refused = self._head(code, form)
        if refused:
            return refused
        token = form.get("token") if isinstance(form.get("token"), str) else ""
        # sudo: the kept form is found by its random token only, for this service
        submission = request.env["oss.web.submission"].sudo()._ow_find(token[:64], service)
        if not submission or submission._ow_expired():
            return self._page(service, lang, explicit, status=410, error="expired")
        shown = {"contact": submission.target, "channel": submission.channel}
        try:
            # one savepoint for the code and the request: a request refused after a right code leaves the
            # code and the form usable (a wrong code's lost attempt is kept: that path returns, not raises)
            with request.env.cr.savepoint():
                # sudo: gov.otp is the system's; the code confirms the target for this form only
                if not request.env["gov.otp"].sudo().verify(
                        submission._ow_otp_purpose(), submission.channel, submission.target, form.get("otp")):
                    return self._page(service, lang, explicit, status=403, step="code", token=token, form=shown,
                                      error="bad_code")
                # sudo: the request, its person and files are created by the system's intake path once the
                # code confirmed the sender
                created = submission._ow_confirm()
        except (UserError, ValidationError) as error:
            return self._page(service, lang, explicit, status=400, step="code", token=token, form=shown,
                              error_text=error.name)
        return self._page(service, lang, explicit, step="done", created=created.with_context(lang=lang))
