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

# one process across others' commits and merges: trawl serve keeps the
# index's segments and pages between searches; after each add (nine of
# them: segments merged while it runs) its hits and totals, with and
# without facets, are a fresh CLI search's
for r in $(seq 1 9); do
	mkdir -p "s$r"
	for i in $(seq 1 12); do mk "s$r/d$i.txt" $((r * 31 + i)); done
done
timeout 600 /usr/bin/python3 - <<'PY' || fail "serve across commits"
import json, os, re, subprocess, sys, urllib.parse, urllib.request
T = os.environ["TRAWL"]
qs = ["预算", "边境管理支队", "巡逻艇 预算", "采购 OR 合同", "预算 -边境", "NEAR(巡逻艇 预算, 3)",
      '"人脸识别 项目"', "year:2022 支队", "万元"]
env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
p = subprocess.Popen([T, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, env=env, text=True)
def key(h):
    return (h["doc"], h["page"], h["score"], h.get("snippet"))
try:
    url = re.search(r"(http://[^ ]+)/ ", p.stdout.readline()).group(1)
    for r in range(0, 10):
        if r:
            for store in ([], ["--store", "../sq"]):
                subprocess.run([T] + store + ["add", "--jobs", "1", "s%d" % r], check=True,
                               stdout=subprocess.DEVNULL)
        for q in qs:
            cli = [json.loads(l) for l in subprocess.run(
                [T, "search", "--json", "--limit", "20", q], capture_output=True, text=True,
                check=True).stdout.splitlines()]
            n = re.search(r"(\d+) hits? in (\d+) documents?", subprocess.run(
                [T, "search", "--limit", "1", q], capture_output=True, text=True,
                check=True).stdout).groups()
            for facets in (0, 1):
                a = json.load(urllib.request.urlopen(
                    "%s/api/v1/search?limit=20&facets=%d&q=%s" % (url, facets,
                    urllib.parse.quote(q)), timeout=60))
                if [key(h) for h in a["hits"]] != [key(h) for h in cli]:
                    sys.exit("after add %d, %s (facets %d): the server's hits differ" % (r, q, facets))
                if (str(a["total_hits"]), str(a["total_documents"])) != n:
                    sys.exit("after add %d, %s: the server counts %s, %s, the CLI %s" %
                             (r, q, a["total_hits"], a["total_documents"], n))
        if p.poll() is not None:
            sys.exit("the server died after add %d" % r)
finally:
    p.terminate()
    p.wait()
PY
for c in $(seq -f 's%g' 1 9); do
	"$TRAWL" admin grant alice read "$c" >/dev/null || fail "grant $c"
done

# a user who may write one collection: her add writes its segment (the
# owner's search finds it as SQLite does), but she can add no row of
# another's number or of a document she may not write, nor read a row
mkdir -p aw
for i in $(seq 1 12); do mk "aw/d$i.txt" $((i + 700)); done
"$TRAWL" admin grant alice write aw >/dev/null || fail "grant write"
"$TRAWL" --store "$alice" add --jobs 1 aw >/dev/null || fail "alice's add"
"$TRAWL" --store ../sq add --jobs 1 aw >/dev/null || fail "sqlite add aw"
[ "$(sql "SELECT ndocs FROM ix_segments ORDER BY id DESC LIMIT 1")" = 12 ] ||
	fail "no segment of alice's add"
compare "a user's add"
other=$(sql "SELECT min(d.rid) FROM docs d WHERE NOT EXISTS (SELECT 1 FROM doc_collections dc WHERE dc.doc = d.rid AND dc.collection = 'aw')")
mine=$(sql "SELECT min(doc) FROM doc_collections WHERE collection = 'aw'")
asalice() { psql -X -q -A -t "$alice" -v ON_ERROR_STOP=1 -c "$1" >/dev/null 2>&1; }
asalice "BEGIN; SELECT nextval('ix_seg'); INSERT INTO ix_dead(doc, keep) VALUES($mine, currval('ix_seg')); ROLLBACK" ||
	fail "alice may not mark her own document"
asalice "BEGIN; SELECT nextval('ix_seg'); INSERT INTO ix_chunks VALUES(currval('ix_seg'), 0, '\\x00'); INSERT INTO ix_segments VALUES(currval('ix_seg'), 0, 0, 1, 0, 0, set_byte(set_byte('\\x00000000'::bytea, 0, $mine % 256), 1, $mine / 256)); ROLLBACK" ||
	fail "alice may not write a segment of her own document"
for forged in "INSERT INTO ix_dead(doc, keep) VALUES($other, 0)" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_dead(doc, keep) VALUES($other, currval('ix_seg'))" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_dead(doc, keep) VALUES($mine, currval('ix_seg') + 1)" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_chunks(seg, n, data) VALUES(currval('ix_seg') + 1, 0, '\\x00')" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_segments VALUES(currval('ix_seg') + 1, 0, 0, 0, 0, 0, '')" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_segments VALUES(currval('ix_seg'), 0, 0, 0, 0, 0, '')" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_segments VALUES(currval('ix_seg'), 0, 0, 2, 0, 0, set_byte(set_byte('\\x00000000'::bytea, 0, $mine % 256), 1, $mine / 256))" \
	"SELECT nextval('ix_seg'); INSERT INTO ix_segments VALUES(currval('ix_seg'), 0, 0, 1, 0, 0, set_byte(set_byte('\\x00000000'::bytea, 0, $other % 256), 1, $other / 256))" \
	"SELECT * FROM ix_segments" "SELECT * FROM ix_dead" "SELECT * FROM ix_chunks"; do
	asalice "$forged" && fail "alice may: $forged"
done

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

# rm while a refresh re-reads the same files: whichever comes first, the
# removed files stay removed, from the index too
"$TRAWL" refresh --jobs 1 --all >/dev/null 2>&1 &
w=$!
sleep 0.$((RANDOM % 5))
"$TRAWL" rm r9/*.txt >/dev/null || fail "rm during a refresh"
wait $w || fail "the refresh beside rm"
"$TRAWL" --store ../sq rm r9/*.txt >/dev/null || fail "sqlite rm r9"
out=$("$TRAWL" verify 2>&1) || fail "verify after rm during a refresh: $out"
compare "rm during a refresh"

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

# verify beside a writer: it reads the index and the documents in one
# snapshot, so a commit between the two is no damage (read one after the
# other, a document committed between them was "not in the search index")
mkdir -p one
for i in $(seq 1 60); do mk "one/o$i.txt" $((i + 2000)); done
(for i in $(seq 1 60); do "$TRAWL" add --jobs 1 "one/o$i.txt" >/dev/null 2>&1 || exit 1; done) &
w=$!
nv=0
while kill -0 $w 2>/dev/null; do
	out=$("$TRAWL" verify 2>&1) || { kill $w; fail "verify beside a writer (after $nv): $out"; }
	nv=$((nv + 1))
done
wait $w || fail "the adds beside verify"
[ $nv -ge 5 ] || fail "only $nv verifies beside the adds"
for i in $(seq 1 60); do
	"$TRAWL" --store ../sq add --jobs 1 "one/o$i.txt" >/dev/null || fail "sqlite add o$i"
done
compare "verify beside a writer"

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

# a damaged row (its documents' numbers cut short): verify and the
# owner's search say which, and what to do
seg=$(sql 'SELECT max(id) FROM ix_segments')
sql "UPDATE ix_segments SET docno = substring(docno from 5) WHERE id = $seg"
out=$("$TRAWL" verify 2>&1) && fail "verify of a damaged row passed: $out"
echo "$out" | grep -q "row of segment $seg is damaged" || fail "verify said: $out"
out=$("$TRAWL" search 预算 2>&1) && fail "a search over a damaged row passed: $out"
echo "$out" | grep -q "row of segment $seg is damaged.*rebuild" || fail "search said: $out"
sql "UPDATE meta SET value = '0' WHERE key = 'ix'"
"$TRAWL" add r1 >/dev/null || fail "add to rebuild a damaged row"
compare "rebuilt after a damaged row"
echo ok
