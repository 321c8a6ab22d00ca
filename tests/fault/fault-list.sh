# TRAWL_FAULTS holds comma-separated items, and every item applies: here
# eacces:locked.txt before unlink-after-scan:gone.txt, then the other order.
. "$TESTS/fault/lib.bash"
seed_store
n=0
for faults in "eacces:locked.txt,unlink-after-scan:gone.txt" \
	"unlink-after-scan:gone.txt,eacces:locked.txt"; do
	n=$((n + 1))
	rm -rf in
	mkdir in
	echo "secret words $faults" >in/locked.txt
	echo "this file vanishes" >in/gone.txt
	# a new name each round: the same path with new bytes would be a new version
	echo "good $faults" >in/good-$n.txt
	TRAWL_FAULTS=$faults run_add in
	[ -e in/gone.txt ] && fail "TRAWL_FAULTS=$faults: in/gone.txt was not deleted"
	expect_status 1
	expect_line error in/locked.txt 'permission|denied|access'
	expect_line error in/gone.txt 'no such|deleted|not found|vanish|missing'
	expect_summary 1 0 0 2
done
check_intact
