"""A signer uploads their own certificate (PKCS#12 with its passphrase).

The file and the passphrase never reach this wizard's table: ``create`` takes them out of the
values, checks them and seals them into the certificate (see gov.saraban.certificate).
"""
import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

SECRET_FIELDS = ("pkcs12_file", "passphrase")


class GovSarabanCertificateUpload(models.TransientModel):
    _name = "gov.saraban.certificate.upload"
    _description = "Upload a signing certificate"

    pkcs12_file = fields.Binary(string="Certificate file (.p12 / .pfx)", store=False)
    pkcs12_filename = fields.Char(string="File name")
    passphrase = fields.Char(store=False)
    certificate_id = fields.Many2one("gov.saraban.certificate", readonly=True,
                                     ondelete="cascade")

    @api.model
    def create(self, vals):
        vals = dict(vals)
        data, passphrase = vals.pop("pkcs12_file", None), vals.pop("passphrase", None) or ""
        user = self.env.user
        if not user.has_group("gov_saraban.group_saraban_signer"):
            raise AccessError(_("Only a letter signer keeps a signing certificate here."))
        if not data:
            raise UserError(_("Choose the PKCS#12 file of your certificate."))
        # sudo: the certificate is created for the current user only, after the check above;
        # signers may not write certificates directly (the sealed key is set only here)
        certificate = self.env["gov.saraban.certificate"].sudo()._saraban_create_from_pkcs12(
            user, base64.b64decode(data), passphrase)
        vals["certificate_id"] = certificate.id
        return super(GovSarabanCertificateUpload, self).create(vals)

    @api.multi
    def action_done(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.saraban.certificate",
                "res_id": self.certificate_id.id, "view_mode": "form", "target": "current"}
