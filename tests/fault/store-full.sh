# The store's database can't grow (disk full): trawl add stops with exit 2
# and one line that says which file could not be recorded and gives
# SQLite's own message, not a guess; what was stored before is intact, and
# the same add run again later stores everything.
#  1. TRAWL_FAULTS=store-full: SQLite's max_page_count caps the database
#     at its current size (SQLITE_FULL, as on a full disk);
#  2. as root, a real full disk: the store on a 2 MiB tmpfs (skipped when
#     mounting is not allowed).
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
# (each a few pages of the database: too big to fit in the free room of its pages)
for i in 1 2 3; do
	for k in $(seq 1 300); do
		printf 'Notice %d line %d: the council awarded contract %d-%d to Calder Marine Works.\n' "$i" "$k" "$i" "$k"
	done >in/n$i.txt
done
TRAWL_FAULTS=store-full run_add in
expect_status 2
grep -E "^trawl: $TRAWL_STORE: can't record in/n[123]\.txt: .*database or disk is full" err >/dev/null ||
	fail "no line saying which file could not be recorded, with SQLite's message"
grep -qiE 'locked|disk is full\?' err && fail "the message still guesses: $(cat err)"
[ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr"
expect_not_listed in/n1.txt in/n2.txt in/n3.txt
check_intact
run_add in
expect_status 0
expect_summary 3 0 0 0
check_intact

# 1b. the database fills after some files of a batch were recorded: the
# summary counts what is stored (nothing of that batch), keeps the failure
# that is one, and the error line says how many files are not stored
# (it said "5 added" for files rolled back)
mkdir in2
for i in 1 2 3 4 5; do printf 'Short note %d on the harbour.\n' "$i" >in2/a$i.txt; done
cp "$ROOT/tests/fault/fixtures/corrupt.docx" in2/b-corrupt.docx
for i in 1 2; do
	for k in $(seq 1 300); do
		printf 'Tender %d item %d: dredging of berth %d-%d at Port Calder.\n' "$i" "$k" "$i" "$k"
	done >in2/z$i.txt
done
TRAWL_FAULTS=store-full run_add --jobs 1 in2
expect_status 2
expect_summary 0 0 0 1
grep -qE '\(0 documents, ' out || fail "the summary counts documents that were rolled back: $(cat out)"
grep -qE "^trawl: $TRAWL_STORE: can't record in2/z1\.txt: .*database or disk is full.*; 7 files are not stored" err ||
	fail "no line saying which file could not be recorded and that 7 files are not stored: $(cat err)"
[ "$(grep -c "^trawl: $TRAWL_STORE:" err)" = 1 ] || fail "expected one line about the store"
expect_not_listed in2/a1.txt in2/z1.txt
check_intact
run_add --jobs 1 in2
expect_status 1
expect_summary 7 0 0 1
check_intact

# 1c. trawl refresh whose commit fails: what it says was re-read is what is
# stored (nothing), and the rest is said not re-read (it said "12 files
# re-read")
TRAWL_FAULTS=commit-fails "$TRAWL" refresh --all --jobs 1 >out 2>err
status=$?
no_sanitizer_report err
expect_status 2
grep -qE '^0 files re-read \(0 documents\), 0 failed' out || fail "refresh summary: $(cat out)"
grep -qE "can't commit: disk I/O error.*; 12 originals are not re-read" err || fail "refresh: no count of the originals not re-read: $(cat err)"
check_intact
"$TRAWL" refresh --all --jobs 1 >out 2>err
grep -qE '^12 files re-read \(12 documents\), 0 failed' out || fail "refresh after the fault: $(cat out)"
check_intact

# 2. a real full disk
if [ "$(id -u)" = 0 ] && mkdir -p small && mount -t tmpfs -o size=2m tmpfs small 2>/dev/null; then
	trap 'umount "$TMP/small" 2>/dev/null' EXIT
	mkdir big
	for i in $(seq 1 12); do
		/usr/bin/python3 -c "import random, sys
random.seed($i)
w = ['budget', 'contract', 'harbour', 'council', 'dredging', 'award']
sys.stdout.write(' '.join(random.choice(w) + str(random.randrange(10**6)) for _ in range(40000)))" >big/b$i.txt
	done
	TRAWL_STORE="$TMP/small/store" run_add big
	[ "$status" != 0 ] || fail "a full disk: trawl add exited 0"
	grep -qE 'No space left on device|database or disk is full' err ||
		fail "a full disk: no message from the system or SQLite: $(cat err)"
	grep -qiE 'locked by another' err && fail "the message still guesses: $(cat err)"
	TRAWL_STORE="$TMP/small/store" "$TRAWL" verify >verify.out 2>verify.err
	no_sanitizer_report verify.err
	echo "note: full tmpfs: exit $status; $(head -n 2 err | tr '\n' ' ')"
	umount small
	trap - EXIT
else
	echo "note: not root or no tmpfs mount: the real full-disk case is skipped"
fi
