"""The settings of the one-stop service a service manager changes: the address of OPDC.

Odoo's general settings are for administrators only; this small form lets a service manager
(and nobody else) set where the copies of the delay notices go (s.10). The value is kept as
a system parameter, which only administrators may write directly.
"""
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import single_email_re

from ..models.oss_request_notice_copy import OPDC_EMAIL_PARAM

_logger = logging.getLogger(__name__)
MANAGER_GROUP = "gov_crm.group_gov_service_manager"


class OssSettings(models.TransientModel):
    _name = "oss.settings"
    _description = "One-stop service settings"

    def _default_opdc_email(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            return False
        # sudo: a service manager reads the setting (checked above), a system parameter
        return self.env["ir.config_parameter"].sudo().get_param(OPDC_EMAIL_PARAM) or False

    opdc_email = fields.Char(
        string="OPDC address for copies of delay notices", default=lambda self: self._default_opdc_email(),
        help="Every notice of delay (s.10) is copied to this e-mail address of the Office of the Public "
             "Sector Development Commission, without the applicant's personal data. Empty: no copy is "
             "sent, and each request notes it.")

    @api.multi
    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only service managers change the settings of the one-stop service."))
        address = (self.opdc_email or "").strip()
        if address and not single_email_re.match(address):
            raise ValidationError(_("%(address)s is not an e-mail address.")
                                  % {"address": address})
        # sudo: a service manager sets it (checked above); parameters are for administrators
        self.env["ir.config_parameter"].sudo().set_param(OPDC_EMAIL_PARAM, address or False)
        _logger.info("OPDC address for delay notices set to %r by user %s", address, self.env.uid)
        return {"type": "ir.actions.act_window_close"}
