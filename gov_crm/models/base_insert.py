"""Rows the system writes many of, inserted with one statement rather than through the ORM's create.

The ORM's create of one plain row costs some three hundred to six hundred Python function calls
(defaults, access, cache, the computations that may depend on it, mail's hooks). For rows of a
model that nothing depends on (no stored field of another model computed from it, no constraint,
no chatter kept), written by the system in every intake (the logs of auditlog and their lines, the
row of a notice's job), that is most of what writing them costs. ``_gov_insert_rows`` writes them
as the ORM's create would: each value converted as the field stores it, the creator and the moment
when the model keeps them. Each caller says why its rows are such, and its tests compare the rows
with those the ORM's create writes.
"""
from odoo import api, models

from ..tools.class_attributes import per_setup
from .base_recompute import creating_rows

NOW = "now() AT TIME ZONE 'UTC'"


class Stored(object):
    """A value of a row given to ``_gov_insert_rows`` as its column stores it: written as it is, not
    converted by its field (a body of plain paragraphs the sanitizer would give back unchanged)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _gov_insert_rows(self, rows):
        """Insert ``rows`` (dictionaries of the same columns, with their values as the ORM's create
        takes them) with one statement; the new records, in the order of ``rows``."""
        query, params = self._gov_insert_statement(rows)
        self.env.cr.execute(query + " RETURNING id", params)
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _gov_insert_statement(self, rows):
        """(query, parameters) of the INSERT of ``rows`` (as ``_gov_insert_rows`` takes them; an ``id``
        among their columns is inserted as given). A boolean column they do not name is written False,
        as the ORM's create writes it."""
        given = sorted(rows[0])
        unset = [name for name in self._gov_boolean_columns() if name not in rows[0]]
        names = given + unset
        columns = ['"%s"' % name for name in names]
        values = ["%s"] * len(given) + ["false"] * len(unset)
        if self._log_access:
            columns += ["create_uid", "write_uid", "create_date", "write_date"]
            values += ["%s", "%s", NOW, NOW]
        params = []
        for row in rows:
            params += [row[name] if name == "id" else row[name].value if isinstance(row[name], Stored)
                       else self._fields[name].convert_to_column(row[name], self) for name in given]
            if self._log_access:
                params += [self.env.uid, self.env.uid]
        return "INSERT INTO %s (%s) VALUES %s" % (  # the model's table and columns
            self._table, ", ".join(columns), ", ".join(["(%s)" % ", ".join(values)] * len(rows))), params

    @api.model
    def _gov_boolean_columns(self):
        """The model's boolean columns (worked out once per set-up)."""
        return per_setup(self, "_gov_boolean_columns_known", lambda model: tuple(sorted(
            name for name, field in model._fields.items()
            if field.type == "boolean" and field.store and field.column_type)))

    @api.model
    def _gov_insert_created(self, rows):
        """Insert ``rows`` (as ``_gov_insert_rows`` takes them, every column the ORM's create would
        write given: defaults are not applied) with one statement, and do for each new record what
        the ORM's create does after its INSERT: the fields computed from it marked (as ``_create``
        marks them, its columns put in the cache), the model's constraints checked, its create rule
        checked; the new records, in the order of ``rows``. For rows of a model with no stored related
        field, no parent tree and no translated column given, whose create only the modules the caller
        has taken into account extend (``_gov_create_extended_only_by``)."""
        self.check_access_rights("create")
        if (self._parent_store or vars(type(self)).get("_gov_related_fields")
                or any(self._fields[name].translate for name in rows[0])):
            raise ValueError("%s: rows with translated or related columns, or in a tree, are created by the ORM"
                             % self._name)
        records = self._gov_insert_rows(rows)
        with creating_rows(records, rows, ids=records._ids):
            records.modified(records._fields)
        records._validate_fields(rows[0])
        if self.env.recompute and self._context.get("recompute", True):
            self.recompute()
        records.check_access_rule("create")
        return records

    @api.model
    def _gov_create_extended_only_by(self, modules):
        """Whether the model's create is the ORM's, extended by the classes of ``modules`` only and not
        replaced while the server runs (``_gov_create_replaced``): what a caller that writes the rows
        by one statement (``_gov_insert_created``) has taken into account."""
        return not self._gov_create_replaced() and self._gov_create_modules() <= frozenset(modules)

    @api.model
    def _gov_create_modules(self):
        """The modules whose classes of the model extend its create (worked out once per set-up)."""
        return per_setup(self, "_gov_create_modules_known", lambda model: frozenset(
            klass._module for klass in type(model).__mro__[1:]
            if "create" in vars(klass) and klass is not models.BaseModel))

    @api.model
    def _gov_create_replaced(self):
        """Whether the model's create was replaced while the server runs (auditlog patches the create
        of the models a rule logs, keeping the method it replaced as ``origin``): its rows are then
        written through that create, not by one statement beside it."""
        return getattr(type(self).create, "origin", None) is not None
