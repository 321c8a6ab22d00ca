#!/usr/bin/env bash
# The scale benchmark (`make bench-scale-pg`, issue 15): N generated documents
# ingested into a folder store (SQLite) and into a PostgreSQL store (a
# private cluster, tests/pg/cluster.sh) by 2 writers at once; then search
# latency on both over the fixed query set, and each store's size against
# the text, with the CPU seconds of the writers and of the server. The
# full run is N=1000000 (it takes hours on 2 cores); the
# default is 20000.
#
#   bash bench/scale-pg.sh [N]
# Settings (environment): BENCH_BUILD=build-bench  BENCH_SEED=1
#   BENCH_JOBS=$(nproc)  SCALE_ROUNDS=3  SCALE_QUERIES=bench/search-queries.txt
#   BENCH_TMPDIR=$TMPDIR|/tmp  BENCH_KEEP=0
set -euo pipefail
N=${1:-20000}
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD:-build-bench}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
ROUNDS=${SCALE_ROUNDS:-3}
QUERIES=${SCALE_QUERIES:-$ROOT/bench/search-queries.txt}
log() { printf 'scale bench: %s\n' "$*" >&2; }
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" >/dev/null
TRAWL=$BUILD/trawl
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/trawl-scale.XXXXXX")
pg=
cleanup() {
	[ -n "$pg" ] && bash "$ROOT/tests/pg/cluster.sh" stop "$pg"
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }

log "generating $N documents"
"$BUILD/bench/gencorpus" "$WORK/corpus" "$N" "$SEED" >"$WORK/gen.kv"
# two halves for the two PostgreSQL writers (files, not folders: every
# writer gets the same share whatever the layout)
find "$WORK/corpus" -type f | sort >"$WORK/all"
split -n l/2 -d "$WORK/all" "$WORK/half"

# CPU seconds (user + system) of what a command ran, from bash's time
TIMEFORMAT='%U %S'
cpu_of() { awk '{ s += $1 + $2 } END { printf "%.2f", s }' "$@"; }
# the CPU seconds the cluster's ended backends used (the postmaster's
# children's, from /proc: a writer's backend ends with its connection)
server_cpu() {
	local pm
	pm=$(head -1 "$pg/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$pm/stat" 2>/dev/null || echo 0
}

log "SQLite: trawl add (--jobs $JOBS)"
t0=$(now)
{ time "$TRAWL" --store "$WORK/sq" add --jobs "$JOBS" "$WORK/corpus" >"$WORK/sq-add.log" 2>&1 || true; } 2>"$WORK/sq.cpu"
t1=$(now)
sq_s=$(echo "$t1 - $t0" | bc -l)
sq_cpu=$(cpu_of "$WORK/sq.cpu")

pg=$(bash "$ROOT/tests/pg/cluster.sh" start)
url=$(cat "$pg/url")
"$TRAWL" --store "$url" add "$(head -1 "$WORK/half00")" >/dev/null 2>&1 || true  # the schema
log "PostgreSQL: 2 writers (--jobs $(( (JOBS + 1) / 2 )) each)"
s0=$(server_cpu)
t0=$(now)
{ time xargs -a "$WORK/half00" -d '\n' "$TRAWL" --store "$url" add --jobs $(( (JOBS + 1) / 2 )) \
	>"$WORK/pg-add0.log" 2>&1; } 2>"$WORK/pg0.cpu" &
w0=$!
{ time xargs -a "$WORK/half01" -d '\n' "$TRAWL" --store "$url" add --jobs $(( (JOBS + 1) / 2 )) \
	>"$WORK/pg-add1.log" 2>&1; } 2>"$WORK/pg1.cpu" &
w1=$!
wait $w0 || true
wait $w1 || true
t1=$(now)
pg_s=$(echo "$t1 - $t0" | bc -l)
sleep 1 # (the backends' exit)
pg_cpu=$(cpu_of "$WORK/pg0.cpu" "$WORK/pg1.cpu")
pg_srv=$(echo "$(server_cpu) - $s0" | bc -l)

sq_docs=$(sqlite3 "$WORK/sq/trawl.db" 'SELECT count(*) FROM docs' 2>/dev/null || "$TRAWL" --store "$WORK/sq" ls | tail -n +2 | wc -l)
pg_docs=$(psql -X -A -t "$url" -c 'SELECT count(*) FROM docs')
text=$(psql -X -A -t "$url" -c 'SELECT coalesce(sum(text_bytes), 0) FROM docs')
sq_size=$(du -sb "$WORK/sq" | cut -f1)
pg_size=$(psql -X -A -t "$url" -c 'SELECT pg_database_size(current_database())')

log "search: $ROUNDS rounds of $(grep -vc '^#\|^$' "$QUERIES") queries on each"
"$BUILD/bench/scalebench" "$WORK/sq" "$QUERIES" "$ROUNDS" >"$WORK/sq-search.kv"
"$BUILD/bench/scalebench" "$url" "$QUERIES" "$ROUNDS" >"$WORK/pg-search.kv"
kv() { sed -n "s/^$2=//p" "$1"; }

printf '\n%-28s %14s %14s\n' "N=$N documents" SQLite PostgreSQL
printf '%-28s %14s %14s\n' "documents stored" "$sq_docs" "$pg_docs"
printf '%-28s %14.1f %14.1f\n' "ingest seconds" "$sq_s" "$pg_s"
printf '%-28s %14.1f %14.1f\n' "ingest documents/s" "$(echo "$sq_docs / $sq_s" | bc -l)" \
	"$(echo "$pg_docs / $pg_s" | bc -l)"
printf '%-28s %14.1f %14.1f\n' "ingest CPU s, trawl" "$sq_cpu" "$pg_cpu"
printf '%-28s %14s %14.1f\n' "ingest CPU s, server" "-" "$pg_srv"
printf '%-28s %14.1f %14.1f\n' "documents per CPU s" "$(echo "$sq_docs / $sq_cpu" | bc -l)" \
	"$(echo "$pg_docs / ($pg_cpu + $pg_srv)" | bc -l)"
printf '%-28s %14s %14s\n' "search p50 ms" "$(kv "$WORK/sq-search.kv" p50_ms)" "$(kv "$WORK/pg-search.kv" p50_ms)"
printf '%-28s %14s %14s\n' "search p99 ms" "$(kv "$WORK/sq-search.kv" p99_ms)" "$(kv "$WORK/pg-search.kv" p99_ms)"
printf '%-28s %14s %14s\n' "hits returned" "$(kv "$WORK/sq-search.kv" hits)" "$(kv "$WORK/pg-search.kv" hits)"
printf '%-28s %14.1f %14.1f\n' "store MB" "$(echo "$sq_size / 1000000" | bc -l)" "$(echo "$pg_size / 1000000" | bc -l)"
printf '%-28s %14.2f %14.2f\n' "store size / text" "$(echo "$sq_size / $text" | bc -l)" "$(echo "$pg_size / $text" | bc -l)"
printf '%-28s %14.2f\n' "PostgreSQL/SQLite ingest" "$(echo "($pg_docs / $pg_s) / ($sq_docs / $sq_s)" | bc -l)"
printf '%-28s %14.2f\n' "the same, per CPU second" \
	"$(echo "($pg_docs / ($pg_cpu + $pg_srv)) / ($sq_docs / $sq_cpu)" | bc -l)"
