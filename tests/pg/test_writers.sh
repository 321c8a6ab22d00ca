# Many writers on one PostgreSQL store: four `trawl add` of overlapping
# folders at once, one of them killed at a random moment. Afterwards every
# file is stored exactly once (one blob per distinct content, its documents
# once, one sighting per path), nothing is half-written (verify passes, a
# unit count for every document), and the store lists what a SQLite store
# of the same files lists.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export TRAWL_STORE=$(cat "$pg/url")
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$TRAWL_STORE" -c "$1"; }
# four folders of 150 files; every folder is added by two writers, and some
# bytes are in several folders (the same file copied)
for f in 1 2 3 4; do
	mkdir -p "in/f$f"
	for i in $(seq 1 150); do
		printf '第%d号文件 预算 %d 万元\n边境管理支队%d年 项目%d\n' "$i" "$((i * f))" "$((2000 + f))" "$i" \
			>"in/f$f/doc$i.txt"
	done
	cp in/f1/doc1.txt "in/f$f/shared.txt"
done
printf 'the same bytes everywhere\n' >in/f2/same-a.txt
cp in/f2/same-a.txt in/f3/same-b.txt
cd in || exit 1
"$TRAWL" add --jobs 1 f1/doc1.txt >/dev/null || fail "first add"   # the schema, before the race
pids=()
"$TRAWL" add f1 f2 >../w1.log 2>&1 & pids+=($!)
"$TRAWL" add f2 f3 >../w2.log 2>&1 & pids+=($!)
"$TRAWL" add f3 f4 >../w3.log 2>&1 & pids+=($!)
"$TRAWL" add f4 f1 >../w4.log 2>&1 & pids+=($!)
victim=$((RANDOM % 4))
sleep "0.$((2 + RANDOM % 8))"
kill -9 "${pids[$victim]}" 2>/dev/null
for i in 0 1 2 3; do
	wait "${pids[$i]}"
	st=$?
	if [ "$i" != "$victim" ] && [ "$st" != 0 ]; then
		cat "../w$((i + 1)).log"
		fail "writer $((i + 1)) exited $st"
	fi
done
echo "writer $((victim + 1)) killed"
files=$(find . -type f | wc -l)
contents=$(find . -type f -exec sha256sum {} + | cut -c1-64 | sort -u | wc -l)
[ "$(sql 'SELECT count(*) FROM blobs')" = "$contents" ] ||
	fail "$(sql 'SELECT count(*) FROM blobs') blobs for $contents distinct contents"
[ "$(sql 'SELECT count(*) FROM docs')" = "$contents" ] || fail "$(sql 'SELECT count(*) FROM docs') documents"
[ "$(sql 'SELECT count(DISTINCT path) FROM sightings')" = "$files" ] ||
	fail "$(sql 'SELECT count(DISTINCT path) FROM sightings') paths seen of $files"
[ "$(sql 'SELECT count(*) FROM sightings')" = "$files" ] ||
	fail "$(sql 'SELECT count(*) FROM sightings') sightings of $files files: $(sql 'SELECT path, count(*) FROM sightings GROUP BY 1 HAVING count(*) > 1')"
[ "$(sql 'SELECT count(*) FROM units')" = "$(sql 'SELECT sum(units) FROM docs')" ] || fail "units"
out=$("$TRAWL" verify 2>&1) || fail "verify: $out"
echo "$out" | tail -1
# the same documents as a SQLite store of the same files (the path each
# is listed under, the latest one it was seen at, depends on who was first)
"$TRAWL" --store ../sq add f1 f2 f3 f4 >/dev/null || fail "sqlite add"
"$TRAWL" ls | awk 'NR > 1 { print $1 }' | sort >../pg.ls
"$TRAWL" --store ../sq ls | awk 'NR > 1 { print $1 }' | sort >../sq.ls
diff ../sq.ls ../pg.ls || fail "ls differs"
for q in 预算 边境管理支队2003年 '项目7 OR 项目9'; do
	[ "$("$TRAWL" search "$q" --count)" = "$("$TRAWL" --store ../sq search "$q" --count)" ] ||
		fail "search $q differs"
done
echo ok
