from odoo import _, api, fields, models
from odoo.exceptions import UserError

PURPOSES = [
    ("service_notification", "Service notifications"),
    ("satisfaction_survey", "Satisfaction surveys"),
    ("news", "News and announcements"),
]
LAWFUL_BASES = [
    ("consent", "Consent"),
    ("public_task", "Public task"),
    ("legal_obligation", "Legal obligation"),
    ("contract", "Contract"),
    ("vital_interest", "Vital interest"),
    ("legitimate_interest", "Legitimate interest"),
]
CHANNELS = [
    ("counter", "Counter"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("web", "Web portal"),
    ("letter", "Letter"),
    ("line", "LINE"),
]


class GovConsent(models.Model):
    """The lawful basis (PDPA B.E. 2562 s.24) on which the agency may use a person's data for a purpose."""

    _name = "gov.consent"
    _description = "PDPA lawful basis of a person for a purpose"
    _order = "given_on desc, id desc"
    _rec_name = "purpose"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade")
    purpose = fields.Selection(PURPOSES, required=True, index=True)
    lawful_basis = fields.Selection(
        LAWFUL_BASES, string="Lawful basis", required=True, default="consent")
    given_on = fields.Datetime(string="Given on", required=True, default=fields.Datetime.now)
    given_by_id = fields.Many2one(
        "res.partner", string="Given by", ondelete="restrict",
        help="The person, or their representative, who gave the consent or objected.")
    recorded_by_id = fields.Many2one(
        "res.users", string="Recorded by", required=True, ondelete="restrict",
        default=lambda self: self.env.user)
    channel = fields.Selection(CHANNELS, default="counter", required=True)
    withdrawn_on = fields.Datetime(string="Withdrawn on", index=True)
    evidence = fields.Binary(attachment=True, help="Signed form, recording or e-mail.")
    evidence_name = fields.Char(string="Evidence file name")
    note = fields.Text()
    state = fields.Selection(
        [("active", "Active"), ("withdrawn", "Withdrawn")], compute="_compute_state",
        store=True, index=True)

    @api.depends("withdrawn_on")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.withdrawn_on else "active"

    @api.model
    def create(self, vals):
        if not vals.get("given_by_id") and vals.get("partner_id"):
            vals["given_by_id"] = vals["partner_id"]
        return super().create(vals)

    @api.multi
    def action_withdraw(self):
        """Withdraw (or object to) the basis: the person is no longer contacted for the purpose."""
        if self.filtered("withdrawn_on"):
            raise UserError(_(
                "This basis was already withdrawn.\nฐานทางกฎหมายนี้ถูกเพิกถอนไปแล้ว"))
        self.write({"withdrawn_on": fields.Datetime.now()})
        for consent in self:
            # sudo: front-desk users record withdrawals but may lack a sender e-mail address
            consent.partner_id.sudo().message_post(author_id=self.env.user.partner_id.id, body=_(
                "Lawful basis withdrawn for: %(purpose)s") % {
                    "purpose": dict(self._fields["purpose"]._description_selection(self.env))[
                        consent.purpose]}, subtype="mail.mt_note")
        return True
