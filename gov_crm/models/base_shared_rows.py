"""The rows of the configuration, fetched once per process instead of once per call.

Each call of the web client, and each job, starts with an empty record cache: an intake at the
counter fetched the service again in each of its calls and in its job, with the service's steps
and documents, the office calendar, the departments, the mail template, the case stage, the
message subtype, the company and, as the superuser, a user's row for its company: some twenty
SELECTs that give the same rows every time. The models marked
``_gov_shared_rows`` (set up by managers, not changed by the daily work) keep the rows their
fetches give in a store of the process's registry, and a later fetch of the same rows and fields
takes them from there.

The store follows Odoo's own caches of the configuration (access rights, record rules, views):

- a create, write or unlink of a marked model, a translation of one of its fields, and any other
  clearing of the registry's caches empties it, in this process at once and in the others at
  their next request (the registry's cache signalling through the database, which each request
  already checks);
- a rolled-back transaction that changed one empties it again (``reset_changes``), and no row is
  kept while a change of this process is not committed yet, nor by a transaction that began
  before the last change (its snapshot may be older: a thread of a threaded server);
- the store is used only by a transaction opened right after its thread checked that signalling
  (an HTTP request, an RPC call): a script, a shell, a cron job or a test process, which may not
  have heard of another process's change, fetches as before;
- rows are taken only where the reader's fetch would apply no record rule (the superuser, or a
  user with no rule on the model), and after the model's access rights and the fields' groups
  are checked as for a fetch; a translated field is kept per language; a user's password columns
  are never kept.

Only the rows' columns are kept, and the lines of a one2many whose lines are rows of such a model too
(a service's steps and documents), per language and archive filter, where the reader's search of
them would apply no record rule; any other one2many or many2many is read as before.
"""
import threading

from odoo import SUPERUSER_ID, api, models
from odoo.api import SpecialValue
from odoo.addons.base.res.res_users import USER_PRIVATE_FIELDS
from odoo.modules.registry import Registry

_MISSING = object()


# ------------------------------------------------------------------ the store, on the registry
def _forget(registry):
    """Empty the store and start a new generation of it."""
    registry._gov_rows = {}
    registry._gov_rows_generation = getattr(registry, "_gov_rows_generation", 0) + 1


_clear_cache, _signal_changes, _reset_changes, _cursor, _check_signaling = (
    Registry._clear_cache, Registry.signal_changes, Registry.reset_changes, Registry.cursor,
    Registry.check_signaling)
# the registry whose signalling this thread has just checked (an HTTP request, before its cursor)
_checked = threading.local()


def _gov_clear_cache(self):
    _clear_cache(self)
    _forget(self)


def _gov_signal_changes(self):
    # after the commit: a transaction of another thread may have fetched the previous rows since
    # the change emptied the store
    if self.cache_invalidated or self.registry_invalidated:
        _forget(self)
    return _signal_changes(self)


def _gov_reset_changes(self):
    if self.cache_invalidated:
        _forget(self)
    return _reset_changes(self)


def _gov_check_signaling(self):
    registry = _check_signaling(self)
    _checked.registry = registry
    return registry


def _gov_cursor(self):
    cr = _cursor(self)
    # A transaction opened just after the thread checked the other processes' changes may use the
    # store; it is stamped with the store's generation (what it keeps must be no older). Any other
    # (a script, a shell, a cron job, the tests' own cursor) fetches as before: its process may not
    # have heard of a change.
    checked, _checked.registry = getattr(_checked, "registry", None), None
    cr._gov_rows_generation = getattr(self, "_gov_rows_generation", 0) if checked is self else None
    return cr


Registry._clear_cache = _gov_clear_cache
Registry.signal_changes = _gov_signal_changes
Registry.reset_changes = _gov_reset_changes
Registry.cursor = _gov_cursor
Registry.check_signaling = _gov_check_signaling


class Base(models.AbstractModel):
    _inherit = "base"

    # a model of the configuration whose rows a process keeps (see the module's docstring)
    _gov_shared_rows = False

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        cls = type(self)
        # the fields the store holds: the model's own columns, translated ones per language
        cls._gov_shared_fields = frozenset(
            name for name, field in self._fields.items()
            if cls._gov_shared_rows and field.store and field.column_type and not field.inherited
            and field.type != "binary" and name not in USER_PRIVATE_FIELDS
            # a stored computed field is keyed by context in Odoo 11, but its column is the same for all
            and (field.translate or field.compute or not field.context_dependent))
        cls._gov_shared_on = bool(
            cls._gov_shared_rows and not self._abstract and self._auto
            and cls._apply_ir_rules is models.BaseModel._apply_ir_rules)
        return res

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=[]):  # pylint: disable=dangerous-default-value
        # the fetches that read() makes (a model whose read is its own, a translated field)
        if not vars(type(self)).get("_gov_shared_on") or inherited_field_names:
            return super()._read_from_database(field_names, inherited_field_names)
        if self._gov_shared_take(field_names):
            return None
        super()._read_from_database(field_names, inherited_field_names)
        self._gov_shared_keep(field_names)
        return None

    # the rows it gives are Odoo's (base_prefetch may fetch them its own way)
    _read_from_database.gov_fetch_unchanged = True

    def _gov_shared_store(self, names):
        """The store's rows of the model, when a fetch of ``names`` by this environment may use it
        (every name a column it holds or a field read apart; no record rule for the reader);
        None otherwise."""
        if not vars(type(self)).get("_gov_shared_on") or getattr(self._cr, "_gov_rows_generation", None) is None:
            return None
        shared = type(self)._gov_shared_fields
        if any(name not in shared and self._fields[name].column_type for name in names):
            return None
        if self._uid != SUPERUSER_ID and self.env["ir.rule"]._compute_domain(self._name, "read"):
            return None
        rows = getattr(self.pool, "_gov_rows", None)
        if rows is None:
            _forget(self.pool)
            rows = self.pool._gov_rows
        return rows.setdefault(self._name, {})

    def _gov_shared_take(self, names):
        """Put the stored values of ``names`` of these records in the cache, as a fetch would (for
        the user and the superuser), and read the other fields of ``names``; False, with nothing
        done, unless the store has all of them."""
        store = self._gov_shared_store(names)
        if store is None or not self:
            return False
        lang = self.env.lang
        columns = [self._fields[name] for name in names if self._fields[name].column_type]
        keys = [(field.name, lang) if field.translate else field.name for field in columns]
        found = []
        for record_id in self._ids:
            row = store.get(record_id)
            if row is None:
                return False
            values = [row.get(key, _MISSING) for key in keys]
            if _MISSING in values:
                return False
            found.append((record_id, values))
        self._gov_cache_rows(columns, found)
        for name in names:
            field = self._fields[name]
            if not field.column_type and not self._gov_shared_lines(field, store):
                field.read(self)
        return True

    def _gov_shared_lines_key(self, field):
        """The key of the lines of ``field`` in the store's rows for this environment, when they may be
        kept: a one2many of a fixed domain whose lines are kept rows too, read by a user with the right
        to read them and no record rule on them. Their search depends on nothing else than those rows,
        whose every change empties the store, and on the context's language (the order) and archive
        filter. None otherwise."""
        if field.type != "one2many" or callable(field.domain) or field.groups:
            return None
        lines = self.env[field.comodel_name].with_context(**field.context)
        if lines._gov_shared_store([]) is None or lines._fields[field.inverse_name].groups \
                or not lines.check_access_rights("read", raise_exception=False):
            return None
        return ("lines", field.name, lines.env.lang, bool(lines.env.context.get("active_test", True)))

    def _gov_shared_lines(self, field, store):
        """Put the lines of ``field`` of these records in the cache as its read would: from the store,
        else read and kept there. False, with nothing done, where they may not be kept."""
        key = self._gov_shared_lines_key(field)
        if key is None:
            return False
        found = [store.get(record_id, {}).get(key) for record_id in self._ids]
        if None in found:
            field.read(self)
            if self._gov_shared_may_keep():
                values, env = self.env.cache._data[field], field.cache_key(self)
                for record_id in self._ids:
                    value = values.get(record_id, {}).get(env)
                    if value is not None and not isinstance(value, SpecialValue):
                        store.setdefault(record_id, {})[key] = value
            return True
        cache = self.env.cache
        for record, lines in zip(self, found):
            cache.set(record, field, lines)
        return True

    def _gov_shared_may_keep(self):
        """Whether this transaction may keep what it fetches: no change of the configuration pending in
        the process, and no change since the transaction began."""
        registry = self.pool
        return not (registry.cache_invalidated or registry.registry_invalidated) and \
            getattr(self._cr, "_gov_rows_generation", None) == getattr(registry, "_gov_rows_generation", 0)

    def _gov_shared_keep(self, names):
        """Keep the values of ``names`` of these records that the fetch just put in the cache."""
        if not self._gov_shared_may_keep():
            return
        shared = vars(type(self)).get("_gov_shared_fields", ())
        names = [name for name in names if name in shared or not self._fields[name].column_type]
        store = self._gov_shared_store(names)
        if store is None:
            return
        lang = self.env.lang
        columns = [self._fields[name] for name in names if self._fields[name].column_type]
        lines = [(field, self._gov_shared_lines_key(field)) for field in map(self._fields.get, names)
                 if not field.column_type]
        data = self.env.cache._data
        plain = (self._cr, self._uid)
        for record_id in self._ids:
            values = {}
            for field in columns:
                value = data[field].get(record_id, {}).get(self.env if field.context_dependent else plain, _MISSING)
                if value is _MISSING or isinstance(value, SpecialValue):
                    break
                values[(field.name, lang) if field.translate else field.name] = value
            else:
                for field, key in lines:
                    value = data[field].get(record_id, {}).get(field.cache_key(self), _MISSING) if key else _MISSING
                    if value is not _MISSING and not isinstance(value, SpecialValue):
                        values[key] = value
                store.setdefault(record_id, {}).update(values)

    # ------------------------------------------------------------ what empties the store
    def _gov_shared_changed(self):
        if vars(type(self)).get("_gov_shared_on"):
            self.clear_caches()

    @api.model
    def _create(self, vals):
        self._gov_shared_changed()
        return super()._create(vals)

    @api.multi
    def _write(self, vals):
        self._gov_shared_changed()
        return super()._write(vals)

    @api.multi
    def unlink(self):
        self._gov_shared_changed()
        return super().unlink()


class ResUsers(models.Model):
    _inherit = "res.users"

    # the superuser reads a user's row for its company in each job, sequence number and page
    # (record rules apply to the others, who are not served); only the row's own columns, never a
    # password
    _gov_shared_rows = True

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        # the password columns (auth_crypt's among them) are read where they are asked for, as the
        # login reads them, not with every other field of a user: no password in the cache of a call
        # that wanted a user's company, and the rest of the row can be taken from the store
        for name in USER_PRIVATE_FIELDS:
            if name in self._fields:
                self._fields[name].prefetch = False
        return res


class ResCompany(models.Model):
    _inherit = "res.company"

    # read as the superuser for the agency's address in each acknowledgement
    _gov_shared_rows = True


class IrTranslation(models.Model):
    _inherit = "ir.translation"

    def _gov_shared_model(self, model_name):
        model = self.env.get(model_name)
        return model is not None and bool(vars(type(model)).get("_gov_shared_on"))

    def _modified_model(self, model_name):
        if self._gov_shared_model(model_name):
            self.clear_caches()
        return super()._modified_model(model_name)

    @api.multi
    def _modified(self):
        if any(trans.type == "model" and self._gov_shared_model(trans.name.split(",")[0]) for trans in self):
            self.clear_caches()
        return super()._modified()
