# SQLite running out of memory under trawl serve is said as "out of memory",
# never as a "store error" (SQLITE_NOMEM maps to TRAWL_ENOMEM in the store,
# and the server gives the store's own words). The server runs with its
# N-th allocation failing (TRAWL_FAULTS=alloc:N), for N sampled over the
# allocations its requests make (a document's API record and page, the
# facts as JSON and as a page), and each run must:
#   - answer every request with a 200, or a 500 that says "out of memory";
#     no answer says "store error";
#   - show no sanitizer report, and stop with exit 0 when told to.
# At least one run must have failed an allocation of SQLite's (the fault
# log says "sqlite N") and answered a 500 "out of memory": the path is
# reached. (The facet thread allocates too, so the N that hit SQLite vary
# a little from run to run: the sample is dense.)
. "$TESTS/fault/lib.bash"
. "$TESTS/fault/serve.bash"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$ROOT/tests/fault/lsan.supp:print_suppressions=0"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" "$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
id=$("$TRAWL" ls --json | grep -F bumen_yusuan.pdf | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
paths="/api/v1/documents/$id?text=1 /doc/$id /api/v1/facts?limit=20 /facts"

# one server: alloc:N (0: count only), the requests when $2 is 1
run() { # N REQUESTS
	rm -f log resp
	TRAWL_FAULTS=alloc:$1 TRAWL_FAULT_LOG=$PWD/log serve_start --threads 1
	if [ "$2" = 1 ]; then
		for p in $paths; do
			get "$p"
			# the code, and what the answer says of a failure
			says=-
			grep -q 'out of memory' body && says=oom
			grep -q 'store error' body && says=store-error
			printf '%s %s %s\n' "$p" "$code" "$says" >>resp
		done
	fi
	serve_stop
}
run 0 0
first=$(awk '$1 == "count" { n = $2 } END { print n + 0 }' log)
run 0 1
last=$(awk '$1 == "count" { n = $2 } END { print n + 0 }' log)
[ "$last" -gt "$first" ] || fail "the requests made no allocations ($first, $last)"
step=$(((last - first) / ${NOMEM_SAMPLE:-30}))
[ "$step" -lt 1 ] && step=1
runs=0 reached=0
for n in $(seq "$first" "$step" "$last"); do
	run "$n" 1
	runs=$((runs + 1))
	while read -r p c says; do
		[ "$says" = store-error ] && fail "alloc:$n: $p answered $c saying store error"
		[ "$c" = 200 ] && continue
		[ "$c" = 500 ] && [ "$says" = oom ] && continue
		fail "alloc:$n: $p answered $c, not a 200 nor a 500 out of memory"
	done <resp
	if grep -q '^sqlite ' log && grep -q ' 500 oom$' resp; then
		reached=$((reached + 1))
	fi
done
echo "$runs runs over allocations $first..$last; $reached failed in SQLite and answered out of memory"
[ "$reached" -ge 1 ] || fail "no run failed an allocation of SQLite's while answering"
