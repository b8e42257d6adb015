"""Two-factor login required for the roles that handle personal data.

auth_totp asks an enrolled user for a code after the password. Here, members of a
group flagged "Two-factor login required" must be enrolled: with the right password
and no authenticator yet, they reach only the enrolment page. The password step of
every login path (the login form, JSON-RPC ``/web/session/authenticate``, XML-RPC)
goes through ``check_credentials``; for such users it never succeeds on its own.
It records in the web session which user proved their password, and the second step
(controllers/main.py) signs that user in once the code is right.
"""
import time

from odoo import _, api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request

from odoo.addons.auth_totp.exceptions import MfaLoginNeeded

PENDING_KEY = "gov_mfa_pending"
PENDING_SECONDS = 300


class GovMfaEnrolNeeded(AccessDenied):
    """The password is right but the user must first enrol an authenticator."""


def web_session():
    """The web session of the current HTTP request, or None (XML-RPC, cron, shell)."""
    try:
        return request.session if request else None
    except RuntimeError:
        return None


def pending_login(session, enrol):
    """The user id whose password was proved in this session for the given step, or None."""
    pending = session.get(PENDING_KEY) if session is not None else None
    if not pending or bool(pending.get("enrol")) != enrol:
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending.get("uid")


class ResUsers(models.Model):
    _inherit = "res.users"

    gov_mfa_required = fields.Boolean(
        string="Two-factor login required", compute="_compute_gov_mfa_required",
        help="A group of the user requires a code from an authenticator app at every login.")

    @api.depends("groups_id.gov_mfa_required")
    def _compute_gov_mfa_required(self):
        for user in self:
            user.gov_mfa_required = any(user.sudo().groups_id.mapped("gov_mfa_required"))

    @api.model
    def check_credentials(self, password):
        user = self.env.user.sudo()
        try:
            result = super(ResUsers, self).check_credentials(password)
        except MfaLoginNeeded:
            # auth_totp raises this only after the password was checked
            self._gov_mfa_remember(enrol=False)
            raise
        if user.gov_mfa_required and not user.mfa_enabled:
            self._gov_mfa_remember(enrol=True)
            raise GovMfaEnrolNeeded()
        session = web_session()
        on_login_form = session is not None and request.httprequest.path == "/web/login"
        # the login form sends an expired password to its reset page (password_security);
        # no other path may use one
        if not on_login_form and user._password_has_expired():
            raise AccessDenied()
        return result

    @api.model
    def _gov_mfa_remember(self, enrol):
        session = web_session()
        if session is None:
            return
        session["mfa_login_needed"] = False  # this module's controller redirects instead
        session[PENDING_KEY] = {"uid": self.env.uid, "enrol": enrol, "at": time.time()}

    @api.multi
    def write(self, vals):
        if "mfa_enabled" in vals and not vals["mfa_enabled"] and not (
                self.env.user._is_superuser() or self.env.user.has_group("base.group_erp_manager")):
            for user in self.sudo():
                if user.gov_mfa_required:
                    raise UserError(_(
                        "Two-factor login is required for %(name)s's roles: only an administrator "
                        "can turn it off (for example to enrol a new phone).") % {"name": user.name})
        return super(ResUsers, self).write(vals)
