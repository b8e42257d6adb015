"""Counting and opening the records that point to a record, the same way for every model."""
from odoo import api, models


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _gov_count_by(self, field_name, ids, domain=None):
        """{id: number of records of this model whose ``field_name`` is id} in one grouped query,
        among those the current user may see (``domain`` narrows them further); empty for a user
        who may not read this model. Call it on ``sudo()`` for a count of records the user may
        not open."""
        if not ids or not self.check_access_rights("read", raise_exception=False):
            return {}
        groups = self.read_group([(field_name, "in", list(ids))] + list(domain or []), [field_name], [field_name])
        return {group[field_name][0]: group[field_name + "_count"] for group in groups}

    @api.multi
    def _gov_action_related(self, xmlid, field_name, context=None):
        """The window action ``xmlid`` on the records whose ``field_name`` is this record."""
        self.ensure_one()
        action = self.env.ref(xmlid).read()[0]
        action["domain"] = [(field_name, "=", self.id)]
        action["context"] = context or {}
        return action
