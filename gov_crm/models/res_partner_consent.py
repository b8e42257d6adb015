"""PDPA lawful basis per purpose, and the check other modules call before contacting a person.

Policy (documented in readme/USAGE.rst):

* ``service_notification`` (notices about the person's own requests and cases) rests
  on the "public task" basis: making a request implies it. A person with no line
  for this purpose may therefore be notified; ``gov_ensure_public_task_basis()``
  (called by one_stop_service when a request is made) records that basis
  explicitly. Once the person objects (the line is withdrawn and no active line is
  left) notices stop.
* ``satisfaction_survey`` and ``news`` need an active line for that exact purpose
  (normally consent).
* An anonymised person is never contacted.
"""
import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models

IMPLIED_PURPOSES = ("service_notification",)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the roles that read lawful bases: the person form leaves the list out for the others
    # (a cashier opening the payer's record), as a page hidden by its groups would still load it
    gov_consent_ids = fields.One2many(
        "gov.consent", "partner_id", string="Lawful bases",
        groups="gov_crm.group_gov_front_desk,gov_crm.group_gov_officer,gov_crm.group_gov_privacy_officer")
    gov_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False, index=True)

    @api.multi
    def _gov_contact_decision(self, purpose):
        """(allowed, reason) for one partner, without logging anything."""
        self.ensure_one()
        Consent = self.env["gov.consent"]
        # the purposes' keys; their labels are translated only for a refusal that names one
        if purpose not in dict(Consent._fields["purpose"].selection):
            raise ValueError("Unknown contact purpose %r" % purpose)
        # this flag alone, whoever asks (a notice is decided on it for any role): reading it would fetch
        # every column of the person under the user's rules, their IDs masked, at each notice of an
        # intake that reads nothing else of them
        self.env.cr.execute("SELECT gov_anonymised FROM res_partner WHERE id = %s", (self.id,))
        if (self.env.cr.fetchone() or (False,))[0]:
            return False, _("The person's data was anonymised.")
        # the person's lines for the purpose, newest first (gov.consent's order), whoever asks (a
        # notice is decided on them for any role): the two columns the decision reads, in one SELECT
        # where a search and the fetch of every column of the lines took two at each notice
        self.env.cr.execute("""
            SELECT lawful_basis, withdrawn_on FROM gov_consent
             WHERE partner_id = %s AND purpose = %s ORDER BY given_on DESC, id DESC""", (self.id, purpose))
        consents = self.env.cr.fetchall()
        active = [basis for basis, withdrawn_on in consents if not withdrawn_on]
        if active:
            bases = dict(Consent._fields["lawful_basis"]._description_selection(self.env))
            return True, _("Lawful basis: %(basis)s") % {"basis": bases[active[0]]}
        if purpose in IMPLIED_PURPOSES and not consents:
            return True, _("Implied public task basis: notices about the person's own requests.")
        purposes = dict(Consent._fields["purpose"]._description_selection(self.env))
        if consents:
            return False, _("The person withdrew the basis for %(purpose)s.") % {
                "purpose": purposes[purpose]}
        return False, _("No lawful basis recorded for %(purpose)s.") % {"purpose": purposes[purpose]}

    @api.multi
    def gov_check_contact(self, purpose):
        """Call before sending anything to the person. Returns ``(allowed, reason)``.

        A refusal is logged in ``gov.privacy.log`` (who, when, purpose, why) and as a
        note in the person's chatter, so nobody wonders why a notice was not sent.
        """
        self.ensure_one()
        allowed, reason = self._gov_contact_decision(purpose)
        if not allowed:
            self.env["gov.privacy.log"]._log("contact_refused", self, purpose=purpose, reason=reason)
            # sudo: the caller (a cron, a front-desk user) may not post on the partner
            self.sudo().message_post(
                body=_("Contact refused (%(purpose)s): %(reason)s") % {
                    "purpose": purpose, "reason": reason},
                subtype="mail.mt_note", author_id=self.env.user.partner_id.id)
        return allowed, reason

    @api.multi
    def gov_ensure_public_task_basis(self, channel="counter"):
        """Record the public-task basis for service notifications when a person makes a request.

        Does nothing when a line already exists for the purpose, active or withdrawn:
        an objection must not be overridden by the next request. Safe when several
        requests of one person are made at the same moment: the database keeps one
        implied line per person and purpose, and the requests that lose the race go on
        without one (the winner's line is theirs too).
        """
        for partner in self:
            # any line of the person for the purpose, whoever asks (the superuser's search, which no
            # record rule narrows): one SELECT, where the ORM's count was a hundredth of an intake
            self.env.cr.execute("SELECT 1 FROM gov_consent WHERE partner_id = %s AND purpose = %s LIMIT 1",
                                (partner.id, "service_notification"))
            if self.env.cr.fetchone():
                continue
            partner._gov_insert_implied_basis("service_notification", channel)
        return True

    def _gov_insert_implied_basis(self, purpose, channel):
        """INSERT the implied line, or nothing when a parallel transaction recorded a line
        for the same person and purpose (its commit makes ours conflict). Plain SQL in a
        savepoint: an ORM create would log the expected conflict as a server error."""
        self.ensure_one()
        cr = self.env.cr
        now = fields.Datetime.now()
        try:
            with cr.savepoint():
                cr.execute("""
                    INSERT INTO gov_consent (partner_id, purpose, lawful_basis, implied, given_on,
                                             given_by_id, recorded_by_id, channel, note, state,
                                             create_uid, create_date, write_uid, write_date)
                    VALUES (%(partner)s, %(purpose)s, 'public_task', TRUE, %(now)s, %(partner)s,
                            %(uid)s, %(channel)s, %(note)s, 'active', %(uid)s, %(now)s, %(uid)s, %(now)s)
                    RETURNING id""", {
                        "partner": self.id, "purpose": purpose, "now": now, "uid": self.env.uid,
                        "channel": channel, "note": _("Implied by the person's own request (PDPA s.24(4))."),
                    }, log_exceptions=False)
                consent_id = cr.fetchone()[0]
        except psycopg2.IntegrityError as error:
            if error.pgcode != errorcodes.UNIQUE_VIOLATION:
                raise
            return self.env["gov.consent"]
        self.invalidate_cache(["gov_consent_ids"], self.ids)
        return self.env["gov.consent"].browse(consent_id)
