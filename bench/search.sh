#!/usr/bin/env bash
# Search benchmark (`make bench` runs it after bench/run.sh): trawl's own
# index against SQLite FTS5 with the trigram tokenizer and against
# `rg -F -l`, all three on the same text — the normalized text trawl
# extracted, read back from trawl.db. See bench/README.md ("Search").
#
# Usage: bash bench/search.sh
# Settings (environment):
#   SEARCH_SIZES="10000 30000"   corpus sizes (generated documents); the
#                            goals are for 100000, which takes ~40 min
#   SEARCH_ROUNDS=auto       timed passes over the query set for trawl and
#                            trigram (auto: 3 up to 20000 docs, else 1)
#   SEARCH_RG_ROUNDS=1       timed passes for rg (one process per query)
#   SEARCH_INGEST_RUNS=auto  `trawl add` runs per mode (auto: 3 up to 20000
#                            docs, else 1); the report gives the median
#   SEARCH_SMALL=0           1: small documents (gencorpus -s), for 300000 and more
#   SEARCH_NOINDEX=1         0: no `trawl add --no-index` runs (no indexing cost)
#   SEARCH_CLI=20            queries also timed through the trawl program
#   SEARCH_LIKE=20           1-2 character queries for the LIKE aside
#   SEARCH_QUERIES=bench/search-queries.txt
#   BENCH_SEED=1  BENCH_JOBS=$(nproc)  BENCH_BUILD=build-bench
#   BENCH_TMPDIR=$TMPDIR|/tmp  BENCH_KEEP=0  BENCH_NO_INSTALL=0
#   BENCH_STRICT=0           1 = exit 1 when a goal is missed
set -euo pipefail

SIZES=${SEARCH_SIZES:-"10000 30000"}
ROUNDS=${SEARCH_ROUNDS:-auto}
RG_ROUNDS=${SEARCH_RG_ROUNDS:-1}
INGEST_RUNS=${SEARCH_INGEST_RUNS:-auto}
SMALL=${SEARCH_SMALL:-0}
NOINDEX=${SEARCH_NOINDEX:-1}
NCLI=${SEARCH_CLI:-20}
NLIKE=${SEARCH_LIKE:-20}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
BUILD=${BENCH_BUILD:-build-bench}
KEEP=${BENCH_KEEP:-0}
NO_INSTALL=${BENCH_NO_INSTALL:-0}
STRICT=${BENCH_STRICT:-0}

for n in $SIZES; do
    case $n in *[!0-9]* | 0) echo "search bench: bad size '$n' in SEARCH_SIZES" >&2; exit 2 ;; esac
done

cd "$(dirname "$0")/.."
ROOT=$PWD
QUERIES=${SEARCH_QUERIES:-$ROOT/bench/search-queries.txt}
[ -f "$QUERIES" ] || { echo "search bench: no query file $QUERIES" >&2; exit 2; }

log() { printf 'search bench: %s\n' "$*" >&2; }
T_START=$(date +%s)

# ---------------------------------------------------------------- tools
need_pkgs=()
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v cc >/dev/null 2>&1 || need_pkgs+=(gcc)
command -v meson >/dev/null 2>&1 || need_pkgs+=(meson)
command -v ninja >/dev/null 2>&1 || need_pkgs+=(ninja-build)
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$NO_INSTALL" = 1 ] || [ "$(id -u)" != 0 ]; then
        log "missing packages: ${need_pkgs[*]} (install them, or run as root)"
        exit 1
    fi
    log "installing: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${need_pkgs[@]}" >/dev/null ||
        { apt-get update -q >/dev/null && apt-get install -y -q "${need_pkgs[@]}" >/dev/null; }
fi

# ---------------------------------------------------------------- temp
TMPBASE=${BENCH_TMPDIR:-${TMPDIR:-/tmp}}
WORK=$(mktemp -d "$TMPBASE/trawl-search.XXXXXX")
cleanup() {
    if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
if [ ! -f "$BUILD/build.ninja" ]; then
    log "meson setup $BUILD --buildtype=release"
    meson setup "$BUILD" --buildtype=release >"$WORK/meson.log" 2>&1 ||
        { tail -n 30 "$WORK/meson.log" >&2; log "meson setup failed"; exit 1; }
fi
log "ninja -C $BUILD"
ninja -C "$BUILD" >"$WORK/ninja.log" 2>&1 ||
    { tail -n 40 "$WORK/ninja.log" >&2; log "build failed"; exit 1; }
TRAWL="$BUILD/trawl"
GENCORPUS="$BUILD/bench/gencorpus"
SB="$BUILD/bench/searchbench"
for x in "$TRAWL" "$GENCORPUS" "$SB"; do
    [ -x "$x" ] || { log "$x was not built"; exit 1; }
done

# ---------------------------------------------------------------- helpers
median() { sort -g | awk '{a[NR]=$1} END{if(NR==0){print "nan"; exit}
    if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
calc() { awk "BEGIN{printf \"$1\", $2}"; }
secs_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN{printf "%.3f", (b-a)/1e9}'; }
# kv FILE KEY -> value
kv() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# bytes used by a database (pages in use), after folding the WAL back in
db_used() {
    sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    sqlite3 "$1" "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count());" |
        awk -v ps="$(sqlite3 "$1" 'PRAGMA page_size;')" '{printf "%.0f\n", $1 * ps}'
}
# total size of the named b-trees (dbstat, page by page: with aggregate = 1
# SQLite 3.40 reports pgsize as a 32-bit number, which wraps above 2 GiB)
btree_bytes() { # db name...
    local db=$1 sql="" t; shift
    for t in "$@"; do
        sql="$sql${sql:+ + }(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = '$t')"
    done
    sqlite3 "$db" "SELECT $sql;"
}

trawl_add() { # corpus store noindex(0|1) -> prints seconds; peak RSS (KiB) in STORE.rss
    local t0 rc=0
    rm -rf "$2"
    t0=$(date +%s%N)
    if [ "$3" = 1 ]; then
        /usr/bin/time -o "$2.rss" -f %M "$TRAWL" --store "$2" add --jobs "$JOBS" --no-index "$1" \
            >"$2.out" 2>"$2.err" </dev/null || rc=$?
    else
        /usr/bin/time -o "$2.rss" -f %M "$TRAWL" --store "$2" add --jobs "$JOBS" "$1" \
            >"$2.out" 2>"$2.err" </dev/null || rc=$?
    fi
    if [ "$rc" != 0 ]; then
        log "trawl add failed (exit $rc):"
        tail -n 20 "$2.err" >&2
        exit 1
    fi
    secs_since "$t0"
}

# ---------------------------------------------------------------- one size
bench_size() { # n
    local n=$1 dir="$WORK/n$1"
    local res="$dir/results.kv" corpus="$dir/corpus" store="$dir/store" noidx="$dir/store-noindex"
    local runs=$INGEST_RUNS rounds=$ROUNDS avail need i s
    [ "$runs" = auto ] && { [ "$n" -le 20000 ] && runs=3 || runs=1; }
    [ "$rounds" = auto ] && { [ "$n" -le 20000 ] && rounds=3 || rounds=1; }
    mkdir -p "$dir/out"
    : >"$res"
    # about 150 KB of disk per generated document at the peak (corpus,
    # two stores, exported text, trigram db)
    avail=$(df -Pk "$WORK" | awk 'NR==2{print $4}')
    need=$((n * 150))
    [ "$SMALL" = 1 ] && need=$((n * 25))
    if [ "$avail" -lt "$need" ]; then
        log "[$n] skipped: needs about $((need / 1024)) MiB free in $WORK, has $((avail / 1024)) MiB"
        echo "skipped=1" >>"$res"
        return
    fi
    log "[$n] generating corpus (seed $SEED)"
    if [ "$SMALL" = 1 ]; then
        "$GENCORPUS" -l "$dir/corpus.list" -s "$corpus" "$n" "$SEED" >"$dir/corpus.manifest"
    else
        "$GENCORPUS" -l "$dir/corpus.list" "$corpus" "$n" "$SEED" >"$dir/corpus.manifest"
    fi
    find "$corpus" -type f -exec cat {} + >/dev/null
    echo "corpus_files_bytes=$(kv "$dir/corpus.manifest" file_bytes)" >>"$res"

    # ingest with and without the index, alternating; the last stores stay
    for i in $(seq 1 "$runs"); do
        if [ "$NOINDEX" = 1 ]; then
            s=$(trawl_add "$corpus" "$noidx" 1)
            echo "$s" >>"$dir/add-noindex.times"
            log "[$n] run $i/$runs: trawl add --no-index ${s}s"
        fi
        s=$(trawl_add "$corpus" "$store" 0)
        echo "$s" >>"$dir/add-index.times"
        cat "$store.rss" >>"$dir/add-index.rss"
        log "[$n] run $i/$runs: trawl add            ${s}s, peak RSS $(cat "$store.rss") KiB"
    done
    [ "$NOINDEX" = 1 ] || echo nan >"$dir/add-noindex.times"
    echo "add_summary=$(tail -n 1 "$store.out")" >>"$res"
    echo "ingest_runs=$runs" >>"$res"
    echo "add_noindex_secs=$(median <"$dir/add-noindex.times")" >>"$res"
    echo "add_index_secs=$(median <"$dir/add-index.times")" >>"$res"
    echo "add_noindex_all=$(tr '\n' ' ' <"$dir/add-noindex.times")" >>"$res"
    echo "add_index_all=$(tr '\n' ' ' <"$dir/add-index.times")" >>"$res"

    # sizes
    log "[$n] measuring sizes"
    echo "add_index_rss_kib=$(sort -n "$dir/add-index.rss" | tail -n 1)" >>"$res"
    if [ "$NOINDEX" = 1 ]; then
        echo "db_noindex_bytes=$(db_used "$noidx/trawl.db")" >>"$res"
    else
        echo "db_noindex_bytes=nan" >>"$res"
    fi
    echo "db_index_bytes=$(db_used "$store/trawl.db")" >>"$res"
    # trawl's index: its segment files plus the rows naming them and the
    # facet bitmaps (the key keeps its old name: the report reads it)
    echo "fts_bytes=$(( $(cat "$store"/index/*.seg 2>/dev/null | wc -c) + \
        $(btree_bytes "$store/trawl.db" ix_segments ix_facets) ))" >>"$res"
    echo "fts_data_bytes=$(cat "$store"/index/*.seg 2>/dev/null | wc -c)" >>"$res"
    rm -rf "$noidx" "$corpus"

    # the same text for the other two tools
    log "[$n] exporting the extracted text (files for rg, FTS5 trigram db)"
    "$SB" export "$store" "$dir/text" "$dir/tri.db" >>"$res"
    echo "tri_bytes=$(btree_bytes "$dir/tri.db" tri_data tri_idx tri_docsize tri_config)" >>"$res"
    echo "tri_content_bytes=$(btree_bytes "$dir/tri.db" docs)" >>"$res"
    find "$dir/text" -type f -exec cat {} + >/dev/null

    log "[$n] searching: $(grep -vc '^#' "$QUERIES") queries; trawl and trigram $rounds round(s), rg $RG_ROUNDS"
    SB_ROUNDS=$rounds SB_RG_ROUNDS=$RG_ROUNDS SB_CLI=$NCLI SB_LIKE=$NLIKE \
        "$SB" run "$store" "$dir/text" "$dir/tri.db" "$QUERIES" "$TRAWL" "$dir/out" \
        2> >(sed -u 's/^/  /' >&2)
    cat "$dir/out/summary.kv" >>"$res"
    if [ "$KEEP" != 1 ]; then rm -rf "$store" "$dir/text" "$dir/tri.db"; fi
}

for n in $SIZES; do
    bench_size "$n"
done

# ---------------------------------------------------------------- report
GOAL_MISSED=0
verdict() { # awk-condition -> MET / NOT MET
    if awk "BEGIN{exit !($1)}"; then echo "MET"; else echo "NOT MET"; fi
}

echo
echo "==== trawl search benchmark (seed $SEED, $(nproc) CPUs, trawl add --jobs $JOBS) ===="
for n in $SIZES; do
    res="$WORK/n$n/results.kv"
    echo
    if [ "$(kv "$res" skipped)" = 1 ]; then
        echo "---- $n generated documents: SKIPPED (not enough disk space)"
        continue
    fi
    docs=$(kv "$res" export_docs)
    tb=$(kv "$res" text_bytes)
    echo "---- $n generated documents -> $docs trawl documents, $(calc '%.1f' "$tb/1e6") MB of text (units.text)"
    echo "     $(kv "$res" add_summary)"
    sed 's/^/  /' "$WORK/n$n/out/report.txt"

    fts=$(kv "$res" fts_bytes)
    tri=$(kv "$res" tri_bytes)
    dbi=$(kv "$res" db_index_bytes)
    dbn=$(kv "$res" db_noindex_bytes)
    a0=$(kv "$res" add_noindex_secs)
    a1=$(kv "$res" add_index_secs)
    if [ "$dbn" = nan ]; then
        echo "  index size: trawl segments + ix_* tables $(calc '%.1f' "$fts/1e6") MB = $(calc '%.2f' "$fts/$tb")x the text" \
            "(store db $(calc '%.1f' "$dbi/1e6") MB);" \
            "trigram tri_* tables $(calc '%.1f' "$tri/1e6") MB = $(calc '%.2f' "$tri/$tb")x"
    else
    echo "  index size: trawl segments + ix_* tables $(calc '%.1f' "$fts/1e6") MB = $(calc '%.2f' "$fts/$tb")x the text" \
        "(store db $(calc '%.1f' "$dbi/1e6") MB vs $(calc '%.1f' "$dbn/1e6") MB with --no-index:" \
        "+$(calc '%.2f' "($dbi-$dbn)/$tb")x);" \
        "trigram tri_* tables $(calc '%.1f' "$tri/1e6") MB = $(calc '%.2f' "$tri/$tb")x"
    fi
    echo "  peak RSS of trawl add (largest of its runs): $(calc '%.1f' "$(kv "$res" add_index_rss_kib)/1024") MiB"
    if [ "$a0" = nan ]; then
        echo "  ingest: trawl add $(kv "$res" add_index_secs)s (all: $(kv "$res" add_index_all)); --no-index not run"
    else
    echo "  ingest: trawl add $(kv "$res" add_index_secs)s, --no-index $(kv "$res" add_noindex_secs)s" \
        "(median of $(kv "$res" ingest_runs); all: $(kv "$res" add_index_all)/ $(kv "$res" add_noindex_all))" \
        "-> $(calc '%.2f' "$a1/$a0")x; trigram table build (not comparable: one transaction, no journal) $(kv "$res" tri_build_secs)s"
    fi
done

echo
echo "==== summary (goals from the issue; latency goals are for 100000 documents on 2 cores) ===="
printf '%-44s' "generated documents"
for n in $SIZES; do printf ' %22s' "$n"; done
printf '   %s\n' "goal"
row() { # label goal awk-expr-using-kv...
    local label=$1 goal=$2 expr=$3 n res v
    printf '%-44s' "$label"
    for n in $SIZES; do
        res="$WORK/n$n/results.kv"
        if [ "$(kv "$res" skipped)" = 1 ] || [ ! -s "$res" ]; then v="-"; else v=$(eval "$expr"); fi
        printf ' %22s' "$v"
    done
    printf '   %s\n' "$goal"
}
g() { kv "$res" "$1"; }
row "recall 1-char Chinese: trawl/trigram/rg %" "trawl 100%" \
    'echo "$(g recall.zh1.trawl)/$(g recall.zh1.trigram)/$(g recall.zh1.rg)"'
row "recall 2-char Chinese: trawl/trigram/rg %" "trawl 100%" \
    'echo "$(g recall.zh2.trawl)/$(g recall.zh2.trigram)/$(g recall.zh2.rg)"'
row "recall 3-6-char Chinese: trawl/trigram/rg %" "" \
    'echo "$(g recall.zh3.trawl)/$(g recall.zh3.trigram)/$(g recall.zh3.rg)"'
row "p50 ms: trawl / trigram / rg" "" \
    'echo "$(calc %.1f $(g lat.trawl.all.p50))/$(calc %.2f $(g lat.trigram.all.p50))/$(calc %.0f $(g lat.rg.all.p50))"'
row "p99 ms: trawl / trigram / rg" "trawl p99 <= 50 ms" \
    'echo "$(calc %.1f $(g lat.trawl.all.p99))/$(calc %.1f $(g lat.trigram.all.p99))/$(calc %.0f $(g lat.rg.all.p99))"'
row "speed-up rg/trawl at p50 (p99)" ">= 100x" \
    'echo "$(calc %.1f "$(g lat.rg.all.p50)/$(g lat.trawl.all.p50)")x ($(calc %.1f "$(g lat.rg.all.p99)/$(g lat.trawl.all.p99)")x)"'
row "trawl CLI end to end, median ms" "" \
    'v=$(g cli.p50); if [ -n "$v" ] && [ "$v" != nan ]; then calc %.1f "$v"; else echo "not run"; fi'
row "index size / text: trawl (trigram)" "trawl <= 2.5x" \
    'echo "$(calc %.2f "$(g fts_bytes)/$(g text_bytes)")x ($(calc %.2f "$(g tri_bytes)/$(g text_bytes)")x)"'
row "ingest slowdown from indexing" "<= 1.5x" \
    'if [ "$(g add_noindex_secs)" = nan ]; then echo "not run"; else echo "$(calc %.2f "$(g add_index_secs)/$(g add_noindex_secs)")x"; fi'
row "peak RSS of trawl add, MiB" "<= 300" 'calc %.1f "$(g add_index_rss_kib)/1024"'
echo
# verdicts (every size; the latency goals are meant for 100000)
for n in $SIZES; do
    res="$WORK/n$n/results.kv"
    [ "$(kv "$res" skipped)" = 1 ] && continue
    line=$(printf 'goals at %s docs: recall 1-2 chars 100%%: %s; p99 <= 50 ms: %s; >= 100x rg (p50): %s; index <= 2.5x: %s; ingest <= 1.5x: %s' "$n" \
        "$(verdict "$(g recall.zh1.trawl) >= 100 && $(g recall.zh2.trawl) >= 100")" \
        "$(verdict "$(g lat.trawl.all.p99) <= 50")" \
        "$(verdict "$(g lat.rg.all.p50) / $(g lat.trawl.all.p50) >= 100")" \
        "$(verdict "$(g fts_bytes) / $(g text_bytes) <= 2.5")" \
        "$(if [ "$(g add_noindex_secs)" = nan ]; then echo "not run"; else verdict "$(g add_index_secs) / $(g add_noindex_secs) <= 1.5"; fi)")
    echo "$line"
    case $line in *"NOT MET"*) GOAL_MISSED=1 ;; esac
done
echo "(total time $(( $(date +%s) - T_START ))s)"

rc=0
[ "$STRICT" = 1 ] && [ "$GOAL_MISSED" = 1 ] && rc=1
exit $rc
