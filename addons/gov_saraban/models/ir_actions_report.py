"""The letter is rendered from one self-contained HTML page (its styles inline, its emblem a data
URI), never through the web client's asset bundles.

Odoo's ``render_qweb_pdf`` may generate an asset bundle and COMMIT the transaction to make it
visible to wkhtmltopdf: in the middle of "Approve and sign" that would commit a register number
whose signature then fails. Rendering without bundles keeps the signing in one transaction,
needs no HTTP call back to the server, and gives the same bytes for the preview and the
signed letter.
"""
from odoo import models

LETTER_TEMPLATE = "gov_saraban.gov_saraban_letter_document"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def render_qweb_pdf(self, res_ids=None, data=None):
        if self.report_name != LETTER_TEMPLATE:
            return super(IrActionsReport, self).render_qweb_pdf(res_ids=res_ids, data=data)
        html = self.render_qweb_html(res_ids, data=data)[0]
        return self._run_wkhtmltopdf([html], specific_paperformat_args={}), "pdf"
