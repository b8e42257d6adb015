"""What an agency puts on its letters: its number prefix, emblem and address."""
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import _


class ResCompany(models.Model):
    _inherit = "res.company"

    gov_saraban_prefix = fields.Char(
        string="Letter number prefix",
        help="The agency's code that opens the number of its letters (ที่), e.g. นม 52001: the letter is "
             "numbered นม 52001/123. It also identifies the agency to the others in the letter exchange.")
    gov_saraban_emblem = fields.Binary(
        string="Emblem", attachment=True,
        help="The Garuda emblem printed at the top of the agency's letters (PNG or JPEG, about 3 cm high).")
    gov_saraban_address = fields.Text(
        string="Address on letters",
        help="The agency's address printed under its name at the top right of its letters.")
    gov_saraban_intake_department_id = fields.Many2one(
        "gov.department", string="Department for incoming letters", ondelete="restrict",
        help="Letters received through the exchange open a case in this department; the registry clerk "
             "routes them elsewhere from there.")
    gov_saraban_tsa_url = fields.Char(
        string="Timestamp server",
        help="Address of an RFC 3161 timestamp server: signatures then carry a trusted time (PAdES B-T).")

    @api.constrains("gov_saraban_prefix")
    def _check_gov_saraban_prefix(self):
        for company in self.filtered("gov_saraban_prefix"):
            if "/" in company.gov_saraban_prefix:
                raise ValidationError(_(
                    "The letter number prefix %(prefix)s must not contain '/': the register number follows it.")
                    % {"prefix": company.gov_saraban_prefix})
