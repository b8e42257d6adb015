"""The label of one value of a selection field, in the user's language.

``Field._description_selection`` translates every label of the field to give one: an intake's
note, which names its channel, looked up the translation of each of a dozen channels. Here only
the value's label is looked up, with the same source and the same translation.
"""


def selection_label(records, name, value, default=None):
    """The label of ``value`` in the selection field ``name`` of ``records``' model, translated
    into the language of their environment as ``_description_selection`` translates it;
    ``default`` for a value the field does not offer."""
    field = records._fields[name]
    selection = field.selection
    if isinstance(selection, str) or callable(selection):  # a method gives the labels, translated
        return dict(field._description_selection(records.env)).get(value, default)
    labels = dict(selection)
    if value not in labels:
        return default
    label = labels[value]
    if not label or not records.env.lang:
        return label
    return records.env["ir.translation"]._get_source(
        "%s,%s" % (field.model_name, field.name), "selection", records.env.lang, label)
