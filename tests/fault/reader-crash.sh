# A reader that crashes (the test-only reader of TRAWL_FAULTS=reader-crash,
# which calls abort() in the reader process) costs its file only: the 7
# good files beside it are stored, one error line names the bad file and
# says the reader crashed, exit 1, the store's tmp/ is empty afterwards and
# verify passes. Then several crashing files with one job: each is named,
# and a new reader takes over after each crash.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
for i in 1 2 3 4 5 6 7; do
	printf 'Good notice %d\nThe council approved budget line %d.\n' "$i" "$i" >in/good-$i.txt
done
printf 'This file makes the reader crash.\n' >in/bad-crash.txt
TRAWL_FAULTS=reader-crash:bad-crash run_add in
expect_status 1
expect_summary 7 0 0 1
expect_line error in/bad-crash.txt 'reader crashed \(SIGABRT\)'
[ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr"
expect_listed in/good-1.txt in/good-2.txt in/good-3.txt in/good-4.txt in/good-5.txt \
	in/good-6.txt in/good-7.txt
expect_not_listed in/bad-crash.txt
[ -z "$(ls -A "$TRAWL_STORE/tmp")" ] || fail "tmp/ is not empty: $(ls -A "$TRAWL_STORE/tmp")"
check_intact

# one job: every crash gets a new reader, and the good files still go in
mkdir more
for i in 1 2 3; do
	printf 'Crash %d\n' "$i" >more/bad-crash-$i.txt
	printf 'Good after crash %d\n' "$i" >more/good-$i.txt
done
TRAWL_FAULTS=reader-crash:bad-crash run_add --jobs 1 more
expect_status 1
expect_summary 3 0 0 3
for i in 1 2 3; do
	expect_line error more/bad-crash-$i.txt 'reader crashed'
done
expect_listed more/good-1.txt more/good-2.txt more/good-3.txt
[ -z "$(ls -A "$TRAWL_STORE/tmp")" ] || fail "tmp/ is not empty: $(ls -A "$TRAWL_STORE/tmp")"
check_intact
