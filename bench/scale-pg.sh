#!/usr/bin/env bash
# The scale benchmark (`make bench-scale-pg`, issue 15): N generated documents
# ingested into a folder store (SQLite) and into a PostgreSQL store (a
# private cluster, tests/pg/cluster.sh) by 2 writers at once, then into a
# PostgreSQL store sharded across 1 + SCALE_SHARDS private clusters (a
# coordinator whose partitions `trawl admin shard add` moved to the others
# before the ingest); then search latency on each over the fixed query
# set, and each store's size against the text, with the CPU seconds of the
# writers and of the servers. The full run is N=1000000 (it takes hours on
# 2 cores); the default is 20000.
#
#   bash bench/scale-pg.sh [N]
# Settings (environment): BENCH_BUILD=build-bench  BENCH_SEED=1
#   BENCH_JOBS=$(nproc)  SCALE_ROUNDS=3  SCALE_QUERIES=bench/search-queries.txt
#   BENCH_TMPDIR=$TMPDIR|/tmp  BENCH_KEEP=0  SCALE_SHARDS=2 (0: no sharded run)
set -euo pipefail
N=${1:-20000}
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD:-build-bench}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
ROUNDS=${SCALE_ROUNDS:-3}
SHARDS=${SCALE_SHARDS:-2}
QUERIES=${SCALE_QUERIES:-$ROOT/bench/search-queries.txt}
log() { printf 'scale bench: %s\n' "$*" >&2; }
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" >/dev/null
TRAWL=$BUILD/trawl
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/trawl-scale.XXXXXX")
clusters=()
cleanup() {
	local c
	for c in "${clusters[@]}"; do bash "$ROOT/tests/pg/cluster.sh" stop "$c"; done
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
# the CPU seconds the clusters' ended backends used (each postmaster's
# children's, from /proc: a writer's backend ends with its connection,
# and a shard's backends with the coordinator's backend that opened them)
server_cpu() {
	local c pm t=0
	for c in "$@"; do
		pm=$(head -1 "$c/data/postmaster.pid" 2>/dev/null) || continue
		t=$(awk -v hz="$(getconf CLK_TCK)" -v t="$t" '{ printf "%.2f", t + ($16 + $17) / hz }' \
			"/proc/$pm/stat" 2>/dev/null || echo "$t")
	done
	echo "$t"
}
kv() { sed -n "s/^$2=//p" "$1"; }

log "SQLite: trawl add (--jobs $JOBS)"
t0=$(now)
{ time "$TRAWL" --store "$WORK/sq" add --jobs "$JOBS" "$WORK/corpus" >"$WORK/sq-add.log" 2>&1 || true; } 2>"$WORK/sq.cpu"
t1=$(now)
echo "$t1 - $t0" | bc -l >"$WORK/sq.s"
cpu_of "$WORK/sq.cpu" >"$WORK/sq.cpu1"; mv "$WORK/sq.cpu1" "$WORK/sq.cpu"
echo 0 >"$WORK/sq.srv"
{ sqlite3 "$WORK/sq/trawl.db" 'SELECT count(*) FROM docs' 2>/dev/null ||
	"$TRAWL" --store "$WORK/sq" ls | tail -n +2 | wc -l; } >"$WORK/sq.docs"
du -sb "$WORK/sq" | cut -f1 >"$WORK/sq.size"
log "SQLite: search, $ROUNDS rounds of $(grep -vc '^#\|^$' "$QUERIES") queries"
"$BUILD/bench/scalebench" "$WORK/sq" "$QUERIES" "$ROUNDS" >"$WORK/sq-search.kv"

# pg_phase NAME SHARDS: a fresh store on one private cluster, with SHARDS
# more clusters taking its partitions (trawl admin shard add, before the
# ingest, so that rows go to the shards as they are written); the 2
# writers through the coordinator, the search rounds and the size of all
# the clusters' databases. Results in $WORK/NAME.*
pg_phase() {
	local name=$1 nshards=$2 c0 c url i w0 w1 t0 t1 s0 size=0 cs=()
	c0=$(bash "$ROOT/tests/pg/cluster.sh" start); clusters+=("$c0"); cs+=("$c0")
	url=$(cat "$c0/url")
	"$TRAWL" --store "$url" add "$(head -1 "$WORK/half00")" >/dev/null 2>&1 || true  # the schema
	for ((i = 0; i < nshards; i++)); do
		c=$(bash "$ROOT/tests/pg/cluster.sh" start); clusters+=("$c"); cs+=("$c")
		"$TRAWL" --store "$url" admin shard add "$(cat "$c/url")" >/dev/null
	done
	log "PostgreSQL on $((nshards + 1)) cluster(s): 2 writers (--jobs $(( (JOBS + 1) / 2 )) each)"
	s0=$(server_cpu "${cs[@]}")
	t0=$(now)
	{ time xargs -a "$WORK/half00" -d '\n' "$TRAWL" --store "$url" add --jobs $(( (JOBS + 1) / 2 )) \
		>"$WORK/$name-add0.log" 2>&1; } 2>"$WORK/$name-0.cpu" &
	w0=$!
	{ time xargs -a "$WORK/half01" -d '\n' "$TRAWL" --store "$url" add --jobs $(( (JOBS + 1) / 2 )) \
		>"$WORK/$name-add1.log" 2>&1; } 2>"$WORK/$name-1.cpu" &
	w1=$!
	wait $w0 || true
	wait $w1 || true
	t1=$(now)
	sleep 1 # (the backends' exit)
	echo "$t1 - $t0" | bc -l >"$WORK/$name.s"
	cpu_of "$WORK/$name-0.cpu" "$WORK/$name-1.cpu" >"$WORK/$name.cpu"
	echo "$(server_cpu "${cs[@]}") - $s0" | bc -l >"$WORK/$name.srv"
	psql -X -A -t "$url" -c 'SELECT count(*) FROM docs' >"$WORK/$name.docs"
	psql -X -A -t "$url" -c 'SELECT coalesce(sum(text_bytes), 0) FROM docs' >"$WORK/text"
	for c in "${cs[@]}"; do
		size=$((size + $(psql -X -A -t "$(cat "$c/url")" -c 'SELECT pg_database_size(current_database())')))
	done
	echo "$size" >"$WORK/$name.size"
	log "PostgreSQL on $((nshards + 1)) cluster(s): search, $ROUNDS rounds"
	"$BUILD/bench/scalebench" "$url" "$QUERIES" "$ROUNDS" >"$WORK/$name-search.kv"
	for c in "${cs[@]}"; do bash "$ROOT/tests/pg/cluster.sh" stop "$c"; done
	clusters=()
}

cols=(sq pg)
heads=(SQLite PostgreSQL)
pg_phase pg 0
if [ "$SHARDS" -gt 0 ]; then
	pg_phase sh "$SHARDS"
	cols+=(sh)
	heads+=("$((SHARDS + 1)) clusters")
fi

declare -A D S CPU SRV SIZE
for c in "${cols[@]}"; do
	D[$c]=$(cat "$WORK/$c.docs"); S[$c]=$(cat "$WORK/$c.s"); CPU[$c]=$(cat "$WORK/$c.cpu")
	SRV[$c]=$(cat "$WORK/$c.srv"); SIZE[$c]=$(cat "$WORK/$c.size")
done
text=$(cat "$WORK/text")
# each FORMAT LABEL EXPR: one row, EXPR (for bc) evaluated for each column $c
each() {
	local c
	printf '%-28s' "$2"
	for c in "${cols[@]}"; do printf " %16$1" "$(eval "echo \"$3\"" | bc -l)"; done
	printf '\n'
}
search() {
	local c
	printf '%-28s' "$1"
	for c in "${cols[@]}"; do printf ' %16s' "$(kv "$WORK/$c-search.kv" "$2")"; done
	printf '\n'
}
printf '\n%-28s' "N=$N files"; printf ' %16s' "${heads[@]}"; printf '\n'
each .0f "documents stored" '${D[$c]}'
each .1f "ingest seconds" '${S[$c]}'
each .1f "ingest documents/s" '${D[$c]} / ${S[$c]}'
each .1f "ingest CPU s, trawl" '${CPU[$c]}'
each .1f "ingest CPU s, server" '${SRV[$c]}'
each .1f "documents per CPU s" '${D[$c]} / (${CPU[$c]} + ${SRV[$c]})'
search "search p50 ms" p50_ms
search "search p99 ms" p99_ms
search "hits returned" hits
each .1f "store MB" '${SIZE[$c]} / 1000000'
each .2f "store size / text" "\${SIZE[\$c]} / $text"
each .2f "ingest against SQLite" '(${D[$c]} / ${S[$c]}) / (${D[sq]} / ${S[sq]})'
each .2f "the same, per CPU second" \
	'(${D[$c]} / (${CPU[$c]} + ${SRV[$c]})) / (${D[sq]} / (${CPU[sq]} + ${SRV[sq]}))'
