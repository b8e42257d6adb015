"""Identifiers masked for users outside "Personal data"; every full read by a member is logged.

The stored ``national_id`` stays intact: masking happens where values leave the
server (``read``, used by forms, lists and RPC, and ``_export_rows``, used by
exports). Superuser code (sudo) gets digits and is not logged: it is the module's
own processing, not a person looking at the data.
"""
import threading

from odoo import SUPERUSER_ID, api, models

from .res_partner import format_id, mask_id

MASKED_FIELDS = ("national_id", "national_id_display")

# Odoo 11 fills its record cache through read(load='_classic_write') from
# _prefetch_field: that internal read must see the real digits (constraints, reports)
# and is not a person looking at the data. A thread-local flag set only by
# _prefetch_field tells it apart; an RPC caller cannot set it (passing load= alone
# does not bypass the masking).
_internal = threading.local()


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _gov_full_id_access(self):
        """None for superuser code (no masking, no log), else True/False for the user."""
        if self.env.uid == SUPERUSER_ID:
            return None
        return self.env.user.has_group("gov_crm.group_gov_personal_data")

    def _gov_log_full_reads(self, partner_ids):
        if partner_ids:
            self.env["gov.privacy.log"]._log(
                "full_read", self.browse(sorted(set(partner_ids))), reason="national_id")

    def _prefetch_field(self, field):
        depth = getattr(_internal, "depth", 0)
        _internal.depth = depth + 1
        try:
            return super()._prefetch_field(field)
        finally:
            _internal.depth = depth

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if getattr(_internal, "depth", 0) or (fields and not set(fields) & set(MASKED_FIELDS)):
            return result
        full = self._gov_full_id_access()
        if full is None:
            return result
        shown = []
        for row in result:
            for name in MASKED_FIELDS:
                value = row.get(name)
                if not value:
                    continue
                if name == "national_id":  # the display field is computed per user already
                    row[name] = format_id(value) if full else mask_id(value)
                shown.append(row["id"])
        if full:
            self._gov_log_full_reads(shown)
        return result

    def _export_rows(self, fields, batch_invalidate=True):
        lines = super()._export_rows(fields, batch_invalidate=batch_invalidate)
        full = self._gov_full_id_access()
        columns = [i for i, path in enumerate(fields) if path and path[0] in MASKED_FIELDS and len(path) == 1]
        if full is None or not columns:
            return lines
        for line in lines:
            for i in columns:
                if line[i] and "x" not in line[i]:
                    line[i] = format_id(line[i]) if full else mask_id(line[i])
        if full:
            self._gov_log_full_reads(self.filtered("national_id").ids)
        return lines
