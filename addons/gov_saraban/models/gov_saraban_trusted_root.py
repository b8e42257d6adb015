"""The certificate authorities an agency trusts for the signatures of the letters it receives,
each with the revocation list (CRL) it last received from it. Verification uses no network:
a CRL is uploaded here when the authority publishes a new one."""
import base64

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import pades


class GovSarabanTrustedRoot(models.Model):
    _name = "gov.saraban.trusted.root"
    _description = "Trusted certificate authority"
    _order = "name"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", string="Agency", required=True, ondelete="cascade", index=True,
                                 default=lambda self: self.env.user.company_id)
    certificate_file = fields.Binary(string="Certificate (PEM or DER)", required=True, attachment=True)
    subject = fields.Char(compute="_compute_certificate", store=True)
    not_after = fields.Datetime(string="Valid until", compute="_compute_certificate", store=True)
    crl_file = fields.Binary(string="Revocation list (CRL)", attachment=True,
                             help="The latest CRL published by the authority (DER or PEM).")
    crl_next_update = fields.Datetime(string="CRL valid until", compute="_compute_crl", store=True)
    active = fields.Boolean(default=True)

    @api.depends("certificate_file")
    def _compute_certificate(self):
        for root in self:
            root.subject = root.not_after = False
            if not root.certificate_file:
                continue
            try:
                certificate = pades.load_certificates(base64.b64decode(root.certificate_file))[0]
            except (ValueError, TypeError, IndexError):
                raise ValidationError(_("The file is not an X.509 certificate (PEM or DER)."))
            root.subject = certificate.subject.human_friendly
            root.not_after = fields.Datetime.to_string(certificate["tbs_certificate"]["validity"]["not_after"]
                                                       .native.replace(tzinfo=None))

    @api.depends("crl_file")
    def _compute_crl(self):
        for root in self:
            root.crl_next_update = False
            if not root.crl_file:
                continue
            try:
                crl = pades.load_crl(base64.b64decode(root.crl_file))
                next_update = crl["tbs_cert_list"]["next_update"].native
            except (ValueError, TypeError, KeyError):
                raise ValidationError(_("The file is not a certificate revocation list (CRL)."))
            root.crl_next_update = next_update and fields.Datetime.to_string(next_update.replace(tzinfo=None))

    @api.model
    def _saraban_material(self, company):
        """(trusted certificates, CRLs) of the agency, as bytes, for the verifier."""
        # sudo: verification runs for whoever registers a letter; the trust list is the agency's
        roots = self.sudo().search([("company_id", "=", company.id)])
        return ([base64.b64decode(root.certificate_file) for root in roots],
                [base64.b64decode(root.crl_file) for root in roots if root.crl_file])
