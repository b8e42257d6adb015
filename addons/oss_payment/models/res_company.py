"""The agency as the biller of its Thai QR bill payments."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.gov_crm.lib.thai_id import is_valid_tax_id


class ResCompany(models.Model):
    _inherit = "res.company"

    oss_biller_suffix = fields.Char(
        string="Biller ID suffix", size=2, default="00",
        help="The two digits the bank gave with the agency's biller ID: the biller ID of the QR bill "
             "payment is the agency's 13-digit tax ID followed by them.")

    @api.constrains("oss_biller_suffix")
    def _check_oss_biller_suffix(self):
        for company in self:
            if company.oss_biller_suffix and not re.match(r"^\d{2}$", company.oss_biller_suffix):
                raise ValidationError(_("The biller ID suffix is two digits, e.g. 00."))

    def _oss_biller_id(self):
        """Tax ID + suffix (15 digits), or False while the agency's tax ID is not a valid 13-digit one."""
        self.ensure_one()
        digits = re.sub(r"\D", "", self.vat or "")
        if len(digits) != 13 or not is_valid_tax_id(digits) or not re.match(r"^\d{2}$", self.oss_biller_suffix or ""):
            return False
        return digits + self.oss_biller_suffix
