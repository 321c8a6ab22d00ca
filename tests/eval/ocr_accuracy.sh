#!/usr/bin/env bash
# OCR accuracy, the fuller measurement (make eval): every page of the
# born-digital PDFs in examples/ (two budgets, a notice, an English award)
# and of tests/fixtures/ocr (an award notice, a table of final accounts, a
# notice, a small-print budget table, a procurement list, a statistics
# bulletin, a settlement statement: Song, Hei, WenQuanYi and monospaced
# faces, 9 to 16 points, figures from a seeded generator) is printed to
# pixels with tools/scan at 300 dpi, at 200 dpi, at 150 dpi with noise, a
# blur and a half-degree skew (two noise seeds), and at 100, 120 and 200
# dpi with other noise seeds and a skew of 1.5, -1 and 2 degrees; wrapped
# as image-only PDFs and read back by trawl. Each reading is compared with the born-digital text
# (tests/prop/ocr_compare.py): character error rate, white space aside, and
# the share of the born-digital money facts found with the same value.
#
#   bash tests/eval/ocr_accuracy.sh [BUILD]      (BUILD: default build)
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BUILD=${1:-build}
TRAWL=$ROOT/$BUILD/trawl
SCAN=$ROOT/$BUILD/tests/scan
[ -x "$TRAWL" ] && [ -x "$SCAN" ] || { echo "build $BUILD first (make)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trawl-ocr-eval.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
srcs=()
for f in examples/bianjian_zhidui_2024_bumen_yusuan.pdf examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf \
         examples/caizhengting_yusuan_gongkai_tongzhi.bin examples/port_calder_award_notice_PCHA-2024-041.pdf \
         tests/fixtures/ocr/award_notice.pdf tests/fixtures/ocr/final_accounts.pdf tests/fixtures/ocr/notice.pdf \
         tests/fixtures/ocr/budget_small.pdf tests/fixtures/ocr/procurement.pdf \
         tests/fixtures/ocr/bulletin.pdf tests/fixtures/ocr/statement.pdf; do
	b=$(basename "$f"); b=${b%.*}
	cp "$f" "$WORK/in/$b.pdf"
	srcs+=("$b")
done
# name and tools/scan options of each variant
variants="300 200 150n1 150n2 100k 120k 200k"
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
		r=$(/usr/bin/python3 tests/prop/ocr_compare.py "$TRAWL" "$WORK/st" "$WORK/in/$b.pdf" \
			"$WORK/in/s$v-$b.pdf" | tail -n 1)
		line="$line $(echo "$r" | awk '{printf "%4.1f%%/%3.0f%%", $2, $4}')"
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
