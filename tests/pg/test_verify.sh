# trawl verify on a PostgreSQL store: the originals are chunks in the
# database; a changed chunk is a mismatch, a lost one missing, and both
# make verify exit 1.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export TRAWL_STORE=$(cat "$pg/url")
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$TRAWL_STORE" -c "$1"; }
mkdir -p in && cd in || exit 1
printf 'a budget 预算\n' > a.txt
printf 'a tender 招标\n' > b.txt
seq 1 260000 | sed "s/\$/ 行/" > big.txt   # three chunks (1 MiB each)
cp a.txt a-copy.txt
"$TRAWL" add . >/dev/null || fail "add"
out=$("$TRAWL" verify 2>&1) || fail "verify of a sound store: $out"
[ "$out" = "3 originals checked, 0 problems" ] || fail "verify said: $out"
[ "$(sql 'SELECT count(*) FROM chunks')" = 5 ] || fail "chunks: $(sql 'SELECT count(*) FROM chunks')"
[ "$(sql "SELECT count(*) FROM objects WHERE sha256 = '$(sha256sum big.txt | cut -c1-64)'")" = 3 ] ||
	fail "the big original is not three chunks"
# the original comes back byte for byte (trawl show --original reads it)
"$TRAWL" show a.txt >/dev/null || fail "show"
# a changed byte in a chunk
sql "UPDATE chunks SET data = overlay(data placing '\\x58'::bytea from 1 for 1) WHERE hash = (SELECT chunk FROM objects WHERE sha256 = '$(sha256sum b.txt | cut -c1-64)')"
out=$("$TRAWL" verify 2>&1); st=$?
[ $st = 1 ] || fail "verify of a changed chunk exited $st: $out"
echo "$out" | grep -q "error: mismatch: $(sha256sum b.txt | cut -c1-64): chunk" || fail "no mismatch: $out"
echo "$out" | grep -q "3 originals checked, 1 problems" || fail "count: $out"
# a lost chunk of the big one
sql "DELETE FROM objects WHERE sha256 = '$(sha256sum big.txt | cut -c1-64)' AND seq = 1"
sql "DELETE FROM chunks WHERE hash NOT IN (SELECT chunk FROM objects)"
out=$("$TRAWL" verify 2>&1); st=$?
[ $st = 1 ] || fail "verify exited $st: $out"
echo "$out" | grep -q "error: missing: $(sha256sum big.txt | cut -c1-64)\|error: mismatch: $(sha256sum big.txt | cut -c1-64)" ||
	fail "the big one is not reported: $out"
echo "$out" | grep -q "3 originals checked, 2 problems" || fail "count: $out"
echo ok
