"""An environment asked for again is found by its arguments, not by going through all of them.

``odoo.api.Environment(cr, uid, context)`` gives back the environment of the transaction with the
same arguments when there is one, and Odoo 11 looks for it by comparing the arguments of every
environment of the transaction, one after the other (a weak set, iterated through a guard). Each
``sudo()``, ``with_context()`` and ``env.user`` asks for one, some eighty times in an intake at the
counter, each time through the dozen environments of its transaction: finding them was about 5 % of
the time Odoo's workers spent on the processor for intakes served over JSON-RPC (py-spy). Here the
environments of the transaction are also indexed by their arguments (the context as the set of its
items), weakly, as Odoo keeps them: the same environment is given back, and one no record refers to
any longer is dropped as before. A context holding a value that cannot be hashed (a list of ids) is
looked for as Odoo looks for it.

Odoo's class has no hook for this: its ``__new__`` is wrapped when this module is imported, for the
processes that load this addon; the environment created is Odoo's own.
"""
import weakref

from odoo import api

_odoo_new = api.Environment.__new__


def _environment(cls, cr, uid, context):
    envs = cls.envs
    index = getattr(envs, "gov_index", None)
    if index is None:
        index = envs.gov_index = weakref.WeakValueDictionary()
    try:
        key = (cr, uid, frozenset(context.items()))
    except TypeError:  # a value of the context that cannot be hashed: Odoo's own search
        return _odoo_new(cls, cr, uid, context)
    env = index.get(key)
    if env is None:
        env = index[key] = _odoo_new(cls, cr, uid, context)
    return env


if not getattr(api.Environment.__new__, "gov_indexed", False):
    _environment.gov_indexed = True
    api.Environment.__new__ = staticmethod(_environment)
