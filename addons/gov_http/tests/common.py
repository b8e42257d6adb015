"""What the tests of the work after the answer share."""


class SavepointCursor(object):
    """The test's cursor, where a commit or a rollback is one of a savepoint (as Odoo's TestCursor
    of a registry in test mode, on the test's own transaction)."""

    def __init__(self, cr):
        self._cr = cr
        cr.execute("SAVEPOINT gov_after_answer_test")

    def commit(self):
        self._cr.execute("RELEASE SAVEPOINT gov_after_answer_test")
        self._cr.execute("SAVEPOINT gov_after_answer_test")

    def rollback(self):
        self._cr.execute("ROLLBACK TO SAVEPOINT gov_after_answer_test")
        self._cr.execute("SAVEPOINT gov_after_answer_test")

    def __getattr__(self, name):
        return getattr(self._cr, name)
