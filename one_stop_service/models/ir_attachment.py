"""The files an applicant gave stay theirs."""
from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _gov_applicant_file_ids(self, ids):
        """Files that answer a question to the applicant: the officer's note of the answer
        carries the file, and the applicant still reads it with their request."""
        found = super()._gov_applicant_file_ids(ids)
        if ids:
            self.env.cr.execute("SELECT attachment_id FROM oss_applicant_question WHERE attachment_id IN %s",
                                (tuple(ids),))
            found |= {row[0] for row in self.env.cr.fetchall()}
        return found
