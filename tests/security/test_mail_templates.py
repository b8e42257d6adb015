"""No role runs template code over RPC: an Odoo 11 template is Jinja evaluated with the
ORM, and ``${object.sudo().national_id}`` would read any field as the superuser. Text a
user supplies is returned as it is; only templates administrators wrote are rendered."""
import pytest

from .policy import ROLES

CODE = ("${object.sudo().national_id}", "${object.national_id}",
        "${object.env['res.partner'].sudo().browse(%d).national_id}")


def _call(session, model, method, args, kwargs=None):
    try:
        return session.call_kw(model, method, args, kwargs or {}), None
    except Exception as error:  # an RpcError (pytest loads tests/conftest.py under two names)
        if not hasattr(error, "name"):
            raise
        return None, error


def _leaks(role, path, answer, digits):
    return ["LEAK     %-16s mail.template              %s: national_id of Q" % (role, path)] \
        if answer is not None and digits in str(answer) else []


@pytest.mark.parametrize("role", ROLES)
def test_template_code_runs_for_no_role(world, sessions, role):
    session, leaks = sessions[role], []
    person, digits = world.ids["Q"], world.national_ids["Q"]
    for code in CODE:
        code = code % person if "%d" in code else code
        for model in ("mail.template", "mail.compose.message"):
            answer, _error = _call(session, model, "render_template", [code, "res.partner", [person]])
            leaks += _leaks(role, "%s.render_template" % model, answer, digits)
            if answer is not None:  # the text comes back as it was typed
                assert answer == {str(person): code}, answer
        # a composer the user fills in, rendered as the "Send" button does
        composer, error = _call(session, "mail.compose.message", "create", [{
            "composition_mode": "mass_mail", "model": "res.partner", "res_id": person,
            "subject": code, "body": "<p>%s</p>" % code}])
        if composer:
            answer, _error = _call(session, "mail.compose.message", "render_message", [[composer], [person]])
            leaks += _leaks(role, "mail.compose.message.render_message", answer, digits)
            answer, _error = _call(session, "mail.compose.message", "get_mail_values", [[composer], [person]])
            leaks += _leaks(role, "mail.compose.message.get_mail_values", answer, digits)
    assert not leaks, "\n" + "\n".join(leaks)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_writes_template_code(world, sessions, role):
    """What is rendered for everyone is an administrator's text: nobody else writes it."""
    session = sessions[role]
    template = world.ids["TPL"]
    code = "${object.sudo().national_id}"
    _result, error = _call(session, "mail.template", "write", [[template], {"body_html": code}])
    assert error is not None, "LEAK     %-16s mail.template write body_html" % role
    _result, error = _call(session, "mail.template", "create", [{"name": "Suite", "body_html": code}])
    assert error is not None, "LEAK     %-16s mail.template create" % role


def test_the_templates_administrators_wrote_still_render(world, sessions):
    """The front desk sends a stored template (its text is the administrator's)."""
    answer = sessions["front_desk"].call_kw(
        "mail.template", "generate_email", [[world.ids["TPL"]], [world.ids["R_A"]]],
        {"fields": ["subject", "body_html"]})
    rendered = answer[str(world.ids["R_A"])]
    assert "${" not in rendered["body_html"] and world.national_ids["Q"] not in rendered["body_html"]
