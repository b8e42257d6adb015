"""Fields that only a record's own actions set: what the agency is measured by.

A model inherits ``gov.protected.fields.mixin`` and declares, as class attributes:

* ``_protected_fields``: fields no user sets by editing the record, from the form or
  over RPC (deadlines, dates of first response and resolution, ratings, states, tracking
  numbers, ...). At creation they may only be left empty or at their default value.
* ``_protected_frozen_fields``: fields users set while the record is in one of
  ``_protected_editable_states`` (values of ``_protected_state_field``), frozen from
  every other state on; with no state field they are set at creation and frozen after.

A module that extends the model declares only its own additions: the declarations of
every class of the model are united.

``create`` and ``write`` refuse these fields with an AccessError for every caller, except
superuser code (``sudo()``) and the model's own actions, marked with
``@protected_action`` (or run inside ``protected_gate()``): those may set them after
their own checks. A model whose ``create``/``write`` derives protected values from what
the caller gave checks the caller's values first (``_protected_check_create`` /
``_protected_check_write``) and writes the derived ones inside the gate.
"""
from decorator import decorate

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from ..tools.class_attributes import united
from ..tools.thread_depth import Depth

# The gate is a thread-local counter, not a context key: an RPC client chooses the
# context of its call (``kwargs["context"]`` of call_kw), so a key such as
# ``{"protected_write": True}`` would open the gate to anyone. The thread that serves the
# request is out of the client's reach; only code of the addons opens the gate.
_gate = Depth()


def gate_open():
    return bool(_gate)


def protected_gate():
    """Let the code of the block set protected fields (a model's own action)."""
    return _gate.inside()


def _in_gate(method, *args, **kwargs):
    with protected_gate():
        return method(*args, **kwargs)


def protected_action(method):
    """Mark a method as one of the model's own actions: it may set protected fields.

    The wrapper keeps the method's signature (``decorator``): over RPC, Odoo finds the
    position of the ``context`` argument from it.
    """
    return decorate(method, _in_gate)


class GovProtectedFieldsMixin(models.AbstractModel):
    _name = "gov.protected.fields.mixin"
    _description = "Fields set only through the record's actions"

    _protected_fields = ()
    _protected_frozen_fields = ()
    _protected_state_field = None
    _protected_editable_states = ()

    @api.model
    def _protected_spec(self):
        """(always protected, frozen) field names, united over the classes of the model."""
        always, frozen = united(type(self), "_protected_fields", "_protected_frozen_fields")
        return always, frozen - always

    def _protected_bypass(self):
        return self.env.uid == SUPERUSER_ID or gate_open()

    @api.model
    def _protected_check_create(self, vals):
        """Refuse protected fields given at creation with anything but an empty or default value."""
        if self._protected_bypass():
            return
        always, _frozen = self._protected_spec()
        given = always.intersection(vals)
        if not given:
            return
        defaults = self.default_get(list(given))
        refused = [name for name in given if vals[name] and vals[name] != defaults.get(name)]
        if refused:
            raise self._protected_error(refused)

    @api.multi
    def _protected_check_write(self, vals):
        """Refuse protected fields, and frozen ones of records past their editable states."""
        if self._protected_bypass():
            return
        always, frozen = self._protected_spec()
        refused = set(always.intersection(vals))
        frozen_given = frozen.intersection(vals)
        if frozen_given:
            state_field = self._protected_state_field
            editable = self._protected_editable_states
            if not state_field or any(record[state_field] not in editable for record in self):
                refused |= frozen_given
        if refused:
            raise self._protected_error(refused)

    def _protected_error(self, names):
        labels = []
        for name in sorted(names):
            field = self._fields.get(name)
            labels.append(field.get_description(self.env)["string"] if field else name)
        return AccessError(_(
            "%(fields)s of %(model)s change only through its actions, not by editing the record.") % {
                "fields": ", ".join(labels), "model": self._description})

    @api.model
    def create(self, vals):
        self._protected_check_create(vals)
        return super(GovProtectedFieldsMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        self._protected_check_write(vals)
        return super(GovProtectedFieldsMixin, self).write(vals)
