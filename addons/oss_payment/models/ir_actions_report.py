"""Several records of this module's reports in one PDF.

Debian's wkhtmltopdf (unpatched Qt) fails on more than one page file and leaves no PDF, so a
print of several receipts or days would come out empty: each record is rendered alone and the
PDFs are joined.
"""
import io

from PyPDF2 import PdfFileReader, PdfFileWriter

from odoo import api, models

MODULE_PREFIX = "oss_payment."


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def render_qweb_pdf(self, res_ids=None, data=None):
        if not (self.report_name or "").startswith(MODULE_PREFIX) or not res_ids or len(res_ids) < 2:
            return super().render_qweb_pdf(res_ids, data=data)
        parts = [super(IrActionsReport, self).render_qweb_pdf([res_id], data=data) for res_id in res_ids]
        if any(kind != "pdf" for _content, kind in parts):  # HTML under test: join the pages as they are
            return b"".join(content for content, _kind in parts), parts[0][1]
        writer = PdfFileWriter()
        for content, _kind in parts:
            reader = PdfFileReader(io.BytesIO(content))
            for page in range(reader.getNumPages()):
                writer.addPage(reader.getPage(page))
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue(), "pdf"
