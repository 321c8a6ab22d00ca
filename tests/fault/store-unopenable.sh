# A store that can't be opened: exit 2 with a message, and nothing changed.
#  - --store naming a regular file;
#  - a trawl.db overwritten with garbage;
#  - a trawl.db whose header is intact but whose pages are garbage.
. "$TESTS/fault/lib.bash"
echo "a file to add" >good.txt

expect_msg() { # WHAT
	[ -s err ] || fail "$1: no message on stderr"
	no_sanitizer_report err
}

# 1. a regular file
echo "not a store" >plain
cp plain plain.orig
for cmd in "add good.txt" "ls" "verify" "show good.txt"; do
	"$TRAWL" --store plain $cmd >out 2>err
	status=$?
	expect_status 2
	expect_msg "--store FILE $cmd"
	grep -qF plain err || fail "--store FILE $cmd: the message does not name the store: $(cat err)"
done
cmp -s plain plain.orig || fail "the regular file given as --store was changed"

# 2. trawl.db all garbage
seed_store
rm -f "$TRAWL_STORE"/trawl.db-wal "$TRAWL_STORE"/trawl.db-shm
head -c 65536 /dev/urandom >"$TRAWL_STORE/trawl.db"
sha256sum "$TRAWL_STORE/trawl.db" >db.sum
for cmd in "add good.txt" "ls" "ls --json" "verify" "show $TMP/seed/pre.txt"; do
	"$TRAWL" $cmd >out 2>err
	status=$?
	expect_status 2
	expect_msg "garbage trawl.db: $cmd"
done
sha256sum -c --quiet db.sum >/dev/null 2>&1 || fail "the damaged trawl.db was changed by trawl"

# 3. a valid SQLite header, garbage after the first page
export TRAWL_STORE="$TMP/store3"
"$TRAWL" add "$ROOT/examples" >/dev/null 2>&1 || fail "can't make store3"
"$TRAWL" verify >/dev/null 2>&1 || fail "store3 does not verify before the damage"
size=$(wc -c <"$TRAWL_STORE/trawl.db")
[ "$size" -gt 8192 ] || fail "store3's trawl.db is only $size bytes"
head -c $((size - 4096)) /dev/urandom | dd of="$TRAWL_STORE/trawl.db" bs=4096 seek=1 conv=notrunc status=none
rm -f "$TRAWL_STORE"/trawl.db-wal "$TRAWL_STORE"/trawl.db-shm
"$TRAWL" add good.txt >out 2>err
status=$?
no_sanitizer_report err
expect_status 2
expect_msg "damaged pages: add"
"$TRAWL" ls >out 2>err
status=$?
no_sanitizer_report err
[ "$status" = 1 ] || [ "$status" = 2 ] || fail "damaged pages: ls exited $status, expected 1 or 2"
expect_msg "damaged pages: ls"
"$TRAWL" verify >out 2>err
status=$?
no_sanitizer_report err
[ "$status" = 1 ] || [ "$status" = 2 ] || fail "damaged pages: verify exited $status, expected 1 or 2"
grep -q 'error' err || fail "damaged pages: verify did not report an error"
