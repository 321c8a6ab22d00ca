#!/usr/bin/env bash
# Ingest a large generated corpus into one store in parts, so that the
# disk holds only one part of the corpus at a time (1M small documents:
# the whole corpus, about 4 GB on disk, and the store, about 15 GB, would
# not fit beside each other on the dev machine). Document i of gencorpus
# depends only on (SEED, i), so the parts together are exactly the corpus
# of N documents.
#
# Usage: bash bench/ingest-parts.sh STORE N PARTS
# Settings: BENCH_SEED=1 BENCH_JOBS=$(nproc) BENCH_BUILD=build-bench
#   INGEST_SMALL=1 (gencorpus -s)  INGEST_NOINDEX=0 (1: trawl add --no-index)
#   INGEST_DROP_ORIGINALS=0 (1: after each part, delete the copies of the
#   original files the store keeps in STORE/objects: 4 GB at 1M small
#   documents; search never reads them, `trawl verify` and `trawl open`
#   would miss them, so this is for benchmarks only)
# Prints one line per part (seconds, peak RSS KiB, the add summary) and a
# total; the corpus parts go to STORE.part and are deleted after each add.
set -euo pipefail
[ $# = 3 ] || { echo "usage: bash bench/ingest-parts.sh STORE N PARTS" >&2; exit 2; }
STORE=$1 N=$2 PARTS=$3
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
BUILD=${BENCH_BUILD:-build-bench}
SMALL=${INGEST_SMALL:-1}
NOINDEX=${INGEST_NOINDEX:-0}
DROP=${INGEST_DROP_ORIGINALS:-0}
case $N$PARTS in *[!0-9]*) echo "ingest-parts: N and PARTS are numbers" >&2; exit 2 ;; esac
[ "$PARTS" -ge 1 ] && [ "$N" -ge "$PARTS" ] || { echo "ingest-parts: need 1 <= PARTS <= N" >&2; exit 2; }
cd "$(dirname "$0")/.."
[ -x "$BUILD/trawl" ] && [ -x "$BUILD/bench/gencorpus" ] ||
    { echo "ingest-parts: build $BUILD first (meson setup $BUILD --buildtype=release; ninja -C $BUILD)" >&2; exit 2; }
[ -e "$STORE" ] && { echo "ingest-parts: $STORE exists; give a new store" >&2; exit 2; }
CORPUS=$STORE.part
flags=()
[ "$SMALL" = 1 ] && flags+=(-s)
addflags=()
[ "$NOINDEX" = 1 ] && addflags+=(--no-index)
total=0 maxrss=0 first=0
for p in $(seq 1 "$PARTS"); do
    n=$(( N * p / PARTS - first ))
    rm -rf "$CORPUS"
    "$BUILD/bench/gencorpus" "${flags[@]}" -f "$first" "$CORPUS" "$n" "$SEED" >"$STORE.manifest.$p"
    find "$CORPUS" -type f -exec cat {} + >/dev/null
    t0=$(date +%s%N)
    /usr/bin/time -o "$STORE.rss.$p" -f %M "$BUILD/trawl" --store "$STORE" add --jobs "$JOBS" "${addflags[@]}" "$CORPUS" \
        >"$STORE.out.$p" 2>"$STORE.err.$p" </dev/null || { echo "ingest-parts: trawl add failed (part $p):" >&2; tail -n 20 "$STORE.err.$p" >&2; exit 1; }
    s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.3f", (b-a)/1e9}')
    rss=$(tail -n 1 "$STORE.rss.$p")
    total=$(awk -v a="$total" -v b="$s" 'BEGIN{printf "%.3f", a+b}')
    [ "$rss" -gt "$maxrss" ] && maxrss=$rss
    echo "part $p/$PARTS: documents $first..$((first + n - 1)): ${s}s, peak RSS ${rss} KiB; $(tail -n 1 "$STORE.out.$p")"
    first=$((first + n))
    rm -rf "$CORPUS"
    [ "$DROP" = 1 ] && rm -rf "$STORE"/objects/??
done
echo "total: $N documents in ${total}s = $(awk -v n="$N" -v t="$total" 'BEGIN{printf "%.1f", n/t}') files/s; peak RSS $(awk -v k="$maxrss" 'BEGIN{printf "%.1f", k/1024}') MiB"
