"""Helpers shared by the tests of every Government Services module."""
import contextlib

from unittest.mock import patch

from odoo import fields, sql_db
from odoo.tests.common import SavepointCase


@contextlib.contextmanager
def sql_statements(keep, with_params=False):
    """The SQL statements sent inside the block (their text, double quotes removed) for which
    ``keep(text)`` is true: a list, filled as they are sent (``with_params``: of (text, parameters))."""
    sent = []
    execute = sql_db.Cursor.execute

    def counting(cr, query, params=None, log_exceptions=None):
        text = str(query).replace('"', "").strip()
        if keep(text):
            sent.append((text, params) if with_params else text)
        return execute(cr, query, params, log_exceptions)

    sql_db.Cursor.execute = counting
    try:
        yield sent
    finally:
        sql_db.Cursor.execute = execute


@contextlib.contextmanager
def audited_create(model):
    """Inside the block, ``model``'s create is replaced as auditlog replaces it for a rule (the method
    it replaced kept as ``origin``); yields the values each call was given, in order."""
    cls, given = type(model), []
    replaced = cls.create

    def audited(records, vals):
        given.append(vals)
        return replaced(records, vals)

    audited.origin = replaced
    with patch.object(cls, "create", audited):
        yield given


@contextlib.contextmanager
def read_conversions():
    """The names of the fields whose values are converted to read()'s format inside the block (what
    read() does with each value it answers): a list, filled as they are converted."""
    converted = []
    convert = fields.Field.convert_to_read

    def counted(field, value, record, use_name_get=True):
        converted.append(field.name)
        return convert(field, value, record, use_name_get)

    with patch.object(fields.Field, "convert_to_read", counted):
        yield converted


def new_user(env, login, *groups, **values):
    """A user with exactly these groups (xmlids), e.g. new_user(env, "fd", "gov_crm.group_gov_front_desk")."""
    vals = {
        "name": login.replace("_", " ").title(),
        "login": login,
        "email": "%s@example.go.th" % login,
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])],
    }
    vals.update(values)
    return env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True).create(vals)


class GovCase(SavepointCase):
    """Users with exactly the groups of their role, and departments on the office calendar:
    the set-up every module's tests extend."""

    @classmethod
    def new_user(cls, login, *groups, **values):
        return new_user(cls.env, login, *groups, **values)

    @classmethod
    def new_department(cls, name, code, members=None, manager=None, **values):
        """A department on the office calendar, with these users as members."""
        vals = {
            "name": name, "code": code,
            "resource_calendar_id": cls.env.ref("gov_crm.calendar_gov_office").id,
            "member_ids": [(6, 0, members.ids if members else [])],
        }
        if manager:
            vals["manager_id"] = manager.id
        vals.update(values)
        return cls.env["gov.department"].create(vals)
