"""The public pages of the hearings, without a login, in Thai and English.

``/hearings`` lists the open hearings and those with a published summary; ``/hearings/<id>``
shows one with its documents, live counts, lawful basis, privacy notice and form. A response
is confirmed by a one-time code (gov_otp) when the audience asks for it: the code is asked
first (``/code``), then sent with the answers (``/respond``), so that a response is recorded in
one transaction or not at all. Every form carries a CSRF token (derived from the cookie's
session id; nothing of an anonymous visit is stored) and a honeypot field; responses and
codes are counted against per-address rate limits.
"""
import base64
import re


from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.gov_crm.lib import thai_id
from odoo.addons.gov_otp.models.gov_otp import OtpRateLimited
from odoo.addons.gov_public.controllers.common import (
    _finish, form_page, not_found, page_lang, rate_limited, too_many)

RESPOND_LIMIT = ("gov_hearing.respond_rate_limit", "gov_hearing.respond_rate_window", 20, 600)
HONEYPOT = "website"
CHANNELS = ("email", "sms")
ID_RE = re.compile(r"^[0-9]{1,9}$")


def _hearing(hearing_id):
    """The public hearing of that id (open, closed or published), else an empty recordset."""
    if not ID_RE.match(str(hearing_id)):
        return None
    # sudo: _gh_public_domain is the access check: drafts are never found
    Hearing = request.env["gov.hearing"].sudo()
    return Hearing.search([("id", "=", int(hearing_id))] + Hearing._gh_public_domain(), limit=1)


def _kept(form, *keys):
    """The fields of ``form`` a page shows again, as short text."""
    return {key: (form.get(key) or "")[:200] for key in keys}


class Refused(Exception):
    """A form refused for a reason the page names (a key of the template's messages)."""

    def __init__(self, key):
        super(Refused, self).__init__(key)
        self.key = key


def _respondent(hearing, form):
    """(kind, channel of the code, target to confirm, respondent key, partner id) of the form."""
    if hearing.audience == "anyone":
        return "anyone", None, None, None, False
    channel = form.get("channel")
    if channel not in CHANNELS:
        raise Refused("bad_channel")
    Otp = request.env["gov.otp"].sudo()
    Response = request.env["gov.hearing.response"].sudo()
    if hearing.audience == "confirmed":
        target = Otp.normalise_or_none(channel, form.get("contact"))
        if not target:
            raise Refused("bad_contact_" + channel)
        return channel, channel, target, Response._gh_key(channel, target), False
    digits = re.sub(r"[\s-]", "", form.get("national_id") or "")
    if not thai_id.is_valid_national_id(digits):
        raise Refused("bad_national_id")
    # sudo: a registered person found by the exact ID typed; the code goes to the address or
    # number on file, so only that person can confirm it
    person = request.env["res.partner"].sudo().search([("national_id", "=", digits)], limit=1)
    on_file = person and (person.email if channel == "email" else person.mobile or person.phone)
    target = on_file and Otp.normalise_or_none(channel, on_file)
    if not target:
        raise Refused("not_registered")
    return "national_id", channel, target, Response._gh_key("national_id", digits), person.id


class PublicHearings(http.Controller):

    def _page(self, template, values, lang, explicit, status=200):
        return form_page(template, values, lang, explicit, status)

    def _hearing_page(self, hearing, lang, explicit, status=200, **values):
        hearing = hearing.with_context(lang=lang)
        values = dict({"title": hearing.name, "section": "hearings", "hearing": hearing,
                       "results": hearing._gh_results(),
                       "step": "contact" if hearing.audience != "anyone" else "answers", "form": {},
                       "message": None, "error": None, "error_text": None, "follow_step": "contact",
                       "csrf_token": request.csrf_token(), "honeypot": HONEYPOT,
                       "accepting": hearing._gh_accepting()}, **values)
        return self._page("gov_hearing.hearing_page", values, lang, explicit, status)

    @http.route("/hearings", type="http", auth="public", methods=["GET", "HEAD"])
    def hearings(self, **kwargs):
        lang, explicit = page_lang()
        # sudo: the public domain is the access check (no draft)
        Hearing = request.env["gov.hearing"].sudo().with_context(lang=lang)
        values = {"title": "", "section": "hearings",
                  "open_hearings": Hearing.search([("state", "=", "open")], order="date_close, id"),
                  "past_hearings": Hearing.search([("state", "in", ("closed", "published"))],
                                                  order="date_close desc, id desc", limit=50)}
        return self._page("gov_hearing.hearings_page", values, lang, explicit)

    @http.route("/hearings/<string:hearing_id>", type="http", auth="public", methods=["GET", "HEAD"])
    def hearing(self, hearing_id, **kwargs):
        lang, explicit = page_lang()
        hearing = _hearing(hearing_id)
        if not hearing:
            return not_found(lang, explicit)
        return self._hearing_page(hearing, lang, explicit)

    @http.route("/hearings/<string:hearing_id>/documents/<string:attachment_id>", type="http", auth="public",
                methods=["GET", "HEAD"])
    def document(self, hearing_id, attachment_id, **kwargs):
        lang, explicit = page_lang()
        hearing = _hearing(hearing_id)
        files = hearing and (hearing.document_ids | hearing.summary_attachment_id)
        attachment = files and ID_RE.match(attachment_id) and files.filtered(lambda a: a.id == int(attachment_id))
        if not attachment:
            return not_found(lang, explicit)
        response = request.make_response(base64.b64decode(attachment.datas or b""), headers=[
            ("Content-Type", attachment.mimetype or "application/octet-stream"),
            ("Content-Disposition", content_disposition(attachment.datas_fname or attachment.name)),
            ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "public, max-age=300")])
        return _finish(response, lang, None)

    # ------------------------------------------------------------ responding
    def _form_head(self, hearing_id, form):
        """What every form of a hearing's page checks first: (lang, explicit, hearing, page), where
        ``page`` answers at once a hearing that is not public, a filled honeypot or an exhausted rate
        limit, else is None."""
        lang, explicit = page_lang()
        hearing = _hearing(hearing_id)
        if not hearing:
            return lang, explicit, hearing, not_found(lang, explicit)
        if form.get(HONEYPOT):
            return lang, explicit, hearing, self._hearing_page(hearing, lang, explicit, status=400, error="honeypot")
        allowed, retry_after = rate_limited("gov_hearing.respond", *RESPOND_LIMIT)
        if not allowed:
            return lang, explicit, hearing, too_many(lang, explicit, retry_after)
        return lang, explicit, hearing, None

    @http.route("/hearings/<string:hearing_id>/code", type="http", auth="public", methods=["POST"], csrf=True)
    def code(self, hearing_id, **form):
        """Send a one-time code to the address or number given (or on file for a national ID)."""
        return self._send_code(hearing_id, form, "respond")

    @http.route("/hearings/<string:hearing_id>/follow/code", type="http", auth="public", methods=["POST"],
                csrf=True)
    def follow_code(self, hearing_id, **form):
        return self._send_code(hearing_id, form, "follow")

    def _send_code(self, hearing_id, form, purpose):
        lang, explicit, hearing, refused = self._form_head(hearing_id, form)
        if refused:
            return refused
        form = _kept(form, "channel", "contact", "national_id", "name")
        step_key = "step" if purpose == "respond" else "follow_step"
        try:
            if purpose == "respond":
                if not hearing._gh_accepting():
                    raise Refused("not_accepting")
                channel, target = _respondent(hearing, form)[1:3]
                if not target:
                    return self._hearing_page(hearing, lang, explicit, step="answers", form=form)
            else:
                channel = form["channel"] if form["channel"] in CHANNELS else None
                if hearing.state == "published":
                    raise Refused("published")
                if not channel:
                    raise Refused("bad_channel")
                target = request.env["gov.otp"].sudo().normalise_or_none(channel, form["contact"])
                if not target:
                    raise Refused("bad_contact_" + channel)
            # sudo: gov.otp is the system's; the route checked the hearing, the honeypot and the rate
            # (its refusals in the page's language)
            request.env["gov.otp"].sudo().with_context(lang=lang).issue(
                "gov_hearing.%s.%d" % (purpose, hearing.id), channel, target, request.httprequest.remote_addr, lang)
        except OtpRateLimited as limited:
            return too_many(lang, explicit, limited.retry_after)
        except Refused as refusal:
            return self._hearing_page(hearing, lang, explicit, status=400, form=form, error=refusal.key,
                                      **{step_key: "contact"})
        except (UserError, ValidationError) as error:
            return self._hearing_page(hearing, lang, explicit, status=400, form=form, error_text=error.name,
                                      **{step_key: "contact"})
        return self._hearing_page(hearing, lang, explicit, form=form, **{
            step_key: "answers" if purpose == "respond" else "code"})

    @http.route("/hearings/<string:hearing_id>/respond", type="http", auth="public", methods=["POST"], csrf=True)
    def respond(self, hearing_id, **form):
        lang, explicit, hearing, refused = self._form_head(hearing_id, form)
        if refused:
            return refused
        kept = _kept(form, "channel", "contact", "national_id")
        answers = {}
        for key, value in form.items():
            if key.startswith("q_") and ID_RE.match(key[2:]) and isinstance(value, str):
                answers[int(key[2:])] = value
        try:
            kind, channel, target, key, partner_id = _respondent(hearing, form)
            # one savepoint for the code and the response: answers refused after a right code leave the
            # code unused (a wrong code's lost attempt is kept: that path returns without raising)
            with request.env.cr.savepoint():
                # sudo: gov.otp is the system's; the code confirms the target for this hearing only
                if target and not request.env["gov.otp"].sudo().verify(
                        "gov_hearing.respond.%d" % hearing.id, channel, target, form.get("code")):
                    return self._hearing_page(hearing, lang, explicit, status=403, step="answers", form=kept,
                                              error="bad_code")
                # sudo: responses are written by the system only, after the checks above
                _response, outcome = request.env["gov.hearing.response"].sudo().with_context(lang=lang)._gh_submit(
                    hearing, kind, key, answers, change=bool(form.get("change")), partner_id=partner_id)
        except Refused as refusal:
            return self._hearing_page(hearing, lang, explicit, status=400, form=kept, error=refusal.key)
        except (UserError, ValidationError) as error:
            # a refused second response (409) or answers that do not fit the questions (400)
            status = 400 if isinstance(error, ValidationError) else 409
            return self._hearing_page(hearing, lang, explicit, status=status, form=kept, error_text=error.name,
                                      step="answers" if hearing._gh_accepting() else "contact")
        return self._hearing_page(hearing, lang, explicit, step="done", message=outcome)

    @http.route("/hearings/<string:hearing_id>/follow", type="http", auth="public", methods=["POST"], csrf=True)
    def follow(self, hearing_id, **form):
        lang, explicit, hearing, refused = self._form_head(hearing_id, form)
        if refused:
            return refused
        kept = _kept(form, "channel", "contact", "name")
        channel = kept["channel"] if kept["channel"] in CHANNELS else None
        # sudo: gov.otp is the system's; the code confirms the target for following this hearing
        Otp = request.env["gov.otp"].sudo().with_context(lang=lang)
        target = channel and Otp.normalise_or_none(channel, kept["contact"])
        try:
            with request.env.cr.savepoint():
                if not target or not Otp.verify("gov_hearing.follow.%d" % hearing.id, channel, target,
                                                form.get("code")):
                    return self._hearing_page(hearing, lang, explicit, status=403, follow_step="code", form=kept,
                                              error="bad_code")
                # sudo: followers and their consent are recorded by the system once the code confirmed them
                request.env["gov.hearing.follower"].sudo().with_context(lang=lang)._gh_follow(
                    hearing, channel, target, (kept["name"] or "").strip()[:100], lang)
        except (UserError, ValidationError) as error:
            return self._hearing_page(hearing, lang, explicit, status=409, error_text=error.name)
        return self._hearing_page(hearing, lang, explicit, follow_step="done")

    # ------------------------------------------------------------ unfollowing
    @http.route("/hearings/unfollow/<string:token>", type="http", auth="public", methods=["GET", "HEAD", "POST"],
                csrf=True)
    def unfollow(self, token, **form):
        """The link of every hearing message: a page asking to confirm (GET, so that a mail scanner
        opening the link changes nothing), then the following ends and the consent is withdrawn (POST)."""
        lang, explicit = page_lang()
        allowed, retry_after = rate_limited("gov_hearing.unfollow", *RESPOND_LIMIT)
        if not allowed:
            return too_many(lang, explicit, retry_after)
        # sudo: the signed token is the access check; a token that is not one finds no follower
        follower = request.env["gov.hearing.follower"].sudo()._gh_from_token(token[:80])
        values = {"title": "", "section": "hearings", "csrf_token": request.csrf_token(), "token": token,
                  "hearing": follower.hearing_id.with_context(lang=lang), "step": "confirm"}
        if not follower:
            return self._page("gov_hearing.unfollow_page", dict(values, step="invalid"), lang, explicit, status=404)
        if request.httprequest.method == "POST":
            follower._gh_unfollow()
            values["step"] = "done"
        return self._page("gov_hearing.unfollow_page", values, lang, explicit)
