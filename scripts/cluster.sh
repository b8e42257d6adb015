#!/usr/bin/env bash
# make cluster: the back office on several machines' layout, all on 127.0.0.1. A PostgreSQL
# primary and a streaming hot standby, HAProxy in front of both (TCP) and of two Odoo nodes
# in prefork mode (HTTP), the nodes sharing one data folder (filestore and web sessions).
# The databases, the server configuration and the PostgreSQL set-up are scripts/gov.sh's.
#
# Usage: scripts/cluster.sh start|stop|status|failover_bench   (make cluster, cluster-stop, bench-failover)
#        scripts/cluster.sh node_kill N|pg_fail|pg_promote   (used by bench/failover.py)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOV=$ROOT/scripts/gov.sh
STATE=${GOV_CLUSTER_STATE_DIR:-$ROOT/.state/cluster}
export GOV_VENV=${GOV_VENV:-$ROOT/.venv}
PY=$GOV_VENV/bin/python
PG_BIN=${GOV_PG_BIN:-/usr/lib/postgresql/15/bin}
DB=${GOV_CLUSTER_DB:-govcrm_cluster}
# ports: the first PostgreSQL server (the primary when made), the second (its standby), HAProxy's
# PostgreSQL front, the two nodes (long polling on the HTTP port + 1000), HAProxy's HTTP front and
# its statistics page; none is a default of scripts/gov.sh (55432, 8069, 8169 and 1000 above)
PG_A=${GOV_CLUSTER_PG_PORT:-55440}
PG_B=${GOV_CLUSTER_STANDBY_PORT:-55441}
PG_FRONT=${GOV_CLUSTER_PG_FRONT_PORT:-55442}
HTTP_1=${GOV_CLUSTER_NODE1_PORT:-8270}
HTTP_2=${GOV_CLUSTER_NODE2_PORT:-8271}
LP_1=${GOV_CLUSTER_NODE1_LONGPOLLING_PORT:-$((HTTP_1 + 1000))}
LP_2=${GOV_CLUSTER_NODE2_LONGPOLLING_PORT:-$((HTTP_2 + 1000))}
FRONT=${GOV_CLUSTER_HTTP_PORT:-8272}
STATS=${GOV_CLUSTER_STATS_PORT:-8273}
# each node: 2 prefork workers, 8 connections per process; the cron worker on node 1 only
WORKERS=${GOV_CLUSTER_WORKERS:-2}
DB_MAXCONN=${GOV_CLUSTER_DB_MAXCONN:-8}
# both nodes' processes (workers, cron, long polling) at their maximum, and 3 tools
PG_MAX=$(( (2 * (WORKERS + 2) + 3) * DB_MAXCONN + 10 ))
DIR_A=$STATE/pg/data       # gov.sh's cluster folder under GOV_STATE_DIR
DIR_B=$STATE/pg/standby
SOCK=$STATE/pg/run
HAPROXY_CFG=$STATE/haproxy.cfg
HAPROXY_PID=$STATE/haproxy.pid
NODE_CONF=$STATE/conf

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

# gov.sh with the cluster's state folder, database and sizing; GOV_PG_PORT is set per call
# (the module list is gov.sh's, or GOV_CLUSTER_MODULES)
gov() {
    env GOV_STATE_DIR="$STATE" GOV_DB="$DB" GOV_WORKERS="$WORKERS" GOV_CRON_THREADS=1 GOV_DB_MAXCONN="$DB_MAXCONN" \
        GOV_PG_MAX_CONNECTIONS="$PG_MAX" GOV_HTTP_PORT="$HTTP_1" \
        ${GOV_CLUSTER_MODULES:+GOV_MODULES="$GOV_CLUSTER_MODULES"} "$GOV" "$@"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# ---------------------------------------------------------------- haproxy
haproxy_deps() {  # HAProxy, and curl for the nodes' start, from Debian
    local missing=() p
    for p in haproxy curl; do command -v "$p" >/dev/null || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing Debian packages; run: sudo apt-get install -y ${missing[*]}"
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install failed; run: apt-get update && apt-get install -y ${missing[*]}"
    # the cluster runs its own HAProxy; the Debian service is not needed
    if command -v systemctl >/dev/null && systemctl is-active -q haproxy 2>/dev/null; then
        systemctl stop haproxy || true
    fi
}

haproxy_config() {  # haproxy_config PRIMARY_PORT STANDBY_PORT -> the configuration on stdout
    cat <<EOF
# written by scripts/cluster.sh at each 'make cluster'
global
    maxconn 2000
    # a reload lets the old process finish its connections, for 5 s at most
    hard-stop-after 5s

defaults
    timeout connect 2s
    timeout check 5s
    retries 3

# PostgreSQL: the primary, and the standby used only when the primary is down (after a failover it
# is promoted, and the nodes reach it here without being reconfigured)
listen postgresql
    mode tcp
    bind 127.0.0.1:$PG_FRONT
    timeout client 1h
    timeout server 1h
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    server primary 127.0.0.1:$1 check
    server standby 127.0.0.1:$2 check backup

# the web client and the APIs: round robin over the nodes; a request no node could be reached for is
# sent to the other node; one a node took and closed without a byte of answer is sent again only when
# it is not a POST (every JSON-RPC call is a POST: the node may have committed it before dying)
frontend http
    mode http
    bind 127.0.0.1:$FRONT
    timeout client 600s
    option forwardfor
    acl longpolling path_beg /longpolling/
    use_backend longpolling if longpolling
    default_backend odoo

backend odoo
    mode http
    balance roundrobin
    timeout server 600s
    option redispatch 1
    retry-on conn-failure empty-response
    http-request disable-l7-retry if METH_POST
    option httpchk GET /web/login
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server node1 127.0.0.1:$HTTP_1 check
    server node2 127.0.0.1:$HTTP_2 check

backend longpolling
    mode http
    balance roundrobin
    timeout server 120s
    option redispatch 1
    default-server inter 2s fall 2 rise 2
    server node1 127.0.0.1:$LP_1 check
    server node2 127.0.0.1:$LP_2 check

listen stats
    mode http
    bind 127.0.0.1:$STATS
    timeout client 30s
    stats enable
    stats uri /
    stats refresh 5s
EOF
}

haproxy_start() {  # haproxy_start PRIMARY_PORT STANDBY_PORT: start, or reload when the layout changed
    local new=$HAPROXY_CFG.new
    haproxy_config "$1" "$2" >"$new"
    haproxy -c -q -f "$new" || die "HAProxy refused $new (see above)"
    if alive "$HAPROXY_PID"; then
        if cmp -s "$new" "$HAPROXY_CFG"; then rm -f "$new"; return 0; fi
        mv "$new" "$HAPROXY_CFG"
        say "reloading HAProxy (primary now on port $1)"
        haproxy -D -f "$HAPROXY_CFG" -p "$HAPROXY_PID" -sf "$(cat "$HAPROXY_PID")" \
            || die "HAProxy did not reload; see $HAPROXY_CFG"
        return 0
    fi
    mv "$new" "$HAPROXY_CFG"
    local p
    for p in "$PG_FRONT" "$FRONT" "$STATS"; do
        port_busy "$p" && die "port $p is already in use; set the GOV_CLUSTER_* ports (README, make cluster)"
    done
    haproxy -D -f "$HAPROXY_CFG" -p "$HAPROXY_PID" || die "HAProxy did not start; see $HAPROXY_CFG"
}

# ---------------------------------------------------------------- postgresql
timeline() {  # the timeline of a cluster folder (its newest history file): a promotion starts a new one
    local f n tl=1
    for f in "$1"/pg_wal/*.history; do
        [ -f "$f" ] || continue
        n=$((16#$(basename "$f" .history)))
        [ "$n" -gt "$tl" ] && tl=$n
    done
    echo "$tl"
}

pg_up() {  # pg_up DIR PORT: start the server of DIR (gov.sh's settings) unless it runs
    as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1 && return 0
    port_busy "$2" && die "port $2 is already in use; set GOV_CLUSTER_STANDBY_PORT to a free port"
    as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start \
        -o "-p $2 -k $SOCK -c listen_addresses=127.0.0.1 -c max_connections=$PG_MAX -c jit=off" >/dev/null \
        || die "PostgreSQL did not start in $1; see $1.log"
}

pg_down() {  # pg_down DIR [MODE]
    if [ -f "$1/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$1" -m "${2:-fast}" -w stop >/dev/null
    fi
}

standby_make() {  # standby_make DIR PRIMARY_PORT: DIR becomes a streaming copy of the primary
    pg_down "$1" immediate
    rm -rf "$1"
    say "making $1 a hot standby of port $2 (pg_basebackup -R)"
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$2" -U postgres -D "$1" -R -X stream -c fast \
        || die "pg_basebackup from port $2 failed; see the primary's log in $STATE/pg"
}

replication_settings() {  # on the primary at PORT: what a streaming standby needs (reload only)
    psql_pg "$1" -c "ALTER SYSTEM SET wal_level = 'replica'" -c "ALTER SYSTEM SET max_wal_senders = 10" \
        -c "ALTER SYSTEM SET hot_standby = on" -c "ALTER SYSTEM SET wal_keep_size = '512MB'" >/dev/null
    [ "$(psql_pg "$1" -c "SHOW wal_level")" = replica ] \
        || die "the primary does not run with wal_level=replica; run 'make cluster-stop' and 'make cluster'"
    local hba; hba=$(psql_pg "$1" -c "SHOW hba_file")
    if ! as_pg grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
        as_pg sh -c "echo 'host replication all 127.0.0.1/32 trust' >>'$hba'"
    fi
    psql_pg "$1" -c "SELECT pg_reload_conf()" >/dev/null
}

psql_pg() { local port=$1; shift; as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA "$@"; }

# which folder is the primary: one without standby.signal; of two (the old primary after a failover,
# and the standby promoted), the one on the higher timeline. Prints "PRIMARY_PORT STANDBY_PORT".
pg_roles() {
    if [ ! -f "$DIR_B/PG_VERSION" ] || [ -f "$DIR_B/standby.signal" ]; then echo "$PG_A $PG_B"; return; fi
    if [ -f "$DIR_A/standby.signal" ]; then echo "$PG_B $PG_A"; return; fi
    if [ "$(timeline "$DIR_B")" -gt "$(timeline "$DIR_A")" ]; then echo "$PG_B $PG_A"; else echo "$PG_A $PG_B"; fi
}

dir_of() { if [ "$1" = "$PG_A" ]; then echo "$DIR_A"; else echo "$DIR_B"; fi; }

start_a() { GOV_PG_PORT=$PG_A gov pg_start; }  # gov.sh's pg_start: initdb, the role odoo, start

pg_cluster() {  # both servers running, the standby streaming from the primary; prints the primary's port
    local primary standby
    [ -f "$DIR_A/PG_VERSION" ] || start_a >&2  # the first time: initdb
    read -r primary standby < <(pg_roles)
    if [ "$primary" = "$PG_A" ]; then start_a >&2; else pg_up "$DIR_B" "$PG_B"; fi
    replication_settings "$primary"
    local sdir; sdir=$(dir_of "$standby")
    if [ ! -f "$sdir/standby.signal" ]; then
        # no standby yet, or the old primary after a failover: made again from the primary
        standby_make "$sdir" "$primary" >&2
    fi
    if [ "$standby" = "$PG_A" ]; then start_a >&2; else pg_up "$DIR_B" "$PG_B"; fi
    echo "$primary"
}

# ---------------------------------------------------------------- odoo nodes
node_conf() {  # node_conf N HTTP LONGPOLLING CRON -> the node's odoo.conf (gov.sh's, through HAProxy)
    local c out=$NODE_CONF/node$1.conf runner=1
    # the job runner (queue_job) with the cron, on node 1 only: one runner per database
    [ "$4" = 0 ] && runner=0
    c=$(GOV_PG_PORT=$PG_FRONT GOV_JOB_RUNNER=$runner gov conf "$DB" "$2" "$3" "$WORKERS" "$4")
    "$PY" "$ROOT/scripts/render_conf.py" "$c" "$out" proxy_mode=True
    echo "$out"
}

node_up() {  # node_up N: start node N unless it runs
    local n=$1 http lp cron pidf=$STATE/node$1.pid
    if [ "$n" = 1 ]; then http=$HTTP_1 lp=$LP_1 cron=1; else http=$HTTP_2 lp=$LP_2 cron=0; fi
    alive "$pidf" && return 0
    port_busy "$http" && die "port $http is already in use; set GOV_CLUSTER_NODE${n}_PORT to a free port"
    port_busy "$lp" && die "port $lp is already in use; set GOV_CLUSTER_NODE${n}_LONGPOLLING_PORT to a free port"
    local conf; conf=$(node_conf "$n" "$http" "$lp" "$cron")
    # a session of its own: the node's processes (workers, cron, long polling) form one group
    ODOO_PRELOAD_ADDONS=no TZ=UTC NODE_PATH=${NODE_PATH:-/usr/share/nodejs} \
        setsid "$PY" "$ROOT/scripts/odoo-bin" -c "$conf" >>"$STATE/log/node$n.log" 2>&1 </dev/null &
    echo $! >"$pidf"
}

node_wait() {  # node_wait N: until node N answers its login page (2 minutes at most)
    local http; if [ "$1" = 1 ]; then http=$HTTP_1; else http=$HTTP_2; fi
    local i
    for i in $(seq 240); do
        alive "$STATE/node$1.pid" || die "node $1 exited; see $STATE/log/node$1.log"
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http/web/login")" = 200 ] && return 0
        sleep 0.5
    done
    die "node $1 did not answer within 2 minutes; see $STATE/log/node$1.log"
}

node_kill() {  # node_kill N [SIGNAL]: the node's whole process group
    local pidf=$STATE/node$1.pid
    alive "$pidf" || return 0
    kill "-${2:-KILL}" -- "-$(cat "$pidf")" 2>/dev/null || true
    local i
    for i in $(seq 60); do alive "$pidf" || break; sleep 0.5; done
    alive "$pidf" && kill -KILL -- "-$(cat "$pidf")" 2>/dev/null
    rm -f "$pidf"
}

# ---------------------------------------------------------------- commands
start() {
    GOV_PG_PORT=$PG_A gov deps
    [ -x "$PY" ] || GOV_PG_PORT=$PG_A gov venv  # the venv of 'make run', made when absent
    haproxy_deps
    mkdir -p "$STATE/log" "$NODE_CONF"
    local primary standby
    primary=$(pg_cluster)
    if [ "$primary" = "$PG_A" ]; then standby=$PG_B; else standby=$PG_A; fi
    GOV_PG_PORT=$primary gov db_ensure
    haproxy_start "$primary" "$standby"
    node_up 1
    node_up 2
    node_wait 1
    node_wait 2
    cat <<EOF

  Government Services back office, two nodes: http://127.0.0.1:$FRONT  (database $DB)
  node 1 http://127.0.0.1:$HTTP_1 (long polling $LP_1, $WORKERS workers, the cron worker, the job runner)
  node 2 http://127.0.0.1:$HTTP_2 (long polling $LP_2, $WORKERS workers, no cron, no job runner)
  PostgreSQL through HAProxy: 127.0.0.1:$PG_FRONT (primary on port $primary, hot standby on port $standby)
  HAProxy statistics: http://127.0.0.1:$STATS/
  Logs: ${STATE#"$ROOT"/}/log; 'make cluster-stop' stops everything.

EOF
}

stop() {
    node_kill 2 TERM
    node_kill 1 TERM
    if alive "$HAPROXY_PID"; then kill "$(cat "$HAPROXY_PID")"; fi
    rm -f "$HAPROXY_PID"
    pg_down "$DIR_B"
    pg_down "$DIR_A"
    say "cluster stopped"
}

status() {
    local n
    for n in 1 2; do alive "$STATE/node$n.pid" && echo "node $n: running" || echo "node $n: stopped"; done
    alive "$HAPROXY_PID" && echo "haproxy: running" || echo "haproxy: stopped"
    for n in "$PG_A" "$PG_B"; do
        echo "postgresql $n: $(psql_pg "$n" -c "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby'
            ELSE 'primary' END" 2>/dev/null || echo stopped)"
    done
}

pg_fail() {  # stop the primary at once, as a crash would (pg_ctl stop -m immediate)
    local primary standby; read -r primary standby < <(pg_roles)
    pg_down "$(dir_of "$primary")" immediate
    echo "$primary"
}

pg_promote() {  # promote the standby (after pg_fail)
    local dir=$DIR_A
    [ -f "$DIR_B/standby.signal" ] && dir=$DIR_B
    [ -f "$dir/standby.signal" ] || die "no standby to promote"
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 promote >/dev/null || die "promoting $dir failed; see $dir.log"
}

failover_bench() {  # make bench-failover: bench/failover.py on the cluster, then the cluster made whole
    start
    local rc=0
    # shellcheck disable=SC2086
    "$PY" "$ROOT/bench/failover.py" -c "$NODE_CONF/node1.conf" -d "$DB" --url "http://127.0.0.1:$FRONT" \
        --pg-port "$PG_FRONT" --stats "http://127.0.0.1:$STATS" ${BENCH_ARGS:-} || rc=$?
    say "making the cluster whole again: node 2 up, the old primary a standby of the promoted one"
    start >/dev/null
    status
    [ "$rc" = 0 ] || die "the failover benchmark failed (see above); logs in ${STATE#"$ROOT"/}/log"
    "$PY" "$ROOT/bench/bench.py" report
}

cmd=${1:-}; shift || true
case "$cmd" in
    start|stop|status|pg_fail|pg_promote|failover_bench) "$cmd" "$@" ;;
    node_kill) node_kill "${1:?node number}" "${2:-KILL}" ;;
    node_up) node_up "${1:?node number}"; node_wait "$1" ;;
    *) die "unknown command '$cmd'; see the Makefile (make cluster, make cluster-stop)" ;;
esac
