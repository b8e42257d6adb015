"""SMS through an HTTP gateway: POST {"to": "0812345678", "text": "..."} as JSON to the URL of the
system parameter ``gov_otp.sms_gateway_url``, with ``gov_otp.sms_gateway_token`` as a bearer
token. Any answer but 2xx is a failure the caller reports."""
import logging

import requests

from odoo import _, api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)
TIMEOUT = 10


class GovSmsGateway(models.AbstractModel):
    _name = "gov.sms.gateway"
    _description = "SMS gateway"

    @api.model
    def send(self, number, text):
        # sudo: the gateway's address and token are the administrator's settings, read without the
        # ormcache of get_param so that a change applies at once in every worker
        params = dict(self.env["ir.config_parameter"].sudo().search(
            [("key", "in", ("gov_otp.sms_gateway_url", "gov_otp.sms_gateway_token"))]).mapped(
                lambda p: (p.key, p.value)))
        url = (params.get("gov_otp.sms_gateway_url") or "").strip()
        if not url:
            raise UserError(_("No SMS gateway is configured: give an e-mail address instead."))
        token = params.get("gov_otp.sms_gateway_token") or ""
        try:
            answer = requests.post(url, json={"to": number, "text": text}, timeout=TIMEOUT,
                                   headers={"Authorization": "Bearer %s" % token})
        except requests.RequestException as error:
            _logger.warning("SMS gateway unreachable: %s", error.__class__.__name__)
            answer = None
        if answer is None or not 200 <= answer.status_code < 300:
            raise UserError(_("The SMS could not be sent; try again later or give an e-mail address."))
        return True
