#!/usr/bin/env bash
# make bench: our suite on the benchmark database, the peer on its own, then docs/BENCHMARKS.md.
# BENCH_ARGS are passed to `bench.py suite` (e.g. BENCH_ARGS="--only officer,dashboard");
# BENCH_SKIP_PEER=1 keeps the last peer figures (the intakes and tickets at the same time still run, unless
# BENCH_SKIP_ATONCE=1); a whole run (no BENCH_ARGS) ends with the failover
# benchmark on the cluster (BENCH_SKIP_FAILOVER=1 keeps the last figures, BENCH_FAILOVER=1 runs it
# with a subset too, BENCH_FAILOVER_ARGS are bench/failover.py's).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v wrk >/dev/null || {
    [ "$(id -u)" = 0 ] || die "wrk is missing; run: sudo apt-get install -y wrk"
    say "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
        || die "apt-get install wrk failed; run it by hand, then 'make bench' again"
}
ensure_bench_db
if [ -z "$(psql_db "$BENCH_DB" -c "SELECT 1 FROM ir_config_parameter WHERE key='gov_loadgen.state'")" ]; then
    say "no load data in $BENCH_DB yet: generating SIZE=small (run 'make data SIZE=large' for the full size)"
    SIZE=small "$ROOT/bench/data.sh"
fi
start=$(date +%s)
say "benchmark suite on $BENCH_DB"
"$PY" "$ROOT/bench/bench.py" suite -c "$(bench_conf "$BENCH_DB")" -d "$BENCH_DB" --port "$BENCH_PORT" ${BENCH_ARGS:-} \
    || die "the benchmark suite failed (see above); server log: .state/log/bench-server.log"
if [ -z "${BENCH_SKIP_PEER:-}" ]; then
    "$ROOT/bench/peer.sh"
    say "the peer: helpdesk_mgmt on $PEER_DB"
    "$PY" "$ROOT/bench/bench.py" peer -c "$(bench_conf "$PEER_DB")" -d "$PEER_DB" --port "$BENCH_PORT" \
        || die "the peer benchmark failed (see above); server log: .state/log/bench-peer-server.log"
fi
# our intakes and the peer's tickets over JSON-RPC at the same time, sharing the machine's moment (on a
# whole run; BENCH_SKIP_ATONCE=1 keeps the last figures); the peer's database is built by bench/peer.sh
if [ -z "${BENCH_SKIP_ATONCE:-}" ] && [ -z "${BENCH_ARGS:-}" ]; then
    [ -n "${BENCH_SKIP_PEER:-}" ] && "$ROOT/bench/peer.sh"
    bench_conf "$PEER_DB" >/dev/null
    say "our intakes and the peer's tickets over JSON-RPC at the same time"
    "$PY" "$ROOT/bench/bench.py" atonce -c "$(bench_conf "$BENCH_DB")" -d "$BENCH_DB" --peer-database "$PEER_DB" \
        || die "the benchmark at the same time as the peer failed (see above); logs: .state/log/bench-rpc-cpu.log"
fi
# the failover of the several-node layout, on a whole run (not on a subset asked with --only):
# the cluster is started for it and stopped again unless it was already running
if [ -z "${BENCH_SKIP_FAILOVER:-}" ] && { [ -z "${BENCH_ARGS:-}" ] || [ -n "${BENCH_FAILOVER:-}" ]; }; then
    cluster_was_up=$("$ROOT/scripts/cluster.sh" status 2>/dev/null | grep -c "^node 1: running" || true)
    say "failover on the cluster (make cluster, then bench/failover.py)"
    BENCH_ARGS="${BENCH_FAILOVER_ARGS:-}" "$ROOT/scripts/cluster.sh" failover_bench \
        || die "the failover benchmark failed (see above); logs in .state/cluster/log"
    [ "$cluster_was_up" != 0 ] || "$ROOT/scripts/cluster.sh" stop
fi
"$PY" "$ROOT/bench/bench.py" report
say "make bench took $(( $(date +%s) - start )) s; see docs/BENCHMARKS.md"
