# A reader that hangs (TRAWL_FAULTS=reader-hang: an endless loop in the
# reader process) is stopped at the wall-clock limit (--reader-timeout 2):
# the 7 good files beside it are stored, one error line names the file and
# says the reader exceeded 2 s, exit 1, tmp/ is empty, verify passes.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
for i in 1 2 3 4 5 6 7; do
	printf 'Good notice %d\nThe council approved budget line %d.\n' "$i" "$i" >in/good-$i.txt
done
printf 'This file makes the reader loop forever.\n' >in/bad-hang.txt
# (the bound only keeps a broken timeout from hanging the suite)
TRAWL_FAULTS=reader-hang:bad-hang run_add_bounded 120 2000 "a hanging reader" \
	--reader-timeout 2 in
expect_status 1
expect_summary 7 0 0 1
expect_line error in/bad-hang.txt 'reader exceeded 2 s'
[ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr"
expect_listed in/good-1.txt in/good-7.txt
[ -z "$(ls -A "$TRAWL_STORE/tmp")" ] || fail "tmp/ is not empty: $(ls -A "$TRAWL_STORE/tmp")"
check_intact
