"""Another agency in the letter exchange: its code and the address of its letter inbox."""
from odoo import api, fields, models
from odoo.tools.translate import _
from odoo.exceptions import ValidationError

from odoo.addons.oss_agency_exchange.models import webhook_target


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_saraban_code = fields.Char(
        string="Letter number prefix", index=True, copy=False,
        help="The code that opens the numbers of the agency's letters (ที่), e.g. มท 0808.2. Letters it sends "
             "through the exchange are recognised by it.")
    gov_saraban_addressee = fields.Char(
        string="Letters addressed to (เรียน)",
        help="Whom letters to this agency are addressed to, by position, e.g. ผู้อำนวยการสำนักทะเบียนกลาง.")
    gov_saraban_url = fields.Char(
        string="Letter inbox URL", groups="gov_crm.group_gov_service_manager",
        help="Where signed letters to this agency are posted (its /gov/saraban/inbox), signed with the "
             "agency's webhook secret.")

    _sql_constraints = [
        ("gov_saraban_code_uniq", "unique(gov_saraban_code)", "Two agencies cannot share a letter number prefix."),
    ]

    @api.constrains("gov_saraban_url")
    def _check_gov_saraban_url(self):
        # the address is for service managers only; the check must also run when someone else saves
        for partner in self.sudo().filtered("gov_saraban_url"):
            if partner.gov_party_type != "agency":
                raise ValidationError(_("%(name)s is not an agency: only agencies receive letters through the "
                                        "exchange.") % {"name": partner.name})
            try:
                webhook_target.check_target(partner.gov_saraban_url, **partner._gov_webhook_allowances())
            except webhook_target.TargetRefused as refusal:
                raise ValidationError(_("The letter inbox URL of %(name)s is refused: %(reason)s.")
                                      % {"name": partner.name, "reason": refusal})

    @api.model
    def _gov_saraban_sender(self, code):
        """The agency whose letters carry this prefix (empty when none)."""
        code = (code or "").strip()
        if not code:
            return self.browse()
        return self.search([("gov_saraban_code", "=", code), ("gov_party_type", "=", "agency")], limit=1)
