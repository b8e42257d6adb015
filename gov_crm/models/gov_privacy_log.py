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
        """Record one event per partner; sudo because users may not write the log themselves."""
        uid = self.env.uid
        logs = self.sudo()
        for partner in partners:
            logs |= self.sudo().create({
                "event": event, "partner_id": partner.id, "user_id": uid,
                "purpose": purpose, "reason": reason})
        return logs
