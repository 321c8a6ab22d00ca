# A 1 GiB file of random bytes fails fast as "unsupported format", without
# reading it all: within 60 s and with small memory.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
trap 'rm -f "$TMP/in/big.bin"' EXIT
head -c 1G /dev/urandom >in/big.bin || fail "can't make a 1 GiB file here"
echo "a good file beside the huge one" >in/good.txt
start=$(date +%s)
run_add in
took=$(($(date +%s) - start))
rm -f in/big.bin
[ "$took" -le 60 ] || fail "trawl add took ${took}s for a 1 GiB random file"
expect_status 1
expect_line error in/big.bin 'unsupported format'
expect_summary 1 0 0 1
expect_listed in/good.txt
expect_not_listed in/big.bin
expect_rss_below 300 "a 1 GiB random file"
check_intact
