# Allocation failures over the parse path of every format (reader and
# facts stage), in one process and one thread, so each N is the same
# allocation on every run (tests/fault/alloc_parse.c): each run fails, or
# gives exactly the documents and facts of the run without faults. This
# is where a reader that loses text on a failed allocation and still
# succeeds shows (a title, a page, a sheet name: stored short, and
# "unchanged" when added again). DOCX and XLSX also fail libxml2's
# allocations (--xml). DOCX, XLSX and PDF are sampled (MuPDF makes
# thousands); make test-alloc tries every N of every file.
. "$TESTS/fault/lib.bash"
prog="$BUILD/tests/alloc-parse"
[ -x "$prog" ] || fail "$prog is missing (built with -Dfault_injection=true)"
ex="$ROOT/examples"
rc=0
run() {
	"$prog" "$@" >ap.out 2>&1 || rc=1
	grep -aE 'allocations, [0-9]+ runs' ap.out | sed "s|$ROOT/||"
	if grep -aqE '^PROBLEM|ERROR: (Address|Leak)Sanitizer|runtime error' ap.out; then
		grep -aE '^PROBLEM' ap.out | head -20
		grep -aA30 'ERROR: \(Address\|Leak\)Sanitizer\|runtime error' ap.out | head -60
		rc=1
	fi
}
fx="$TESTS/fixtures"
run "$ex"/*.txt "$ex"/*.csv "$ex"/*.html "$ex"/*.json "$ex"/*.xls "$fx"/sheets/*.xls \
	"$fx"/sheets/*.xlsx "$fx"/sheets/*.docx "$fx"/sheets/*.html "$fx"/html/*.html
run --xml --first 30 --every "${ALLOC_XML_EVERY:-5}" "$ex"/*.docx "$ex"/*.xlsx
run --first 30 --every "${ALLOC_PDF_EVERY:-29}" "$ex/port_calder_award_notice_PCHA-2024-041.pdf"
[ "$rc" = 0 ] || fail "some runs failed the checks (above)"
