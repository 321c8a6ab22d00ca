# trawl rm, trawl gc and verify --fix on a PostgreSQL store (the e2e case
# rm-and-gc runs there too): originals no document refers to are noted
# by verify and deleted by --fix, chunks that another original shares
# stay; gc waits for no add (it refuses while a writer of originals is
# connected); rm and gc are for the store's owner; a store of schema 1
# (before trawl rm and stated units) is upgraded when opened for writing.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export TRAWL_STORE=$(cat "$pg/url")
alice=${TRAWL_STORE/user=trawl/user=alice}
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$TRAWL_STORE" -c "$1"; }
mkdir -p in && cd in || exit 1
printf 'a budget 预算\n' > a.txt
printf 'a tender 招标\n' > b.txt
seq 1 260000 | sed "s/\$/ 行/" > big.txt      # three chunks of 1 MiB
{ head -c 1048576 big.txt; printf 'and another tail\n'; } > big2.txt  # shares the first chunk
"$TRAWL" add . >/dev/null || fail "add"
[ "$(sql 'SELECT count(*) FROM chunks')" = 6 ] || fail "chunks: $(sql 'SELECT count(*) FROM chunks')"

# a user with rights to read may not remove or collect
"$TRAWL" admin user add alice >/dev/null && "$TRAWL" admin grant alice read . >/dev/null ||
	fail "user"
out=$("$TRAWL" --store "$alice" rm a.txt 2>&1) && fail "alice removed a document: $out"
echo "$out" | grep -q "for the role that owns it" || fail "alice's rm: $out"
out=$("$TRAWL" --store "$alice" gc 2>&1) && fail "alice ran gc: $out"

# rm of the big one and of b: their originals stay until gc
"$TRAWL" rm big.txt b.txt >/dev/null || fail "rm"
[ "$("$TRAWL" search 招标 --count)" = 0 ] || fail "b is still found"
out=$("$TRAWL" verify 2>&1) || fail "verify after rm: $out"
echo "$out" | grep -q "note: 2 stored originals belong to no document" || fail "no orphan note: $out"

# gc refuses while a writer of originals is connected (the lock an add
# holds from its first original on)
psql -X -q "$TRAWL_STORE" -c "SELECT pg_advisory_lock_shared(7419, 1); SELECT pg_sleep(4)" \
	>/dev/null 2>&1 &
sleep 1.5
out=$("$TRAWL" gc 2>&1) && fail "gc ran beside a writer: $out"
echo "$out" | grep -q "a trawl add is running" || fail "gc beside a writer said: $out"
wait

out=$("$TRAWL" gc --dry-run) || fail "gc --dry-run"
# b.txt's bytes and big.txt's but the chunk big2.txt shares: 1700335
[ $(( $(stat -c %s b.txt) + $(stat -c %s big.txt) - 1048576 )) = 1700335 ] || fail "sizes"
[ "$out" = "2 originals no document refers to would be deleted (1.7 MB)" ] ||
	fail "dry run: $out"
[ "$(sql 'SELECT count(*) FROM chunks')" = 6 ] || fail "the dry run deleted"
out=$("$TRAWL" verify --fix 2>&1) || fail "verify --fix: $out"
[ "$(sql 'SELECT count(*) FROM chunks')" = 3 ] || fail "chunks left: $(sql 'SELECT count(*) FROM chunks')"
out=$("$TRAWL" verify 2>&1) || fail "verify after --fix: $out"
[ "$out" = "2 originals checked, 0 problems" ] || fail "verify after --fix: $out"
out=$("$TRAWL" gc) || fail "gc"
[ "$out" = "0 originals no document refers to deleted (0 bytes)" ] || fail "gc again: $out"

# added again, a removed file is back
"$TRAWL" add b.txt >/dev/null || fail "add b again"
[ "$("$TRAWL" search 招标 --count)" = 1 ] || fail "b is not back"

# a schema 1 store (no tombstones) is upgraded by the next writer
sql "DROP TABLE removed; ALTER TABLE blobs DROP COLUMN stated_unit, DROP COLUMN stated_currency; UPDATE meta SET value = '1' WHERE key = 'schema'"
"$TRAWL" rm a.txt >/dev/null || fail "rm on an upgraded store"
[ "$(sql "SELECT value FROM meta WHERE key = 'schema'")" = 4 ] || fail "schema not upgraded"
"$TRAWL" refresh --all >/dev/null || fail "refresh on the upgraded store"
out=$("$TRAWL" verify 2>&1) || fail "verify at the end: $out"
echo ok
