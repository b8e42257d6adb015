"""Public status page: tracking number + last 4 digits of the applicant's ID or phone
(the number alone for a public report, the key of the signed link sent to the applicant
instead of the digits), through the gate of oss_request_public."""
from odoo import http
from odoo.http import request

from ..models.oss_request_public import TRACK_SCOPE


class OssTrack(http.Controller):

    @http.route("/oss/track", type="http", auth="public", methods=["GET", "POST"], csrf=True)
    def track(self, number="", last4="", key="", **kwargs):
        values = {"number": (number or "").strip()[:32], "result": None, "error": None, "retry_minutes": 0}
        status, headers = 200, [("Content-Type", "text/html; charset=utf-8")]
        # the signed link opens the status with a GET; the form posts the digits
        if request.httprequest.method == "POST" or key:
            # sudo: the rate limit's bookkeeping, keyed by a hash of the client address, and
            # _oss_public_status, which IS the access check (the gate of public request data)
            # and returns only the public fields, or None for any mismatch
            Requests = request.env["oss.request"].sudo()
            allowed, retry_after = Requests._oss_public_rate(TRACK_SCOPE, request.httprequest.remote_addr)
            if not allowed:
                values.update(error="rate_limited", retry_minutes=max(1, (retry_after + 59) // 60))
                status = 429
                headers.append(("Retry-After", str(retry_after)))
            else:
                values["result"] = Requests._oss_public_status(number, last4, key=(key or "")[:64] or None)
                if values["result"] is None:
                    values["error"] = "not_found"
        # the QWeb engine directly: request.render would first read the view record (its
        # translated arch included) on every request to offer variables this page does not use
        html = request.env["ir.qweb"].render("one_stop_service.oss_track_page", dict(values, request=request))
        response = request.make_response(html, headers=headers)
        response.status_code = status
        if not request.session.uid:
            # nothing of an anonymous visit belongs in a stored session (Odoo would write a file
            # per visit, and its clean-up scans them all): the form's CSRF token is derived from
            # the session id of the cookie, which Odoo checks without the stored file
            request.session.modified = False
        return response
