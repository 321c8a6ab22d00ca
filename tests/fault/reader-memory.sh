# A reader that eats memory (TRAWL_FAULTS=reader-oom) stops at its limit
# (--reader-memory 64): one error line names the file and the limit, the
# good files are stored, exit 1, verify passes.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
for i in 1 2 3; do
	printf 'Good notice %d\n' "$i" >in/good-$i.txt
done
printf 'This file makes the reader allocate without end.\n' >in/bad-oom.txt
TRAWL_FAULTS=reader-oom:bad-oom run_add --reader-memory 64 in
expect_status 1
expect_summary 3 0 0 1
expect_line error in/bad-oom.txt 'reader ran out of memory \(limit 64 MiB\)'
[ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr"
expect_listed in/good-1.txt in/good-2.txt in/good-3.txt
[ -z "$(ls -A "$TRAWL_STORE/tmp")" ] || fail "tmp/ is not empty: $(ls -A "$TRAWL_STORE/tmp")"
check_intact
