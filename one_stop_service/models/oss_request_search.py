"""One search box for the back office: tracking number, or the applicant's ID, phone or name."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class OssRequest(models.Model):
    _inherit = "oss.request"

    lookup = fields.Char(
        string="Tracking number, applicant's ID, phone or name", compute="_compute_lookup",
        search="_search_lookup", help="Search only: what the front desk or an officer types.")

    def _compute_lookup(self):
        for request in self:
            request.lookup = False

    @api.model
    def _search_lookup(self, operator, value):
        """Requests whose tracking number contains ``value``, or whose applicant (or contact
        person) has it as full ID, in a phone number or in the name."""
        if operator not in ("ilike", "like", "=", "=ilike"):
            raise UserError(_("Unsupported search: %(op)s") % {"op": operator})
        text = (value or "").strip()
        if not text:
            return []
        compact = re.sub(r"[\s\-.]", "", text)
        partner_domain = [("name", "ilike", text)]
        if compact.isdigit():
            if len(compact) == 13:  # a full ID: exact match only
                partner_domain = expression.OR([partner_domain, [("national_id", "=", compact)]])
            if len(compact) >= 4:
                partner_domain = expression.OR([partner_domain, [("gov_phone_digits", "ilike", compact)]])
        partners = self.env["res.partner"].with_context(active_test=False)._search(partner_domain)
        return expression.OR([
            [("name", "ilike", text)],
            [("partner_id", "in", partners)],
            [("contact_id", "in", partners)],
        ])
