"""Portal: the applicant's official receipts and payment notice, as PDFs of their own request."""
from odoo import http
from odoo.http import request

from odoo.addons.one_stop_service.controllers.portal import OssPortal


class OssPaymentPortal(OssPortal):

    def _oss_pdf(self, report_xmlid, records, filename):
        # rendered with the portal user's own rights: the record rules give them their own only
        pdf, _format = request.env.ref(report_xmlid).render_qweb_pdf(records.ids)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
            ("Content-Disposition", 'inline; filename="%s"' % filename)])

    @http.route(["/my/requests/<int:request_id>/receipts/<int:receipt_id>"], type="http", auth="user",
                website=True)
    def oss_request_official_receipt(self, request_id, receipt_id, **kwargs):
        record = self._oss_own_request(request_id)
        receipt = record.receipt_ids.filtered(lambda r: r.id == receipt_id) if record is not None else None
        if not receipt:
            return request.not_found()
        return self._oss_pdf("oss_payment.oss_receipt_report", receipt, "receipt-%s.pdf" % receipt.name)

    @http.route(["/my/requests/<int:request_id>/payment"], type="http", auth="user", website=True)
    def oss_request_payment_notice(self, request_id, **kwargs):
        record = self._oss_own_request(request_id)
        payment_request = record.oss_open_payment_request() if record is not None else None
        if not payment_request:
            return request.not_found()
        return self._oss_pdf("oss_payment.oss_payment_notice_report", payment_request,
                             "payment-%s.pdf" % payment_request.name)
