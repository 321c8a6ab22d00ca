# Allocation failures over trawl add of a folder of every format, into a new store and into one that holds half of it:
# a bounded sample of the sweep in tests/fault/alloc.bash (the first
# allocations, then about ALLOC_SAMPLE more spread over the rest). Each
# run fails cleanly or succeeds, never crashes or leaks; see alloc.bash
# for what is checked, and make test-alloc for every allocation.
. "$TESTS/fault/alloc.bash"
A="$TMP/alloc"
alloc_setup || exit 1
rc=0
for c in add-new add; do
	alloc_sweep "$c" 10 "sample:${ALLOC_SAMPLE:-12}" || rc=1
done
exit $rc
