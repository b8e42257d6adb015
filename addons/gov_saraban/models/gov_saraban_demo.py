"""The demo's certificate authority and its signer certificate, made at installation.

Everything is named DEMO: the CA, its certificate and the signer's certificate are for trying the
product, never for real letters. The CA's private key is not kept.
"""
import base64
import logging
import secrets

from odoo import api, models

from ..lib import pki, sealing

_logger = logging.getLogger(__name__)
DEMO_CA_NAME = "DEMO Saraban Root CA (not for real letters)"


class GovSarabanCertificate(models.Model):
    _inherit = "gov.saraban.certificate"

    @api.model
    def _saraban_make_demo_pki(self, signer_xmlids):
        if not sealing.configured():
            _logger.info("gov_saraban demo: no gov_saraban_key_file configured, no demo certificate made")
            return False
        ca_key, ca_certificate = pki.make_ca(DEMO_CA_NAME, "DEMO")
        self.env["gov.saraban.trusted.root"].create({
            "name": DEMO_CA_NAME, "company_id": self.env.ref("base.main_company").id,
            "certificate_file": base64.b64encode(pki.pem(ca_certificate)),
            "crl_file": base64.b64encode(pki.make_crl(ca_key, ca_certificate, days=3650)),
        })
        for xmlid in signer_xmlids:
            user = self.env.ref(xmlid)
            key, certificate = pki.make_certificate(ca_key, ca_certificate, "DEMO %s" % user.name, "DEMO",
                                                    crl_url="http://pki.demo.invalid/demo-root.crl")
            passphrase = secrets.token_urlsafe(16)
            self._saraban_create_from_pkcs12(user, pki.to_pkcs12(key, certificate, [ca_certificate], passphrase),
                                             passphrase, is_demo=True)
        return True
