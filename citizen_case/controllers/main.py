from odoo import http
from odoo.http import request


class CaseRatingController(http.Controller):
    """Public rating page reached from the resolution email. The token is the only credential.

    Nobody logs in on this page: it speaks the language of the case's applicant, who got the link.
    """

    @staticmethod
    def _rating_case(token):
        """The case the token belongs to (empty if none), the page set to its applicant's language."""
        case = request.env["citizen.case"]._rating_find(token)
        if case.partner_id.lang:
            request.context = dict(request.context, lang=case.partner_id.lang)
        return case

    @http.route("/case/rate/<string:token>", type="http", auth="public", methods=["GET"])
    def rate_form(self, token, **kwargs):
        case = self._rating_case(token)
        if not case:
            return request.render("citizen_case.rating_page_invalid", status=404)
        # only the reference is shown: no name, no subject (Official Information Act)
        return request.render("citizen_case.rating_page_form", {"reference": case.name, "token": token})

    @http.route("/case/rate/<string:token>", type="http", auth="public", methods=["POST"])
    def rate_submit(self, token, rating=None, comment=None, **kwargs):
        case = self._rating_case(token)
        if not case:
            return request.render("citizen_case.rating_page_invalid", status=404)
        if rating not in ("1", "2", "3", "4", "5"):
            return request.render("citizen_case.rating_page_form", {
                "reference": case.name, "token": token, "error": True}, status=400)
        if not request.env["citizen.case"].rating_submit_token(token, rating, comment):
            return request.render("citizen_case.rating_page_invalid", status=404)
        return request.render("citizen_case.rating_page_thanks")
