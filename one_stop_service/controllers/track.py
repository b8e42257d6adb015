"""Public status page: tracking number + last 4 digits of the applicant's ID or phone."""
from odoo import http
from odoo.http import request


class OssTrack(http.Controller):

    @http.route("/oss/track", type="http", auth="public", methods=["GET", "POST"], csrf=True)
    def track(self, number="", last4="", **kwargs):
        values = {"number": (number or "").strip()[:32], "result": None, "error": None}
        status = 200
        if request.httprequest.method == "POST":
            # sudo: bookkeeping of the rate limit, keyed by a hash of the client address
            if not request.env["oss.track.attempt"].sudo().register(request.httprequest.remote_addr):
                values["error"] = "rate_limited"
                status = 429
            else:
                # sudo: _oss_public_status IS the access check (number + last 4 digits) and
                # returns only the public fields, or None for any mismatch
                values["result"] = request.env["oss.request"].sudo()._oss_public_status(number, last4)
                if values["result"] is None:
                    values["error"] = "not_found"
        # the QWeb engine directly: request.render would first read the view record (its
        # translated arch included) on every request to offer variables this page does not use
        html = request.env["ir.qweb"].render("one_stop_service.oss_track_page", dict(values, request=request))
        response = request.make_response(html, headers=[("Content-Type", "text/html; charset=utf-8")])
        response.status_code = status
        if not request.session.uid:
            # nothing of an anonymous visit belongs in a stored session (Odoo would write a file
            # per visit, and its clean-up scans them all): the form's CSRF token is derived from
            # the session id of the cookie, which Odoo checks without the stored file
            request.session.modified = False
        return response
