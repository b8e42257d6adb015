"""What a public surface created: the largest id of each table before, the rows after (the tests of
the web form and of LINE check that a refusal leaves nothing half-created)."""
from .conftest import committed_env

# the files are the documents: not the web assets the server compiles at its first page, nor the
# picture of a new person's avatar, which goes with the person
DOCUMENTS = "res_model IS DISTINCT FROM 'ir.ui.view' AND res_field IS NULL"


def marks(tables):
    """{table: the largest id now}, for ``created``."""
    with committed_env() as env:
        result = {}
        for table in tables:
            env.cr.execute('SELECT coalesce(max(id), 0) FROM "%s"' % table)  # table names: the tests' constants
            result[table] = env.cr.fetchone()[0]
        return result


def created(marked):
    """{table: rows created since ``marks``}."""
    with committed_env() as env:
        result = {}
        for table, mark in marked.items():
            condition = DOCUMENTS if table == "ir_attachment" else "TRUE"
            env.cr.execute('SELECT count(*) FROM "%s" WHERE id > %%s AND %s' % (table, condition), (mark,))
            result[table] = env.cr.fetchone()[0]
        return result
