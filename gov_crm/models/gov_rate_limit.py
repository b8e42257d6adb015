"""Rate limits of the public surfaces (status page, Open311 API), counted atomically.

One row per scope, client key and fixed time window holds the number of calls in that
window. Counting and recording are ONE statement, ``INSERT ... ON CONFLICT DO UPDATE
... RETURNING hits``: PostgreSQL serialises concurrent calls of the same key on the
row, so a burst of parallel calls gets exactly ``limit`` answers per window (counting
first and recording after let 10-17 parallel lookups through a limit of 10).

The count runs in its own short transaction: a call that fails later still counts, and
the caller's transaction never holds the counter row while it works.
"""
import hashlib
import hmac

from odoo import api, fields, models

_HIT_SQL = """
    INSERT INTO gov_rate_limit (scope, client_key, window_start, hits)
    VALUES (%(scope)s, %(key)s,
            to_timestamp(floor(extract(epoch FROM now()) / %(window)s) * %(window)s) AT TIME ZONE 'UTC', 1)
    ON CONFLICT (scope, client_key, window_start) DO UPDATE SET hits = gov_rate_limit.hits + 1
    RETURNING hits,
              ceil(extract(epoch FROM window_start + make_interval(secs => %(window)s)
                                        - (now() AT TIME ZONE 'UTC')))::integer
"""


class GovRateLimit(models.Model):
    _name = "gov.rate.limit"
    _description = "Calls counted against a rate limit"
    _log_access = False
    _order = "window_start desc"

    scope = fields.Char(required=True, help="What is limited, e.g. oss.track or open311.key.")
    client_key = fields.Char(required=True, help="HMAC-SHA256 of the client address, or the API client's id.")
    window_start = fields.Datetime(required=True, index=True)
    hits = fields.Integer(required=True, default=0)

    _sql_constraints = [
        ("window_uniq", "unique(scope, client_key, window_start)", "One counter per client and window."),
    ]

    @api.model
    def address_key(self, address):
        """The key of a client address: only a hash keyed with the database's secret is stored
        (a plain hash of an IPv4 address is reversed by trying the 2^32 addresses). Rows are
        linked to no person and deleted a day after their window (``_cron_purge``)."""
        # sudo: the database secret is the administrator's; it only keys the hash here
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        return hmac.new(secret.encode("utf-8"), (address or "").encode("utf-8"), hashlib.sha256).hexdigest()

    @api.model
    def hit(self, scope, client_key, limit, window):
        """Count one call; (allowed, seconds until the window ends).

        ``limit`` calls per ``window`` seconds are allowed: the call that makes it
        ``limit + 1`` and every later one of the same window are refused.
        """
        with self.pool.cursor() as cr:
            # autocommit: the statement is its own transaction, in READ COMMITTED (Odoo's cursors
            # are REPEATABLE READ, where a parallel update of the row is a serialisation failure)
            cr.autocommit(True)
            return self._hit_cr(cr, scope, client_key, limit, window)

    @api.model
    def _hit_cr(self, cr, scope, client_key, limit, window):
        """``hit`` on a cursor the caller owns, in autocommit (see ``hit``)."""
        window = max(int(window), 1)
        cr.execute(_HIT_SQL, {"scope": scope, "key": client_key, "window": window})
        hits, retry_after = cr.fetchone()
        return hits <= limit, max(retry_after, 1)

    @api.model
    def _limits_param(self, limit_key, window_key, limit, window):
        """(limit, window) from system parameters, read without the ormcache of get_param:
        a change applies at once in every worker."""
        params = dict(self.env["ir.config_parameter"].sudo().search(
            [("key", "in", (limit_key, window_key))]).mapped(lambda p: (p.key, p.value)))
        try:
            return int(params.get(limit_key, limit)), int(params.get(window_key, window))
        except ValueError:
            return limit, window

    @api.model
    def _cron_purge(self):
        """Forget the windows that ended more than a day ago."""
        self.env.cr.execute("DELETE FROM gov_rate_limit WHERE window_start < "
                            "(now() AT TIME ZONE 'UTC') - interval '1 day'")
