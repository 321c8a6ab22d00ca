#!/usr/bin/env bash
# Web app benchmark (`make bench` runs it): trawl serve on a generated
# store of SERVE_N documents (default 100000), measured by the server's
# own Server-Timing header:
#   - the search page with facet counts: p50 and p99 (goals: <= 50 ms, <= 150 ms)
#   - a PDF page image: p50, p99, max (goal: <= 150 ms)
#   - requests/s at 50 clients (wrk, 60 s, on 127.0.0.1)
#   - the load test (tests/browser/load.py) for SERVE_LOAD_SECONDS (60):
#     50 clients searching and opening documents, no errors, memory flat
#
# Settings (environment): SERVE_N=100000  SERVE_STORE=DIR (reuse a store made
# before; default $BENCH_TMPDIR/trawl-serve-bench-N-SEED, kept between runs)
# SERVE_LOAD_SECONDS=60  SERVE_WRK_SECONDS=60  BENCH_SEED=1  BENCH_BUILD=build-bench
# SERVE_SMALL=0 (1: small documents, gencorpus -s, as make bench-scale makes them)
# BENCH_JOBS=$(nproc)  BENCH_NO_INSTALL=0  BENCH_STRICT=0 (1: exit 1 when a goal is missed)
set -euo pipefail

N=${SERVE_N:-100000}
SEED=${BENCH_SEED:-1}
BUILD=${BENCH_BUILD:-build-bench}
JOBS=${BENCH_JOBS:-$(nproc)}
TMPD=${BENCH_TMPDIR:-${TMPDIR:-/tmp}}
SMALL=${SERVE_SMALL:-0}
if [ "$SMALL" = 1 ]; then
    STORE=${SERVE_STORE:-$TMPD/trawl-serve-bench-small-$N-$SEED}
else
    STORE=${SERVE_STORE:-$TMPD/trawl-serve-bench-$N-$SEED}
fi
LOAD_SECONDS=${SERVE_LOAD_SECONDS:-60}
WRK_SECONDS=${SERVE_WRK_SECONDS:-60}
NO_INSTALL=${BENCH_NO_INSTALL:-0}
STRICT=${BENCH_STRICT:-0}

cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf 'serve bench: %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$NO_INSTALL" = 1 ] || [ "$(id -u)" != 0 ]; then
        log "wrk is missing (apt-get install wrk): requests/s are not measured"
    else
        apt-get install -y -q wrk >/dev/null || log "could not install wrk"
    fi
fi
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" >/dev/null
TRAWL=$ROOT/$BUILD/trawl

if [ ! -f "$STORE/trawl.db" ] || [ ! -f "$STORE/.complete" ]; then
    rm -rf "$STORE" "$STORE.corpus"
    log "generating $N documents (seed $SEED)"
    if [ "$SMALL" = 1 ]; then
        "$BUILD/bench/gencorpus" -l "$STORE.list" -s "$STORE.corpus" "$N" "$SEED" >/dev/null
    else
        "$BUILD/bench/gencorpus" -l "$STORE.list" "$STORE.corpus" "$N" "$SEED" >/dev/null
    fi
    log "trawl add --jobs $JOBS (this takes a while for 100000 documents)"
    t0=$(date +%s)
    "$TRAWL" --store "$STORE" add --jobs "$JOBS" "$STORE.corpus" >/dev/null 2>"$STORE.add.log" || true
    log "ingest took $(( $(date +%s) - t0 )) s"
    rm -rf "$STORE.corpus" "$STORE.list"
    touch "$STORE/.complete"
fi

TRAWL="$TRAWL" ROOT="$ROOT" /usr/bin/python3 bench/serve_bench.py "$STORE" "$WRK_SECONDS" \
    "$LOAD_SECONDS" "$STRICT"
