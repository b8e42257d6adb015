"""Identifiers masked for users outside "Personal data"; every full read by a member is logged.

The stored ``national_id`` stays intact: masking happens where values leave the
server (``read``, used by forms, lists and RPC, and ``_export_rows``, used by
exports), on res.partner and on res.users, which inherits the field from its partner.
Domains, orderings and groupings on the ID are guarded on every model
(gov_identifier_guard.py); an exact lookup of a person by ID is logged here.
Superuser code (sudo) gets digits and is not logged: it is the module's own
processing, not a person looking at the data.
"""
from odoo import SUPERUSER_ID, api, models

from ..lib.thai_id import compact_id, format_id, mask_id
from ..tools.thread_depth import Depth

MASKED_FIELDS = ("national_id", "national_id_display")

# Odoo 11 fills its record cache through read(load='_classic_write') from
# _prefetch_field: that internal read must see the real digits (constraints, reports)
# and is not a person looking at the data. A thread-local flag set only by
# _prefetch_field tells it apart; an RPC caller cannot set it (passing load= alone
# does not bypass the masking).
_internal = Depth()


class GovIdMasking(models.AbstractModel):
    """Masking of ``read`` and exports, shared by res.partner and res.users."""

    _name = "gov.id.masking.mixin"
    _description = "Masked national ID on read and export"

    def _gov_full_id_access(self):
        """None for superuser code (no masking, no log), else True/False for the user."""
        if self.env.uid == SUPERUSER_ID:
            return None
        return self.env.user.has_group("gov_crm.group_gov_personal_data")

    def _gov_partner_ids_of(self, ids):
        """The persons behind these records (themselves for partners)."""
        return list(ids)

    def _gov_log_full_reads(self, ids):
        if ids:
            partners = self.env["res.partner"].browse(sorted(set(self._gov_partner_ids_of(ids))))
            self.env["gov.privacy.log"]._log("full_read", partners, reason="national_id")

    def _prefetch_field(self, field):
        with _internal.inside():
            return super()._prefetch_field(field)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if _internal or (fields and not set(fields) & set(MASKED_FIELDS)):
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


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "gov.id.masking.mixin"]

    # a fetch into the cache goes past read(): the masking leaves it alone (``_internal``)
    _gov_read_leaves_fetch = (GovIdMasking,)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        """Log who looked a person up by the full ID (the exact lookups users may make)."""
        typed = self._gov_typed_ids(args) if self.env.uid != SUPERUSER_ID else set()
        if not typed:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        if ids:
            if len(args) == 1 and tuple(args[0][:2]) == ("national_id", "=") and args[0][2] in typed:
                found = set(ids)  # the lookup of the counter: every person found has the ID typed
            else:
                self.env.cr.execute("SELECT id FROM res_partner WHERE national_id IN %s", (tuple(typed),))
                found = set(ids).intersection(row[0] for row in self.env.cr.fetchall())
            if found:
                self.env["gov.privacy.log"]._log("lookup", self.browse(sorted(found)), reason="national_id")
        return len(ids) if count else ids

    @api.model
    def _gov_typed_ids(self, domain):
        """The full IDs an exact condition of the domain asks for."""
        typed = set()
        for leaf in domain or []:
            if (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "national_id"
                    and leaf[1] in ("=", "in", "=?", "like", "ilike", "=like", "=ilike")):
                values = leaf[2] if isinstance(leaf[2], (list, tuple)) else [leaf[2]]
                digits = (compact_id(v) for v in values if isinstance(v, str))
                typed.update(d for d in digits if len(d) == 13 and d.isdigit())
        return typed


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "gov.id.masking.mixin"]

    # as on res.partner (the superuser's fetch of a user's row, base_prefetch)
    _gov_read_leaves_fetch = (GovIdMasking,)

    def _gov_partner_ids_of(self, ids):
        self.env.cr.execute("SELECT partner_id FROM res_users WHERE id IN %s", (tuple(ids),))
        return [row[0] for row in self.env.cr.fetchall()]
