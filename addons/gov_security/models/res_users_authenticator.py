import pyotp

from odoo import api, fields, models

# codes of the previous and next 30-second step are accepted too (RFC 6238 s.5.2):
# a code typed as it changes, or a phone clock a few seconds off, still works
VALID_WINDOW = 1


class ResUsersAuthenticator(models.Model):
    _inherit = "res.users.authenticator"

    @api.multi
    def validate_conf_code(self, confirmation_code):
        code = (confirmation_code or "").strip()
        if not code.isdigit() or len(code) != 6:
            return False
        return any(pyotp.TOTP(record.sudo().secret_key).verify(code, valid_window=VALID_WINDOW)
                   for record in self)

    # the key is the second factor itself: nobody reads it back, not even its owner (a stolen
    # session must not yield a lasting second factor); the login code reads it as superuser
    secret_key = fields.Char(groups="base.group_system")


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
