# A spreadsheet-sized table (100,000 rows, one amount each) is read in
# bounded time and memory: every row becomes a line item with its label
# and code, and the amounts keep the unit of the column header.
# (Both the line items and the store's character offsets were once
# quadratic in the size of a table: this took minutes. The bound below is
# ten times what it takes now, under the sanitizers.)
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
awk 'BEGIN {
	print "项目编码,项目名称,预算金额(万元),备注"
	for (i = 0; i < 100000; i++)
		printf "%07d,项目%d,%d.%02d,无\n", 2000000 + i, i, (i * 7919) % 9999 + 1, i % 100
}' >in/big.csv
# (a release build peaks at ~155 MiB)
run_add_bounded 90 400 "a 100,000-row table" in
expect_status 0
expect_summary 1 0 0 0
"$TRAWL" facts --kind item --csv >items.csv 2>items.err || fail "trawl facts failed: $(cat items.err)"
rows=$(($(wc -l <items.csv) - 1))
[ "$rows" = 100000 ] || fail "$rows line items, expected 100000"
grep -q ',项目99999,' items.csv || fail "the last row's line item is missing: $(tail -n 2 items.csv)"
"$TRAWL" facts --kind item --json | grep -F '"label":"项目12345"' >item.json ||
	fail "no line item labelled 项目12345"
grep -qF '"code":"2012345"' item.json || fail "the item has no code 2012345: $(cat item.json)"
grep -qF '"value":"98324500"' item.json || fail "项目12345 is not 9832.45万元 = 98324500 yuan: $(cat item.json)"

# A wide table: 200 rows of 2,000 amounts each (each amount once looked
# for its label across the whole row: minutes).
mkdir wide
awk 'BEGIN {
	printf "项目"; for (c = 0; c < 2000; c++) printf ",金额%d(元)", c; print ""
	for (r = 0; r < 200; r++) {
		printf "项目%d", r; for (c = 0; c < 2000; c++) printf ",%d", r * 7 + c; print ""
	}
}' >wide/wide.csv
run_add_bounded 60 400 "a table 2,000 amounts wide" wide
expect_status 0
n=$("$TRAWL" facts --doc wide/wide.csv --kind item | wc -l)
[ "$n" = 400000 ] || fail "$n line items in the wide table, expected 400000"
"$TRAWL" facts --doc wide/wide.csv --kind item --json | grep -F '"label":"项目199"' | tail -n 1 >last.json
grep -qF '"value":"3392"' last.json && grep -qF '"column":"金额1999(元)"' last.json ||
	fail "the last amount of the last row is not 3392 yuan under 金额1999(元): $(cat last.json)"
check_intact
