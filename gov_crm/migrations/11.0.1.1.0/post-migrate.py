"""After the upgrade: mark the public-task bases that requests implied, and remove the
access exports earlier versions kept as attachments of the person (any reader of the
person could download them; the export is now streamed to the privacy officer only)."""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    # the earliest public-task line per person and purpose is the one requests implied
    cr.execute("""
        UPDATE gov_consent SET implied = TRUE
         WHERE id IN (SELECT DISTINCT ON (partner_id, purpose) id FROM gov_consent
                       WHERE purpose = 'service_notification' AND lawful_basis = 'public_task'
                       ORDER BY partner_id, purpose, given_on, id)""")
    _logger.info("lawful bases: %d marked as implied by requests", cr.rowcount)
    cr.execute("""
        SELECT id, store_fname FROM ir_attachment
         WHERE res_model = 'res.partner' AND name LIKE 'access-export-%%.xlsx'""")
    rows = cr.fetchall()
    if rows:
        cr.execute("DELETE FROM ir_attachment WHERE id IN %s", (tuple(r[0] for r in rows),))
        attachments = api.Environment(cr, SUPERUSER_ID, {})["ir.attachment"]
        for _id, fname in rows:
            if fname:
                attachments._file_delete(fname)  # removed by the next filestore clean-up
    _logger.info("access exports: %d stored copies removed", len(rows))
