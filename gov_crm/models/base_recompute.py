"""The records a change reaches across a one2many, read from the changed rows instead of searched for.

When fields of some records change, Odoo 11 (``modified``) marks the stored computed fields that
depend on them. For a field on the other side of a one2many (a request's progress, computed from its
steps' states) it finds the records to mark with a search as the superuser, ``[('step_ids', 'in',
ids)]``: the domain is turned into a SELECT of the steps' ``request_id``, then the requests are
selected again by id, through every ``_where_calc`` override of the model. The records found are
exactly those the changed records' many2one points to (the one2many's domain is not applied, and
the rows pointed to exist by the foreign key), so here they are taken from that many2one: from the
cache when every changed record has it there, from one SELECT of the column otherwise. Odoo 13 does
the same from the cache. An intake creates and starts three steps: five such searches, ten
statements. Any other path (a chain of fields, a one2many whose inverse is not a stored many2one of
the changed model, a field inherited from a parent model) is still searched for.

A row ``_create`` has just inserted is a case of its own: its first ``modified`` (every field of the
one record) comes before its many2many and one2many values are written, so no other row refers to
it yet. A path whose last step is a many2one or many2many to its model reaches nothing, and is not
searched for (a new request: its payments, its notices' copies, three statements); and each
one2many not given to the create is empty, which is put in the cache rather than fetched (two
statements each) when a computed field reads it; a line created later drops that value, as Odoo
drops it through the inverse many2one. ``_create`` marks the call, which a deletion's (every field
too) is not.

The new row's own columns are known too: those given to the create hold what ``_create`` has just
written, the others are empty (Odoo sets no default in the database). Odoo 11 leaves them out of
the cache, and the first field read of the new record (a constraint, a line's default, a related
field computed as the superuser) fetches the whole row back, once for its user and once for the
superuser: some ten SELECTs in an intake. They are put in the cache for both, converted as a
fetch converts them, as later versions of Odoo do; left out are the columns whose stored value
differs from the value given in ways a fetch would show (a sanitized HTML text, an amount rounded to
its currency, a date written in another format), the translated, binary and computed ones, and the
columns ``_create`` writes itself (who and when, the parent tree's bounds). Computed ones a model
writes with the INSERT and leaves out of their first computation (``_gov_empty_on_create``: a new
request's progress and balance) are put in too, for every environment of the call: the payment
request of each submission fetched the new request's whole row back to read its balance.

The same holds for the columns a ``write`` has just updated: Odoo 11 drops them from the cache, and
the next read of one (the write's own constraints and computed fields, the next step of the
submission) fetches the whole row again. They are put in the cache as above, after the UPDATE; the
others are left as they were. And a new row's many2one to the record a one2many path leads to is the
value it was inserted with (three SELECTs of the steps' request in each submission).

A stored related field one step through a many2one of the new row (a request's service group, a
case's stage meaning) is inserted with the row, the value of the record the many2one is given, and
put in the cache; Odoo 11 computed it after the INSERT and wrote it with an UPDATE of the new row.

A value put in the cache so, or fetched inside a savepoint, would outlive a rollback to that
savepoint: the rollback empties the thread's record cache (``_savepoint``).
"""
import contextlib
import datetime
import itertools
import re
from collections import defaultdict

from odoo import SUPERUSER_ID, api, models, sql_db
from odoo.api import SpecialValue
from odoo.exceptions import AccessError, MissingError

from ..tools.class_attributes import united

# a date and a datetime as PostgreSQL gives them back (a datetime's fraction of a second is cut off
# by the cache, as from a fetch)
_STORED_AS_GIVEN = {
    "date": re.compile(r"\d{4}-\d\d-\d\d"),
    "datetime": re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?"),
}
# columns _create writes itself
_WRITTEN_BY_CREATE = frozenset(models.MAGIC_COLUMNS) | {"parent_left", "parent_right"}
# the environments of a cursor a new row's empty one2many fields are put in (_gov_none_yet): a call has a
# few (six in an intake at the counter); a long transaction may have hundreds
NONE_YET_ENVIRONMENTS = 16


_odoo_savepoint = sql_db.Cursor.savepoint


@contextlib.contextmanager
def _savepoint(cr):
    """Odoo 11's savepoint, after which a rollback also empties the record cache of the thread: what
    was written or read inside the savepoint is gone from the database, and the values put in the
    cache by the writes (above) or fetched after them would be read as if it were not."""
    try:
        with _odoo_savepoint(cr):
            yield
    except Exception:
        environments = getattr(api.Environment._local, "environments", None)
        if environments is not None:
            environments.cache.invalidate()
        raise


@contextlib.contextmanager
def creating_rows(model, rows, related=None, ids=None):
    """While the block runs, the first ``modified`` of every field of the records of ``model`` is that
    of the rows just inserted with ``rows`` (a list of values, the same columns in each): of one
    record, ``_create``'s, with ``related``, the stored related fields inserted with it
    (``_gov_related_at_create``); or of the records ``ids``, one per row (``_gov_insert_created``).
    The values themselves: ``_create`` adds to them what it inserts besides (False for booleans left
    out, the parent records' ids)."""
    creating = vars(model.env.all).setdefault("_gov_creating", [])
    creating.append({"cr": model._cr, "model": model._name, "given": frozenset(rows[0]), "rows": rows,
                     "related": related or {}, "ids": ids})
    try:
        yield
    finally:
        creating.pop()


_savepoint.gov_empties_cache = True
if not getattr(sql_db.Cursor.savepoint, "gov_empties_cache", False):
    sql_db.Cursor.savepoint = _savepoint


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _setup_complete(self):
        res = super(Base, self)._setup_complete()
        # the one2many fields _gov_none_yet may fill, worked out at each setup of the model (an upgrade
        # gives it new field objects): those whose inverse is a stored many2one, as Odoo links it
        type(self)._gov_line_fields = tuple(
            field for field in self._fields.values()
            if field.type == "one2many" and not field.compute and not field.inherited and self._field_inverses[field])

        # the columns _gov_row_known puts in the cache of a row just inserted
        def row_field(name, field):
            return (field.store and field.column_type and not field.inherited and not field.translate
                    and name not in _WRITTEN_BY_CREATE and field.type not in ("binary", "monetary")
                    and not (field.type == "html" and field.sanitize))
        type(self)._gov_row_fields = tuple(
            field for name, field in self._fields.items()
            if row_field(name, field) and not field.compute and not field.context_dependent)
        # and the computed ones a create writes with the INSERT, left out of its first computation
        # (mail_activity_mixin's _gov_empty_on_create), when given to it: one column, whatever the
        # context (Odoo 11 keeps a computed field's value per environment all the same)
        (created,) = united(type(self), "_gov_empty_on_create")
        type(self)._gov_row_computed_fields = tuple(
            field for name, field in self._fields.items() if name in created and row_field(name, field))
        # the stored related fields _gov_related_at_create works out: one step through a many2one
        # column of the model's own
        related = []
        for field in self._fields.values():
            link = self._fields.get(field.related[0]) if field.related and len(field.related) == 2 else None
            if (link is not None and field.store and field.column_type and not field.inherited
                    and not field.translate and not field.context_dependent
                    and field.type not in ("binary", "monetary", "one2many", "many2many")
                    and link.type == "many2one" and link.store and not link.inherited):
                related.append((field, link))
        type(self)._gov_related_fields = tuple(related)
        # filled by _gov_modified_plan once every model is set up (the triggers of a model's fields are
        # added by the set-up of the models that depend on them)
        type(self)._gov_modified_plans = {}
        return res

    @api.model
    def _create(self, vals):
        # what _create's first modified() needs to know of the row it has just inserted
        related = self._gov_related_at_create(vals)
        with creating_rows(self, [vals], related):
            return super(Base, self)._create(vals)

    @api.multi
    def _write(self, vals):
        # what the second modified() of _write (after its UPDATE) needs to know of the values written
        writing = vars(self.env.all).setdefault("_gov_writing", [])
        writing.append({"cr": self._cr, "model": self._name, "ids": self._ids, "vals": vals, "calls": 0})
        try:
            return super(Base, self)._write(vals)
        finally:
            writing.pop()

    @api.model
    def _gov_related_at_create(self, vals):
        """{field: cache value} of the stored related fields of a row about to be inserted with
        ``vals`` whose value one step through a many2one gives: the value of the record the many2one
        is given (nothing when it is not given), added to ``vals`` and put in the cache after the
        INSERT instead of an UPDATE of the new row when the related fields are computed. Left to
        that computation: a field given to the create, a many2one given other than as an id, a
        record out of reach."""
        related = {}
        for field, link in vars(type(self)).get("_gov_related_fields", ()):
            if field.name in vals:
                continue
            given = vals.get(link.name)
            if not given:
                related[field] = field.convert_to_cache(None, self, validate=False)
                continue
            if not isinstance(given, int) or isinstance(given, bool):
                continue
            other = self.env[link.comodel_name].browse(given)
            try:
                value = (other.sudo() if field.related_sudo else other)[field.related[1]]
            except (AccessError, MissingError):
                continue
            column = field.convert_to_column(field.convert_to_write(value, self), self, vals)
            if column is not None:
                vals[field.name] = column
            related[field] = field.convert_to_cache(column, self, validate=False)
        return related

    @api.model
    def _check_selection_field_value(self, field, value):
        # a stored related selection (a case's stage meaning, given to its INSERT by
        # _gov_related_at_create) knows its values from the field it follows, through that field's
        # labels translated into the user's language (Odoo 11 makes its selection the other field's
        # _description_selection): the values alone are asked of that field, and checked as Odoo does
        spec = self._fields[field]
        if spec.type == "selection" and spec.related and getattr(spec, "related_field", None) is not None:
            if value and value not in spec.related_field.get_values(self.env):
                raise ValueError("Wrong value for %s: %r" % (spec, value))
            return
        super(Base, self)._check_selection_field_value(field, value)

    def _gov_just_written(self):
        """The call of ``_write`` on these records whose UPDATE has just been run, when this
        ``modified`` is its second call (the first comes before the UPDATE); None otherwise."""
        writing = vars(self.env.all).get("_gov_writing")
        if not writing:
            return None
        entry = writing[-1]
        if entry["cr"] is not self._cr or entry["model"] != self._name or entry["ids"] != self._ids:
            return None
        entry["calls"] += 1
        return entry if entry["calls"] == 2 else None

    def _gov_just_inserted(self, fnames):
        """The call of ``_create`` that has just inserted the row of this one record, or of
        ``_gov_insert_created`` those of these records ({"given": the names given, "rows": the values
        inserted, one per record}), when this ``modified`` is its first call (every field of the
        records); None otherwise (a write, a deletion)."""
        creating = vars(self.env.all).get("_gov_creating")
        if fnames is not self._fields or not creating:
            return None
        entry = creating[-1]
        if entry.get("seen") or entry["cr"] is not self._cr or entry["model"] != self._name:
            return None
        if entry["ids"] is None:  # _create's: one record, its id just given by the INSERT
            if len(self._ids) != 1 or not isinstance(self.id, int):
                return None
        elif entry["ids"] != self._ids:
            return None
        entry["seen"] = True
        return entry

    @api.multi
    def modified(self, fnames):
        # the same marking as Odoo 11's, with _gov_linked finding the records of each path
        inserted = self._gov_just_inserted(fnames)
        given = inserted["given"] if inserted else None
        own, inverses, triggers = self._gov_modified_plan(fnames)
        ids = self._ids
        invalids = [(field, ids) for field in own]
        invalids.extend(inverses)
        for model_name, path, stored, others, from_others in triggers:
            if path and stored:
                if path == "id":
                    linked = self
                elif given is not None and from_others:
                    linked = self.env[model_name]  # nothing refers to a row inserted a moment ago
                else:
                    linked = self._gov_linked(model_name, path, inserted["rows"] if inserted else None)
                for field in stored:
                    if given is not None and field in inserted["related"]:
                        continue  # inserted with its value (_gov_related_at_create)
                    target = linked - self.env.protected(field)
                    if not target:
                        continue
                    invalids.append((field, target._ids))
                    if field.compute_sudo:
                        target = target.sudo()
                    target._recompute_todo(field)
            invalids.extend((field, None) for field in others)
        self.env.cache.invalidate(invalids)
        if given is not None:
            # the environments of the call, worked out once, where the model has lines or figures to
            # put in them (most rows created have neither)
            known = vars(type(self))
            envs = self._gov_call_environments() \
                if known.get("_gov_line_fields") or known.get("_gov_row_computed_fields") else None
            self._gov_none_yet(given, envs)
            for record, vals in zip(self, inserted["rows"]):
                record._gov_row_known(vals, envs=envs)
            for record in (self, self.sudo()):
                for field, value in inserted["related"].items():
                    self.env.cache.set(record, field, value)
        elif fnames is not self._fields:
            written = self._gov_just_written()
            if written is not None:
                self._gov_row_known(written["vals"], given_only=True)

    def _gov_modified_plan(self, fnames):
        """What ``modified(fnames)`` marks, worked out once per model and set of field names (a new
        row's every field, above all: some two hundred of a request, for each record created): the
        fields themselves, the inverse fields to forget, and for each (model, path) of the fields
        that depend on them, the stored computed ones, the others, and whether the path reaches a
        record only through other records' rows (_gov_reached_from_others)."""
        plans = vars(type(self)).get("_gov_modified_plans")
        if plans is None:  # not set up with this module yet
            plans = {}
        names = fnames if fnames is self._fields else frozenset(fnames)
        key = True if names is self._fields else names
        plan = plans.get(key)
        if plan is None:
            own, inverses, triggers = [], [], defaultdict(set)
            for fname in names:
                mfield = self._fields[fname]
                own.append(mfield)
                inverses.extend((inverse, None) for inverse in self._field_inverses[mfield])
                for field, path in self._field_triggers[mfield]:
                    triggers[(field.model_name, path)].add(field)
            plan = plans[key] = (tuple(own), tuple(inverses), tuple(
                (model_name, path, tuple(field for field in fields if field.compute and field.store),
                 tuple(field for field in fields if not (field.compute and field.store)),
                 bool(path) and path != "id" and self._gov_reached_from_others(model_name, path))
                for (model_name, path), fields in triggers.items()))
        return plan

    def _gov_row_known(self, vals, given_only=False, envs=None):
        """Put the columns of the rows just inserted or updated with ``vals`` in the cache, for their
        user and for the superuser, as fetching the rows back would give them (``given_only``: the
        columns of ``vals`` only, the others left as they are; ``envs``: the environments of the call,
        ``_gov_call_environments``, where the caller has them)."""
        data = self.env.cache._data
        keys = {(self._cr, self._uid), (self._cr, SUPERUSER_ID)}
        # a computed one only while nothing marked it to be computed again (its first computation is
        # left out where the model has mail_activity_mixin), for every environment of the call
        computed = () if given_only else tuple(
            field for field in vars(type(self)).get("_gov_row_computed_fields", ())
            if field.name in vals and not any(set(self._ids) & set(todo._ids)
                                              for todo in self.env.all.todo.get(field, ())))
        if computed and envs is None:
            envs = self._gov_call_environments()
        for field in vars(type(self)).get("_gov_row_fields", ()) + computed:
            if given_only and field.name not in vals:
                continue
            if field.name in vals:
                value = vals[field.name]
                if field.type in _STORED_AS_GIVEN and value:
                    if isinstance(value, (datetime.date, datetime.datetime)):
                        value = str(value)
                    if not (isinstance(value, str) and _STORED_AS_GIVEN[field.type].fullmatch(value)):
                        continue  # another format: PostgreSQL gives it back in its own
                elif field.type == "many2one" and value and not isinstance(value, int):
                    continue  # an id as text, which PostgreSQL takes and the cache would not
                column = field.convert_to_column(value, self, vals)  # as _create has written it
            else:
                column = None
            value = field.convert_to_cache(column, self, validate=False)
            for record_id in self._ids:
                by_key = data[field][record_id]
                for key in (envs if field.context_dependent else keys):
                    by_key[key] = value

    def _gov_reached_from_others(self, model_name, path):
        """Whether ``path`` from ``model_name`` reaches a record of this model only through the rows
        of other records (its last step a many2one or many2many to this model), not through the
        record's own row (a one2many, whose inverse many2one is the record's)."""
        model, field = self.env[model_name], None
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None or not field.relational:
                return False
            model = self.env[field.comodel_name]
        return field.type in ("many2one", "many2many") and field.comodel_name == self._name

    def _gov_none_yet(self, given, envs):
        """A row just inserted has no line yet in a one2many not given to its create (those given are
        written after this call): that is put in the cache instead of two SELECTs for each such
        one2many read while it is created. Only where Odoo itself drops that value when a line is
        created or moved: a one2many whose inverse is a stored many2one (not a res_id number, as the
        chatter's), neither computed nor inherited from a parent model.

        A one2many is cached per environment (its value depends on the context's ``active_test``),
        and no line is no line in any: the value is put for the environments of the cursor there are
        (its user's and the superuser's in the context of the create, those of the call that creates
        it: a request was created in mail's context and its payment requests then read again in the
        clerk's), the first ``NONE_YET_ENVIRONMENTS`` of them: ``envs``, ``_gov_call_environments``."""
        empty = [field for field in vars(type(self)).get("_gov_line_fields", ()) if field.name not in given]
        if not empty:
            return
        # written into Odoo 11's cache ({field: {id: {key: value}}}) with the keys cache.set() would
        # work out: through cache.set, each field of each environment cost a recordset and a key of its
        # own, a tenth of the ORM's bookkeeping of a new request
        data = self.env.cache._data
        for field in empty:
            keys = envs if field.context_dependent else {(env.cr, env.uid) for env in envs}
            for record_id in self._ids:
                slot = data[field][record_id]
                for key in keys:
                    slot[key] = ()

    def _gov_call_environments(self):
        """The environments a value of a row just inserted is put in the cache for: its user's and the
        superuser's in the context of the create, those of the cursor there are (of the call that
        creates it), the first ``NONE_YET_ENVIRONMENTS`` of them, and the superuser's in the context of
        each of the user's among them (a request created in mail's context has its steps read by its
        route as the superuser in the clerk's)."""
        others = list(itertools.islice((env for env in self.env.all if env.cr is self._cr), NONE_YET_ENVIRONMENTS))
        envs = {self.env, self.sudo().env}.union(others)
        if self._uid != SUPERUSER_ID:
            envs.update(env(user=SUPERUSER_ID) for env in others if env.uid == self._uid)
        return envs

    def _gov_linked(self, model_name, path, inserted=None):
        """The records of ``model_name`` whose ``path`` leads to a record of ``self``, in self's
        environment (``inserted``: the values the records of ``self`` were just inserted with, one per
        record)."""
        target_model = self.env[model_name]
        link = target_model._fields.get(path)
        inverse = (link is not None and link.type == "one2many" and not link.inherited
                   and link.comodel_name == self._name and self._fields.get(link.inverse_name))
        if not (inverse and inverse.type == "many2one" and inverse.store and not inverse.inherited
                and inverse.comodel_name == model_name):
            sudo_env = self.env(user=SUPERUSER_ID, context={"active_test": False})
            return sudo_env[model_name].search([(path, "in", self.ids)]).with_env(self.env)
        cr = self._cr
        known, unknown = set(), []
        if inserted is not None:
            # the many2one the rows were inserted with (NULL when not given; a foreign key otherwise)
            given = [vals.get(inverse.name) for vals in inserted]
            if all(type(value) is int or not value for value in given):
                return target_model.browse(sorted({value for value in given if value}))
        by_id = self.env.cache._data[inverse]
        for record_id in self.ids:
            # the cache is shared by the cursors of a thread: this transaction's values only
            values = [value for key, value in by_id.get(record_id, {}).items()
                      if (key.cr if isinstance(key, api.Environment) else key[0]) is cr
                      and not isinstance(value, SpecialValue)]
            if values:
                known.update(values[0])
            else:
                unknown.append(record_id)
        for chunk in cr.split_for_in_conditions(unknown):
            cr.execute('SELECT "%s" FROM "%s" WHERE id IN %%s AND "%s" IS NOT NULL'
                       % (inverse.name, self._table, inverse.name), (chunk,))
            known.update(row[0] for row in cr.fetchall())
        return target_model.browse(sorted(value for value in known if isinstance(value, int)))
