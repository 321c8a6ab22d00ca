# A store without users keeps no tsvectors (docs/postgresql.md, "Search"):
# its owner reads the index for every search, sorted, filtered, the facts'
# query and the report's, and finds what a SQLite store of the same files
# does. Its first user makes them for every unit stored so far, in parts
# where a unit is over PostgreSQL's limits, and writers that add at the same
# time leave no unit without them. A store whose index can't be read says so
# rather than find nothing.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export TRAWL_STORE=$(cat "$pg/url")
alice=${TRAWL_STORE/user=trawl/user=alice}
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$TRAWL_STORE" -c "$1"; }
mkdir -p in/a in/b more && cd in || exit 1
words=(预算 边境 巡逻艇 采购 人脸识别 合同 公告 支队 项目 经费)
mk() { # file i
	local i=$2
	{
		printf '%d年%s%s公告\n' "$((2020 + i % 5))" "${words[$((i % 10))]}" "${words[$((i * 7 % 10))]}"
		printf '%s的%s预算金额%d万元 %s\n' "${words[$((i * 3 % 10))]}" "${words[$((i % 4))]}" \
			"$((i * 13 % 97 + 1))" "${words[$(((i + 5) % 10))]}"
		[ $((i % 3)) = 0 ] && printf '边境管理支队 巡逻艇 购置 预算 %d\n' "$i"
	} >"$1"
}
for i in $(seq 1 30); do mk "a/d$i.txt" "$i"; done
for i in $(seq 31 45); do mk "b/d$i.txt" "$i"; done
# one unit over a tsvector's limits (more than 16383 positions), a phrase at its end
{
	for i in $(seq 1 1800); do printf '第%d行 经费 支出 ' "$i"; done
	printf '\n末尾的人脸识别系统\n'
} >a/long.txt
"$TRAWL" add --jobs 1 a b >/dev/null || fail "add"
"$TRAWL" --store ../sq add --jobs 1 a b >/dev/null || fail "sqlite add"

[ "$(sql "SELECT value FROM meta WHERE key = 'schema'")" = 5 ] || fail "a store without tsvectors is not schema 5"
[ "$(sql "SELECT value FROM meta WHERE key = 'tsv'")" = 0 ] || fail "a new store has tsv $(sql "SELECT value FROM meta WHERE key = 'tsv'")"
[ "$(sql 'SELECT count(tsv) FROM units')" = 0 ] || fail "tsvectors written: $(sql 'SELECT count(tsv) FROM units')"
[ "$(sql 'SELECT count(*) FROM unit_parts')" = 0 ] || fail "parts written"
out=$("$TRAWL" verify 2>&1) || fail "verify without tsvectors: $out"

queries=(预算 边境管理支队 '巡逻艇 预算' '采购 OR 合同' '预算 -边境' 'NEAR(巡逻艇 预算, 3)'
	'"人脸识别 系统"' 'year:2022 支队' 经费 人脸识别系统)
serve() { # STORE: trawl serve on it, its URL in $url, its pid in $spid
	rm -f s.out
	"$TRAWL" --store "$1" serve --listen 127.0.0.1:0 >s.out 2>s.err &
	spid=$!
	for _ in $(seq 1 600); do
		url=$(sed -n 's|^trawl serve: \(http://[0-9.]*:[0-9]*\)/.*|\1|p' s.out 2>/dev/null)
		[ -n "$url" ] && return 0
		kill -0 "$spid" 2>/dev/null || fail "trawl serve did not start: $(cat s.err)"
		sleep 0.1
	done
	fail "trawl serve did not start"
}
compare() { # what: every owner's command with words against SQLite's
	local q opt pgurl pgpid
	for q in "${queries[@]}"; do
		for opt in "" --files --count --json "--json --files --limit 3"; do
			# shellcheck disable=SC2086
			"$TRAWL" search $opt "$q" >pg.out 2>&1
			# shellcheck disable=SC2086
			"$TRAWL" --store ../sq search $opt "$q" >sq.out 2>&1
			diff sq.out pg.out >d.out || { cat d.out; fail "$1: search $opt $q differs"; }
		done
		"$TRAWL" facts --csv "$q" >pg.out 2>&1
		"$TRAWL" --store ../sq facts --csv "$q" >sq.out 2>&1
		diff sq.out pg.out >d.out || { cat d.out; fail "$1: facts $q differs"; }
	done
	"$TRAWL" report --csv 预算 >pg.out 2>&1
	"$TRAWL" --store ../sq report --csv 预算 >sq.out 2>&1
	diff sq.out pg.out >d.out || { cat d.out; fail "$1: report 预算 differs"; }
	# searches sorted by date or amount, with their facets (the web app's API)
	serve "$TRAWL_STORE"
	pgurl=$url pgpid=$spid
	serve ../sq
	/usr/bin/python3 - "$pgurl" "$url" "${queries[@]}" <<'PY' || { kill "$pgpid" "$spid"; fail "$1: the API's sorted searches differ"; }
import json, sys, urllib.parse, urllib.request
pg, sq, queries = sys.argv[1], sys.argv[2], sys.argv[3:]
def get(base, q, **kw):
    u = base + "/api/v1/search?" + urllib.parse.urlencode(dict(q=q, **kw))
    j = json.loads(urllib.request.urlopen(u, timeout=60).read())
    j.pop("ms", None); j.pop("took_ms", None)
    return j
bad = 0
for q in queries:
    for sort in ("date", "amount", "relevance"):
        for files in (0, 1):
            for offset in (0, 2):
              for facets in (0, 1):
                kw = dict(sort=sort, files=files, offset=offset, limit=7, facets=facets)
                a, b = get(pg, q, **kw), get(sq, q, **kw)
                if a != b:
                    print("differs:", q, kw, json.dumps(a, ensure_ascii=False)[:600],
                          json.dumps(b, ensure_ascii=False)[:600])
                    bad = 1
                if not a.get("hits") and offset == 0 and "人脸识别" not in q:
                    print("nothing found:", q, kw); bad = 1
sys.exit(bad)
PY
	kill "$pgpid" "$spid"
	wait "$pgpid" "$spid" 2>/dev/null
}
compare "without tsvectors"
[ "$("$TRAWL" search --count 人脸识别系统)" = 1 ] || fail "the long unit's end"

# the first user: every unit gets its tsvectors (the long one in parts)
"$TRAWL" admin user add alice || fail "user add"
"$TRAWL" admin grant alice read a || fail "grant a"
"$TRAWL" admin grant alice read b || fail "grant b"
[ "$(sql "SELECT value FROM meta WHERE key = 'tsv'")" = 1 ] || fail "tsv after the first user"
[ "$(sql "SELECT count(*) FROM units u WHERE u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq)")" = 0 ] ||
	fail "units without tsvectors after the first user"
[ "$(sql 'SELECT count(DISTINCT (doc, seq)) FROM unit_parts')" = 1 ] || fail "the long unit is not in parts"
out=$("$TRAWL" verify 2>&1) || fail "verify after the fill: $out"
# the statistics count the units' lengths now (verify compares them; and
# they are what FTS5 counts: the same idf as SQLite's)
[ "$(sql 'SELECT sum(ntokens) > 0 FROM fts_stats')" = t ] || fail "no lengths counted"
for q in "${queries[@]}"; do
	"$TRAWL" search --json --limit 1000 "$q" | sed -E 's/"score":[-0-9.e+]+//' | sort >own.out
	"$TRAWL" --store "$alice" search --json --limit 1000 "$q" | sed -E 's/"score":[-0-9.e+]+//' | sort >alice.out
	[ -s own.out ] || fail "nothing found for $q"
	diff own.out alice.out >d.out || { head -20 d.out; fail "alice's $q differs"; }
done
[ "$("$TRAWL" --store "$alice" search --count 人脸识别系统)" = 1 ] || fail "alice and the long unit's end"
compare "with tsvectors"
# what the first user made equals what a store that had a user from the
# start wrote with each unit: the same tsvectors, parts, lengths, statistics
psql -X -q "$TRAWL_STORE" -c "CREATE DATABASE eager" || fail "createdb"
eager=$(echo "$TRAWL_STORE" | sed 's|///trawl?|///eager?|')
mkdir -p ../empty
"$TRAWL" --store "$eager" add ../empty >/dev/null || fail "an empty store"
"$TRAWL" --store "$eager" admin user add dave || fail "eager user"
"$TRAWL" --store "$eager" add --jobs 1 a b >/dev/null || fail "eager add"
digest="SELECT md5(string_agg(d.id || '/' || u.seq || ':' || u.ntok || ':' || coalesce(u.tsv::text, '-') || ':' ||
	coalesce((SELECT string_agg(p.part || '=' || p.tsv::text, ',' ORDER BY p.part) FROM unit_parts p
	WHERE p.doc = u.doc AND p.seq = u.seq), ''), ',' ORDER BY d.id, u.seq)) || ' ' ||
	(SELECT sum(nrows) || '/' || sum(ntokens) FROM fts_stats) FROM units u JOIN docs d ON d.rid = u.doc"
[ "$(sql "$digest")" = "$(psql -X -q -A -t "$eager" -c "$digest")" ] ||
	fail "the tsvectors made later differ from those written with the units"
# a second user: nothing more to make
"$TRAWL" admin user add bob || fail "user bob"
"$TRAWL" add a >/dev/null || fail "add again"
out=$("$TRAWL" verify 2>&1) || fail "verify: $out"

# writers adding while the first user is made: no unit is left without
# tsvectors, whichever commits first
sql "DROP DATABASE IF EXISTS lazy" >/dev/null 2>&1
psql -X -q "$TRAWL_STORE" -c "CREATE DATABASE lazy" || fail "createdb"
lazy=${TRAWL_STORE/\/trawl\?/\/lazy?}
[ "$lazy" != "$TRAWL_STORE" ] || lazy=$(echo "$TRAWL_STORE" | sed 's|///[^?]*?|///lazy?|')
for i in $(seq 1 400); do mk "../more/m$i.txt" "$i"; done
"$TRAWL" --store "$lazy" add a >/dev/null || fail "lazy add"
("$TRAWL" --store "$lazy" add --jobs 1 ../more >/dev/null 2>&1; echo $? >../w.rc) &
wpid=$!
# (once the writer holds its transaction's shared lock)
for _ in $(seq 1 600); do
	[ "$(psql -X -q -A -t "$lazy" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7419 AND objid = 5 AND mode = 'ShareLock'")" -gt 0 ] && break
	kill -0 "$wpid" 2>/dev/null || break
	sleep 0.05
done
kill -0 "$wpid" 2>/dev/null || fail "the writer ended before the first user was made"
"$TRAWL" --store "$lazy" admin user add carol || fail "user carol during an add"
wait
[ "$(cat ../w.rc)" = 0 ] || fail "the writer failed"
lsql() { psql -X -q -A -t "$lazy" -c "$1"; }
[ "$(lsql "SELECT count(*) FROM units u JOIN docs d ON d.rid = u.doc WHERE d.indexed = 1 AND u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq)")" = 0 ] ||
	fail "a writer's units without tsvectors after the first user"
out=$("$TRAWL" --store "$lazy" verify 2>&1) || fail "verify after the race: $out"

# the first user's fill does not hold writers back: a few documents a
# transaction, while an add, a re-read of every document and rm go on
# (each finishing before the fill does); a second fill meanwhile returns at
# once; users are told until it ends; and what it made is whole, counted
# once in BM25's statistics
psql -X -q "$TRAWL_STORE" -c "CREATE DATABASE filling" || fail "createdb"
filling=$(echo "$lazy" | sed 's|lazy|filling|')
fsql() { psql -X -q -A -t "$filling" -c "$1"; }
"$TRAWL" --store "$filling" add --jobs 1 a ../more >/dev/null || fail "filling add"
wait_filling() { # pid: until the fill has begun, and filled a batch
	for _ in $(seq 1 600); do
		[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = filling ] &&
			[ "$(fsql 'SELECT count(tsv) FROM units')" -gt 0 ] && return 0
		kill -0 "$1" 2>/dev/null || fail "the fill ended before it was seen"
		sleep 0.05
	done
	fail "the fill did not begin"
}
# (the fill pauses after each batch while ../hold exists, and 0.15 s)
touch ../hold
(TRAWL_FAULTS=fill-hold:$PWD/../hold,slow-fill:150 "$TRAWL" --store "$filling" admin user add erin >../fill.out 2>&1
 echo $? >../fill.rc) &
fpid=$!
wait_filling "$fpid"
"$TRAWL" --store "$filling" admin user add fay 2>fay.err || fail "a second user during the fill"
grep -q "another session (server process [0-9]*) is making the words" fay.err || fail "the second user is not told: $(cat fay.err)"
[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = filling ] ||
	fail "the second user's fill waited for the first"
"$TRAWL" --store "$filling" add --jobs 1 b >/dev/null || fail "an add during the fill"
"$TRAWL" --store "$filling" search --count 预算 >/dev/null 2>../notice.err || fail "search during the fill"
grep -q "still being made" ../notice.err || fail "not told of the fill: $(cat ../notice.err)"
out=$("$TRAWL" --store "$filling" verify 2>/dev/null) || fail "verify during the fill: $out"
echo "$out" | grep -q "still being made" || fail "verify does not say the fill runs: $out"
[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = filling ] ||
	fail "the add waited for the fill (it ended first)"
"$TRAWL" --store "$filling" rm --path '*/m7*.txt' >/dev/null || fail "rm during the fill"
# (a re-read whose first documents each wait 0.2 s between reading their
# lengths and deleting their rows; the fill goes on once it has committed
# some, and its next batch reaches the document it is in)
# (it re-reads in the order stored: a's documents, filled already, then
# more's; so it has reached more's when documents with tsvectors grow)
base=$(fsql 'SELECT count(DISTINCT doc) FROM units WHERE tsv IS NOT NULL')
(TRAWL_FAULTS=slow-drop:200:80 "$TRAWL" --store "$filling" refresh --all >/dev/null 2>../refresh.err
 echo $? >../refresh.rc) &
rpid=$!
for i in $(seq 1 1200); do
	[ "$(fsql 'SELECT count(DISTINCT doc) FROM units WHERE tsv IS NOT NULL')" -gt "$base" ] && break
	kill -0 "$rpid" 2>/dev/null || fail "the re-read ended before it reached more's documents"
	[ "$i" = 1200 ] && fail "the re-read did not reach more's documents"
	sleep 0.05
done
rm ../hold
wait "$rpid"
[ "$(cat ../refresh.rc)" = 0 ] || fail "a re-read during the fill: $(cat ../refresh.err)"
wait "$fpid"
[ "$(cat ../fill.rc)" = 0 ] || fail "the fill failed: $(cat ../fill.out)"
[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = 1 ] || fail "tsv after the fill"
[ "$(fsql "SELECT count(*) FROM units u JOIN docs d ON d.rid = u.doc WHERE d.indexed = 1 AND u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq)")" = 0 ] ||
	fail "units without tsvectors after a fill beside writers"
out=$("$TRAWL" --store "$filling" verify 2>&1) || fail "verify after the fill: $out"
echo "$out" | grep -q "still being made" && fail "verify after the fill: $out"
"$TRAWL" --store "$filling" admin grant erin read a || fail "grant"
"$TRAWL" --store "$filling" admin grant erin read ../more || fail "grant"
"$TRAWL" --store "$filling" admin grant erin read b || fail "grant"
erin=$(echo "$filling" | sed 's/user=trawl/user=erin/')
for q in "${queries[@]}"; do
	"$TRAWL" --store "$filling" search --json --limit 1000 "$q" | sed -E 's/"score":[-0-9.e+]+//' | sort >own.out
	"$TRAWL" --store "$erin" search --json --limit 1000 "$q" 2>erin.err | sed -E 's/"score":[-0-9.e+]+//' | sort >erin.out
	[ -s own.out ] || fail "nothing found for $q"
	diff own.out erin.out >d.out || { head -20 d.out; fail "erin's $q differs after the fill"; }
	[ -s erin.err ] && fail "erin is told: $(cat erin.err)"
done

# a fill that is killed leaves the store as it was, users told, and the
# next one finishes it
psql -X -q "$TRAWL_STORE" -c "CREATE DATABASE killed" || fail "createdb"
killed=$(echo "$lazy" | sed 's|lazy|killed|')
filling=$killed
"$TRAWL" --store "$killed" add --jobs 1 ../more >/dev/null || fail "killed add"
touch ../hold
TRAWL_FAULTS=fill-hold:$PWD/../hold "$TRAWL" --store "$killed" admin user add gus >/dev/null 2>&1 &
fpid=$!
wait_filling "$fpid"
kill -9 "$fpid"
wait "$fpid" 2>/dev/null
# (its server process ends when it next reads from the client)
for i in $(seq 1 600); do
	[ "$(fsql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7419 AND objid = 6 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" = 0 ] && break
	[ "$i" = 600 ] && fail "the killed fill's lock stays"
	sleep 0.05
done
rm ../hold
[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = filling ] || fail "killed: not filling"
[ "$(fsql "SELECT count(*) FROM units WHERE tsv IS NULL")" -gt 0 ] || fail "killed after the last batch"
out=$("$TRAWL" --store "$killed" verify 2>/dev/null) || fail "verify after the kill: $out"
echo "$out" | grep -q "still being made" || fail "verify does not say the fill stopped: $out"
"$TRAWL" --store "$killed" admin user add gus || fail "the fill again"
[ "$(fsql "SELECT value FROM meta WHERE key = 'tsv'")" = 1 ] || fail "tsv after the second fill"
[ "$(fsql "SELECT count(*) FROM units u WHERE u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq)")" = 0 ] ||
	fail "units without tsvectors after the second fill"
out=$("$TRAWL" --store "$killed" verify 2>&1) || fail "verify after the second fill: $out"

# an index that can't be read, and no tsvectors: said, not an empty result
psql -X -q "$TRAWL_STORE" -c "CREATE DATABASE broken" || fail "createdb"
broken=$(echo "$lazy" | sed 's|lazy|broken|')
"$TRAWL" --store "$broken" add b >/dev/null || fail "broken add"
# (marked for a rebuild while the web app runs: a command of the owner's
# rebuilds it when it opens the store, the web app only reads)
serve "$broken"
psql -X -q -A -t "$broken" -c "UPDATE meta SET value = '0' WHERE key = 'ix'; SELECT nextval('data_version')" >/dev/null
/usr/bin/python3 - "$url" <<'PY' || { kill "$spid"; fail "a search without an index"; }
import sys, urllib.error, urllib.request
for sort in ("relevance", "date"):
    try:
        r = urllib.request.urlopen(sys.argv[1] + "/api/v1/search?q=%E9%A2%84%E7%AE%97&sort=" + sort,
                                   timeout=60).read().decode()
        print("found:", r[:300]); sys.exit(1)
    except urllib.error.HTTPError as e:
        body = e.read().decode()
        if "rebuilds it" not in body:
            print("not said:", e.code, body[:300]); sys.exit(1)
PY
kill "$spid"
wait "$spid" 2>/dev/null
[ "$("$TRAWL" --store "$broken" search --count 预算)" -gt 0 ] || fail "nothing after the rebuild"
[ "$(psql -X -q -A -t "$broken" -c "SELECT value FROM meta WHERE key = 'ix'")" = 1 ] || fail "not rebuilt"
echo ok
