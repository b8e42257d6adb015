"""The national ID stays out of reach of users outside "Personal data", on every model.

Reading and exporting the ID are masked where the field is defined (res.partner and
res.users, see res_partner_masking.py). What is checked here concerns every model,
because a domain, an ordering or a grouping reaches the ID from anywhere
(``partner_id.national_id``, ``user_id.partner_id.national_id``, a related field):

* **domains**: for users outside "Personal data", a condition on the ID is an exact
  lookup (``=``, ``!=``, ``in``, ``not in``, or a like-operator given all 13 digits)
  or the question whether an ID is set; any other condition (``=like '3%'``,
  ``ilike '1017'``, ``>``...) is replaced by a condition that matches nothing (and
  everything under a ``!``), so that no answer depends on digits the user did not type. Exact lookups on persons are
  logged (res_partner_masking.py).
* **ordering** by the ID is ignored for them (the order of the records would tell
  the ID of one record from those of others).
* **grouping** by the ID is refused to them; members get the digits and the read is
  logged.

The superuser (the modules' own processing) is not concerned.
"""
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from ..lib.thai_id import compact_id

ID_FIELD = ("res.partner", "national_id")
# matches no record; unlike expression.FALSE_LEAF it may stand under a '!'
NOTHING = ("id", "=", False)
LIKE_OPERATORS = ("like", "ilike", "=like", "=ilike")


def resolves_to_id(env, field):
    """Whether ``field`` is the national ID, directly or through related/inherited fields."""
    for _depth in range(10):
        if field is None:
            return False
        if (field.model_name, field.name) == ID_FIELD:
            return True
        if not field.related:
            return False
        model = env[field.model_name]
        for name in field.related[:-1]:
            model = env[model._fields[name].comodel_name]
        field = model._fields.get(field.related[-1])
    return False


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        # the models were (re)built: the names of ID fields are found again on demand
        type(self)._gov_id_names = None
        self.env.registry._gov_any_id_names = None
        return res

    # ------------------------------------------------------------ helpers
    def _gov_id_guarded(self):
        """True when the current user must not learn IDs from domains, orders and groups."""
        return (self.env.uid != SUPERUSER_ID
                and not self.env.user.has_group("gov_crm.group_gov_personal_data"))

    @api.model
    def _gov_id_field_names(self):
        """Names of this model's fields that are the national ID (directly or related)."""
        cls = type(self)
        names = vars(cls).get("_gov_id_names")
        if names is None:  # once per model class and registry set-up
            names = frozenset(name for name, field in self._fields.items()
                              if field.type == "char" and resolves_to_id(self.env, field))
            cls._gov_id_names = names
        return names

    @api.model
    def _gov_any_id_names(self):
        """Names that are the ID on some model (a quick test before following a path)."""
        registry = self.env.registry
        names = getattr(registry, "_gov_any_id_names", None)
        if names is None:
            names = frozenset().union(*(self.env[name]._gov_id_field_names() for name in registry.models))
            registry._gov_any_id_names = names
        return names

    @api.model
    def _gov_is_id_path(self, path):
        """Whether a domain path ('national_id', 'partner_id.national_id', ...) ends at the ID."""
        parts = path.split(".")
        if parts[-1] not in self._gov_any_id_names():
            return False
        model = self
        for name in parts[:-1]:
            field = model._fields.get(name)
            if field is None or not field.relational:
                return False
            model = self.env[field.comodel_name]
        return parts[-1] in model._gov_id_field_names()

    @staticmethod
    def _gov_guard_id_leaf(leaf):
        """The condition a user outside "Personal data" may ask of the ID, or NOTHING."""
        path, operator, value = leaf
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if operator in ("=", "!=", "=?") and value in (False, None):
            return leaf
        if isinstance(value, str):
            digits = compact_id(value)
            if operator in ("=", "!="):
                return (path, operator, digits)
            if operator == "=?":
                return (path, "=", digits)
            if operator in LIKE_OPERATORS and len(digits) == 13 and digits.isdigit():
                return (path, "=", digits)  # all 13 digits typed: an exact lookup
            return NOTHING
        if operator in ("in", "not in") and isinstance(value, (list, tuple)):
            if all(isinstance(v, str) or v is False for v in value):
                return (path, operator, [compact_id(v) if isinstance(v, str) else v for v in value])
        return NOTHING

    @api.model
    def _gov_guard_id_domain(self, domain):
        guarded = None
        for index, leaf in enumerate(domain):
            if (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
                    and self._gov_is_id_path(leaf[0])):
                if guarded is None:
                    guarded = list(domain)
                guarded[index] = self._gov_guard_id_leaf(leaf)
        return domain if guarded is None else guarded

    @api.model
    def _gov_id_groupbys(self, groupby):
        specs = [groupby] if isinstance(groupby, str) else list(groupby or [])
        return [spec for spec in specs
                if isinstance(spec, str) and spec.split(":")[0] in self._gov_id_field_names()]

    # ------------------------------------------------------------ ORM
    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and self.env.uid != SUPERUSER_ID:
            guarded = self._gov_guard_id_domain(domain)
            if guarded is not domain and self._gov_id_guarded():
                domain = guarded
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        if order_spec and self._gov_id_field_names() and self._gov_id_guarded():
            names = self._gov_id_field_names()
            kept = [part for part in order_spec.split(",") if part.strip().split(" ")[0] not in names]
            order_spec = ",".join(kept)
        return super()._generate_order_by(order_spec, query)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        id_groupbys = self._gov_id_groupbys(groupby) if self.env.uid != SUPERUSER_ID else []
        if id_groupbys and self._gov_id_guarded():
            raise AccessError(_(
                "Grouping by the national ID is reserved to the Personal data group."))
        result = super()._read_group_raw(domain, fields, groupby, offset=offset, limit=limit,
                                         orderby=orderby, lazy=lazy)
        if id_groupbys:
            digits = {row[name] for row in result for name in id_groupbys if row.get(name)}
            if digits:
                # sudo: who holds the IDs the member has just read, for the audit log
                partners = self.env["res.partner"].sudo().with_context(active_test=False).search(
                    [("national_id", "in", sorted(digits))])
                self.env["gov.privacy.log"]._log("full_read", partners, reason="national_id")
        return result
