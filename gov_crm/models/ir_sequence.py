"""A number drawn by the system from a sequence in one statement.

Odoo 11 draws the next number of a sequence numbered by years (``use_date_range``) with a search
of the year's range, a fetch of the range and one of the sequence (implementation, padding,
prefix, suffix), then the ``nextval`` of the range's PostgreSQL sequence: four statements for the
one that counts, and some 1,200 Python function calls for the three numbers an intake draws (its
tracking number, its first case's, its payment request's). Here a draw by the
system (the superuser: the product numbers its records as the system) selects the sequence's
settings and the range of the date and calls ``nextval`` in one statement, and the number is
formatted by Odoo's ``get_next_char`` from those settings.

A prefix or suffix is read with only the placeholders it names (``_get_prefix_suffix``), where Odoo
formats every one of the 33 for each number drawn.

Odoo's own path draws the rest: a user's draw (their access to the ranges is checked on it), a
"no gap" sequence (its row is locked and counted), and a date that has no range yet (Odoo creates
the range and its PostgreSQL sequence).
"""
from datetime import datetime

import pytz

from odoo import SUPERUSER_ID, _, fields, models
from odoo.exceptions import UserError

# the PostgreSQL sequence of a draw, named as Odoo names it: ir_sequence_<id>[_<range id>], each id
# written with 3 digits at least ('%03d')
_PADDED = "lpad(%(id)s::text, greatest(3, length(%(id)s::text)), '0')"
DRAW = """
    SELECT padding, prefix, suffix, date_from,
           CASE WHEN implementation = 'standard' AND (NOT use_date_range OR range_id IS NOT NULL)
                THEN nextval(('ir_sequence_' || %(sequence)s
                              || CASE WHEN use_date_range THEN '_' || %(range)s ELSE '' END)::regclass)
           END
      FROM (SELECT s.id, s.implementation, coalesce(s.use_date_range, false) AS use_date_range,
                   s.padding, s.prefix, s.suffix, r.id AS range_id, to_char(r.date_from, 'YYYY-MM-DD') AS date_from
              FROM ir_sequence s
              LEFT JOIN ir_sequence_date_range r
                     ON s.use_date_range AND r.sequence_id = s.id
                    AND r.date_from <= %%(date)s AND r.date_to >= %%(date)s
             WHERE s.id = %%(id)s
             ORDER BY r.id
             LIMIT 1) AS found""" % {"sequence": _PADDED % {"id": "id"}, "range": _PADDED % {"id": "range_id"}}


# the placeholders of a prefix or suffix, as Odoo 11 names them; each also as range_<name> (the date of
# the range) and current_<name> (now)
PLACEHOLDERS = {"year": "%Y", "month": "%m", "day": "%d", "y": "%y", "doy": "%j", "woy": "%W", "weekday": "%w",
                "h24": "%H", "h12": "%I", "min": "%M", "sec": "%S"}


class _Placeholders(dict):
    """The values of the placeholders a prefix or suffix names, each formatted when it is asked for:
    Odoo formats all 33 for every number drawn, a twentieth of the creation of a case."""

    def __init__(self, moments):
        super().__init__()
        self.moments = moments  # {"": the effective date, "range_": the range's, "current_": now}

    def __missing__(self, key):
        kind = "range_" if key.startswith("range_") else "current_" if key.startswith("current_") else ""
        if key[len(kind):] not in PLACEHOLDERS:
            raise KeyError(key)
        value = self[key] = self.moments[kind].strftime(PLACEHOLDERS[key[len(kind):]])
        return value


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _get_prefix_suffix(self):
        """Odoo's interpolation of the prefix and suffix, the same dates and the same error."""
        now = datetime.now(pytz.timezone(self._context.get("tz") or "UTC"))
        moments = {"": now, "range_": now, "current_": now}
        for key, context_key in (("", "ir_sequence_date"), ("range_", "ir_sequence_date_range")):
            if self._context.get(context_key):
                moments[key] = datetime.strptime(self._context[context_key], "%Y-%m-%d")
        values = _Placeholders(moments)
        try:
            return tuple((text % values) if text else "" for text in (self.prefix, self.suffix))
        except ValueError:
            raise UserError(_("Invalid prefix or suffix for sequence '%s'") % (self.get("name")))

    def _next(self):
        if len(self) != 1 or self.env.uid != SUPERUSER_ID:
            return super()._next()
        date = self._context.get("ir_sequence_date") or fields.Date.today()
        self.env.cr.execute(DRAW, {"id": self.id, "date": date})
        row = self.env.cr.fetchone()
        if row is None or row[4] is None:  # no such sequence, no gap, no range of that date yet
            return super()._next()
        padding, prefix, suffix, date_from, number = row
        if not (prefix or suffix):
            return "%%0%sd" % padding % number
        # the prefix and suffix interpolated by Odoo, from the settings just selected (not fetched again)
        self._gov_take_rows([self._fields[name] for name in ("padding", "prefix", "suffix")],
                            [(self.id, padding, prefix, suffix)])
        sequence = self.with_context(ir_sequence_date_range=date_from) if date_from else self
        return sequence.get_next_char(number)
