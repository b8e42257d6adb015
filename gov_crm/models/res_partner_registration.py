"""One person per registration, even when the same person is registered twice at once.

Registering someone new is a look-up followed by a create: two counters (or a double click)
registering the same phone number at the same moment both find nobody and both create. An
advisory lock around the look-up is not enough in Odoo: its transactions run in REPEATABLE
READ, so the second transaction, once the lock is released, still reads its snapshot from
before the first one committed and finds nobody again.

``_gov_serialise_registration(key)`` makes the second transaction fail instead. Both write
the row of the key's slot in ``gov_registration_slot``; the second waits for the first, and
since that row changed after its snapshot PostgreSQL refuses it with a serialization failure.
Odoo's RPC layer runs the call again in a new transaction, whose look-up finds the person the
first one registered: that retry is the look-up again under the lock. Keys are hashed into a
fixed number of slots, so the table stays small; two different people sharing a slot at the
same moment only cost one of them a retry.

Every path that registers people uses it with the same keys, ``<kind>:<digits>`` where kind
is ``national_id``, ``juristic_id``, ``landline`` or ``mobile`` (the counter's intake, the
Open311 API): a person registered from the counter and from the API at the same moment is
one person too. The retry happens for JSON-RPC calls and for HTTP routes alike (Odoo's
``service.model.check`` wraps both); a controller must let the serialisation failure through.
"""
import hashlib

from odoo import api, models

REGISTRATION_SLOTS = 65536


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_cr
    def init(self):
        res = super().init()
        # a PostgreSQL primitive, not a model: one small row per slot, written by registrations
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS gov_registration_slot (
                slot integer PRIMARY KEY,
                touched_on timestamp without time zone NOT NULL)""")
        return res

    @api.model
    def _gov_serialise_registration(self, key):
        """Serialise the registrations of ``key`` (e.g. 'national_id:1101700203451' or
        'mobile:0812345678', see the module docstring); call it after a look-up found nobody,
        right before creating the person."""
        slot = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % REGISTRATION_SLOTS
        self.env.cr.execute("""
            INSERT INTO gov_registration_slot (slot, touched_on) VALUES (%s, now() AT TIME ZONE 'UTC')
            ON CONFLICT (slot) DO UPDATE SET touched_on = EXCLUDED.touched_on""", (slot,))
