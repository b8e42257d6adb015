"""Who opened a secret letter: every read of its text or files is logged.

A form, an RPC ``read`` or an export that asks for the text of a secret letter is an opening;
a list of the register (number, date, parties) is not. The ORM's own reads of prefetched fields
(``load='_classic_write'``) are the code's, not a person's: the person's action was logged when
it read the letter. The administrator (the superuser in Odoo 11) is not held by record rules:
their openings are logged like everyone's.
"""
from odoo import SUPERUSER_ID, api, models
from odoo.http import request

LOGGED_FIELDS = ("body", "subject", "enclosure_ids", "pdf_attachment_id", "reference_text")


def acting_user_id(env):
    """The person behind ``env``: its user, or the administrator reading through their own session;
    None for the code's own superuser reads."""
    if env.uid != SUPERUSER_ID:
        return env.uid
    try:
        # a proxy: false, and unusable, when no HTTP request is bound to this thread
        session_uid = request.session.uid if request else None
    except RuntimeError:
        session_uid = None
    return SUPERUSER_ID if session_uid == SUPERUSER_ID else None


class GovSarabanLetter(models.Model):
    _inherit = "gov.saraban.letter"

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super(GovSarabanLetter, self).read(fields=fields, load=load)
        if load != "_classic_write" and (fields is None or set(fields) & set(LOGGED_FIELDS)):
            self._saraban_log_opening("letter")
        return result

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        # an export reads through the record cache, not read(): it is logged here
        result = super(GovSarabanLetter, self).export_data(fields_to_export, raw_data=raw_data)
        exported = {path.replace("/", ".").split(".")[0] for path in fields_to_export}
        if exported & set(LOGGED_FIELDS):
            self._saraban_log_opening("letter")
        return result

    def _saraban_log_opening(self, what):
        user_id = acting_user_id(self.env)
        if user_id is None:
            return
        # sudo: the secrecy of the letters the user was just allowed to read, and the log,
        # which no user writes
        secret = self.sudo().filtered(lambda letter: letter.secrecy != "normal")
        logs = self.env["gov.saraban.access.log"].sudo()
        for letter in secret:
            logs.create({"letter_id": letter.id, "user_id": user_id, "what": what})
