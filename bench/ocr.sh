#!/usr/bin/env bash
# bench/ocr.sh - OCR benchmark (part of `make bench`):
#
#  1. OCR pages/s of `trawl add` against the `tesseract` command-line tool
#     (Debian: tesseract-ocr, installed here for the benchmark only) on the
#     same page images (PNG, 300 dpi: the examples' born-digital PDFs and
#     tests/fixtures/ocr, printed with tools/scan), the same languages
#     (chi_sim+eng), on $BENCH_JOBS cores: trawl with --jobs N; tesseract
#     as N processes at once (xargs -P N) with OMP_THREAD_LIMIT=1, and
#     also one process at a time with its own OpenMP threads. Runs
#     interleaved, medians reported; goal: trawl >= 1.0x the faster
#     tesseract, at the same accuracy (character error rate of each
#     against the born-digital text, white space aside).
#  2. What OCR costs ingest of born-digital files: `trawl add` against
#     `trawl add --no-ocr` on a generated corpus (bench/gencorpus.c),
#     interleaved, medians; goal: < 5% slower.
#
# Usage: bash bench/ocr.sh            (knobs: BENCH_RUNS=3 BENCH_JOBS=$(nproc)
#        BENCH_OCR_N=1000 corpus size for part 2, BENCH_BUILD=build-bench,
#        BENCH_NO_INSTALL=1 never apt-get, BENCH_KEEP=1 keep the work folder)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-3}
JOBS=${BENCH_JOBS:-$(nproc)}
N=${BENCH_OCR_N:-1000}
BUILD=${BENCH_BUILD:-build-bench}
LANGS=chi_sim+eng
log() { printf 'bench: %s\n' "$*" >&2; }

if ! command -v tesseract >/dev/null 2>&1; then
    if [ "${BENCH_NO_INSTALL:-0}" = 1 ] || [ "$(id -u)" != 0 ]; then
        log "tesseract (Debian: tesseract-ocr) is missing; install it, or run as root"
        exit 1
    fi
    log "installing tesseract-ocr (for this benchmark only)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        tesseract-ocr >/dev/null ||
        { apt-get update -q >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
          tesseract-ocr >/dev/null; }
fi
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" >/dev/null
TRAWL=$BUILD/trawl
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/trawl-ocr-bench.XXXXXX")
# trawl's stores go to memory (/dev/shm) when it can: a store syncs its
# filesystem before each commit (crash safety), and on a shared disk that
# times the neighbours' writes, not OCR. BENCH_STORES=DIR chooses.
STORES=${BENCH_STORES:-}
if [ -z "$STORES" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    STORES=$(mktemp -d /dev/shm/trawl-ocr-bench.XXXXXX)
fi
STORES=${STORES:-$WORK}
trap '[ "${BENCH_KEEP:-0}" = 1 ] && log "kept $WORK" || rm -rf "$WORK"; case $STORES in /dev/shm/*) rm -rf "$STORES";; esac' EXIT

median() { sort -g | awk '{a[NR]=$1} END{if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# secs CMD...: "wall cpu" seconds of CMD (cpu: user + system, of it and its
# children: on a shared machine the wall clock also measures the others)
secs() {
    local f
    f=$(mktemp)
    /usr/bin/time -f '%e %U %S' -o "$f" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$f" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
    rm -f "$f"
}

LOAD0=$(cut -d' ' -f1 /proc/loadavg)
# ---- 1. the page images, and their born-digital text
mkdir -p "$WORK/img" "$WORK/ref"
n=0
for pdf in "$ROOT"/examples/bianjian_zhidui_2024_bumen_yusuan.pdf \
           "$ROOT"/examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf \
           "$ROOT"/examples/port_calder_award_notice_PCHA-2024-041.pdf \
           "$ROOT"/tests/fixtures/ocr/*.pdf; do
    b=$(basename "$pdf" .pdf)
    cp "$pdf" "$WORK/ref/$b.pdf"
    pages=$("$TRAWL" --store "$WORK/refstore" add "$WORK/ref/$b.pdf" >/dev/null 2>&1;
            "$TRAWL" --store "$WORK/refstore" show "$WORK/ref/$b.pdf" --json | wc -l)
    for p in $(seq 1 "$pages"); do
        "$BUILD/tests/scan" "$pdf" "$WORK/img/$b-p$p.png" --pages "$p"
        n=$((n + 1))
    done
done
log "$n page images at 300 dpi"
for pdf in "$WORK"/ref/*.pdf; do
    "$TRAWL" --store "$WORK/refstore" show "$pdf" --json >"${pdf%.pdf}.jsonl"
done

run_trawl() { rm -rf "$STORES/st"; "$TRAWL" --store "$STORES/st" add --jobs "$JOBS" --ocr-lang "$LANGS" "$WORK/img"; }
run_tess_par() {
    rm -rf "$WORK/tess"; mkdir -p "$WORK/tess"
    find "$WORK/img" -name '*.png' | sort | OMP_THREAD_LIMIT=1 xargs -P "$JOBS" -I{} \
        sh -c 'tesseract "$1" "$2/$(basename "$1" .png)" -l '"$LANGS"' --psm 4 >/dev/null 2>&1' _ {} "$WORK/tess"
}
run_tess_seq() {
    rm -rf "$WORK/tess1"; mkdir -p "$WORK/tess1"
    for f in "$WORK"/img/*.png; do
        tesseract "$f" "$WORK/tess1/$(basename "$f" .png)" -l "$LANGS" --psm 4 >/dev/null 2>&1
    done
}
export WORK STORES TRAWL JOBS LANGS
export -f run_trawl run_tess_par run_tess_seq
: >"$WORK/t.trawl"; : >"$WORK/t.par"; : >"$WORK/t.seq"
for r in $(seq 1 "$RUNS"); do
    secs bash -c run_trawl >>"$WORK/t.trawl"
    secs bash -c run_tess_par >>"$WORK/t.par"
    secs bash -c run_tess_seq >>"$WORK/t.seq"
    log "run $r (wall cpu): trawl $(tail -1 "$WORK/t.trawl"), tesseract x$JOBS $(tail -1 "$WORK/t.par"), tesseract alone $(tail -1 "$WORK/t.seq")"
done
T=$(cut -d' ' -f1 "$WORK/t.trawl" | median); P=$(cut -d' ' -f1 "$WORK/t.par" | median)
S=$(cut -d' ' -f1 "$WORK/t.seq" | median)
TC=$(cut -d' ' -f2 "$WORK/t.trawl" | median); PC=$(cut -d' ' -f2 "$WORK/t.par" | median)
SC=$(cut -d' ' -f2 "$WORK/t.seq" | median)

# accuracy: each reading of each page against the born-digital text
"$TRAWL" --store "$STORES/st" ls --json >"$WORK/ls.jsonl"
/usr/bin/python3 - "$WORK" "$TRAWL" "$STORES/st" >"$WORK/acc.txt" <<'PY'
import json, os, subprocess, sys, unicodedata
work, trawl, store = sys.argv[1], sys.argv[2], sys.argv[3]
def squeeze(t):
    return "".join(c for c in unicodedata.normalize("NFKC", t) if not c.isspace())
def dist(a, b):
    if len(a) < len(b): a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]
ref = {}
for f in os.listdir(os.path.join(work, "ref")):
    if f.endswith(".jsonl"):
        for l in open(os.path.join(work, "ref", f), encoding="utf-8"):
            u = json.loads(l)
            ref["%s-p%d" % (f[:-6], u["number"])] = squeeze(u["text"])
got = {}
for l in open(os.path.join(work, "ls.jsonl"), encoding="utf-8"):
    d = json.loads(l)
    name = os.path.basename(d["path"])[:-4]
    out = subprocess.run([trawl, "--store", store, "show", d["id"], "--json"],
                         capture_output=True).stdout.decode()
    got[name] = squeeze("".join(json.loads(x)["text"] for x in out.splitlines()))
def cer(read):
    e = n = 0
    for k, a in ref.items():
        if a:
            e += dist(a, read(k)); n += len(a)
    return 100.0 * e / n
def tess(d):
    def read(k):
        p = os.path.join(work, d, k + ".txt")
        return squeeze(open(p, encoding="utf-8").read()) if os.path.exists(p) else ""
    return read
print("%.2f %.2f %.2f" % (cer(lambda k: got.get(k, "")), cer(tess("tess")), cer(tess("tess1"))))
PY
read -r CT CP CS <"$WORK/acc.txt"

# ---- 2. born-digital ingest, OCR on and off
log "generating a corpus of $N born-digital documents"
"$BUILD/bench/gencorpus" "$WORK/corpus" "$N" 1 >/dev/null
find "$WORK/corpus" -type f -exec cat {} + >/dev/null
: >"$WORK/t.on"; : >"$WORK/t.off"
for r in $(seq 1 "$RUNS"); do
    rm -rf "$STORES/s1" "$STORES/s2"
    secs "$TRAWL" --store "$STORES/s1" add --jobs "$JOBS" "$WORK/corpus" >>"$WORK/t.on"
    secs "$TRAWL" --store "$STORES/s2" add --jobs "$JOBS" --no-ocr "$WORK/corpus" >>"$WORK/t.off"
    log "run $r (wall cpu): OCR on $(tail -1 "$WORK/t.on"), off $(tail -1 "$WORK/t.off")"
done
ON=$(cut -d' ' -f1 "$WORK/t.on" | median); OFF=$(cut -d' ' -f1 "$WORK/t.off" | median)
ONC=$(cut -d' ' -f2 "$WORK/t.on" | median); OFFC=$(cut -d' ' -f2 "$WORK/t.off" | median)

echo
echo "OCR benchmark: $n pages (300 dpi PNG), languages $LANGS, $JOBS cores, $RUNS runs, medians"
echo "(load average before: $LOAD0; after: $(cut -d' ' -f1 /proc/loadavg); trawl's stores in $STORES)"
row() { # name wall cpu cer
    printf '  %-36s %7.2f %9.2f %8.2f %10.2f %7.2f%%\n' "$1" "$2" "$(awk -v n=$n -v t="$2" 'BEGIN{print n/t}')" \
        "$3" "$(awk -v n=$n -v t="$3" 'BEGIN{print n/t}')" "$4"
}
printf '  %-36s %7s %9s %8s %10s %8s\n' "" "wall s" "pages/s" "cpu s" "pages/cpu-s" "CER"
row "trawl add --jobs $JOBS" "$T" "$TC" "$CT"
row "tesseract x$JOBS (OMP_THREAD_LIMIT=1)" "$P" "$PC" "$CP"
row "tesseract, one at a time (OpenMP)" "$S" "$SC" "$CS"
awk -v t="$T" -v p="$P" -v s="$S" -v tc="$TC" -v pc="$PC" -v sc="$SC" 'BEGIN{
    b = p < s ? p : s; bc = pc < sc ? pc : sc
    printf "  trawl / fastest tesseract: %.2fx by the wall clock, %.2fx by CPU time (goal >= 1.0x)\n", b / t, bc / tc}'
echo "Born-digital ingest ($N documents): OCR on $ON s ($ONC cpu), --no-ocr $OFF s ($OFFC cpu)"
awk -v a="$ON" -v b="$OFF" -v ac="$ONC" -v bc="$OFFC" 'BEGIN{
    printf "  OCR on costs %+.1f%% by the wall clock, %+.1f%% by CPU time (goal < 5%%)\n",
        100 * (a / b - 1), 100 * (ac / bc - 1)}'
