"""The product's own data records (the office calendar, the tracking-number sequence, the notice
templates, the first stage) by xmlid, without a query.

``env.ref()`` checks with ``exists()`` that the record is still there: one query on every call,
a dozen on every counter intake. ``ir.model.data`` already caches the xmlid -> id lookup, and
the ORM removes a record's xmlid (and clears that cache) when the record is deleted, so for data
that ships with the modules the cached id is enough.
"""


def cached_ref(env, xmlid, raise_if_not_found=True):
    """The record of ``xmlid``; when it is missing, None if ``raise_if_not_found`` is False, else
    ValueError, as ``env.ref()``."""
    model, res_id = env["ir.model.data"].xmlid_to_res_model_res_id(xmlid, raise_if_not_found=raise_if_not_found)
    if not model:
        return None
    return env[model].browse(res_id)
