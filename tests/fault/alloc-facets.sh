# Allocation failures over the facet counts' table (tests/fault/
# alloc_facets.c): every allocation of building it and counting with it
# (directly, through the complement, on two threads) fails in turn; each
# run gives out of memory or exactly the counts without faults, and never
# crashes or leaks.
. "$TESTS/fault/lib.bash"
prog="$BUILD/tests/alloc-facets"
[ -x "$prog" ] || fail "$prog is missing (built with -Dfault_injection=true)"
"$prog" >af.out 2>&1
st=$?
cat af.out | grep -aE 'allocations, [0-9]+ runs'
if [ $st -ne 0 ] || grep -aqE '^PROBLEM|ERROR: (Address|Leak)Sanitizer|runtime error' af.out; then
	grep -aE '^PROBLEM' af.out | head -20
	grep -aA30 'ERROR: \(Address\|Leak\)Sanitizer\|runtime error' af.out | head -60
	fail "some runs failed the checks (above)"
fi
