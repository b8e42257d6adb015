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

The request's row itself is written with one INSERT, its session's row looked up inside it: auditlog
searched for the session, created the row through the ORM, then fetched it back and updated it with
its display name (the path and the time of the transaction in the user's time zone), four statements
for each web call that logs anything. The display name is computed by PostgreSQL from the same
transaction time as the row's creation date; a session without a row yet gets one from auditlog.
"""
import datetime

import pytz

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
        if not httprequest:
            return super(AuditlogHTTPRequest, self).current_http_request()
        created, session_id = self._gov_insert_request_row(httprequest)
        httprequest.auditlog_http_request_id = created
        if session_id:  # for this log, the session's row found for it
            httprequest.gov_auditlog_session = (self.env.cr, session_id)
        return created

    def _gov_insert_request_row(self, httprequest):
        """Write the row of the web call ``httprequest`` as auditlog does; (its id, its session's)."""
        cr = self.env.cr
        session = request.session
        # the zone's offset from UTC now, as Odoo's context_timestamp gives it (UTC for a missing or
        # unknown zone); an offset rather than the zone's name, which PostgreSQL may not know
        tz = self._context.get("tz") or self.env.user.tz
        zone = pytz.timezone(tz) if tz in pytz.all_timezones_set else pytz.utc
        offset = zone.utcoffset(datetime.datetime.utcnow()).total_seconds()
        context = self._fields["user_context"].convert_to_column(request.context, self)
        cr.execute("""
            INSERT INTO auditlog_http_request (name, root_url, user_id, http_session_id, user_context, display_name,
                                               create_uid, write_uid, create_date, write_date)
            VALUES (%(name)s, %(root)s, %(user)s,
                    (SELECT id FROM auditlog_http_session WHERE %(sid)s IS NOT NULL AND name = %(sid)s
                        AND user_id = %(user)s ORDER BY create_date DESC, id DESC LIMIT 1),
                    %(context)s,
                    %(label)s || ' (' || to_char(now() AT TIME ZONE 'UTC' + %(offset)s * interval '1 second',
                                                 'YYYY-MM-DD HH24:MI:SS') || ')',
                    %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
            RETURNING id, http_session_id""", {
            "name": httprequest.path, "root": httprequest.url_root, "user": request.uid or None,
            "sid": session.sid if session else None, "context": context, "label": httprequest.path or "?",
            "offset": offset, "uid": self.env.uid})
        created, session_id = cr.fetchone()
        if not session_id and session:
            session_id = self.env["auditlog.http.session"].current_http_session() or None
            if session_id:
                cr.execute("UPDATE auditlog_http_request SET http_session_id = %s WHERE id = %s",
                           (session_id, created))
        return created, session_id


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
