"""What a record being created already holds is not computed again.

Odoo marks every stored computed field of a new record to be computed, and computes each (11.0:
``_create`` calls ``modified(self._fields)``). For a field that follows a one2many the new record
does not have yet (its activities; a request's steps, a case's transfers) that is a search and an
UPDATE, to write the empty value the record already holds: nine queries in each intake at the
counter, for the request, its case and the job of its notice. A model names such fields in
``_gov_empty_on_create``: they are written with the INSERT (0 for a number, NULL otherwise, or the
value the model's create works out itself, as a job's row does: one_stop_service/models/queue_job.py)
and left out of that first computation only. When their one2many is given in the values, or changes
later (an activity scheduled, a step created), they are computed as any stored computed field.
"""
from odoo import api, models

from ..tools.class_attributes import united

NUMBER_TYPES = ("integer", "float", "monetary")


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    _gov_empty_on_create = ("activity_date_deadline",)

    @api.model
    def _gov_empty_fields(self):
        """The fields named by ``_gov_empty_on_create`` in the classes of the model."""
        (names,) = united(type(self), "_gov_empty_on_create")
        return [self._fields[name] for name in sorted(names) if name in self._fields]

    @api.model
    def create(self, vals):
        vals = dict(vals)
        for field in self._gov_empty_fields():
            if field.type in NUMBER_TYPES:
                vals.setdefault(field.name, 0)
        return super(MailActivityMixin, self).create(vals)

    @api.multi
    def modified(self, fnames):
        # every field of the records at once: they are being created (or deleted)
        if fnames is self._fields:
            with self.env.protecting(self._gov_empty_fields(), self):
                return super(MailActivityMixin, self).modified(fnames)
        return super(MailActivityMixin, self).modified(fnames)
