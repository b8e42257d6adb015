"""Files of internal notes stay internal."""
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .mail_document_access import searched_domain


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _gov_outside_employees(self):
        return self.env.uid != SUPERUSER_ID and not self.env.user.has_group("base.group_user")

    def _gov_internal_note_file_ids(self, ids):
        """Ids among ``ids`` of files attached to a message without a public subtype (an
        internal note): Odoo 11 files them on the note's document, so that whoever reads
        the document, a portal applicant too, would read them."""
        if not ids:
            return set()
        self.env.cr.execute("""
            SELECT DISTINCT rel.attachment_id FROM message_attachment_rel rel
              JOIN mail_message m ON m.id = rel.message_id
              LEFT JOIN mail_message_subtype s ON s.id = m.subtype_id
             WHERE rel.attachment_id IN %s AND (m.subtype_id IS NULL OR s.internal)""", (tuple(ids),))
        return {row[0] for row in self.env.cr.fetchall()}

    def _gov_shared_file_ids(self, ids):
        """Hook: ids among ``ids`` of files that stay the user's although an internal note
        carries them too (an applicant's own answer, posted to the case that asked)."""
        return set()

    def _gov_hidden_file_ids(self, ids):
        internal = self._gov_internal_note_file_ids(ids)
        return internal - self._gov_shared_file_ids(internal) if internal else internal

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if self.ids and self._gov_outside_employees() and self._gov_hidden_file_ids(self.ids):
            raise AccessError(_("Sorry, you are not allowed to access this document."))
        return res

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if not self._gov_outside_employees():
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        internal = self._gov_hidden_file_ids(ids)
        ids = [attachment_id for attachment_id in ids if attachment_id not in internal]
        return len(ids) if count else ids

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # files are read with their document, which Odoo checks in _search only
        return super().read_group(searched_domain(self, domain), fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)
