# trawl diff of two budget tables with an item-code column agrees exactly
# with a diff computed straight from the CSV rows, matched by code.
set -u
gen() { # SEED YEAR: year,code,amount,name rows; some codes dropped, some changed
	awk -v seed="$1" -v year="$2" 'BEGIN {
		srand(seed); print "year,code,amount,name,dept"
		for (i = 0; i < 900; i++) {
			base = 20401000 + i * 10
			r = rand()
			# each year drops about 8% of the codes, at random
			if (r < 0.08) continue
			code = (i % 50 == 7) ? sprintf("%dA%03d", 391101 + i, i) : sprintf("%d", base)
			amt = (int(rand() * 5) == 0) ? 1000 * (i * 37 % 9000 + 1) : 1000 * int(rand() * 900000)
			printf "%d,%s,%d,item %d 細項,部門%d\n", year, code, amt, i, i % 17
		}
	}'
}
mkdir -p "$TMP/in"
gen 11 2022 >"$TMP/in/budget-2022.csv"
gen 12 2023 >"$TMP/in/budget-2023.csv"
"$TRAWL" --store "$TMP/st" add "$TMP/in" >/dev/null || { echo "add failed"; exit 1; }
"$TRAWL" --store "$TMP/st" diff budget-2022.csv budget-2023.csv --csv --all >"$TMP/diff.csv" || exit 1
# expected: code -> status a b, from the rows themselves
awk -F, 'FNR == 1 { next }
	FILENAME ~ /2022/ { a[$2] = $3 }
	FILENAME ~ /2023/ { b[$2] = $3 }
	END {
		for (c in a) if (!(c in b)) print c, "removed", a[c], "-"
		for (c in b) if (!(c in a)) print c, "added", "-", b[c]
		for (c in a) if (c in b) print c, (a[c] == b[c] ? "unchanged" : "changed"), a[c], b[c]
	}' "$TMP/in/budget-2022.csv" "$TMP/in/budget-2023.csv" | sort >"$TMP/expected"
# got: from trawl's CSV (kind,status,item,code,column,a_amount,...,b_amount,...)
awk -F, 'NR > 1 && $1 == "item" { print $4, $2, ($6 == "" ? "-" : $6), ($11 == "" ? "-" : $11) }' \
	"$TMP/diff.csv" | sort >"$TMP/got"
n=$(wc -l <"$TMP/expected")
if ! diff "$TMP/expected" "$TMP/got" >"$TMP/d"; then
	echo "trawl diff disagrees with the CSV rows ($n expected rows):"
	head -20 "$TMP/d"
	exit 1
fi
grep -q "matched by item code" <("$TRAWL" --store "$TMP/st" diff budget-2022.csv budget-2023.csv) ||
	{ echo "not matched by code"; exit 1; }
echo "$n rows agree: $(awk '{print $2}' "$TMP/expected" | sort | uniq -c | tr '\n' ' ')"
