"""A record's row is fetched into the cache once, not converted there and back.

When a field is not in the cache, Odoo 11 (``_prefetch_field``) reads the row through ``read()``:
``_read_from_database`` puts every column in the cache, then ``read()`` takes each value out of the
cache into its own format, and ``_prefetch_field`` converts it back and stores it again. Odoo 13
fetches straight into the cache; this does the same here, with ``read()``'s own checks (the model's
access rights, the fields' groups), for the models whose ``read`` is the ORM's, or whose overrides
say they leave a fetch into the cache alone (``_gov_read_leaves_fetch``: the masking of national
IDs). A model that overrides ``read`` otherwise (to check a record's access, or to log what is read)
is fetched through it as before, as are records being edited in a form (onchange) and records not
yet created.

A user's row read by the superuser is fetched the same way: res.users' own ``read()`` methods let a
user read their own row as the superuser and show the groups as fields, which changes nothing of a
fetch the superuser makes (``env.user`` is the superuser's record: every call and job that reads the
user's company or address fetched the row through ``read()``).

A fetched row, and the values of a create or a write, are stored in the cache through
``RecordCache.update``, which Odoo 11 inherits from ``MutableMapping``: for each value, a lookup of
the field, of the record's environment and of the field's cache key, each a call. A row of a request
has some sixty columns, and an intake stores a few thousand values; ``_gov_store`` below puts them
in the same places (``Field.cache_key``'s key: the environment for a field whose value depends on the
context, the cursor and user otherwise) with one dictionary write each.

A row a user fetches is stored for the superuser as well, who would fetch the same values (Odoo 11
caches each user's values apart, and computes related fields and audit log names as the superuser:
the same request's row was fetched twice in a call). And a one2many or many2many read alone of rows
this transaction has already fetched for the user is read without selecting those rows again (Odoo
selects their ids first, through the record rules their fetch went through).
"""
from collections.abc import Mapping, MutableMapping

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.api import SpecialValue
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.osv.query import Query
from odoo.addons.base.res import res_users

_MISSING = object()

# field classes whose cache key is Field.cache_key's (checked once per class)
_PLAIN_KEYED = {}


def _plain_keyed(field_class):
    known = _PLAIN_KEYED.get(field_class)
    if known is None:
        known = _PLAIN_KEYED[field_class] = field_class.cache_key is fields.Field.cache_key
    return known


def _gov_store(self, *args, **kwargs):
    """``RecordCache.update(values)``: each value stored under its field's cache key."""
    if kwargs or len(args) != 1 or not isinstance(args[0], Mapping):
        return MutableMapping.update(self, *args, **kwargs)
    record = self._record
    env = record.env
    model_fields, data, record_id = record._fields, env.cache._data, record._ids[0]
    plain = (env.cr, env.uid)
    for name, value in args[0].items():
        field = model_fields[name]
        if not _plain_keyed(type(field)):
            self[name] = value
            continue
        data[field][record_id][env if field.context_dependent else plain] = value


models.RecordCache.update = _gov_store


def _own_read_from_database(cls):
    """Whether a class of the model fetches its rows its own way (base_shared_rows' override, which
    takes rows from the store or lets Odoo's fetch run, does not count)."""
    return any(
        klass is not models.BaseModel and "_read_from_database" in vars(klass)
        and not getattr(vars(klass)["_read_from_database"], "gov_fetch_unchanged", False)
        for klass in cls.__mro__)


class Base(models.AbstractModel):
    _inherit = "base"

    # classes whose read() gives the ORM's result for a fetch into the cache
    _gov_read_leaves_fetch = ()

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        # Each setup of the registry (modules loaded one after another, an upgrade) may give the model
        # new classes to inherit from and new field objects: what is worked out from them is worked
        # out again.
        cls = type(self)
        cls._gov_fetch_past_read_known = all(
            klass is models.BaseModel or klass in cls._gov_read_leaves_fetch
            for klass in cls.__mro__ if "read" in vars(klass))
        cls._gov_fetch_plans = {}
        cls._gov_setup_token = object()  # in the key of _gov_prefetched's cache
        return res

    @classmethod
    def _gov_fetch_past_read(cls):
        """Whether every read() of the model's classes is the ORM's or leaves a fetch alone (worked
        out at each setup of the model)."""
        return vars(cls).get("_gov_fetch_past_read_known", False)

    @api.multi
    def _prefetch_field(self, field):
        if not self._gov_fetch_past_read() or self.env.in_onchange or not isinstance(self.id, int):
            return super()._prefetch_field(field)
        todo = self.env.all.todo  # {field: records to compute}, most often empty
        records = self._in_cache_without(field)
        if field in todo:
            records -= self.env.field_todo(field)
        names, vetted = {field.name}, frozenset()
        if self._context.get("prefetch_fields", True) and field.prefetch:
            # debug mode as user_has_groups reads it; a stand-in request (building the asset bundles
            # at a deploy, ir_qweb.py) has none
            debug = bool(request) and bool(getattr(request, "debug", False))
            prefetched, computed, vetted = self._gov_prefetched(debug)
            names.update(prefetched)
            names.difference_update(name for name in computed if self._fields[name] in todo)
            names.add(field.name)
        # a one2many or many2many alone, of rows this transaction has read for the user: its lines
        # only, without selecting the rows again
        known = names == {field.name} and field.type in ("one2many", "many2many") and self._gov_rows_known(records)
        try:
            records.with_prefetch(self._prefetch)._gov_fetch(names, vetted, known=known)
        except AccessError:
            # another record of the prefetch may be out of reach: this one alone, as read() does
            self._gov_fetch(names, vetted)
        if not self.env.cache.contains(self, field):
            self.env.cache.set_failed(self, [field], AccessError("No value found for %s.%s" % (self, field.name)))

    @tools.ormcache("self._uid", "debug", "self._gov_setup_token")
    def _gov_prefetched(self, debug):
        """The fields fetched along with a prefetched one, for the user: those of their groups (the
        technical features' group counts in debug mode only, as in user_has_groups); the computed
        ones among them, left out while they wait to be computed; and those whose access need not be
        checked again (all of them, unless the model checks fields' access its own way). Cached as
        the user's groups are (a change of groups clears both), and anew after each setup."""
        names = frozenset(
            name for name, other in self._fields.items()
            if other.prefetch and not (other.groups and not self.user_has_groups(other.groups)))
        own_check = type(self).check_field_access_rights is not models.BaseModel.check_field_access_rights
        return names, frozenset(name for name in names if self._fields[name].compute), \
            frozenset() if own_check else names

    def _gov_rows_known(self, records):
        """Whether the rows of ``records`` were fetched for the user in this transaction (or written by
        them): their name is in the cache, under the key of the user (fetched through their record
        rules), not as a failure."""
        name_field = self._fields.get(self._rec_name)
        if name_field is None or not name_field.column_type:
            return False
        by_id = self.env.cache._data.get(name_field, {})
        key = self.env if name_field.context_dependent else (self._cr, self._uid)
        for record_id in records._ids:
            value = by_id.get(record_id, {}).get(key, _MISSING)
            if value is _MISSING or isinstance(value, SpecialValue):
                return False
        return bool(records)

    def _gov_fetch(self, names, vetted=frozenset(), known=False):
        """``read(names)`` without its result: the rows into the cache (``vetted``: names whose groups
        the user is known to have; ``known``: the rows were read for the user, _gov_rows_known)."""
        self.check_access_rights("read")
        unvetted = [name for name in names if name not in vetted]
        if unvetted:
            self.check_field_access_rights("read", unvetted)
        stored = [name for name in names if self._fields[name].store]
        inherited = [name for name in names if not self._fields[name].store and self._fields[name].base_field.store]
        if not inherited and self._gov_shared_take(stored):
            return  # rows of the configuration this process keeps (base_shared_rows)
        if inherited or not self._gov_fetch_rows(stored, known):
            self._read_from_database(stored, inherited)  # which keeps the shared rows itself
        else:
            self._gov_shared_keep(stored)

    def _gov_fetch_plan(self, names):
        """How ``_gov_fetch_rows`` fetches ``names``: (the SELECT list, the column fields in its order,
        the other fields), once per model and set of names; None where _read_from_database must do
        it: a model whose own columns are not all (its parents' columns, res.users' own fetch), or a
        translated or binary field (a join on the translations, sizes instead of contents)."""
        plans = vars(type(self)).get("_gov_fetch_plans")
        if plans is None:  # not set up with this module yet
            return None
        key = frozenset(names)
        if key not in plans:
            named = [self._fields[name] for name in names if name != "id"]
            if (self._inherits or _own_read_from_database(type(self))
                    or any(field.translate or field.type == "binary" or field.deprecated for field in named)):
                plan = None
            else:
                columns = [field for field in named if field.column_type]
                select = ",".join('"%s"."%s"' % (self._table, name) for name in ["id"] + [f.name for f in columns])
                plan = (select, columns, [field for field in named if not field.column_type])
            plans[key] = plan
        return plans[key]

    def _gov_cache_rows(self, columns, rows):
        """Put fetched ``rows`` ((id, [cache value of each of ``columns``]), ...) in the cache of
        these records' environment and, for a user, of the superuser's: what a user's fetch gives is
        what the superuser's would (it sees every row), and the ORM reads the same rows again as the
        superuser (a related field, a name for the audit log). Each value is written in the cache's
        dictionary under its field's cache key, worked out once per column (not once per value, as
        the record's cache does it: an intake stores some three thousand values this way)."""
        env, data = self.env, self.env.cache._data
        user_key = (env.cr, env.uid)
        sudo_env = sudo_key = None
        if env.uid != SUPERUSER_ID:
            sudo_key = (env.cr, SUPERUSER_ID)
            if any(field.context_dependent for field in columns):
                sudo_env = env(user=SUPERUSER_ID)  # a search among the thread's environments
        slots, own_keyed = [], []
        for index, field in enumerate(columns):
            if not _plain_keyed(type(field)):
                own_keyed.append((index, field))  # a cache key of its own: stored through the record
            elif field.context_dependent:
                slots.append((index, data[field], env, sudo_env))
            else:
                slots.append((index, data[field], user_key, sudo_key))
        prefetch = self._prefetch
        prefetch[self._name].update([record_id for record_id, _values in rows])
        for record_id, values in rows:
            for index, by_record, key, shared in slots:
                cell = by_record[record_id]
                cell[key] = values[index]
                if shared is not None:
                    cell.setdefault(shared, values[index])
            for index, field in own_keyed:
                record = self.browse(record_id, prefetch)
                record._cache[field.name] = values[index]
                if sudo_key is not None:
                    record.sudo()._cache.setdefault(field.name, values[index])

    def _gov_take_rows(self, columns, rows):
        """Put rows selected from the table ((id, value of each of ``columns``, ...), ...) in the cache
        as a fetch does: converted to the cache's format, for these records' user and the superuser."""
        values = []
        for row in rows:
            record = self.browse(row[0], self._prefetch)
            values.append((row[0], [field.convert_to_cache(value, record, validate=False)
                                    for field, value in zip(columns, row[1:])]))
        self._gov_cache_rows(columns, values)

    def _gov_fetch_rows(self, names, known=False):
        """``_read_from_database(names)`` of the common case, its SELECT written once per set of names
        (Odoo 11 qualifies each column and looks up each field's parents on every fetch, some 0.2 ms
        of each of an intake's forty fetches). The same record rules apply. False, with nothing
        stored, where it leaves the fetch to Odoo's method: no plan, or a row refused or gone (whose
        failure Odoo records in the cache)."""
        plan = self._gov_fetch_plan(names)
        if plan is None:
            return False
        if not self:
            return True
        select, columns, others = plan
        if known and not columns:
            for field in others:
                field.read(self)
            return True
        marker = object()
        query = Query(['"%s"' % self._table], ['"%s".id IN %%s' % self._table], [marker])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        sql = "SELECT %s FROM %s WHERE %s" % (select, from_clause, where_clause)
        position = params.index(marker)
        rows = []
        for ids in self._cr.split_for_in_conditions(self.ids):
            params[position] = tuple(ids)
            self._cr.execute(sql, params)
            rows.extend(self._cr.fetchall())
        if len(rows) != len(set(self._ids)):
            return False
        self._gov_take_rows(columns, rows)
        fetched = self.browse([row[0] for row in rows])
        for field in others:
            field.read(fetched)
        return True


class ResUsers(models.Model):
    _inherit = "res.users"

    # res.users' own read() methods, which leave the superuser's fetch alone (the module's docstring)
    _GOV_SUPERUSER_READS = (res_users.Users, res_users.UsersView)

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        cls = type(self)
        cls._gov_superuser_fetch_known = all(
            klass is models.BaseModel or klass in cls._gov_read_leaves_fetch or klass in cls._GOV_SUPERUSER_READS
            for klass in cls.__mro__ if "read" in vars(klass))
        return res

    def _gov_fetch_past_read(self):
        if self._uid == SUPERUSER_ID and vars(type(self)).get("_gov_superuser_fetch_known", False):
            return True
        return super()._gov_fetch_past_read()
