"""The files of a secret letter (its signed PDF, its enclosures) are opened like the letter:
every download is logged. Who may read them at all is Odoo's rule for attachments: those who
may read the letter they belong to. The files of record of a letter (its signed PDF, and its
enclosures once it left the draft) are changed or deleted by nobody: Odoo's rule would let
whoever may write the letter overwrite them."""
from odoo import _, api, models
from odoo.exceptions import AccessError

LETTER = "gov.saraban.letter"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def check(self, mode, values=None):
        result = super(IrAttachment, self).check(mode, values=values)
        if mode in ("write", "unlink") and self.ids and not self.env.user._is_superuser():
            self.env.cr.execute("""
                SELECT l.name FROM gov_saraban_letter l WHERE l.pdf_attachment_id IN %(ids)s
                UNION
                SELECT l.name FROM gov_saraban_enclosure e JOIN gov_saraban_letter l ON l.id = e.letter_id
                 WHERE e.attachment_id IN %(ids)s AND l.state != 'draft'
                 LIMIT 1""", {"ids": tuple(self.ids)})
            row = self.env.cr.fetchone()
            if row:
                raise AccessError(_("The files of letter %(name)s are a record of the agency: nobody changes or "
                                    "deletes them.") % {"name": row[0]})
        return result

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super(IrAttachment, self).read(fields=fields, load=load)
        if (fields is None or "datas" in fields) and not self.env.context.get("bin_size"):
            self._saraban_log_file_opening()
        return result

    def _saraban_log_file_opening(self):
        if not self.ids:
            return
        self.env.cr.execute("SELECT DISTINCT res_id FROM ir_attachment WHERE id IN %s AND res_model = %s",
                            (tuple(self.ids), LETTER))
        letter_ids = [row[0] for row in self.env.cr.fetchall() if row[0]]
        if letter_ids:
            self.env[LETTER].browse(letter_ids)._saraban_log_opening("file")
