# Hostile text for the extractors: 3 MB in which every other character
# starts a number ("1a1a1a...", then "1万2亿3元..." runs), read in bounded
# time and memory, with the facts it does state.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
awk 'BEGIN { for (i = 0; i < 30000; i++) { for (k = 0; k < 50; k++) printf "1a"; printf "\n" } }' >in/flood.txt
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%d万%d亿%d元,", i, i % 7, i % 13; print "" }' >in/units.txt
run_add_bounded 120 400 "3 MB of numerals" in
expect_status 0
expect_summary 2 0 0 0
n=$("$TRAWL" facts --doc in/units.txt --kind money | wc -l)
[ "$n" -ge 19999 ] || fail "only $n money facts in in/units.txt, expected 19999 (all but 0万0亿0元)"
check_intact
