"""What a model's classes add up to, kept on its final class.

Each module's class of a model may name fields in a class attribute (``_protected_fields``,
``_gov_empty_on_create``), and the model's final class holds them all in its MRO, one class per
module (``united``). What is worked out from the model's fields (its boolean columns, the fields a
message may change) is kept until the model is set up again (``per_setup``).
"""


def united(cls, *attributes):
    """For each attribute name, the union (a frozenset) of its values over the classes of ``cls``.

    Kept on the class and keyed on its MRO: the classes of a model change while modules are
    being loaded, and the union is asked for at every create of some models.
    """
    cache = cls.__dict__.get("_gov_united_cache")
    if cache is None or cache[0] is not cls.__mro__:
        cache = (cls.__mro__, {})
        cls._gov_united_cache = cache
    values = cache[1]
    if attributes not in values:
        values[attributes] = tuple(
            frozenset(name for klass in cls.__mro__ for name in klass.__dict__.get(attribute, ()))
            for attribute in attributes)
    return values[attributes]


def per_setup(model, attribute, compute):
    """``compute(model)``, worked out once per set-up of ``model``'s registry class and kept on it
    under ``attribute``: a new set-up (a module installed or upgraded) gives the model new field
    objects, and the value is worked out again."""
    cls = type(model)
    known = vars(cls).get(attribute)
    if known is None or known[0] is not model._fields:
        known = (model._fields, compute(model))
        setattr(cls, attribute, known)
    return known[1]
