from odoo import api, fields, models


class GovPrivacyLog(models.Model):
    """Audit trail of personal-data events: full reads, refused contacts, exports, anonymisation.

    Written with sudo() by the code that does the event (never by users directly);
    holds no personal data itself so that anonymising a person leaves it clean.
    """

    _name = "gov.privacy.log"
    _description = "Personal data audit log"
    _order = "id desc"
    _rec_name = "event"

    event = fields.Selection(
        [("full_read", "Full identifier read"),
         ("lookup", "Lookup by identifier"),
         ("contact_refused", "Contact refused"),
         ("access_export", "Access export"),
         ("anonymise", "Anonymisation"),
         ("merge", "Merge")],
        required=True, index=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", required=True, index=True, ondelete="restrict", readonly=True,
        default=lambda self: self.env.uid)
    partner_id = fields.Many2one(
        "res.partner", string="Person", index=True, ondelete="set null", readonly=True)
    purpose = fields.Char(readonly=True)
    reason = fields.Char(readonly=True)

    @api.model
    def _log(self, event, partners, purpose=None, reason=None):
        """Record one event per partner; sudo because users may not write the log themselves.

        The rows are inserted with one statement (``_gov_insert_rows``), as the ORM's create would
        write them: a log is a plain row that nothing depends on (no computed or related field, no
        constraint, no chatter), and one is written at each search of a person by their ID, the
        first call of every intake at the counter."""
        if event not in self._fields["event"].get_values(self.env):
            raise ValueError("Wrong value for gov.privacy.log.event: %r" % (event,))
        if not partners:
            return self.sudo()
        now = fields.Datetime.now()
        return self.sudo()._gov_insert_rows([
            {"event": event, "partner_id": partner.id, "user_id": self.env.uid, "purpose": purpose,
             "reason": reason, "date": now} for partner in partners])
