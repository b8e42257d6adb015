#!/usr/bin/env bash
# The peer: OCA helpdesk_mgmt 11.0 in its own database on the same runtime (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$GOV" setup
if ! "$PY" -c "import odoo.addons.helpdesk_mgmt" 2>/dev/null; then
    say "installing OCA helpdesk_mgmt into .venv (bench/requirements.txt)"
    "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ROOT/bench/requirements.txt" \
        || die "pip could not install bench/requirements.txt; check access to PyPI and run again"
fi
if ! modules_installed "$PEER_DB" helpdesk_mgmt; then
    conf=$(bench_conf "$PEER_DB")
    psql_db postgres -c "DROP DATABASE IF EXISTS \"$PEER_DB\"" >/dev/null
    say "creating $PEER_DB (base, mail, helpdesk_mgmt with demo data)"
    odoo_bin -c "$conf" -d "$PEER_DB" -i base --stop-after-init --log-level=warn \
        --log-handler=odoo.modules.graph:CRITICAL || die "creating $PEER_DB failed (see above)"
    odoo_bin shell -c "$conf" -d "$PEER_DB" --log-level=warn <"$ROOT/scripts/reset_orphans.py" >/dev/null \
        || die "cancelling orphan modules in $PEER_DB failed; run again"
    odoo_bin -c "$conf" -d "$PEER_DB" -i mail,helpdesk_mgmt --stop-after-init --log-level=warn \
        || die "installing helpdesk_mgmt in $PEER_DB failed (see above)"
fi
