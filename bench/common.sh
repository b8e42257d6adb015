# Shared settings of bench/data.sh, bench/run.sh and bench/peer.sh (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOV="$ROOT/scripts/gov.sh"
PY="${GOV_VENV:-$ROOT/.venv}/bin/python"
PG_PORT=${GOV_PG_PORT:-55432}
PG_BIN=${GOV_PG_BIN:-/usr/lib/postgresql/15/bin}
BENCH_DB=${GOV_BENCH_DB:-govcrm_bench}
PEER_DB=${GOV_PEER_DB:-helpdesk_bench}
# the benchmark server's HTTP port: GOV_BENCH_PORT, or one free now (several checkouts share a machine)
BENCH_PORT=${GOV_BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BENCH_MODULES=gov_crm,one_stop_service,citizen_case,gov_kpi,gov_public
export PIP_CONFIG_FILE=/dev/null PIP_CONSTRAINT="$ROOT/requirements/constraints.txt"
export ODOO_PRELOAD_ADDONS=no PGTZ=UTC TZ=UTC NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

case "$BENCH_DB" in govcrm|govcrm_test) die "GOV_BENCH_DB=$BENCH_DB is the demo or test database; use another name" ;; esac

psql_db() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U odoo -qtA -d "$@"; }

modules_installed() {  # modules_installed DB a,b,c -> true when every module is installed
    local want n
    want=$(tr ',' '\n' <<<"$2" | wc -l)
    n=$(psql_db "$1" -c "SELECT count(*) FROM ir_module_module WHERE state='installed'
        AND name = ANY(string_to_array('$2', ','))" 2>/dev/null || echo 0)
    [ "$n" = "$want" ]
}

bench_conf() { GOV_HTTP_PORT=$BENCH_PORT "$GOV" conf "$1" "$BENCH_PORT"; }

odoo_bin() { "$PY" "$ROOT/scripts/odoo-bin" "$@"; }

bench_modules_hash() {  # fingerprint of the addons' files, to upgrade the benchmark database after a change
    (cd "$ROOT" && find gov_crm one_stop_service citizen_case addons/gov_kpi addons/gov_public -type f \
        -not -path '*/__pycache__/*' -not -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40)
}

ensure_bench_db() {  # the benchmark database with the three modules, gov_kpi and gov_public, as on disk
    "$GOV" setup
    if ! modules_installed "$BENCH_DB" gov_crm,one_stop_service,citizen_case; then
        GOV_HTTP_PORT=$BENCH_PORT "$GOV" db_create "$BENCH_DB"
    fi
    if ! modules_installed "$BENCH_DB" "$BENCH_MODULES"; then
        say "installing gov_kpi and gov_public in $BENCH_DB"
        odoo_bin -c "$(bench_conf "$BENCH_DB")" -d "$BENCH_DB" -i gov_kpi,gov_public --stop-after-init --log-level=warn \
            || die "installing gov_kpi and gov_public in $BENCH_DB failed (see above)"
        bench_modules_hash >"$ROOT/.state/db-$BENCH_DB.modules"
    fi
    if [ "$(cat "$ROOT/.state/db-$BENCH_DB.modules" 2>/dev/null)" != "$(bench_modules_hash)" ]; then
        say "the addons changed since $BENCH_DB was built: upgrading $BENCH_MODULES"
        odoo_bin -c "$(bench_conf "$BENCH_DB")" -d "$BENCH_DB" -u "$BENCH_MODULES" --stop-after-init --log-level=warn \
            || die "upgrading $BENCH_MODULES in $BENCH_DB failed (see above); or start again: FRESH=1 make data"
        bench_modules_hash >"$ROOT/.state/db-$BENCH_DB.modules"
    fi
}
