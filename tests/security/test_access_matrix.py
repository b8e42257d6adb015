"""Every role x every model the addons define or keep their data in x every operation,
over JSON-RPC against the test server, checked against the written policy (policy.py).

A failure lists one line per leak: ``LEAK role model operation record``; a refusal of
something the policy allows is listed as ``BLOCKED``. The full list of the run is also
written to .state/security-leaks.txt.
"""
import pytest

from odoo.exceptions import AccessError  # noqa: F401  (names the exception the server answers)

from ..conftest import ROOT, committed_env
from .policy import ALL, POLICY, ROLES, WRITE_FIELDS
from .world import probe_ids

PRODUCT_ADDONS = ("gov_crm", "one_stop_service", "citizen_case", "gov_kpi", "oss_open311",
                  "oss_agency_exchange", "gov_http", "gov_security", "oss_payment",
                  "gov_public", "gov_otp", "gov_hearing", "oss_channel_mail",
                  "gov_saraban", "oss_channel_web", "oss_channel_line")
CORE_MODELS = ("res.partner", "res.users", "mail.mail", "mail.message", "mail.notification",
               "mail.followers", "mail.activity", "mail.tracking.value", "mail.template",
               "mail.compose.message", "ir.attachment", "gov.privacy.log", "res.users.authenticator",
               "res.authentication.attempt", "res.users.pass.history", "auditlog.rule", "auditlog.log",
               "auditlog.log.line", "auditlog.http.session", "auditlog.http.request", "queue.job")
REFUSED = ("odoo.exceptions.AccessError", "odoo.exceptions.AccessDenied", "odoo.exceptions.except_orm")
REPORT = ROOT / ".state" / "security-leaks.txt"


def product_models():
    """Models the product addons define (their own ir.model xmlids), by introspection."""
    with committed_env() as env:
        env.cr.execute("""
            SELECT DISTINCT m.model, m.transient FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
             WHERE d.model = 'ir.model' AND d.module IN %s""", (PRODUCT_ADDONS,))
        rows = env.cr.fetchall()
        defined = []
        for model, transient in rows:
            Model = env.get(model)
            if Model is None or Model._abstract:
                continue
            # a model the addons only extend (res.partner, resource.calendar, ...) is theirs
            # when its data lives in their records; the core list names those explicitly
            if any(module in PRODUCT_ADDONS for module in (Model._original_module,)):
                defined.append((model, transient))
        return sorted(defined)


def scope_names(model, op, role):
    row = POLICY[model]
    scope = (row.get(op) or {}).get(role, frozenset())
    return set(row["probes"]) if scope == ALL else set(scope)


def refused(error):
    return getattr(error, "name", None) in REFUSED


class Cell:
    def __init__(self, role, model, findings):
        self.role, self.model, self.findings = role, model, findings

    def leak(self, op, what):
        self.findings.append("LEAK     %-16s %-26s %-11s %s" % (self.role, self.model, op, what))

    def blocked(self, op, what):
        self.findings.append("BLOCKED  %-16s %-26s %-11s %s" % (self.role, self.model, op, what))


def _call(session, model, method, args, kwargs=None):
    """(result, None) or (None, error) for one call."""
    try:
        return session.call_kw(model, method, args, kwargs or {}), None
    except Exception as error:  # pytest loads tests/conftest.py twice: match RpcError by shape
        if not hasattr(error, "name") or not hasattr(error, "message"):
            raise
        return None, error


def shown_field(model):
    """A stored field read and exported to test access ("id" alone would export an xmlid)."""
    field = WRITE_FIELDS[model]
    return "display_name" if field == "id" else field


def check_read(cell, session, world, names):
    model, probes = cell.model, POLICY[cell.model]["probes"]
    field = shown_field(model)
    allowed = scope_names(model, "read", cell.role)
    by_id = {world.ids[n]: n for n in probes if world.ids.get(n)}
    ids = list(by_id)
    if not ids:
        return
    found, error = _call(session, model, "search", [[("id", "in", ids)]], {"context": {"active_test": False}})
    seen = {by_id[i] for i in (found or [])}
    if error is not None and not refused(error):
        cell.blocked("search", "error %s" % error)
    for name in sorted(seen - allowed):
        cell.leak("search", "%s (id %s)" % (name, world.ids[name]))
    for name in sorted((allowed & set(names)) - seen):
        cell.blocked("search", "%s not found" % name)
    for name in sorted(by_id.values()):
        rows, error = _call(session, model, "read", [[world.ids[name]], [field]])
        if name in allowed and error is not None:
            cell.blocked("read", "%s: %s" % (name, error.name))
        elif name not in allowed and error is None and rows:
            cell.leak("read", "%s (id %s)" % (name, world.ids[name]))
    groups, error = _call(session, model, "read_group", [[("id", "in", ids)], ["id"], []],
                          {"lazy": False, "context": {"active_test": False}})
    count = (groups[0].get("__count", 0) if groups else 0) if error is None else 0
    if count > len(allowed & set(by_id.values())):
        cell.leak("read_group", "counts %d records, policy allows %d" % (count, len(allowed)))
    for name in sorted(by_id.values()):
        rows, error = _call(session, model, "export_data", [[world.ids[name]], [field]])
        if name in allowed and error is not None and not refused(error):
            cell.blocked("export", "%s: %s" % (name, error.name))
        elif name not in allowed and error is None and rows and rows.get("datas"):
            cell.leak("export", "%s (id %s)" % (name, world.ids[name]))


def check_write(cell, session, world, current):
    model, probes = cell.model, POLICY[cell.model]["probes"]
    allowed = scope_names(model, "write", cell.role)
    field = WRITE_FIELDS[model]
    for name in probes:
        record_id = world.ids.get(name)
        if not record_id or record_id not in current:
            continue
        value = current[record_id]
        if isinstance(value, (list, tuple)):
            value = value[0] if value else False
        _result, error = _call(session, model, "write", [[record_id], {field: value}])
        if name in allowed and error is not None:
            cell.blocked("write", "%s.%s: %s" % (name, field, error.message.splitlines()[0][:80]))
        elif name not in allowed and error is None:
            cell.leak("write", "%s (id %s) field %s" % (name, record_id, field))


def check_unlink(cell, session, world):
    model, probes = cell.model, POLICY[cell.model]["probes"]
    if POLICY[model].get("unlink") is None:
        return
    allowed = scope_names(model, "unlink", cell.role)
    for name in probes:
        record_id = world.ids.get(name)
        if not record_id:
            continue
        if name in allowed:
            _r, error = _call(session, model, "check_access_rights", ["unlink"])
            if error is None:
                _r, error = _call(session, model, "check_access_rule", [[record_id], "unlink"])
            if error is not None:
                cell.blocked("unlink", "%s: %s" % (name, error.name))
        else:
            # really attempted: a refusal must come from the server, whatever layer gives it
            _r, error = _call(session, model, "unlink", [[record_id]])
            if error is None:
                cell.leak("unlink", "%s (id %s) was deleted" % (name, record_id))


def check_create(cell, session, world):
    from .create_values import create_values
    row = POLICY[cell.model]
    if row.get("create") is None and not row.get("create_refused"):
        return
    may = cell.role in (row.get("create") or [])
    vals = create_values(cell.model, cell.role, world)
    if vals is None:
        _r, error = _call(session, cell.model, "check_access_rights", ["create"])
        if may and error is not None:
            cell.blocked("create", "access rights refused")
        elif not may and error is None:
            cell.leak("create", "access rights allow it")
        return
    new_id, error = _call(session, cell.model, "create", [vals])
    if new_id:
        with committed_env() as env:  # at once: the next role creates the same values
            env[cell.model].browse(new_id).exists().unlink()
    if may and error is not None:
        cell.blocked("create", "%s: %s" % (error.name, error.message.splitlines()[0][:80]))
    elif not may and error is None:
        cell.leak("create", "created id %s" % new_id)


def current_values(world, model):
    field = WRITE_FIELDS[model]
    ids = probe_ids(world, POLICY[model]["probes"])
    with committed_env() as env:
        records = env[model].with_context(active_test=False).browse(ids).exists()
        return {row["id"]: row.get(field) for row in records.read([field])} if field != "id" else {
            i: i for i in records.ids}


@pytest.fixture(scope="module")
def findings():
    collected = []
    yield collected
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(collected) + ("\n" if collected else ""), encoding="utf-8")


def test_the_policy_covers_every_model_of_the_product_and_where_its_data_lands():
    missing = [model for model, transient in product_models() if not transient and model not in POLICY]
    missing += [model for model in CORE_MODELS if model not in POLICY]
    assert missing == [], "models without a row in tests/security/policy.py: %s" % missing


def test_nobody_reads_another_users_wizard_rows(world, sessions):
    """Transient models (wizards): a role sees only the rows it made itself."""
    transients = [model for model, transient in product_models() if transient]
    assert transients
    leaks = []
    for model in transients:
        for role in ROLES:
            found, error = _call(sessions[role], model, "search", [[]])
            if error is not None or not found:
                continue
            with committed_env() as env:
                others = env[model].browse(found).filtered(lambda r: r.create_uid.id != world.user_ids[role])
            leaks += ["LEAK     %-16s %-26s %-11s id %s (another user's wizard)" % (role, model, "search", r)
                      for r in others.ids]
    assert not leaks, "\n" + "\n".join(leaks)


@pytest.mark.parametrize("model", sorted(POLICY))
def test_access_matrix(world, sessions, findings, model):
    found = []
    current = current_values(world, model)
    for role in ROLES:
        cell = Cell(role, model, found)
        session = sessions[role]
        check_read(cell, session, world, POLICY[model]["probes"])
        if WRITE_FIELDS.get(model) != "id":
            check_write(cell, session, world, current)
        check_create(cell, session, world)
    for role in ROLES:  # deletions last, so that a leaking one cannot hide the other checks
        check_unlink(Cell(role, model, found), sessions[role], world)
    findings.extend(found)
    assert not found, "\n" + "\n".join(found)
