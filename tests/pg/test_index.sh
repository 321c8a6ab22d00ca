# The PostgreSQL store's search index (lib/store/pg_ix.c): trawl's own
# segments, kept in the database. The owner's search goes through them;
# it must find and rank exactly what a SQLite store of the same files
# does, through many adds (merged segments), new versions, rm, a writer
# killed mid-batch, a store upgraded from schema 3 and a damaged segment.
# A user's search (through the tsvectors) finds the same hits.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export TRAWL_STORE=$(cat "$pg/url")
alice=${TRAWL_STORE/user=trawl/user=alice}
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$TRAWL_STORE" -c "$1"; }
mkdir -p in && cd in || exit 1
words=(预算 边境 巡逻艇 采购 人脸识别 合同 公告 支队 项目 经费)
mk() { # file i: a few lines of words chosen by i
	local f=$1 i=$2
	{
		printf '第%d号 %s %s 年度%d\n' "$i" "${words[$((i % 10))]}" "${words[$((i * 7 % 10))]}" \
			"$((2020 + i % 5))"
		printf '%s的%s %d万元 %s\n' "${words[$((i * 3 % 10))]}" "${words[$((i % 4))]}" "$i" \
			"${words[$(((i + 5) % 10))]}"
		[ $((i % 3)) = 0 ] && printf '边境管理支队 巡逻艇 购置 预算 %d\n' "$i"
	} >"$f"
}
for r in $(seq 1 11); do
	mkdir -p "r$r"
	for i in $(seq 1 12); do mk "r$r/d$i.txt" $((r * 12 + i)); done
done
queries=(预算 边境管理支队 '巡逻艇 预算' '采购 OR 合同' '预算 -边境' 'NEAR(巡逻艇 预算, 3)'
	'"人脸识别 项目"' 'year:2022 支队' 'type:txt 经费' 万元)
compare() { # what: the owner's PostgreSQL search against SQLite's, whole
	local q
	for q in "${queries[@]}"; do
		for opt in "" --files "--limit 5" --count --json; do
			# shellcheck disable=SC2086
			"$TRAWL" search $opt "$q" >pg.out 2>&1
			# shellcheck disable=SC2086
			"$TRAWL" --store ../sq search $opt "$q" >sq.out 2>&1
			diff sq.out pg.out >d.out || { cat d.out; fail "$1: search $opt $q differs"; }
		done
	done
}
users() { # what: alice's search (the tsvectors) finds the same hits (their order
	# may differ: docs/postgresql.md says where its ranking does)
	local q
	for q in "${queries[@]}"; do
		"$TRAWL" search --json --limit 1000 "$q" | sed -E 's/"score":[-0-9.e+]+//' | sort >own.out
		"$TRAWL" --store "$alice" search --json --limit 1000 "$q" |
			sed -E 's/"score":[-0-9.e+]+//' | sort >alice.out
		[ -s own.out ] || fail "$1: nothing found for $q"
		diff own.out alice.out >d.out || { head -20 d.out; fail "$1: alice's $q differs"; }
	done
}
# eleven adds, one folder each: more segments than a tier holds
for r in $(seq 1 11); do
	"$TRAWL" add --jobs 1 "r$r" >/dev/null || fail "add r$r"
	"$TRAWL" --store ../sq add --jobs 1 "r$r" >/dev/null || fail "sqlite add r$r"
done
n=$(sql 'SELECT count(*) FROM ix_segments')
[ "$n" -lt 11 ] || fail "$n segments after 11 adds: none merged"
# alice may read every collection (each folder given to add is one)
"$TRAWL" admin user add alice >/dev/null || fail "user"
for c in $(seq -f 'r%g' 1 11) many; do
	"$TRAWL" admin grant alice read "$c" >/dev/null || fail "grant $c"
done
compare "eleven adds"
users "eleven adds"
out=$("$TRAWL" verify 2>&1) || fail "verify: $out"

# new versions of some files, others removed, then more adds
for i in 3 6 9; do mk "r2/d$i.txt" $((i * 100)); mk "r5/d$i.txt" $((i * 101)); done
"$TRAWL" add --jobs 1 r2 r5 >/dev/null || fail "new versions"
"$TRAWL" --store ../sq add --jobs 1 r2 r5 >/dev/null || fail "sqlite new versions"
"$TRAWL" rm r7/d1.txt r7/d2.txt r8/*.txt >/dev/null || fail "rm"
"$TRAWL" --store ../sq rm r7/d1.txt r7/d2.txt r8/*.txt >/dev/null || fail "sqlite rm"
"$TRAWL" refresh --jobs 1 --all >/dev/null || fail "refresh"
"$TRAWL" --store ../sq refresh --jobs 1 --all >/dev/null || fail "sqlite refresh"
compare "new versions and rm"
users "new versions and rm"
out=$("$TRAWL" verify 2>&1) || fail "verify after rm: $out"

# a writer killed in the middle of its batches: what it committed is in
# the index once, what it did not is in neither
mkdir -p many
for i in $(seq 1 400); do mk "many/m$i.txt" $((i + 1000)); done
"$TRAWL" add --jobs 1 many >/dev/null 2>&1 &
w=$!
sleep "0.$((3 + RANDOM % 6))"
kill -9 $w 2>/dev/null
wait $w 2>/dev/null
out=$("$TRAWL" verify 2>&1) || fail "verify after a killed writer: $out"
users "a killed writer"
"$TRAWL" add --jobs 1 many >/dev/null || fail "add after the kill"
"$TRAWL" --store ../sq add --jobs 1 many >/dev/null || fail "sqlite add many"
compare "after a killed writer"

# a store of schema 3 (before the index) is indexed by the owner's next add
sql "DROP TABLE ix_segments, ix_chunks, ix_dead; DROP SEQUENCE ix_seg; DELETE FROM meta WHERE key = 'ix'; UPDATE meta SET value = '3' WHERE key = 'schema'"
"$TRAWL" search 预算 --count >/dev/null || fail "search on a schema 3 store"
"$TRAWL" add r1 >/dev/null || fail "the owner's add on a schema 3 store"
[ "$(sql "SELECT value FROM meta WHERE key = 'schema'")" = 4 ] || fail "not upgraded"
[ "$(sql "SELECT value FROM meta WHERE key = 'ix'")" = 1 ] || fail "not indexed"
compare "upgraded"
out=$("$TRAWL" verify 2>&1) || fail "verify after the upgrade: $out"

# a damaged segment: verify says so; marked for a rebuild, the owner's
# next add rebuilds it
seg=$(sql 'SELECT min(id) FROM ix_segments')
sql "UPDATE ix_chunks SET data = overlay(data placing '\\x58'::bytea from 9 for 1) WHERE seg = $seg AND n = 0"
out=$("$TRAWL" verify 2>&1) && fail "verify of a damaged segment passed: $out"
echo "$out" | grep -q "segment $seg of the search index" || fail "verify said: $out"
sql "UPDATE meta SET value = '0' WHERE key = 'ix'"
"$TRAWL" add r1 >/dev/null || fail "add to rebuild"
out=$("$TRAWL" verify 2>&1) || fail "verify after the rebuild: $out"
compare "rebuilt"
echo ok
