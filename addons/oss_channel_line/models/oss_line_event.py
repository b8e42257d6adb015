"""The webhook deliveries already taken: a delivery whose event was seen is a replay and is refused.

LINE names every event with a ``webhookEventId``; the webhook records each one it takes, in the
same transaction as what the event does, so that a replayed body changes nothing. Rows hold no
personal data (the id and when it came) and are forgotten after a day, long after the
webhook's age limit has made a replay of them too old anyway.
"""
import datetime

from odoo import api, fields, models


class OssLineEvent(models.Model):
    _name = "oss.line.event"
    _description = "LINE webhook event taken"
    _order = "id desc"

    event_id = fields.Char(required=True, index=True, readonly=True)

    _sql_constraints = [("event_id_uniq", "unique(event_id)", "A LINE webhook event is taken once.")]

    @api.model
    def _ol_seen(self, event_ids):
        """The ids among ``event_ids`` already taken."""
        return set(self.search([("event_id", "in", list(event_ids))]).mapped("event_id"))

    @api.model
    def _ol_take(self, event_ids):
        """Record ``event_ids`` as taken (an IntegrityError when a parallel delivery took one)."""
        for event_id in event_ids:
            self.create({"event_id": event_id})

    @api.model
    def _cron_purge(self):
        limit = datetime.datetime.utcnow() - datetime.timedelta(days=1)
        self.search([("create_date", "<", fields.Datetime.to_string(limit))]).unlink()
