from odoo import fields, models


class OssFeeExemption(models.Model):
    """A ground on which the law exempts someone from a fee, with its legal reason."""

    _name = "oss.fee.exemption"
    _description = "Fee exemption"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Exemption (Thai)", required=True)
    name_en = fields.Char(string="Exemption (English)")
    legal_basis = fields.Text(string="Legal reason", required=True,
                              help="The provision that exempts the payer: recorded with every request exempted.")
    evidence = fields.Char(string="Evidence to see",
                           help="What the front desk checks, e.g. the disability card. Its number is noted on "
                                "the request.")
    service_ids = fields.Many2many(
        "oss.service", "oss_fee_exemption_service_rel", "exemption_id", "service_id", string="Services",
        help="The services it applies to; empty: every service with a fee.")
    active = fields.Boolean(default=True)

    def _oss_applies_to(self, service):
        self.ensure_one()
        return not self.service_ids or service in self.service_ids
