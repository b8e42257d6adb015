"""How deep the running thread is in blocks of one kind: a posting of mail's, a rendering of a stored
template, a fetch the masking leaves alone, an action that may set protected fields.

``depth.inside()`` is such a block (blocks nest); ``depth`` is true while the thread is in one;
``depth.outside()`` runs a block as if it were in none, and gives the depth back after it. Each
thread (each request, each job) counts its own.
"""
import threading


class _Block(object):
    """The context manager of ``Depth.inside()`` and ``Depth.outside()`` (a class: these wrap hot
    paths, where a generator's context manager made twice the calls)."""
    __slots__ = ("_depth", "_inside", "_before")

    def __init__(self, depth, inside):
        self._depth, self._inside = depth, inside

    def __enter__(self):
        self._before = self._depth.depth
        self._depth.depth = self._before + 1 if self._inside else 0

    def __exit__(self, *_exc):
        self._depth.depth = self._before


class Depth(threading.local):
    depth = 0

    def __bool__(self):
        return self.depth > 0

    def inside(self):
        return _Block(self, True)

    def outside(self):
        return _Block(self, False)
