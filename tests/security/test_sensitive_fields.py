"""Values that never reach a role outside the policy, whatever the path: full national IDs
(read, read_group, export, search operators that probe digits, res.users), queued mail
bodies, rating token hashes, webhook secrets, API key hashes, TOTP keys, password hashes."""
import pytest

from .policy import ROLES, SENSITIVE_FIELDS


def _safe(session, model, method, args, kwargs=None):
    try:
        return session.call_kw(model, method, args, kwargs or {})
    except Exception as error:  # an RpcError (pytest loads tests/conftest.py under two names)
        if not hasattr(error, "name"):
            raise
        return None


def _digits(value):
    return "".join(ch for ch in str(value) if ch.isdigit())


@pytest.mark.parametrize("role", ROLES)
def test_full_national_id_only_with_personal_data(world, sessions, role):
    session, leaks = sessions[role], []
    may = role in SENSITIVE_FIELDS[("res.partner", "national_id")]
    for person in ("Q", "P"):
        digits, pid = world.national_ids[person], world.ids[person]
        paths = {
            "read": _safe(session, "res.partner", "read", [[pid], ["national_id"]]),
            "search_read": _safe(session, "res.partner", "search_read", [[("id", "=", pid)], ["national_id"]]),
            "read_group": _safe(session, "res.partner", "read_group",
                                [[("id", "=", pid)], ["national_id"], ["national_id"]]),
            "export": _safe(session, "res.partner", "export_data", [[pid], ["national_id"]]),
            "name_get": _safe(session, "res.partner", "name_get", [[pid]]),
        }
        for path, answer in paths.items():
            if answer and digits in _digits(answer) and not may:
                leaks.append("LEAK     %-16s res.partner  %-11s %s: full national_id" % (role, path, person))
        # probing digits with operators other than an exact match of the full ID
        for label, leaf in (("=like prefix", ("national_id", "=like", digits[:1] + "%")),
                            ("like part", ("national_id", "like", digits[2:8])),
                            ("ilike part", ("national_id", "ilike", digits[-5:])),
                            (">= range", ("national_id", ">=", digits[:4]))):
            found = _safe(session, "res.partner", "search", [[("id", "=", pid), leaf]])
            if found and not may:
                leaks.append("LEAK     %-16s res.partner  search      %s: national_id %s matches" % (
                    role, person, label))
    # a staff member's ID through res.users
    uid, digits = world.ids["U_B"], world.national_ids["U_B"]
    for path, answer in (("read", _safe(session, "res.users", "read", [[uid], ["national_id"]])),
                         ("export", _safe(session, "res.users", "export_data", [[uid], ["national_id"]])),
                         ("read_group", _safe(session, "res.users", "read_group",
                                              [[("id", "=", uid)], ["national_id"], ["national_id"]]))):
        if answer and digits in _digits(answer) and not may:
            leaks.append("LEAK     %-16s res.users    %-11s U_B: full national_id" % (role, path))
    assert not leaks, "\n" + "\n".join(leaks)


def test_the_front_desk_finds_a_person_by_the_full_id(world, sessions):
    found = sessions["front_desk"].call_kw("res.partner", "search", [[("national_id", "=", world.national_ids["Q"])]])
    assert found == [world.ids["Q"]]


SECRETS = [
    ("citizen.case", "C_A", "rating_token_hash"),
    ("res.partner", "G", "gov_webhook_secret"),
    ("oss.api.client", "API", "key_hash"),
    ("res.users.authenticator", "AUTH_MGR", "secret_key"),
    ("res.users.authenticator", "AUTH_PRIV", "secret_key"),
    ("mail.mail", "MAIL_Q", "body_html"),
    ("res.users", "U_B", "password_crypt"),
    ("gov.saraban.letter", "L_S", "body"),
    ("oss.payment", "PAY_F", "payer_name"),
    ("oss.receipt", "RCPT_F", "payer_name"),
    ("oss.bank.statement.line", "STMT_LINE", "payer"),
    ("gov.hearing.response", "RESP_A", "respondent_hash"),
    ("gov.hearing.follower", "FOLLOWER_A", "target"),
    ("gov.otp", "OTP", "code_hash"),
    ("gov.sms", "SMS", "number"),
    ("oss.web.submission", "WEB_FORM", "target"),
    ("oss.line.push", "LINE_PUSH", "line_user_id"),
    ("queue.job", "JOB_NOTICE", "exc_info"),
    ("queue.job", "JOB_OTHER", "exc_info"),
    ("oss.request.triage.wizard", "TRIAGE_WIZ", "identifier"),
]


@pytest.mark.parametrize("role", ROLES)
def test_secrets_are_never_returned(world, sessions, role):
    from ..conftest import committed_env
    session, leaks = sessions[role], []
    for model, probe, field in SECRETS:
        record_id = world.ids[probe]
        with committed_env() as env:
            env.cr.execute('SELECT "%s" FROM "%s" WHERE id = %%s' % (field, env[model]._table), (record_id,))
            row = env.cr.fetchone()
        secret = row and row[0]
        if not secret or role in SENSITIVE_FIELDS[(model, field)]:
            continue
        for path, answer in (
                ("read", _safe(session, model, "read", [[record_id], [field]])),
                ("search_read", _safe(session, model, "search_read", [[("id", "=", record_id)], [field]])),
                ("export", _safe(session, model, "export_data", [[record_id], [field]])),
                ("read_group", _safe(session, model, "read_group",
                                     [[("id", "=", record_id)], [field], [field]]))):
            if answer and str(secret)[:40] in str(answer):
                leaks.append("LEAK     %-16s %-26s %-11s %s.%s" % (role, model, path, probe, field))
        # queued mail found by what it says (rating links)
        if model == "mail.mail":
            found = _safe(session, model, "search", [[("body_html", "ilike", "/case/rate/")]])
            if found and record_id in found:
                leaks.append("LEAK     %-16s mail.mail                  search      MAIL_Q by /case/rate/" % role)
    assert not leaks, "\n" + "\n".join(leaks)
