#!/usr/bin/env bash
# Comparison and report benchmarks (part of `make bench`).
#
#   bash bench/compare.sh
#
# - trawl diff of two budgets of 5,000 line items each (goal: under 1 s);
# - trawl report over 100,000+ money facts (goal: under 2 s).
# Medians of 5 runs. Environment: BENCH_BUILD (default build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-${BENCH_BUILD:-build-bench}}
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" >/dev/null
T="$BUILD/trawl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timeit() { # runs "$@" 5 times, prints the median wall seconds
	for i in 1 2 3 4 5; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		awk -v e="$e" -v s="$s" 'BEGIN { print e - s }'
	done | median
}

# two budgets of 5,000 line items: code, name, amount; 5% dropped, 5% new,
# a third of the amounts changed
mkdir -p "$work/budgets"
for y in 2023 2024; do
	awk -v year=$y 'BEGIN {
		srand(year); print "科目编码,项目名称,金额"
		for (i = 0; i < 5300; i++) {
			if ((year == 2023 && i >= 5000) || (year == 2024 && i < 300)) continue
			amt = (rand() < 0.33 && year == 2024) ? int(rand() * 9000) + 1 : (i * 7919 % 9000) + 1
			printf "%d,项目%d,%d.%02d\n", 2040000 + i, i, amt, i % 100
		}
	}' >"$work/budgets/budget-$y.csv"
done
"$T" --store "$work/st" add "$work/budgets" >/dev/null
items=$("$T" --store "$work/st" facts --kind item | wc -l)
summary=$("$T" --store "$work/st" diff budget-2023.csv budget-2024.csv | tail -1)
d=$(timeit "$T" --store "$work/st" diff budget-2023.csv budget-2024.csv)
printf 'diff: %d line items in the two budgets; %s\n' "$items" "$summary"
printf 'diff: median %.3f s   (goal < 1 s)\n' "$d"

# a report over many money facts: a generated corpus
N=${REPORT_DOCS:-1500}
"$BUILD/bench/gencorpus" "$work/corpus" "$N" 1 >/dev/null
"$T" --store "$work/rs" add "$work/corpus" >/dev/null
facts=$("$T" --store "$work/rs" facts --kind money | wc -l)
r=$(timeit "$T" --store "$work/rs" report --by year)
h=$(timeit "$T" --store "$work/rs" report --by place --html "$work/r.html")
printf 'report: %d money facts (%d documents generated)\n' "$facts" "$N"
printf 'report --by year: median %.3f s; --html: median %.3f s   (goal < 2 s at 100,000 facts)\n' "$r" "$h"
