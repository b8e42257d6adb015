"""Fields restricted to groups stay out of reach of the other users on every path.

Odoo 11 checks a field's ``groups`` when a record is read or written, but not when it is
used in a domain, a grouping or an ordering: a user outside ``base.group_system`` could
group cases by their rating token hash, or find an agency's webhook secret one character
at a time with ``=like`` conditions. For users who may not read a field (the superuser,
the modules' own processing, is not concerned):

* a **domain** condition on it, directly or through relations (``partner_id.gov_webhook_secret``),
  matches nothing (and everything under a ``!``): a search box that also looks in a field
  the user cannot see still finds what the other fields match;
* **grouping** by it is refused, and it is never aggregated;
* **ordering** by it is ignored.

The national ID, readable but masked, has its own rules (gov_identifier_guard.py).
"""
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# matches no record; unlike expression.FALSE_LEAF it may stand under a '!'
NOTHING = ("id", "=", False)


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _gov_access_refused(self, operation):
        """The refusal Odoo gives when a record rule denies ``operation``, for the same answer
        whatever rule refused."""
        # pylint: disable-next=translation-positional-used  # Odoo's own message: its translations apply
        return AccessError(_(
            "The requested operation cannot be completed due to security restrictions. "
            "Please contact your system administrator.\n\n(Document type: %s, Operation: %s)")
            % (self._description, operation))

    @api.model
    def _gov_field_readable(self, name):
        field = self._fields.get(name)
        return field is None or not field.groups or self.user_has_groups(field.groups)

    @api.model
    def _gov_order_readable(self, order_spec):
        """The parts of an ordering ('a desc, "b", c:month') on fields the user may read."""
        return ",".join(part for part in order_spec.split(",")
                        if self._gov_field_readable(part.strip().split(" ")[0].strip('"').split(":")[0]))

    @api.model
    def _gov_path_readable(self, path):
        """Whether every field of a domain path ('a.b.c') is readable by the current user."""
        model = self
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                return True  # not a field: Odoo's own error follows
            if field.groups and not model.user_has_groups(field.groups):
                return False
            if not field.relational:
                return True
            model = model.env[field.comodel_name]
        return True

    @api.model
    def _gov_guard_restricted_domain(self, domain):
        guarded = None
        for index, leaf in enumerate(domain):
            if (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
                    and not self._gov_path_readable(leaf[0])):
                if guarded is None:
                    guarded = list(domain)
                guarded[index] = NOTHING
        return domain if guarded is None else guarded

    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and self.env.uid != SUPERUSER_ID:
            domain = self._gov_guard_restricted_domain(domain)
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        if order_spec and self.env.uid != SUPERUSER_ID:
            order_spec = self._gov_order_readable(order_spec)
        return super()._generate_order_by(order_spec, query)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        if self.env.uid != SUPERUSER_ID:
            specs = [groupby] if isinstance(groupby, str) else list(groupby or [])
            if any(isinstance(spec, str) and not self._gov_field_readable(spec.split(":")[0]) for spec in specs):
                raise self._gov_access_refused("read_group")
            if not fields:
                fields = [name for name, field in self._fields.items() if field.store]
            # never empty: Odoo would aggregate every stored field again
            fields = [name for name in fields if self._gov_field_readable(name.split(":")[0])] or ["id"]
            if orderby:
                orderby = self._gov_order_readable(orderby)
        return super()._read_group_raw(domain, fields, groupby, offset=offset, limit=limit,
                                       orderby=orderby, lazy=lazy)
