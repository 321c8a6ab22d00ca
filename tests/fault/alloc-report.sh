# Allocation failures over trawl report: the JSON rows (--by agency
# --json) and the HTML report with its "what is new" section (--html).
# A bounded sample of the sweep in tests/fault/alloc.bash (the first
# allocations, then about ALLOC_SAMPLE more spread over the rest): each
# run fails cleanly or prints (and writes) exactly what the run without
# faults does; see alloc.bash, and make test-alloc for every allocation.
. "$TESTS/fault/alloc.bash"
A="$TMP/alloc"
alloc_setup || exit 1
rc=0
for c in report report-html; do
	alloc_sweep "$c" 10 "sample:${ALLOC_SAMPLE:-30}" || rc=1
done
exit $rc
