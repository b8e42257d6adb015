"""One-time codes that confirm an e-mail address or a Thai mobile number.

Only a keyed hash of a code is stored (HMAC-SHA256 with the database secret and a random
salt of the row), with what it confirms (``purpose`` and the normalised ``target``), when
it expires and how many wrong tries are left. A new code for the same purpose and target
replaces the previous one. Issuing is limited per target and per client address
(``gov.rate.limit``); each wrong try costs one of the attempts.

A code by e-mail is sent at once through the outgoing mail server (the mail holding it
is deleted once sent); one that cannot be sent raises a clear error.

Nobody but the system reads or writes these rows: public routes call ``issue`` and
``verify`` with ``sudo()`` after their own checks.
"""
import datetime
import hashlib
import hmac
import re
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CODE_DIGITS = 6
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$")
# Thai mobile numbers: 06, 08 and 09 followed by eight digits
MOBILE_RE = re.compile(r"^0[689][0-9]{8}$")
CHANNELS = [("email", "E-mail"), ("sms", "SMS")]
# (system parameter of the limit, of the window, default limit, default window in seconds)
TARGET_LIMIT = ("gov_otp.target_rate_limit", "gov_otp.target_rate_window", 3, 900)
ADDRESS_LIMIT = ("gov_otp.address_rate_limit", "gov_otp.address_rate_window", 10, 900)


class OtpRateLimited(UserError):
    """Too many codes asked for one target or from one address; ``retry_after`` in seconds."""

    def __init__(self, message, retry_after):
        super(OtpRateLimited, self).__init__(message)
        self.retry_after = retry_after


def normalise_target(channel, value):
    """The canonical form of an e-mail address (lower case) or a Thai mobile number (0XXXXXXXXX),
    or None when ``value`` is not one."""
    value = (value or "").strip()
    if channel == "email":
        value = value.lower()
        return value if len(value) <= 254 and EMAIL_RE.match(value) else None
    if channel == "sms":
        digits = re.sub(r"[\s().-]", "", value)
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        elif digits.startswith("66") and len(digits) == 11:
            digits = "0" + digits[2:]
        return digits if MOBILE_RE.match(digits) else None
    return None


class GovOtp(models.Model):
    _name = "gov.otp"
    _description = "One-time code"
    _order = "id desc"

    purpose = fields.Char(required=True, index=True, help="What the code confirms, e.g. gov_hearing.respond.")
    channel = fields.Selection(CHANNELS, required=True)
    target = fields.Char(required=True, index=True, help="The normalised e-mail address or mobile number.")
    salt = fields.Char(required=True)
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True, index=True)
    attempts_left = fields.Integer(required=True, default=5)
    consumed = fields.Boolean(default=False, index=True)
    lang = fields.Char(default="th_TH")

    # ------------------------------------------------------------ helpers
    @api.model
    def _hash(self, salt, purpose, target, code):
        # sudo: the database secret is the administrator's; it only keys the hash here
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        message = "%s|%s|%s|%s" % (salt, purpose, target, code)
        return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()

    @api.model
    def _param_int(self, key, default):
        try:
            return int(self.env["ir.config_parameter"].sudo().get_param(key, default))
        except ValueError:
            return default

    @api.model
    def normalise_or_none(self, channel, value):
        return normalise_target(channel, value)

    @api.model
    def normalise(self, channel, value):
        """``normalise_target`` raising a clear error for a value that is not an address or number."""
        target = normalise_target(channel, value)
        if not target:
            if channel == "sms":
                raise ValidationError(_("Give a Thai mobile number of 10 digits starting with 06, 08 or 09."))
            raise ValidationError(_("Give a valid e-mail address."))
        return target

    @api.model
    def _check_rate(self, target, client_address):
        RateLimit = self.env["gov.rate.limit"].sudo()
        for scope, key, limits in (("gov_otp.target", target, TARGET_LIMIT),
                                   ("gov_otp.address", client_address or "", ADDRESS_LIMIT)):
            limit, window = RateLimit._limits_param(*limits)
            allowed, retry_after = RateLimit.hit(scope, RateLimit.address_key(key), limit, window)
            if not allowed:
                raise OtpRateLimited(_(
                    "Too many codes were asked for. Try again in %(minutes)s minutes.") % {
                        "minutes": max(1, (retry_after + 59) // 60)}, retry_after)

    # ------------------------------------------------------------ API
    @api.model
    def issue(self, purpose, channel, value, client_address=None, lang="th_TH"):
        """Send a new code confirming ``value`` for ``purpose``; returns the normalised target.

        Raises ValidationError for a value that is not an address or number, OtpRateLimited
        over the limits, UserError when the code cannot be sent.
        """
        target = self.normalise(channel, value)
        self._check_rate(target, client_address)
        code = "%0*d" % (CODE_DIGITS, secrets.randbelow(10 ** CODE_DIGITS))
        salt = secrets.token_hex(16)
        self.search([("purpose", "=", purpose), ("target", "=", target), ("consumed", "=", False)]).write(
            {"consumed": True})
        minutes = self._param_int("gov_otp.validity_minutes", 10)
        otp = self.create({
            "purpose": purpose, "channel": channel, "target": target, "salt": salt,
            "code_hash": self._hash(salt, purpose, target, code),
            "expires_at": fields.Datetime.to_string(datetime.datetime.utcnow() + datetime.timedelta(minutes=minutes)),
            "attempts_left": self._param_int("gov_otp.attempts", 5),
            "lang": lang if lang in ("th_TH", "en_US") else "th_TH",
        })
        otp._send(code, minutes)
        return target

    @api.model
    def verify(self, purpose, channel, value, code):
        """True when ``code`` is the valid code of ``value`` for ``purpose``; the code is then used up
        (in the caller's transaction: a caller that fails afterwards leaves it usable). A wrong code
        costs one attempt, in the caller's transaction too: callers answer a wrong code without
        raising, so that the attempt stays counted."""
        target = normalise_target(channel, value)
        code = (code or "").strip()
        if not target or not re.match(r"^[0-9]{%d}$" % CODE_DIGITS, code):
            return False
        otp = self.search([("purpose", "=", purpose), ("target", "=", target), ("channel", "=", channel),
                           ("consumed", "=", False), ("attempts_left", ">", 0),
                           ("expires_at", ">", fields.Datetime.now())], limit=1)
        if not otp:
            return False
        if hmac.compare_digest(otp.code_hash, self._hash(otp.salt, purpose, target, code)):
            otp.write({"consumed": True})
            return True
        otp.write({"attempts_left": otp.attempts_left - 1})
        return False

    def _send(self, code, minutes):
        self.ensure_one()
        if self.channel == "email":
            template = self.env.ref("gov_otp.mail_template_otp")
            # sent at once, not left to the queue of outgoing mail (hourly): the code lasts minutes
            mail_id = template.with_context(otp_code=code, otp_minutes=minutes).send_mail(self.id, force_send=True)
            mail = self.env["mail.mail"].browse(mail_id).exists()  # a mail sent is deleted (auto_delete)
            if mail and mail.state == "exception":
                mail.unlink()  # the code is not kept in a mail that never left
                raise UserError(_("The code could not be sent by e-mail. Try again later or choose SMS."))
            return
        self.env["gov.sms.gateway"].send(self.target, self.with_context(lang=self.lang)._sms_text(code, minutes))

    def _sms_text(self, code, minutes):
        """The SMS holding the code, in the language of the context (the page the code was asked on)."""
        return _("Your code: %(code)s (valid %(minutes)s minutes). Do not give it to anyone.") % {
            "code": code, "minutes": minutes}

    @api.model
    def _cron_purge(self):
        """Forget the codes that expired or were used more than a day ago."""
        limit = fields.Datetime.to_string(datetime.datetime.utcnow() - datetime.timedelta(days=1))
        self.search(["|", ("expires_at", "<", limit), "&", ("consumed", "=", True),
                     ("write_date", "<", limit)]).unlink()
