"""Names a model's classes add up: each module's class of a model may name fields in a class
attribute (``_protected_fields``, ``_gov_empty_on_create``), and the model's final class holds
them all in its MRO, one class per module.
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
