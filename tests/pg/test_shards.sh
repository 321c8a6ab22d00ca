# Sharding: three local clusters, one coordinator and two shards. The
# store's partitions move to the shards (trawl admin shard add) and stay
# partitions of its tables (postgres_fdw); search, facts, diff and report
# then answer as a single SQLite store of the same files does, before and
# after more files are added through the coordinator.
set -u
c0=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
c1=$(bash "$TESTS/pg/cluster.sh" start) || { bash "$TESTS/pg/cluster.sh" stop "$c0"; exit 1; }
c2=$(bash "$TESTS/pg/cluster.sh" start) || { bash "$TESTS/pg/cluster.sh" stop "$c0"; bash "$TESTS/pg/cluster.sh" stop "$c1"; exit 1; }
trap 'for c in "$c0" "$c1" "$c2"; do bash "$TESTS/pg/cluster.sh" stop "$c"; done' EXIT
url=$(cat "$c0/url")
fail() { echo "FAIL: $*"; exit 1; }
cp -r "$ROOT/examples" in
# (the scanned page aside: its OCR takes long under the sanitizers, and
# test_copy and the e2e cases already carry OCR marks through PostgreSQL)
rm -f in/saomiao_*.pdf
printf 'surveillance: 人脸识别, 卡口\nboats: 巡逻艇\nbudget: 预算\n' >topics.txt
mkdir later
printf '边境管理支队2025年部门预算\n巡逻艇购置300.00万元。\n' >later/b2025.txt
printf '人脸识别系统采购 中标金额120万元\n' >later/award.txt
# 2022's folder before the shards (its rows are moved by shard add), the
# rest after (a writer's rows for the shards: staged, then sent in
# batches); a store on one cluster, written row by row, gets the same
flat=$(echo "$url" | sed 's|/trawl?|/flat?|')
psql -X -q "$url" -c "CREATE DATABASE flat" || fail "createdb"
for s in one "$url" "$flat"; do
	"$TRAWL" --store "$s" add in/2022 >/dev/null 2>&1
done
"$TRAWL" --store "$url" admin shard add "$(cat "$c1/url")" || fail "shard 1"
"$TRAWL" --store "$url" admin shard add "$(cat "$c2/url")" || fail "shard 2"
psql -X -q "$(cat "$c1/url")" -c "ALTER SYSTEM SET log_statement = 'all'" \
	-c "SELECT pg_reload_conf()" >/dev/null || fail "shard 1's log"
sleep 1
for s in one "$url" "$flat"; do
	"$TRAWL" --store "$s" add in >/dev/null 2>&1
done
# (a document's facts reach the shard as one statement of many rows)
grep -q 'INSERT INTO public.facts_p[0-9]*(.*) VALUES (\$1, .*), (\$26, ' "$c1/server.log" ||
	fail "no facts sent to shard 1 in batches"
psql -X -q -A -t "$url" -c "SELECT relname FROM pg_class WHERE relkind = 'f' ORDER BY 1" | tr '\n' ' ' >parts
[ "$(cat parts)" = "facts_p1 facts_p2 facts_p3 fields_p1 fields_p2 fields_p3 unit_parts_p1 unit_parts_p2 unit_parts_p3 units_p1 units_p2 units_p3 " ] ||
	fail "foreign partitions: $(cat parts)"
for c in "$c1" "$c2"; do
	n=$(psql -X -q -A -t "$(cat "$c/url")" -c "SELECT count(*) FROM units_p$([ "$c" = "$c1" ] && echo 3 || echo 1)")
	[ "$n" -gt 0 ] || fail "a shard holds no units"
done
same() {
	"$TRAWL" --store one "$@" >one.out 2>&1
	"$TRAWL" --store "$url" "$@" >pg.out 2>&1
	diff one.out pg.out >diff.out || { cat diff.out; fail "the sharded store differs: $*"; }
}
# (as a set: 预算 is in nearly every unit, its IDF is FTS5's floor, and
# units of equal length and count tie; ties go by the order stored, which
# differs between two adds of the same files read in parallel)
same_set() {
	"$TRAWL" --store one "$@" 2>&1 | paste - - | sort >one.out
	"$TRAWL" --store "$url" "$@" 2>&1 | paste - - | sort >pg.out
	diff one.out pg.out >diff.out || { cat diff.out; fail "the sharded store differs: $*"; }
}
# every row of units, facts and fields (the bytea columns too) as the
# store on one cluster has it
rows() {
	psql -X -q -A -t "$1" -c "SELECT md5(string_agg(concat_ws('|', d.sha256, u.seq, u.kind,
		u.number, u.name, u.text, u.raw, encode(u.map, 'hex'), encode(u.cells, 'hex'),
		encode(u.spans, 'hex'), u.ncells, u.ntok, u.tsv::text, u.ocr), ',' ORDER BY d.sha256,
		d.seq, u.seq)), count(u.cells), count(u.spans), count(u.map) FROM units u JOIN docs d
		ON d.rid = u.doc" -c "SELECT md5(string_agg(x.f, ',' ORDER BY d.sha256, d.seq, x.n)),
		count(*) FROM (SELECT doc, n, (n, unit, kind, bstart, bend, cstart, cend, text, value,
		value_hi, num, negative, currency, unit_name, unit_source, comparator, precision, role,
		code, label, col, caption, party, attrs)::text AS f FROM facts) x JOIN docs d ON
		d.rid = x.doc" -c "SELECT md5(string_agg(concat_ws('|', d.sha256, f.n, f.key,
		f.value), ',' ORDER BY d.sha256, d.seq, f.n)) FROM fields f JOIN docs d ON d.rid =
		f.doc"
}
untime='s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g'
check_all() {
	rows "$url" >rows.pg
	rows "$flat" >rows.flat
	diff rows.flat rows.pg >diff.out || { cat diff.out; fail "the sharded store's rows differ"; }
	awk -F'|' 'NR == 1 && !($2 > 0 && $3 > 0 && $4 > 0) { exit 1 }' rows.pg ||
		fail "no cells, spans or map to compare: $(cat rows.pg)"
	same verify
	same ls
	# (each document whole: its text, tables and quotes; the times it
	# was seen differ by the second)
	for id in $("$TRAWL" --store one ls | awk 'NR > 1 { print $1 }'); do
		"$TRAWL" --store one show "$id" 2>&1 | sed -E "$untime" >one.out
		"$TRAWL" --store "$url" show "$id" 2>&1 | sed -E "$untime" >pg.out
		diff one.out pg.out >diff.out || { cat diff.out; fail "the sharded store differs: show $id"; }
	done
	same_set search 预算 --limit 50
	same search '巡逻艇 OR 人脸识别' --files --json
	same search 'kind:budget year:2024' --files
	same search 'NEAR(巡逻艇 万元, 5)' --count   # (its ranking differs: docs/postgresql.md)
	same facts --csv
	same facts --kind item --min 100000 --json
	same diff in/2022 in/2023 --csv
	same report --by year --csv
	same topics --file topics.txt --csv
	grep -q "^boats," one.out || fail "topics: $(cat one.out)"
}
check_all
# rows for the shards' partitions go there
for s in one "$url" "$flat"; do
	"$TRAWL" --store "$s" add later >/dev/null 2>&1
done
check_all
# every document read again in place (its rows deleted, then staged)
for s in one "$url" "$flat"; do
	"$TRAWL" --store "$s" refresh --all >refresh.out 2>&1 ||
		{ cat refresh.out; fail "refresh --all on $s"; }
done
check_all

# What a shard is sent: a search's hits, one document's facts and the
# document itself (its amount's quote) are read by their documents'
# numbers, not by reading the shards' whole tables
# (postgres_fdw sends a partition's scan only conditions on constants and
# parameters: a join's condition, or text cast to an array, stays on the
# coordinator, and every search read each shard's whole units table)
u1=$(cat "$c1/url")
psql -X -q "$u1" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null ||
	fail "shard 1's log"
ids=$("$TRAWL" --store "$url" ls | awk 'NR > 1 { print $1 }' | head -8)
sleep 1
n0=$(wc -l <"$c1/server.log")
"$TRAWL" --store "$url" search 预算 --limit 50 >/dev/null 2>&1 || fail "search"
"$TRAWL" --store "$url" search '巡逻艇 OR 人脸识别' >/dev/null 2>&1 || fail "search"
for id in $ids; do
	"$TRAWL" --store "$url" facts --doc "$id" >/dev/null 2>&1 || fail "facts --doc $id"
	"$TRAWL" --store "$url" show "$id" >/dev/null 2>&1 || fail "show $id"
done
# (one statement a line: a log entry's following lines are its own)
tail -n +$((n0 + 1)) "$c1/server.log" |
	awk '/^[0-9][0-9][0-9][0-9]-/ { if (q != "") print q; q = $0; next } { q = q " " $0 }
	     END { if (q != "") print q }' | grep 'CURSOR FOR' | sed 's/.*CURSOR FOR[[:space:]]*//' >remote
grep -q 'FROM public.units_p[0-9]* WHERE ((doc = ANY' remote || fail "no search's hits read on shard 1: $(cat remote)"
grep -q 'FROM public.facts_p[0-9]* WHERE ((doc = ' remote || fail "no document's facts read on shard 1: $(cat remote)"
if grep -v ' WHERE ' remote >whole; then
	cat whole
	fail "a shard's whole table was read"
fi
# a user's search (row-level security: through the tsvectors): the shown
# units' rows, and the units of the documents with matching parts, are
# read by their numbers too, and the user sees what one store shows
# the first user's words are made beside a writer that re-reads every
# document: on shards a batch of the fill and a writer's transaction take
# turns (postgres_fdw's REPEATABLE READ would otherwise fail the writer)
mkdir many
for i in $(seq 1 100); do printf '%d号公告 巡逻艇 经费 %d万元\n' "$i" "$i" >many/n$i.txt; done
"$TRAWL" --store "$url" add many >/dev/null 2>&1 || fail "add many"
# (the fill pauses after its first batch while ./hold exists, then goes
# on, 0.2 s a batch, while the re-read runs)
touch hold
(TRAWL_FAULTS=fill-hold:$PWD/hold,slow-fill:200 "$TRAWL" --store "$url" admin user add alice >fill.out 2>&1
 echo $? >fill.rc) &
fpid=$!
for i in $(seq 1 1200); do
	[ "$(psql -X -q -A -t "$url" -c "SELECT count(tsv) FROM units")" -gt 0 ] && break
	kill -0 "$fpid" 2>/dev/null || fail "the fill on shards ended: $(cat fill.out)"
	[ "$i" = 1200 ] && fail "the fill on shards did not begin"
	sleep 0.05
done
"$TRAWL" --store "$url" refresh --all >refresh.out 2>&1 &
rpid=$!
sleep 1
rm hold
wait "$rpid" || { cat refresh.out; fail "a re-read beside the fill on shards"; }
wait "$fpid"
[ "$(cat fill.rc)" = 0 ] || fail "the fill on shards: $(cat fill.out)"
[ "$(psql -X -q -A -t "$url" -c "SELECT count(*) FROM units u JOIN docs d ON d.rid = u.doc WHERE d.indexed = 1 AND u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq)")" = 0 ] ||
	fail "units without tsvectors after the fill on shards"
"$TRAWL" --store "$url" verify >verify.out 2>&1 || { cat verify.out; fail "verify after the fill on shards"; }
"$TRAWL" --store "$url" admin grant alice read in >/dev/null || fail "grant"
ualice=$(echo "$url" | sed 's/user=trawl/user=alice/')
n0=$(wc -l <"$c1/server.log")
"$TRAWL" --store "$ualice" search 预算 --limit 50 >alice.out 2>&1 || fail "alice's search: $(cat alice.out)"
"$TRAWL" --store "$ualice" search '巡逻艇 OR 人脸识别' --count >>alice.out 2>&1 || fail "alice's count"
tail -n +$((n0 + 1)) "$c1/server.log" |
	awk '/^[0-9][0-9][0-9][0-9]-/ { if (q != "") print q; q = $0; next } { q = q " " $0 }
	     END { if (q != "") print q }' | grep 'CURSOR FOR' | sed 's/.*CURSOR FOR[[:space:]]*//' >remote
grep -q 'FROM public.units_p[0-9]* WHERE ((doc = ANY' remote || fail "no user's hits read on shard 1: $(cat remote)"
if grep -v ' WHERE ' remote >whole; then
	cat whole
	fail "a user's search read a shard's whole table"
fi
[ -s alice.out ] && ! grep -q 'later/' alice.out || fail "alice sees another collection: $(cat alice.out)"
echo ok
