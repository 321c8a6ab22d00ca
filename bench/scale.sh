#!/usr/bin/env bash
# Search at a million small documents (issue 16) within the dev machine's
# disk and time: the corpus is made and ingested in parts
# (bench/ingest-parts.sh, the stored originals dropped after each part),
# then, on the one store:
#   - index size: segment files + ix_segments + ix_facets ÷ units.text;
#   - the search page's library work for the 196 queries of
#     bench/search-queries.txt (top 20, exact counts, every facet value's
#     count; best of 2 rounds, warm): p50 / p99 (bench/pagebench);
#   - the same in CPU time (PAGEBENCH_CPU: what a query costs, when other
#     work shares the cores);
#   - the 28 queries of bench/search-queries-multi.txt (OR, AND, NOT, NEAR),
#     the search alone, CPU time, every match scored (the default) against
#     the bounded top-k's windows of 256 units, twice in turn;
#   - rg: the text exported as one file a document, and every 10th query run
#     as `rg -F -l` then at once as the page's search (pagebench pairs).
#
# Usage: bash bench/scale.sh [N [PARTS]]     (default 1000000 4)
# Settings: BENCH_SEED=1 BENCH_JOBS=$(nproc) BENCH_BUILD=build-bench
#   BENCH_TMPDIR=$TMPDIR|/tmp  BENCH_KEEP=0 (1: keep the work folder)
#   SCALE_RG_GROUP=1 (N: N documents a file for rg, where a million files
#   do not fit: rg is then much faster, see bench/README.md)
# Disk: about 12 GB for the store at 1M, 1 GB for a part of the corpus,
# 4-5 GB for the exported text (deleted at the end). Hours on 2 cores.
set -euo pipefail
N=${1:-1000000}
PARTS=${2:-4}
BUILD=${BENCH_BUILD:-build-bench}
KEEP=${BENCH_KEEP:-0}
cd "$(dirname "$0")/.."
log() { printf 'scale bench: %s\n' "$*" >&2; }
for t in rg sqlite3; do
    command -v $t >/dev/null || { log "needs $t (apt-get install ripgrep sqlite3)"; exit 1; }
done
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" >/dev/null
B=$BUILD/bench
W=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/trawl-scale.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then log "kept $W"; else rm -rf "$W"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM
S=$W/store

log "ingest: $N documents in $PARTS parts"
INGEST_DROP_ORIGINALS=1 BENCH_BUILD=$BUILD bash bench/ingest-parts.sh "$S" "$N" "$PARTS" | tee "$W/ingest.txt"

sqlite3 "$S/trawl.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
seg=$(cat "$S"/index/*.seg | wc -c)
ixt=$(sqlite3 "$S/trawl.db" "SELECT (SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name='ix_segments')
    + (SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name='ix_facets');")
text=$(sqlite3 "$S/trawl.db" "SELECT sum(length(CAST(text AS BLOB))) FROM units;")

log "the search page, 196 queries"
"$B/pagebench" "$S" bench/search-queries.txt 2 >"$W/page.txt"
PAGEBENCH_CPU=1 "$B/pagebench" "$S" bench/search-queries.txt 2 >"$W/page-cpu.txt"
log "OR / AND / NOT / NEAR, bounded and full"
for i in 1 2; do
    PAGEBENCH_CPU=1 PAGEBENCH_NOFACETS=1 "$B/pagebench" "$S" bench/search-queries-multi.txt 2 >"$W/multi-full-$i.txt"
    PAGEBENCH_CPU=1 PAGEBENCH_NOFACETS=1 PAGEBENCH_WINDOW=256 "$B/pagebench" "$S" bench/search-queries-multi.txt 2 >"$W/multi-bounded-$i.txt"
done
log "exporting the text for rg"
rm -rf "$S"/objects/??
SB_GROUP=${SCALE_RG_GROUP:-1} SB_TRIGRAM=0 "$B/searchbench" export "$S" "$W/text" - >"$W/export.kv"
find "$W/text" -type f -exec cat {} + >/dev/null
log "rg pairs"
PAGEBENCH_RG=$W/text "$B/pagebench" "$S" bench/search-queries.txt 2 >"$W/page-rg.txt"
rm -rf "$W/text"

echo
echo "==== trawl at $N small documents (seed ${BENCH_SEED:-1}, $(nproc) CPUs) ===="
cat "$W/ingest.txt"
awk -v s="$seg" -v x="$ixt" -v t="$text" 'BEGIN{printf "index: segments %.1f MB + ix_* tables %.1f MB = %.2fx the text (%.1f MB)\n", s/1e6, x/1e6, (s+x)/t, t/1e6}'
echo "search page (top 20, exact counts, all facets), warm, best of 2: $(grep '^queries' "$W/page.txt")"
echo "  in CPU time: $(grep '^queries' "$W/page-cpu.txt")"
echo "  $(grep '^slowest' "$W/page.txt")"
for i in 1 2; do
    echo "OR/AND/NOT/NEAR, search alone, CPU time, round $i: every match $(grep '^queries' "$W/multi-full-$i.txt" | cut -d: -f2-); windows $(grep '^queries' "$W/multi-bounded-$i.txt" | cut -d: -f2-)"
done
grep '^rg pairs' "$W/page-rg.txt"
