# Zip bombs (fixtures made by fixtures/make-fixtures.py), each run with a good
# file beside it:
#   bomb.docx        word/document.xml inflates to 272 MiB (size stated honestly)
#   bomb-liar.docx   the same, but both zip headers state 4000 bytes
#   bomb.xlsx        xl/worksheets/sheet1.xml inflates to 272 MiB
#   bomb-split.xlsx  two sheets of ~139 MiB: each under the 256 MiB per-container
#                    cap, together over it
# Each must fail with one error line that mentions the limit, and trawl's
# peak RSS must stay under 600 MiB (with ASan).
. "$TESTS/fault/lib.bash"
seed_store
bad=0
for f in bomb.docx bomb-liar.docx bomb.xlsx bomb-split.xlsx; do
	d="in-${f%%.*}-${f##*.}"
	mkdir "$d"
	cp "$FIX/$f" "$d/$f"
	echo "a good file beside $f" >"$d/good.txt"
	run_add "$d"
	(
		expect_status 1
		expect_line error "$d/$f" 'limit'
		expect_summary 1 0 0 1
		expect_listed "$d/good.txt"
		expect_not_listed "$d/$f"
		expect_rss_below 600 "$f"
	) || bad=1
done
[ $bad = 0 ] || { echo "FAIL: see above"; exit 1; }
check_intact
