# A file deleted between the folder walk and its reading
# (TRAWL_FAULTS=unlink-after-scan:NAME): one error line naming it.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
echo "this file vanishes" >in/gone.txt
echo "a good file beside the vanishing one" >in/good.txt
TRAWL_FAULTS=unlink-after-scan:gone.txt run_add in
[ -e in/gone.txt ] && fail "the unlink-after-scan fault did not delete in/gone.txt (built without -Dfault_injection=true?)"
expect_status 1
expect_line error in/gone.txt 'no such|deleted|not found|vanish|missing'
expect_summary 1 0 0 1
expect_listed in/good.txt
expect_not_listed in/gone.txt
check_intact

# a path on the command line that never existed, beside a good one
echo "another good file" >good2.txt
run_add no-such-file.txt good2.txt
expect_status 1
expect_line error no-such-file.txt 'no such|not found|missing'
expect_summary 1 0 0 1
expect_listed good2.txt
check_intact
