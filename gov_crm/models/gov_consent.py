from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    implied = fields.Boolean(
        string="Implied by a request", readonly=True, copy=False,
        help="Recorded by the system when the person made a request (public task, PDPA s.24(4)). "
             "Recorded once per person and purpose: an objection to it stays in force.")
    state = fields.Selection(
        [("active", "Active"), ("withdrawn", "Withdrawn")], compute="_compute_state",
        store=True, index=True)

    @api.model_cr
    def init(self):
        # One active basis per person and purpose, and one implied basis per person and
        # purpose ever (a withdrawn one included), so that parallel requests cannot record
        # it twice. Partial unique indexes: PostgreSQL has no "unique ... where" table
        # constraint, and an EXCLUDE constraint lets two parallel inserts wait for each
        # other (a deadlock) where a unique index makes the second wait for the first and
        # fail cleanly. create() checks first, for a clear message.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS gov_consent_one_active_idx
                ON gov_consent (partner_id, purpose) WHERE withdrawn_on IS NULL""")
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS gov_consent_one_implied_idx
                ON gov_consent (partner_id, purpose) WHERE implied""")

    @api.depends("withdrawn_on")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.withdrawn_on else "active"

    @api.model
    def create(self, vals):
        if not vals.get("given_by_id") and vals.get("partner_id"):
            vals["given_by_id"] = vals["partner_id"]
        if vals.get("partner_id") and vals.get("purpose") and not vals.get("withdrawn_on"):
            self.check_access_rights("create")  # who may not create learns nothing of the person
            self._check_no_active_basis(vals["partner_id"], vals["purpose"])
        return super().create(vals)

    @api.model
    def _check_no_active_basis(self, partner_id, purpose):
        """A clear error before the database constraint refuses a second active basis."""
        # sudo: the person's other bases decide, whoever records this one
        active = self.sudo().search([("partner_id", "=", partner_id), ("purpose", "=", purpose),
                                     ("withdrawn_on", "=", False)], limit=1)
        if active:
            selection = dict(self._fields["lawful_basis"]._description_selection(self.env))
            raise ValidationError(_(
                "%(name)s already has an active lawful basis for this purpose (%(basis)s): "
                "withdraw it before recording another one.") % {
                    "name": active.partner_id.display_name, "basis": selection[active.lawful_basis]})

    @api.multi
    def action_withdraw(self):
        """Withdraw (or object to) the basis: the person is no longer contacted for the purpose."""
        if self.filtered("withdrawn_on"):
            raise UserError(_(
                "This basis was already withdrawn."))
        self.write({"withdrawn_on": fields.Datetime.now()})
        for consent in self:
            # sudo: front-desk users record withdrawals but may lack a sender e-mail address
            consent.partner_id.sudo().message_post(author_id=self.env.user.partner_id.id, body=_(
                "Lawful basis withdrawn for: %(purpose)s") % {
                    "purpose": dict(self._fields["purpose"]._description_selection(self.env))[
                        consent.purpose]}, subtype="mail.mt_note")
        return True
