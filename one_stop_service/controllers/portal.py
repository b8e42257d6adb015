"""Portal: a person's own requests, submission with documents, uploads.

Every read goes through the portal user's own rights (record rules); sudo() is used
only after that check, to write what a portal user may not write directly.
"""

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class OssPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["oss_request_count"] = request.env["oss.request"].search_count([])
        return values

    def _oss_own_request(self, request_id):
        """The request if the portal user may read it, else None (same answer for missing ones)."""
        record = request.env["oss.request"].browse(request_id)
        try:
            record.check_access_rights("read")
            record.check_access_rule("read")
            record.name  # noqa: B018  pylint: disable=pointless-statement  # raises MissingError for a deleted id
        except (AccessError, MissingError):
            return None
        return record

    @http.route(["/my/requests"], type="http", auth="user", website=True)
    def oss_requests(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "oss_requests",
            "oss_requests": request.env["oss.request"].search([], order="date_received desc, id desc"),
        })
        return request.render("one_stop_service.portal_my_oss_requests", values)

    @http.route(["/my/requests/<int:request_id>"], type="http", auth="user", website=True)
    def oss_request(self, request_id, **kwargs):
        record = self._oss_own_request(request_id)
        if record is None:
            return request.not_found()
        # sudo: the user may read this request (checked above); its messages are read
        # without the internal notes, which a portal user must not see
        messages = record.sudo().message_ids.filtered(
            lambda m: m.message_type in ("comment", "email") and m.subtype_id == request.env.ref("mail.mt_comment"))
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "oss_request", "oss_request": record, "oss_messages": messages,
                       "error": kwargs.get("error"), "answered": kwargs.get("answered")})
        return request.render("one_stop_service.portal_my_oss_request", values)

    @http.route(["/my/requests/<int:request_id>/receipt"], type="http", auth="user", website=True)
    def oss_request_receipt(self, request_id, **kwargs):
        """The receipt of the user's own request, as a PDF (rendered with the user's own rights)."""
        record = self._oss_own_request(request_id)
        if record is None or record.state == "draft":
            return request.not_found()
        pdf, _format = request.env.ref("one_stop_service.oss_request_receipt_report").render_qweb_pdf(record.ids)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
            ("Content-Disposition", 'inline; filename="receipt-%s.pdf"' % record.name)])

    @http.route(["/my/requests/<int:request_id>/upload"], type="http", auth="user", methods=["POST"], website=True)
    def oss_request_upload(self, request_id, document_id=None, file=None, **kwargs):
        record = self._oss_own_request(request_id)
        if record is None:
            return request.not_found()
        line = record.document_ids.filtered(lambda d: str(d.id) == str(document_id))
        if not line or not file:
            return request.redirect("/my/requests/%d?error=upload" % record.id)
        # sudo: the user owns the request (checked above); portal users have no write access
        record.sudo()._oss_attach_document(line.sudo(), file.filename, file.read())
        return request.redirect("/my/requests/%d" % record.id)

    @http.route(["/my/requests/<int:request_id>/answer"], type="http", auth="user", methods=["POST"], website=True)
    def oss_request_answer(self, request_id, question_id=None, answer="", file=None, **kwargs):
        record = self._oss_own_request(request_id)
        if record is None:
            return request.not_found()
        question = record.oss_open_questions().filtered(lambda q: str(q.id) == str(question_id))
        if not question:
            return request.redirect("/my/requests/%d?error=answer" % record.id)
        content = file.read() if file and file.filename else None
        try:
            # sudo: the user owns the request (checked above) and answers one of its open
            # questions; portal users do not write questions, requests or cases
            question.sudo()._oss_answer(answer, "portal", request.env.user,
                                        file.filename if content else None, content)
        except UserError:
            return request.redirect("/my/requests/%d?error=answer" % record.id)
        return request.redirect("/my/requests/%d?answered=1" % record.id)

    @http.route(["/my/requests/new"], type="http", auth="user", methods=["GET", "POST"], website=True)
    def oss_request_new(self, service_id=None, description="", **kwargs):
        partner = request.env.user.partner_id
        # the services this person may request on the portal, and only those
        Service = request.env["oss.service"]
        services = Service.search(Service._oss_offered_domain("portal", partner._oss_party_types()))
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "oss_request_new", "oss_services": services, "error": None})
        if request.httprequest.method == "POST":
            service = services.filtered(lambda s: str(s.id) == str(service_id))
            if not service:
                values["error"] = _("Choose one of the services offered to you online.")
                return request.render("one_stop_service.portal_oss_request_new", values)
            files = {key: value for key, value in request.httprequest.files.items() if key.startswith("doc_")}
            try:
                # sudo: a portal user may not create requests directly; the applicant is
                # forced to the user's own partner and the service is one offered to them above
                record = request.env["oss.request"].sudo()._oss_create_from_portal(
                    partner, service.sudo(), description, files)
            except UserError as error:
                values["error"] = error.name
                return request.render("one_stop_service.portal_oss_request_new", values)
            return request.redirect("/my/requests/%d" % record.id)
        return request.render("one_stop_service.portal_oss_request_new", values)
