#!/usr/bin/env bash
# make data SIZE=tiny|small|medium|large: top the benchmark database up to that size.
# FRESH=1 drops and recreates the database first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SIZE=${SIZE:-small}
case "$SIZE" in tiny|small|medium|large) ;; *) die "SIZE must be tiny, small, medium or large (got '$SIZE')" ;; esac
if [ -n "${FRESH:-}" ]; then
    psql_db postgres -c "DROP DATABASE IF EXISTS \"$BENCH_DB\"" >/dev/null
fi
ensure_bench_db
say "loading $SIZE data into $BENCH_DB"
start=$(date +%s)
"$PY" "$ROOT/data/loadgen/loadgen.py" -c "$(bench_conf "$BENCH_DB")" -d "$BENCH_DB" --size "$SIZE" \
    || die "the load generator failed (see above); fix it and run 'make data SIZE=$SIZE' again"
say "make data SIZE=$SIZE took $(( $(date +%s) - start )) s"
