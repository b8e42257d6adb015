"""Bulk rows for Odoo tables through PostgreSQL COPY, with the ORM's defaults.

The ORM creates about 300 records a second here; the large load set has more than
ten million rows, so rows are written with ``COPY ... FROM STDIN`` (psycopg2
``copy_expert``) instead. To stay consistent with what the ORM would have written:

* every stored column the generator does not set gets the value ``default_get``
  returns (the same defaults ``create()`` would apply);
* a stored computed or related field, or a required field without a default, that
  the generator does not set stops the run with a message naming it: a module that
  adds such a field must teach the generator how to fill it.

``BulkLoad`` wraps a big load: the indexes and foreign keys of its tables are dropped
before the COPY and rebuilt after it, once, instead of being updated row by row.
"""
import datetime
import io

from progress import Progress

# columns Odoo writes itself on every model with _log_access
LOG_ACCESS = ("create_uid", "create_date", "write_uid", "write_date")
BULK_INDEX_THRESHOLD = 200000   # above this many new rows, indexes are dropped and rebuilt


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _datetime(value):  # fields.Datetime keeps whole seconds
    return str(value.replace(microsecond=0) if value.microsecond else value)


_FORMAT = {
    str: lambda value: value.translate(_ESCAPE),
    int: str,
    float: repr,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",  # NULL: the generator writes None for an empty field
    datetime.datetime: _datetime,
    datetime.date: str,
}


def _other(value):
    return str(value).translate(_ESCAPE)


def copy_text(value):
    """One value in PostgreSQL COPY text format."""
    return _FORMAT.get(type(value), _other)(value)


class TableWriter:
    """Rows of one model: ``add(values)`` in the order of ``fields``, ``flush(cr)`` COPYs them."""

    def __init__(self, env, model_name, fields):
        model = env[model_name]
        self.table = model._table
        self.fields = list(fields)
        stored = {name: field for name, field in model._fields.items()
                  if field.store and field.column_type}
        unknown = [name for name in self.fields if name not in stored]
        if unknown:
            raise SystemExit("loadgen: %s has no stored column(s) %s: update data/loadgen for the "
                             "current %s model" % (model_name, ", ".join(unknown), model_name))
        others = [name for name in stored if name not in self.fields and name != "id"]
        defaults = model.default_get(others)
        problems = []
        for name in others:
            field = stored[name]
            if field.compute or field.related:
                problems.append("%s.%s is a stored computed field (module %s)" % (
                    model_name, name, getattr(field, "_module", "?")))
            elif field.required and defaults.get(name) in (None, False) and field.type != "boolean":
                problems.append("%s.%s is required and has no default" % (model_name, name))
        if problems:
            raise SystemExit("loadgen cannot fill every column the ORM would write:\n  "
                             + "\n  ".join(problems)
                             + "\nTeach data/loadgen (loadgen.py, requests_load.py) to set them (see rows.py).")
        constants = []
        for name in others:
            field = stored[name]
            value = defaults.get(name)
            if field.type == "many2one":
                value = (value[0] if isinstance(value, (tuple, list)) else value) or None
            elif value is not None:
                value = field.convert_to_column(value, model)
            constants.append((name, value))
        self.columns = ["id"] + self.fields + [name for name, _value in constants]
        self.suffix = "".join("\t" + copy_text(value) for _name, value in constants) + "\n"
        self.buffer = io.StringIO()
        self.count = 0
        self.total = 0

    def add(self, row_id, values):
        get = _FORMAT.get
        self.buffer.write("%d\t%s%s" % (row_id, "\t".join([get(type(v), _other)(v) for v in values]), self.suffix))
        self.count += 1

    def add_line(self, text):
        """A row already in COPY text format, columns in the order of ``fields`` after the id
        (the hot path of the persons: 5 million rows)."""
        self.buffer.write(text)
        self.buffer.write(self.suffix)
        self.count += 1

    def flush(self, cr):
        if not self.count:
            return
        self.buffer.seek(0)
        cr.copy_expert('COPY "%s" (%s) FROM STDIN' % (
            self.table, ", ".join('"%s"' % c for c in self.columns)), self.buffer)
        self.total += self.count
        self.buffer = io.StringIO()
        self.count = 0


def reserve_ids(cr, table, count):
    """First of ``count`` consecutive ids taken from the table's own sequence."""
    cr.execute("SELECT nextval(%s)", ("%s_id_seq" % table,))
    first = cr.fetchone()[0]
    if count > 1:
        cr.execute("SELECT setval(%s, %s)", ("%s_id_seq" % table, first + count - 1))
    return first


def secondary_indexes(cr, table):
    """(name, definition) of the indexes of ``table`` that no constraint owns."""
    cr.execute("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.tablename = %s AND i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    """, (table,))
    return cr.fetchall()


class BulkLoad:
    """For a big load: drop the secondary indexes and the foreign keys of the tables, COPY,
    then rebuild the indexes and re-add the foreign keys, which validates every new row
    against its parents in one pass (same transaction: a failure leaves nothing behind)."""

    def __init__(self, cr, tables, rows):
        self.cr, self.tables, self.enabled = cr, tables, rows >= BULK_INDEX_THRESHOLD
        self.indexes, self.foreign_keys = [], []

    def __enter__(self):
        self.cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.cr.execute("SET LOCAL synchronous_commit = off")
        if self.enabled:
            self.cr.execute("""
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)""", (list(self.tables),))
            self.foreign_keys = self.cr.fetchall()
            for table, name, _definition in self.foreign_keys:
                self.cr.execute('ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))  # catalog names
            for table in self.tables:
                for name, definition in secondary_indexes(self.cr, table):
                    self.indexes.append((name, definition))
                    self.cr.execute('DROP INDEX "%s"' % name)  # names from pg_indexes, not user input
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type or not self.enabled:
            return
        with Progress("indexes", len(self.indexes) + len(self.foreign_keys)) as bar:
            for _name, definition in self.indexes:
                self.cr.execute(definition)
                bar.update()
            for table, name, definition in self.foreign_keys:
                self.cr.execute('ALTER TABLE "%s" ADD CONSTRAINT "%s" %s' % (table, name, definition))
                bar.update()
