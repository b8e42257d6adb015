"""A signer's certificate: what anyone with access may know of it (subject, issuer, serial,
validity), and the PKCS#12 file with its passphrase, which nobody reads back.

The PKCS#12 file and its passphrase are encrypted with the server's key (lib/sealing.py) and
kept in two columns that are not fields of the model: no read, search, export, onchange or
report of the ORM reaches them, for any user, the administrator (Odoo 11's superuser)
included. Only this model's signing code reads them, with parametrised SQL, to sign a letter
for the certificate's own user.
"""
import datetime
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import pades, sealing


class GovSarabanCertificate(models.Model):
    _name = "gov.saraban.certificate"
    _description = "Signing certificate"
    _order = "user_id, not_after desc"

    name = fields.Char(string="Subject", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Signer", required=True, index=True, ondelete="cascade",
                              readonly=True)
    issuer = fields.Char(readonly=True)
    serial = fields.Char(string="Serial number", readonly=True)
    fingerprint = fields.Char(string="SHA-256 fingerprint", readonly=True, index=True)
    not_before = fields.Datetime(string="Valid from", readonly=True)
    not_after = fields.Datetime(string="Valid until", readonly=True)
    certificate_pem = fields.Text(string="Certificate (PEM)", readonly=True,
                                  help="The public certificate: what every verifier of the signature sees.")
    active = fields.Boolean(default=True)
    is_demo = fields.Boolean(string="Demo certificate", readonly=True,
                             help="Issued by the demo certificate authority made at installation: not for real "
                                  "letters.")

    _sql_constraints = [
        ("fingerprint_uniq", "unique(user_id, fingerprint)", "This certificate is already uploaded for the signer."),
    ]

    def init(self):
        # not fields: out of reach of every read, search and export of the ORM (see the docstring)
        self.env.cr.execute("ALTER TABLE gov_saraban_certificate ADD COLUMN IF NOT EXISTS pkcs12_sealed bytea")
        self.env.cr.execute("ALTER TABLE gov_saraban_certificate ADD COLUMN IF NOT EXISTS passphrase_sealed bytea")

    @api.multi
    def name_get(self):
        return [(cert.id, "%s (%s)" % (cert.name, cert.serial or "")) for cert in self]

    @api.model
    def _saraban_create_from_pkcs12(self, user, data, passphrase, is_demo=False):
        """Check a PKCS#12 file and keep it, sealed, for ``user``; the caller checked that the
        current user may do this for ``user``."""
        if not sealing.configured():
            raise UserError(_(
                "The server has no key to encrypt signing certificates: the administrator sets "
                "gov_saraban_key_file in the server configuration."))
        try:
            _key, certificate, _others = pades.load_pkcs12(data, passphrase)
        except pades.PadesError:
            raise UserError(_("The file is not a PKCS#12 certificate, or the passphrase is wrong."))
        usage = self._key_usage(certificate)
        if usage is not None and not (usage.digital_signature or usage.content_commitment):
            raise UserError(_("The certificate %(subject)s is not made for signing documents.")
                            % {"subject": certificate.subject.rfc4514_string()})
        not_before = certificate.not_valid_before_utc.replace(tzinfo=None)
        not_after = certificate.not_valid_after_utc.replace(tzinfo=None)
        if not_after < datetime.datetime.utcnow():
            raise UserError(_("The certificate %(subject)s expired on %(date)s.")
                            % {"subject": certificate.subject.rfc4514_string(),
                               "date": not_after.date().isoformat()})
        record = self.create({
            "name": certificate.subject.rfc4514_string(), "user_id": user.id,
            "issuer": certificate.issuer.rfc4514_string(), "serial": "%x" % certificate.serial_number,
            "fingerprint": hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest(),
            "not_before": fields.Datetime.to_string(not_before),
            "not_after": fields.Datetime.to_string(not_after),
            "certificate_pem": certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
            "is_demo": is_demo,
        })
        self.env.cr.execute(
            "UPDATE gov_saraban_certificate SET pkcs12_sealed = %s, passphrase_sealed = %s WHERE id = %s",
            (sealing.seal(data), sealing.seal((passphrase or "").encode("utf-8")), record.id))
        return record

    @staticmethod
    def _key_usage(certificate):
        try:
            return certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            return None

    @api.model
    def _saraban_usable(self, user):
        """The active, valid certificate ``user`` signs with (the one expiring last)."""
        now = fields.Datetime.now()
        # sudo: the signer's own certificates, read for the signing the signer asked for
        certificate = self.sudo().search([("user_id", "=", user.id), ("not_after", ">", now),
                                          ("not_before", "<=", now)], order="not_after desc", limit=1)
        if not certificate:
            raise UserError(_("%(user)s has no valid signing certificate: upload one under Correspondence "
                              "> Upload my signing certificate.") % {"user": user.name})
        return self.browse(certificate.id)

    def _saraban_sign(self, pdf, letter):
        """(signed PDF bytes, timestamp) with this certificate, for its own user only."""
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(_("A certificate signs only for its own signer."))
        self.env.cr.execute("SELECT pkcs12_sealed, passphrase_sealed FROM gov_saraban_certificate WHERE id = %s",
                            (self.id,))
        sealed_pkcs12, sealed_passphrase = self.env.cr.fetchone()
        if not sealed_pkcs12:
            raise UserError(_("The certificate %(name)s holds no key: upload it again.") % {"name": self.name})
        try:
            data, passphrase = sealing.unseal(sealed_pkcs12), sealing.unseal(sealed_passphrase).decode("utf-8")
        except sealing.SealingError as error:
            raise UserError(_("The certificate cannot be opened on this server: %(reason)s.") % {"reason": error})
        company = letter.company_id.sudo()
        try:
            signed = pades.sign(pdf, data, passphrase, reason="ลงนามหนังสือราชการ %s" % letter.name,
                                location=company.name, name=self.user_id.name,
                                tsa_url=company.gov_saraban_tsa_url or None)
        except pades.PadesError as error:
            raise UserError(_("The letter could not be signed: %(reason)s.") % {"reason": error})
        timestamp = False
        if company.gov_saraban_tsa_url:
            verdict = pades.verify(signed)
            if verdict.get("timestamp"):
                timestamp = fields.Datetime.to_string(verdict["timestamp"].astimezone(datetime.timezone.utc)
                                                      .replace(tzinfo=None))
        return signed, timestamp
