"""Long work of a test that shares nothing with the other tests, started as soon as the run's
tests are known and taken by the test when its turn comes.

A few tests build a scratch database of their own with the repository's scripts (a database
made by ``scripts/gov.sh db_ensure``, the benchmark's smoke database): a minute or more each,
one process on one core, while most of the suite waits on a browser, a server on loopback or
PostgreSQL. Run in a thread from the end of the collection, that work overlaps the tests before
it instead of adding its time to theirs.

A test module lists its ``Work`` in ``EARLY_WORK``; ``tests/conftest.py`` starts the work of the
modules whose selected tests need it (``start``), the test takes its outcome (``Work.result``:
the work's return value, or its exception raised again) and cleans up; what a run started and no
test took (a run stopped early) is waited for and cleaned up at the end of the session
(``finish``). (The state is kept on each ``Work``, in its test module: pytest-odoo imports the
test modules as ``odoo.addons.tests``, the conftest as ``tests``, so this module is loaded twice.)
"""
import concurrent.futures
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # pytest's rootdir: node ids are relative to it

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="early-test-work")


def named(path, test):
    """Selects the test ``test`` of the test file ``path`` (a module's ``__file__``)."""
    wanted = "%s::%s" % (Path(path).resolve().relative_to(ROOT).as_posix(), test)
    return lambda item: item.nodeid == wanted


def using(fixture):
    """Selects the tests that use the fixture ``fixture``."""
    return lambda item: fixture in getattr(item, "fixturenames", ())


class Work(object):
    """``work()``, run early when a test that ``selects(item)`` is selected; ``cleanup()``
    (idempotent) is called at the end of the session if no test took its outcome."""

    def __init__(self, selects, work, cleanup=None):
        self.selects, self.work, self.cleanup = selects, work, cleanup
        self.future, self.taken = None, False

    def start(self):
        if self.future is None:
            self.future = _pool.submit(self.work)

    def result(self):
        """The outcome of the work: started now if the run did not start it, waited for otherwise."""
        self.start()
        self.taken = True
        return self.future.result()


def start(items):
    """Start the work the selected ``items`` (pytest's, after deselection) need. Returns it."""
    modules = {item.module for item in items if getattr(item, "module", None) is not None}
    started = []
    for work in [work for module in modules for work in getattr(module, "EARLY_WORK", ())]:
        if any(work.selects(item) for item in items):
            work.start()
            started.append(work)
    return started


def finish(started):
    """Wait for the work of ``started`` no test took, then clean up after it."""
    for work in started:
        if not work.taken:
            concurrent.futures.wait([work.future])
            if work.cleanup:
                work.cleanup()
