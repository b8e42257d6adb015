import pyotp

from odoo import api, models

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
