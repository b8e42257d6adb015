"""The web request and session an audit log belongs to, checked with one SELECT per log.

For each log it writes, auditlog asks for the row of the current web request (created by the first
log of the request, then checked with a SELECT on each further log, for a transaction retried after
a conflict has rolled it back) and for the row of the user's session, which it searches for by
session id and user every time. The request's row holds its session's row: the SELECT that checks
the request's row reads that column too (the first log reads it from the row just created), and the
session lookup auditlog makes right after, for the same log, takes it from there. An intake at the
counter over the web client searched six times for its session; it now searches once. The session's
row is taken only when this transaction checked the request's row and it logged the same user;
otherwise auditlog searches for it as before.
"""
from odoo import api, models
from odoo.http import request


def _web_request():
    return request.httprequest if request else None


class AuditlogHTTPRequest(models.Model):
    _inherit = "auditlog.http.request"

    @api.model
    def current_http_request(self):
        httprequest = _web_request()
        known = getattr(httprequest, "auditlog_http_request_id", None) if httprequest else None
        if httprequest:
            httprequest.gov_auditlog_session = None
        if known:
            self.env.cr.execute("SELECT http_session_id, user_id FROM auditlog_http_request WHERE id = %s", (known,))
            row = self.env.cr.fetchone()
            if row:
                if row[0] and row[1] == request.uid:
                    httprequest.gov_auditlog_session = (self.env.cr, row[0])
                return known
        created = super(AuditlogHTTPRequest, self).current_http_request()
        if created:  # created for this log, with the session's row auditlog found for it
            session_id = self.browse(created).http_session_id.id
            if session_id:
                httprequest.gov_auditlog_session = (self.env.cr, session_id)
        return created


class AuditlogHTTPSession(models.Model):
    _inherit = "auditlog.http.session"

    @api.model
    def current_http_session(self):
        httprequest = _web_request()
        checked = getattr(httprequest, "gov_auditlog_session", None) if httprequest else None
        if checked and checked[0] is self.env.cr:
            httprequest.gov_auditlog_session = None  # good for the log being written only
            return checked[1]
        return super(AuditlogHTTPSession, self).current_http_session()
