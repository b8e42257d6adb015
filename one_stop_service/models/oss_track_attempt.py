"""Rate limit of the public status page, per client address."""
import datetime
import hashlib

from odoo import api, fields, models


class OssTrackAttempt(models.Model):
    _name = "oss.track.attempt"
    _description = "Lookup on the public status page"
    _log_access = False

    client_key = fields.Char(string="Client key", required=True, index=True, help="SHA-256 of the client address (not the address).")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _client_key(self, address):
        return hashlib.sha256((address or "").encode()).hexdigest()

    @api.model
    def _limits(self):
        # read without the ormcache of get_param: a change applies at once in every worker
        params = dict(self.env["ir.config_parameter"].sudo().search(
            [("key", "in", ("one_stop_service.track_rate_limit", "one_stop_service.track_rate_window"))]
        ).mapped(lambda p: (p.key, p.value)))
        return (int(params.get("one_stop_service.track_rate_limit", 10)),
                int(params.get("one_stop_service.track_rate_window", 600)))

    @api.model
    def register(self, address):
        """Record a lookup; False when the address exceeded the limit of its window."""
        limit, window = self._limits()
        key = self._client_key(address)
        since = fields.Datetime.to_string(datetime.datetime.utcnow() - datetime.timedelta(seconds=window))
        if self.search_count([("client_key", "=", key), ("date", ">=", since)]) >= limit:
            return False
        self.create({"client_key": key, "date": fields.Datetime.now()})
        return True

    @api.model
    def _cron_purge(self):
        since = fields.Datetime.to_string(datetime.datetime.utcnow() - datetime.timedelta(days=1))
        self.search([("date", "<", since)]).unlink()
