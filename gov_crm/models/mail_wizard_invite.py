"""Adding followers with a message: the wizard creates the invitation, mails it and deletes it.

The chatter is history that users do not change (mail_message.py); this message is the
wizard's own, never shown in the chatter, and its creation, mailing and deletion are Odoo's
processing of a message being sent, as when a message is posted.
"""
from odoo import api, models

from .mail_message import chatter_maintenance


# pylint: disable-next=no-wizard-in-models  # extends Odoo's wizard beside the chatter rules it keeps
class MailWizardInvite(models.TransientModel):
    _inherit = "mail.wizard.invite"

    @api.multi
    def add_followers(self):
        with chatter_maintenance():
            return super(MailWizardInvite, self).add_followers()
