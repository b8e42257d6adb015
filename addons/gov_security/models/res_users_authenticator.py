"""Authenticator codes: auth_totp's check, then one 30-second step of clock drift either side.

auth_totp accepts a code equal to the code of the current 30-second step of one of the
user's keys (``pyotp.TOTP(key).verify(code)``). That check runs first, as auth_totp
wrote it; only when it says no, a code of the previous or the next step is accepted too
(RFC 6238 s.5.2): a code typed as it changes, or a phone clock a few seconds off, still
works. The drift windows are tried only for six ASCII digits; anything else gets no
second chance. auth_totp's own check refuses it anyway: pyotp compares the strings
(after Unicode NFKC normalisation, in constant time), so nothing but the current code
itself matches, whatever is typed.
"""
import re

import pyotp

from odoo import api, fields, models

# codes of the previous and next 30-second step are accepted too (RFC 6238 s.5.2)
VALID_WINDOW = 1
WELL_FORMED_CODE = re.compile(r"[0-9]{6}")


def well_formed(code):
    """Whether ``code`` is six ASCII digits, the only form an authenticator app shows."""
    return isinstance(code, str) and bool(WELL_FORMED_CODE.fullmatch(code))


def code_in_window(secret, code):
    """Whether ``code`` is the code of ``secret`` now or one step before or after."""
    return well_formed(code) and pyotp.TOTP(secret).verify(code, valid_window=VALID_WINDOW)


class ResUsersAuthenticator(models.Model):
    _inherit = "res.users.authenticator"

    # the key is the second factor itself: nobody reads it back, not even its owner (a stolen
    # session must not yield a lasting second factor); the login code reads it as superuser
    secret_key = fields.Char(groups="base.group_system")

    @api.multi
    def validate_conf_code(self, confirmation_code):
        code = confirmation_code.strip() if isinstance(confirmation_code, str) else confirmation_code
        # the keys are read as superuser below: the caller must be allowed to read these
        # authenticators (their own), or any user could try codes of another's over RPC
        self.check_access_rights("read")
        self.check_access_rule("read")
        # sudo: only administrators read the keys; the code is checked for the user logging in
        authenticators = self.sudo()
        result = super(ResUsersAuthenticator, authenticators).validate_conf_code(code)
        if result or not well_formed(code):
            return result
        return any(code_in_window(authenticator.secret_key, code) for authenticator in authenticators)


# pylint: disable-next=no-wizard-in-models  # extends the enrolment beside the key it guards
class ResUsersAuthenticatorCreate(models.TransientModel):
    _inherit = "res.users.authenticator.create"

    @api.multi
    def _create_authenticator(self):
        # sudo: the wizard checked the code of this key for its own user (user_id is read-only)
        if self.user_id != self.env.user and not self.env.user._is_admin():
            return super(ResUsersAuthenticatorCreate, self)._create_authenticator()
        self.env["res.users.authenticator"].sudo().create({
            "name": self.name, "secret_key": self.secret_key, "user_id": self.user_id.id})
