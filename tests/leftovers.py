"""What a test run leaves in the test database: a snapshot of every table before the run,
compared with the tables after it.

A snapshot holds, per table with an integer ``id``, the number of rows and the largest id.
After the run, rows with a larger id are new (named by their table, id and name), and a
count that dropped by more than the new rows explains means rows of the demo data were
deleted. Odoo's own bookkeeping of a web session and the public figures the server rebuilds
are not leftovers (see BOOKKEEPING), nor are the rows of transient models (wizards), which
Odoo's autovacuum job deletes.
"""

# Rows Odoo writes by itself when a browser or an RPC client uses the server, whoever the
# client is: they are the server's, not a test's.
BOOKKEEPING = {
    "res_users_log": "TRUE",  # one row per login (res.users._update_last_login)
    "bus_bus": "TRUE",  # notifications to web clients, purged by Odoo's own cron
    "bus_presence": "TRUE",  # the web client's presence of each user
    # the CSS/JS bundles compiled at the first page load (ir.qweb's AssetsBundle)
    "ir_attachment": "res_model = 'ir.ui.view' AND url LIKE '/web/content/%%'",
    # the public figures (gov_public), a snapshot the server's cron rebuilds from the requests
    # with the KPI summary every 15 minutes: a rebuild while a test's requests exist adds the
    # month of their service, until the next rebuild
    "gov_public_performance": "TRUE",
    "gov_public_backlog": "TRUE",
}
# columns tried, in order, to name a leftover row
LABELS = ("name", "display_name", "login", "subject", "key", "body", "event", "res_model")


def _tables(cr):
    cr.execute("SELECT replace(model, '.', '_') FROM ir_model WHERE transient")
    transient = {row[0] for row in cr.fetchall()}
    cr.execute("""SELECT c.table_name
                    FROM information_schema.columns c
                    JOIN information_schema.tables t
                      ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                   WHERE c.table_schema = 'public' AND c.column_name = 'id'
                     AND c.data_type IN ('integer', 'bigint') AND t.table_type = 'BASE TABLE'
                   ORDER BY c.table_name""")
    return [row[0] for row in cr.fetchall() if row[0] not in transient]


def _kept(table):
    """SQL condition of the rows that count (all but Odoo's bookkeeping)."""
    condition = BOOKKEEPING.get(table)
    return "NOT (%s)" % condition if condition else "TRUE"


def snapshot(cr):
    """{table: (rows, largest id)} over every table with an integer id."""
    result = {}
    for table in _tables(cr):
        # table names come from the catalogue, not from a user
        cr.execute('SELECT count(*), coalesce(max(id), 0) FROM "%s" WHERE %s' % (table, _kept(table)), ())
        result[table] = tuple(cr.fetchone())
    return result


def _label_column(cr, table):
    cr.execute("SELECT column_name, data_type FROM information_schema.columns "
               "WHERE table_schema = 'public' AND table_name = %s", (table,))
    columns = dict(cr.fetchall())
    for name in LABELS:
        if columns.get(name) in ("character varying", "text", "jsonb"):
            return name
    return None


def leftovers(cr, before, limit=10):
    """Lines naming what appeared or disappeared since ``before``; empty when nothing did."""
    lines = []
    after = snapshot(cr)
    for table, (count, max_id) in sorted(after.items()):
        old_count, old_max = before.get(table, (0, 0))
        cr.execute('SELECT count(*) FROM "%s" WHERE id > %%s AND %s' % (table, _kept(table)), (old_max,))
        new = cr.fetchone()[0]
        if new:
            label = _label_column(cr, table)
            cr.execute('SELECT id%s FROM "%s" WHERE id > %%s AND %s ORDER BY id LIMIT %%s' % (
                ', "%s"::text' % label if label else "", table, _kept(table)), (old_max, limit))
            rows = ["%s%s" % (row[0], " %r" % row[1][:60] if label and row[1] else "")
                    for row in cr.fetchall()]
            lines.append("%s: %d new row(s): %s%s" % (table, new, ", ".join(rows),
                                                      ", ..." if new > limit else ""))
        deleted = old_count + new - count
        if deleted > 0:
            lines.append("%s: %d row(s) of the data before the run deleted" % (table, deleted))
    return lines
