# An empty file fails with one error line; the other files of the run are added.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
: >in/empty.txt
echo "a good file beside the empty one" >in/good.txt
run_add in
expect_status 1
expect_line error in/empty.txt 'empty|0 bytes'
expect_summary 1 0 0 1
expect_listed in/good.txt
expect_not_listed in/empty.txt
check_intact
