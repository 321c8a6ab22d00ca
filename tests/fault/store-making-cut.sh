# A run killed while it makes a new store leaves a store folder that works:
# the database appears whole (made in tmp/ and linked into place once its
# schema is committed), and a folder left with no database (killed before
# it was made) is finished by the next command, which says so. A folder
# that is not a store, or a store whose trawl.db was removed while it holds
# originals, is refused with a message, never taken for an empty store.
# Deterministic: TRAWL_FAULTS=cut-making-store kills trawl (SIGKILL) after
# the database is made and before it is linked into place.
. "$TESTS/fault/lib.bash"
mkdir -p corpus
for i in 1 2 3; do
	printf '中标公告 %d\n中标金额：%d.5万元\n' "$i" "$i" >corpus/n$i.txt
done

# 1. killed before the database is in place
export TRAWL_STORE="$TMP/cut"
TRAWL_FAULTS=cut-making-store "$TRAWL" add corpus >kill.out 2>kill.err
ks=$?
[ "$ks" = 137 ] || fail "trawl add was not killed while it made the store (exit $ks): $(cat kill.err)"
[ -d "$TRAWL_STORE" ] || fail "the store folder was not made"
[ ! -e "$TRAWL_STORE/trawl.db" ] || fail "a trawl.db is in place although the run was killed before linking it"
ls "$TRAWL_STORE/tmp" | grep -q '^newdb-' || fail "the half-made database is not in tmp/: $(ls -R "$TRAWL_STORE")"
"$TRAWL" verify >verify.out 2>verify.err
vs=$?
no_sanitizer_report verify.err
[ "$vs" = 0 ] || fail "verify on the store whose making was cut short exited $vs: $(cat verify.out verify.err)"
grep -q 'had no database' verify.err || fail "verify did not say the store had no database: $(cat verify.err)"
"$TRAWL" ls --json >ls.out 2>ls.err || fail "ls failed: $(cat ls.err)"
[ ! -s ls.out ] || fail "ls lists documents in a store nothing was added to: $(cat ls.out)"
grep -q 'had no database' ls.err && fail "ls said again that the store had no database: $(cat ls.err)"
run_add corpus
expect_status 0
expect_summary 3 0 0 0
ls "$TRAWL_STORE/tmp" | grep -q '^newdb-' && fail "the killed run's half-made database is still in tmp/: $(ls "$TRAWL_STORE/tmp")"
"$TRAWL" verify >verify.out 2>verify.err || fail "verify after the add: $(cat verify.out verify.err)"
[ "$(ls_json | grep -c '"path":"corpus/')" = 3 ] || fail "the store does not list the 3 files: $(ls_json)"

# 2. killed right after the folders were made: a search finishes the store
export TRAWL_STORE="$TMP/folders"
mkdir -p "$TRAWL_STORE/objects" "$TRAWL_STORE/tmp"
"$TRAWL" search 中标 >s.out 2>s.err
ss=$?
no_sanitizer_report s.err
[ "$ss" = 1 ] || fail "search in an empty store exited $ss, expected 1 (no hits): $(cat s.out s.err)"
grep -q 'had no database' s.err || fail "search did not say the store had no database: $(cat s.err)"
[ -s "$TRAWL_STORE/trawl.db" ] || fail "no database was made"

# 3. a folder that is not a store is refused, and nothing is written in it
export TRAWL_STORE="$TMP/notastore"
mkdir -p "$TRAWL_STORE"
echo 'my notes' >"$TRAWL_STORE/notes.txt"
"$TRAWL" verify >v3.out 2>v3.err
vs=$?
no_sanitizer_report v3.err
[ "$vs" = 2 ] || fail "verify in a folder that is not a store exited $vs, expected 2: $(cat v3.out v3.err)"
grep -q 'no store database here' v3.err || fail "the message does not say there is no store database: $(cat v3.err)"
[ "$(ls "$TRAWL_STORE")" = notes.txt ] || fail "trawl wrote in a folder that is not a store: $(ls "$TRAWL_STORE")"

# 4. a store whose trawl.db was removed while objects/ holds originals
export TRAWL_STORE="$TMP/cut"
rm -f "$TRAWL_STORE"/trawl.db*
nobj=$(find "$TRAWL_STORE/objects" -type f | wc -l)
[ "$nobj" -ge 3 ] || fail "the store holds $nobj originals, expected 3"
"$TRAWL" ls >v4.out 2>v4.err
vs=$?
no_sanitizer_report v4.err
[ "$vs" = 2 ] || fail "ls in a store with originals and no database exited $vs, expected 2: $(cat v4.out v4.err)"
grep -q 'no store database here' v4.err || fail "the message does not say there is no store database: $(cat v4.err)"
[ ! -e "$TRAWL_STORE/trawl.db" ] || fail "an empty database was made over a store's originals"
[ "$(find "$TRAWL_STORE/objects" -type f | wc -l)" = "$nobj" ] || fail "originals were removed"
echo "note: killed while making the store; verify, ls, add and search after it as expected"
