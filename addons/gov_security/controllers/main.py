"""The second step of a login: the code of an enrolled user, or the enrolment itself.

Both steps are reached only from a web session in which the user's password was just
proved (``gov_mfa_pending``, set by res.users.check_credentials); the code attempts
count against auth_brute_force's limits like password attempts. Device cookies that
skip the code are never issued: the roles that need a second factor give it at every
login.
"""
import base64
import logging

import pyotp

from odoo import _, http
from odoo.http import request
from odoo.service import security

from odoo.addons.auth_totp.controllers.main import AuthTotp

from ..models.res_users import PENDING_KEY, pending_login
from ..models.res_users_authenticator import code_in_window

_logger = logging.getLogger(__name__)
ENROL_SECRET_KEY = "gov_mfa_enrol_secret"


def _remote():
    return request.httprequest.environ.get("REMOTE_ADDR") or False


class GovAuthTotp(AuthTotp):

    @http.route()
    def web_login(self, *args, **kwargs):
        if request.httprequest.method == "POST":
            request.session.pop(PENDING_KEY, None)
        response = super(GovAuthTotp, self).web_login(*args, **kwargs)
        if request.httprequest.method != "POST" or request.session.uid:
            return response
        redirect = request.params.get("redirect")
        if pending_login(request.session, enrol=False):
            return http.local_redirect("/auth_totp/login", query={"redirect": redirect}, keep_hash=True)
        if pending_login(request.session, enrol=True):
            return http.local_redirect("/gov_security/totp/enrol", query={"redirect": redirect}, keep_hash=True)
        return response

    # ------------------------------------------------------------ helpers
    def _pending_user(self, enrol):
        uid = pending_login(request.session, enrol)
        # sudo: nobody is logged in yet; the session proved this user's password moments ago
        return request.env["res.users"].sudo().browse(uid).exists() if uid else None

    def _to_login(self, error):
        return http.local_redirect("/web/login", query={"error": error})

    def _throttled(self, user):
        attempts = request.env["res.authentication.attempt"].sudo()
        return not attempts._trusted(_remote(), user.login)

    def _record(self, user, result):
        request.env["res.authentication.attempt"]._gov_record(user.login, _remote(), result)

    def _finish_login(self, user):
        """Sign ``user`` in on this session (the password and the code were both checked)."""
        session = request.session
        session.pop(PENDING_KEY, None)
        session.pop(ENROL_SECRET_KEY, None)
        if user._password_has_expired():
            # as password_security does on the login form: the password must be renewed first
            user.action_expire_password()
            return http.redirect_with_hash(user.partner_id.signup_url)
        session["mfa_login_active"] = user.id
        session.db = request.db
        session.uid = user.id
        session.login = user.login
        session.session_token = security.compute_session_token(session, request.env(user=user.id))
        request.uid = user.id
        request.disable_db = False
        session.get_context()
        user.sudo(user.id)._update_last_login()
        redirect = request.params.get("redirect") or "/web"
        if not redirect.startswith("/") or redirect.startswith("//"):
            redirect = "/web"
        return http.redirect_with_hash(redirect)

    # ------------------------------------------------------------ code of an enrolled user
    @http.route("/auth_totp/login", type="http", auth="none", methods=["POST"])
    def mfa_login_post(self, *args, **kwargs):
        user = self._pending_user(enrol=False)
        if not user:
            return self._to_login(_("Log in with your password first."))
        if self._throttled(user):
            return self._to_login(_("Too many failed attempts; try again later or ask an administrator."))
        code = (request.params.get("confirmation_code") or "").strip()
        if not user.validate_mfa_confirmation_code(code):
            self._record(user, "failed")
            return http.local_redirect("/auth_totp/login", query={
                "redirect": request.params.get("redirect"),
                "error": _("The code is not correct. Type the code your authenticator app shows now.")})
        self._record(user, "successful")
        return self._finish_login(user)

    # ------------------------------------------------------------ enrolment
    def _enrol_secret(self):
        secret = request.session.get(ENROL_SECRET_KEY)
        if not secret:
            secret = request.session[ENROL_SECRET_KEY] = pyotp.random_base32()
        return secret

    @http.route("/gov_security/totp/enrol", type="http", auth="none", methods=["GET"])
    def enrol_get(self, redirect=None, error=None, **_kw):
        user = self._pending_user(enrol=True)
        if not user:
            return self._to_login(_("Log in with your password first."))
        secret = self._enrol_secret()
        uri = pyotp.TOTP(secret).provisioning_uri(user.login, issuer_name=user.company_id.name or "Odoo")
        qr = request.env["ir.actions.report"].sudo().barcode("QR", uri, width=240, height=240)
        return request.render("gov_security.totp_enrol", {
            "user_name": user.name, "secret": secret, "uri": uri, "redirect": redirect,
            "error": error, "qr": "data:image/png;base64,%s" % base64.b64encode(qr).decode("ascii"),
        })

    @http.route("/gov_security/totp/enrol", type="http", auth="none", methods=["POST"])
    def enrol_post(self, **_kw):
        user = self._pending_user(enrol=True)
        secret = request.session.get(ENROL_SECRET_KEY)
        if not user or not secret:
            return self._to_login(_("Log in with your password first."))
        if self._throttled(user):
            return self._to_login(_("Too many failed attempts; try again later or ask an administrator."))
        code = (request.params.get("confirmation_code") or "").strip()
        if not code_in_window(secret, code):
            self._record(user, "failed")
            return http.local_redirect("/gov_security/totp/enrol", query={
                "redirect": request.params.get("redirect"),
                "error": _("The code is not correct. Add the key to your app, then type the code it shows now.")})
        self._record(user, "successful")
        # sudo: the user is not logged in yet; the password and the code of this secret were checked
        request.env["res.users.authenticator"].sudo().create({
            "name": (request.params.get("device_name") or "").strip()[:64] or _("Authenticator app"),
            "secret_key": secret, "user_id": user.id})
        user.sudo().write({"mfa_enabled": True})
        _logger.info("User %s enrolled an authenticator for two-factor login", user.login)
        return self._finish_login(user)

    # ------------------------------------------------------------ JSON-RPC clients
    @http.route("/gov_security/totp/verify", type="json", auth="none")
    def verify_json(self, code=None, **_kw):
        """The second step for a JSON-RPC client after ``/web/session/authenticate``.

        Returns the session information as ``/web/session/authenticate`` does, or an error.
        """
        user = self._pending_user(enrol=False)
        if not user:
            return {"error": "password_first"}
        if self._throttled(user):
            return {"error": "throttled"}
        if not user.validate_mfa_confirmation_code((code or "").strip()):
            self._record(user, "failed")
            return {"error": "wrong_code"}
        self._record(user, "successful")
        response = self._finish_login(user)
        if not request.session.uid:
            return {"error": "password_expired", "url": response.location}
        return request.env["ir.http"].session_info()
