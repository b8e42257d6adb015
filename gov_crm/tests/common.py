"""Helpers shared by the tests of every Government Services module."""


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
