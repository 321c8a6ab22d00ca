#!/usr/bin/env bash
# OCR accuracy, the fuller measurement (make eval): every page of the
# born-digital PDFs in examples/ (two budgets, a notice, an English award)
# and of tests/fixtures/ocr (an award notice, a table of final accounts, a
# notice, a small-print budget table, a procurement list, a statistics
# bulletin, a settlement statement, tables with shaded header cells: Song,
# Hei, WenQuanYi and monospaced faces, 9 to 16 points, figures from a
# seeded generator) is printed to
# pixels with tools/scan at 300 dpi, at 200 dpi, at 150 dpi with noise, a
# blur and a half-degree skew (two noise seeds), and at 100, 120 and 200
# dpi with other noise seeds and a skew of 1.5, -1 and 2 degrees; wrapped
# as image-only PDFs and read back by trawl. Each reading is compared with the born-digital text
# (tests/prop/ocr_compare.py): character error rate, white space aside, and
# the share of the born-digital money facts found with the same value.
#
#   bash tests/eval/ocr_accuracy.sh [BUILD]      (BUILD: default build)
#
# OCR_EVAL_VARIANTS="100k 150n1" measures those variants alone (names as in
# `variants` below); OCR_EVAL_KEEP=DIR keeps the scans, the store and each
# document's amounts with their confidence (conf-VARIANT-DOC) in DIR.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BUILD=${1:-build}
TRAWL=$ROOT/$BUILD/trawl
SCAN=$ROOT/$BUILD/tests/scan
[ -x "$TRAWL" ] && [ -x "$SCAN" ] || { echo "build $BUILD first (make)" >&2; exit 2; }
if [ -n "${OCR_EVAL_KEEP:-}" ]; then
	WORK=$OCR_EVAL_KEEP
	mkdir -p "$WORK" && [ -z "$(ls -A "$WORK")" ] || { echo "$WORK: not an empty directory" >&2; exit 2; }
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/trawl-ocr-eval.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/in"
srcs=()
for f in examples/bianjian_zhidui_2024_bumen_yusuan.pdf examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf \
         examples/caizhengting_yusuan_gongkai_tongzhi.bin examples/port_calder_award_notice_PCHA-2024-041.pdf \
         tests/fixtures/ocr/award_notice.pdf tests/fixtures/ocr/final_accounts.pdf tests/fixtures/ocr/notice.pdf \
         tests/fixtures/ocr/budget_small.pdf tests/fixtures/ocr/procurement.pdf \
         tests/fixtures/ocr/bulletin.pdf tests/fixtures/ocr/statement.pdf \
         tests/fixtures/ocr/shaded_heads.pdf; do
	b=$(basename "$f"); b=${b%.*}
	cp "$f" "$WORK/in/$b.pdf"
	srcs+=("$b")
done
# name and tools/scan options of each variant
variants=${OCR_EVAL_VARIANTS:-300 200 150n1 150n2 100k 120k 200k}
opts() {
	case $1 in
	300) echo "--dpi 300" ;;
	200) echo "--dpi 200" ;;
	150n1) echo "--dpi 150 --noise 1" ;;
	150n2) echo "--dpi 150 --noise 2" ;;
	100k) echo "--dpi 100 --noise 3 --skew 1.5" ;;
	120k) echo "--dpi 120 --noise 4 --skew -1" ;;
	200k) echo "--dpi 200 --noise 5 --skew 2" ;;
	esac
}
for b in "${srcs[@]}"; do
	for v in $variants; do
		# shellcheck disable=SC2046
		"$SCAN" "$WORK/in/$b.pdf" "$WORK/in/s$v-$b.pdf" $(opts "$v") || exit 1
	done
done
start=$(date +%s)
"$TRAWL" --store "$WORK/st" add "$WORK/in" | tail -n 1
echo "(ingest with OCR took $(($(date +%s) - start)) s)"
echo
printf '%-36s' "document (CER / amounts agreeing)"
for v in $variants; do printf ' %10s' "$v"; done
echo
for b in "${srcs[@]}"; do
	line=$(printf '%-36s' "$b")
	for v in $variants; do
		r=$(OCR_CONF_DUMP="$WORK/conf-$v-$b" /usr/bin/python3 tests/prop/ocr_compare.py "$TRAWL" \
			"$WORK/st" "$WORK/in/$b.pdf" "$WORK/in/s$v-$b.pdf" | tail -n 1)
		line="$line $(echo "$r" | awk '{printf "%4.1f%%/%3.0f%%", $2, $4}')"
		cat "$WORK/conf-$v-$b" >>"$WORK/conf-$v" 2>/dev/null
	done
	echo "$line"
done
echo
for v in $variants; do
	args=()
	for b in "${srcs[@]}"; do args+=("$WORK/in/$b.pdf" "$WORK/in/s$v-$b.pdf"); done
	r=$(/usr/bin/python3 tests/prop/ocr_compare.py "$TRAWL" "$WORK/st" "${args[@]}" | tail -n 2 | head -n 1)
	echo "all, $v: $r"
done
# Shaded header cells (tests/fixtures/ocr/shaded_heads.pdf: three tables
# whose header row is grey, #d9d9d9, #bfbfbf and #a6a6a6, the last with a
# grey first column too): how many of its 13 headers (the title and each
# table's column heads) were read back whole.
echo
heads="东川县2025年部门预算执行情况表 项目 预算数 决算数 完成率% 支出功能分类科目 合计 基本支出 项目支出 单位名称 在职人数 车辆数 公用经费"
line=$(printf '%-36s' "shaded_heads: headers read of 13")
for v in $variants; do
	t=$("$TRAWL" --store "$WORK/st" show "$WORK/in/s$v-shaded_heads.pdf" --plain | tr -d ' \t')
	n=0
	for h in $heads; do
		case "$t" in *"$h"*) n=$((n + 1)) ;; esac
	done
	line="$line $(printf '%10s' "$n")"
done
echo "$line"
# How sure Tesseract was of the amounts it read right and wrong: the
# confidence of an amount's own words (the lowest), and how many of each a
# threshold marks uncertain (trawl's: TRAWL_OCR_UNSURE, the last column),
# and the figure that matters most: the wrong amounts trawl did NOT mark
# uncertain (a wrong figure at high confidence), with the right ones it did
# mark (a look at the page for nothing); by document where any are wrong
# and unmarked.
echo
for v in $variants; do cat "$WORK/conf-$v"; done >"$WORK/conf-all" 2>/dev/null
/usr/bin/python3 - "$WORK" $variants <<'PY'
import sys
work, variants = sys.argv[1], sys.argv[2:]
def load(f):
    try:
        return [l.split() for l in open(f, encoding="utf-8")]
    except OSError:
        return []
print("OCR'd amounts by their words' confidence: share of the wrong ones / of the right ones")
print("below each threshold, and what trawl marked uncertain")
ts = [30, 40, 50, 60, 70, 80, 90]
print("%-8s %6s %6s " % ("variant", "wrong", "right") + " ".join("%11s" % ("<%d" % t) for t in ts) +
      "     marked  wrong-unmarked  right-marked")
for v in variants + ["all"]:
    rows = load("%s/conf-%s" % (work, v))
    w = [float(r[0]) for r in rows if r[1] == "wrong"]
    r = [float(r[0]) for r in rows if r[1] == "right"]
    mw = sum(1 for x in rows if x[1] == "wrong" and x[3] == "1")
    mr = sum(1 for x in rows if x[1] == "right" and x[3] == "1")
    cells = ["%4.0f%%/%4.1f%%" % (100.0 * sum(1 for x in w if x < t) / max(len(w), 1),
                                 100.0 * sum(1 for x in r if x < t) / max(len(r), 1)) for t in ts]
    print("%-8s %6d %6d " % (v, len(w), len(r)) + " ".join("%11s" % c for c in cells) +
          "  %9s  %14d  %12d" % ("%d/%d" % (mw, mr), len(w) - mw, mr))
import glob, os
for v in variants:
    bad = []
    for f in sorted(glob.glob("%s/conf-%s-*" % (work, v))):
        rows = load(f)
        n = [x for x in rows if x[1] == "wrong" and x[3] == "0"]
        if n:
            bad.append("%s %d (%s)" % (os.path.basename(f)[len("conf-%s-" % v):], len(n),
                                       " ".join("%s@%s" % (x[2], x[0]) for x in n[:6])))
    if bad:
        print("wrong and not marked uncertain, %s: %s" % (v, "; ".join(bad)))
PY
