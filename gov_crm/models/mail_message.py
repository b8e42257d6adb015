"""Who reads the chatter: no internal note reaches a portal user, no national ID is kept in it."""
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .gov_identifier_guard import mask_ids_in_text

MASKED_MESSAGE_FIELDS = ("body", "subject")


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.multi
    def check_access_rule(self, operation):
        """Odoo 11 hides internal notes from portal users in searches but lets them read one
        by its id unless it is a 'comment': notes logged by the system are 'notifications'.
        A user outside the employees reads no message without a public subtype."""
        if (operation in ("read", "write") and self.ids and self.env.uid != SUPERUSER_ID
                and not self.env.user.has_group("base.group_user")):
            self.env.cr.execute("""
                SELECT m.id FROM mail_message m
                  LEFT JOIN mail_message_subtype s ON s.id = m.subtype_id
                 WHERE m.id IN %s AND (m.subtype_id IS NULL OR s.internal) LIMIT 1""", (tuple(self.ids),))
            if self.env.cr.fetchone():
                raise AccessError(_(
                    "The requested operation cannot be completed due to security restrictions. "
                    "Please contact your system administrator.\n\n(Document type: %s, Operation: %s)")
                    % (self._description, operation))
        return super().check_access_rule(operation)

    @api.model
    def create(self, vals):
        return super().create(self._gov_mask_ids(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._gov_mask_ids(vals))

    @staticmethod
    def _gov_mask_ids(vals):
        """A national or juristic ID typed into a note or mailed to the person is kept masked:
        the chatter is read by everyone who reads the document, and the ID is on the person's
        record for those allowed to see it."""
        if not any(isinstance(vals.get(name), str) for name in MASKED_MESSAGE_FIELDS):
            return vals
        vals = dict(vals)
        for name in MASKED_MESSAGE_FIELDS:
            if isinstance(vals.get(name), str):
                vals[name] = mask_ids_in_text(vals[name])
        return vals


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    @api.model
    def create(self, vals):
        """A tracked change of a field that holds an ID shows it masked in the chatter."""
        vals = dict(vals)
        for name in ("old_value_char", "new_value_char", "old_value_text", "new_value_text"):
            if isinstance(vals.get(name), str):
                vals[name] = mask_ids_in_text(vals[name])
        return super().create(vals)
