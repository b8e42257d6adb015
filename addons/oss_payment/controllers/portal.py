"""Portal: the applicant's official receipts and payment notice, as PDFs of their own request."""
from odoo import _, http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.one_stop_service.controllers.portal import OssPortal

from ..models.oss_request_public import PDF_SCOPE

MAX_ID = 2 ** 31 - 1  # ids are PostgreSQL integers: a larger one is no record


class OssPaymentPortal(OssPortal):

    def _oss_pdf(self, report_xmlid, records, filename):
        """The PDF of ``records``, at most so many per user and window (a PDF costs a second of CPU)."""
        # sudo: the rate limit's bookkeeping, keyed by the user (a portal user may not write it)
        allowed, retry_after = request.env["oss.request"].sudo()._oss_user_rate(PDF_SCOPE, request.env.uid)
        if not allowed:
            response = request.make_response(
                _("Too many documents asked for: try again in %(seconds)s seconds.") % {"seconds": retry_after},
                headers=[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", str(retry_after))])
            response.status_code = 429
            return response
        # rendered with the portal user's own rights: the record rules give them their own only
        pdf, _format = request.env.ref(report_xmlid).render_qweb_pdf(records.ids)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
            ("Content-Disposition", 'inline; filename="%s"' % filename)])

    @http.route(["/my/requests/<int:request_id>/receipts/<int:receipt_id>"], type="http", auth="user",
                website=True)
    def oss_request_official_receipt(self, request_id, receipt_id, **kwargs):
        if request_id > MAX_ID or receipt_id > MAX_ID:
            return request.not_found()
        record = self._oss_own_request(request_id)
        try:  # staff who read the request but not its receipts (officers) get the same 404
            receipt = record.receipt_ids.filtered(lambda r: r.id == receipt_id) if record is not None else None
        except AccessError:
            receipt = None
        if not receipt:
            return request.not_found()
        return self._oss_pdf("oss_payment.oss_receipt_report", receipt, "receipt-%s.pdf" % receipt.name)

    @http.route(["/my/requests/<int:request_id>/payment"], type="http", auth="user", website=True)
    def oss_request_payment_notice(self, request_id, **kwargs):
        if request_id > MAX_ID:
            return request.not_found()
        record = self._oss_own_request(request_id)
        payment_request = record.oss_open_payment_request() if record is not None else None
        if not payment_request:
            return request.not_found()
        return self._oss_pdf("oss_payment.oss_payment_notice_report", payment_request,
                             "payment-%s.pdf" % payment_request.name)
