"""The PDPA access export, streamed to the privacy officer who asked for it."""
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import content_disposition, request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AccessExportController(http.Controller):

    @http.route("/gov_crm/access_export/<int:partner_id>", type="http", auth="user", methods=["GET"])
    def access_export(self, partner_id, expires=None, token=None, **kwargs):
        """Build the XLSX of everything held on the person and send it; nothing is kept.

        The link carries an HMAC of (user, person, expiry): made by the person's form for
        the privacy officer, it works for them only and for a few minutes, so that no
        other page can make their browser produce an export."""
        if not request.env.user.has_group("gov_crm.group_gov_privacy_officer"):
            raise Forbidden()
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise NotFound()
        if not partner._gov_export_token_valid(expires, token):
            raise Forbidden()
        content = partner.gov_access_export_xlsx()  # checks the privacy officer again, and logs
        return request.make_response(content, headers=[
            ("Content-Type", XLSX),
            ("Content-Disposition", content_disposition("access-export-%d.xlsx" % partner.id)),
            ("Cache-Control", "no-store"),
        ])
