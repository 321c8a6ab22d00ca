# Collections and row-level security: two users, three collections. Every
# command and a raw psql session of a user see only the documents of the
# collections the user may read; a writer adds only to its own; the audit
# records who searched and viewed what.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
owner=$(cat "$pg/url")
alice=${owner/user=trawl/user=alice}
bob=${owner/user=trawl/user=bob}
fail() { echo "FAIL: $*"; exit 1; }
sql() { psql -X -q -A -t "$1" -c "$2" 2>&1; }
mkdir -p work/budgets work/tenders work/leaks && cd work || exit 1
printf '边境管理支队2024年部门预算\n巡逻艇购置223.00万元。\n' >budgets/b1.txt
printf '2023年部门预算 收入总计3541.07万元\n' >budgets/b2.txt
printf '人脸识别系统招标公告 预算金额380万元\n' >tenders/t1.txt
printf '内部文件 遣返名单 绝密 经费50万元\n' >leaks/secret.txt
cp budgets/b1.txt leaks/copy-of-b1.txt   # the same bytes in two collections
T() { "$TRAWL" --store "$1" "${@:2}"; }
T "$owner" add budgets tenders >/dev/null || fail "add"
T "$owner" add --collection leaks leaks >/dev/null || fail "add leaks"
T "$owner" admin user add alice || fail "user alice"
T "$owner" admin user add bob || fail "user bob"
T "$owner" admin grant alice read budgets || fail grant
T "$owner" admin grant alice write tenders || fail grant
T "$owner" admin grant bob read leaks || fail grant
T "$owner" admin collections >../collections.txt || fail collections
printf 'budgets\t2\t-\nleaks\t2\t-\ntenders\t1\t-\n' | diff - <(sed 's/\t[a-z:,]*$/\t-/' ../collections.txt) ||
	fail "collections"

# the owner sees all 4 documents; alice budgets and tenders (3); bob leaks (2,
# one of them the copy of b1)
[ "$(T "$owner" ls | tail -n +2 | wc -l)" = 4 ] || fail "owner ls"
[ "$(T "$alice" ls | tail -n +2 | grep -o ' [a-z]*/[a-z0-9-]*\.txt ' | sort | tr -d ' ' | tr '\n' ' ')" = "budgets/b1.txt budgets/b2.txt tenders/t1.txt " ] ||
	fail "alice ls: $(T "$alice" ls)"
[ "$(T "$bob" ls | tail -n +2 | wc -l)" = 2 ] || fail "bob ls: $(T "$bob" ls)"
# search, show, facts, report
[ "$(T "$alice" search 遣返 --count)" = 0 ] || fail "alice finds the leak: $(T "$alice" search 遣返 --count)"
[ "$(T "$bob" search 遣返 --count)" = 1 ] || fail "bob: $(T "$bob" search 遣返 --count)"
[ "$(T "$bob" search 巡逻艇 --count)" = 1 ] || fail "bob and the shared bytes"
[ "$(T "$alice" search 预算 --count)" = 3 ] || fail "alice 预算: $(T "$alice" search 预算 --count)"
T "$alice" show leaks/secret.txt >/dev/null 2>&1 && fail "alice shows the leak"
T "$bob" show leaks/secret.txt | grep -q 遣返名单 || fail "bob can't show the leak"
T "$alice" facts --csv | grep -q 50万元 && fail "alice lists the leak's facts"
T "$bob" facts --csv | grep -q 50万元 || fail "bob does not list the leak's facts"
T "$alice" report --csv 2>/dev/null | grep -q 500,000 && fail "alice's report sums the leak"
out=$(T "$alice" verify 2>&1) || fail "alice verify: $out"
echo "$out" | grep -q "^3 originals checked, 0 problems" || fail "alice verify: $out"

# a raw SQL session as alice: the tables hold only what she may read
[ "$(sql "$alice" 'SELECT count(*) FROM docs')" = 3 ] || fail "alice docs: $(sql "$alice" 'SELECT count(*) FROM docs')"
[ "$(sql "$alice" "SELECT count(*) FROM units WHERE text LIKE '%遣返%'")" = 0 ] || fail "alice units"
[ "$(sql "$alice" "SELECT count(*) FROM facts WHERE text LIKE '%50万元%'")" = 0 ] || fail "alice facts"
[ "$(sql "$alice" "SELECT count(*) FROM chunks WHERE convert_from(data, 'UTF8') LIKE '%遣返%'")" = 0 ] ||
	fail "alice reads the leak's original"
[ "$(sql "$alice" "SELECT count(*) FROM sightings WHERE path LIKE 'leaks/secret%'")" = 0 ] || fail "alice sightings"
[ "$(sql "$alice" 'SELECT count(*) FROM blobs')" = 3 ] || fail "alice blobs"
[ "$(sql "$alice" 'SELECT count(*) FROM grants')" = 2 ] || fail "alice sees others' grants"
sql "$alice" 'SELECT count(*) FROM units_p0' | grep -q "permission denied" || fail "alice reads a partition"
sql "$alice" "INSERT INTO grants VALUES('alice', 'leaks', 'read')" | grep -q "permission denied" ||
	fail "alice grants herself"
[ "$(sql "$bob" 'SELECT count(*) FROM docs')" = 2 ] || fail "bob docs"
[ "$(sql "$bob" "SELECT count(*) FROM units WHERE text LIKE '%人脸识别%'")" = 0 ] || fail "bob units"

# writing: alice adds to tenders, not to leaks or budgets
printf '视频监控采购 中标金额120万元\n' >tenders/t2.txt
T "$alice" add --collection tenders tenders/t2.txt >/dev/null || fail "alice can't add to tenders"
[ "$(T "$alice" search 视频监控 --count)" = 1 ] || fail "alice's own add"
[ "$(T "$bob" search 视频监控 --count)" = 0 ] || fail "bob sees alice's add"
# a file of many facts: the owner's writer sends them by COPY, a user's
# (row-level security refuses COPY to it) by INSERTs; both keep them all
for i in $(seq 1 24); do printf '第%d项 采购经费%d.50万元\n' "$i" "$((i * 3))"; done >tenders/many.txt
sed 's/采购/维修/' tenders/many.txt >tenders/many-owner.txt
T "$alice" add --collection tenders tenders/many.txt >/dev/null || fail "alice's file of many facts"
T "$owner" add --collection tenders tenders/many-owner.txt >/dev/null || fail "the owner's file of many facts"
for f in many many-owner; do
	n=$(sql "$owner" "SELECT count(*) FROM facts f JOIN docs d ON d.rid = f.doc JOIN sightings s ON s.sha256 = d.sha256 WHERE s.path LIKE '%tenders/$f.txt' AND f.kind = 'money'")
	[ "$n" = 24 ] || fail "$f.txt: $n money facts stored, not 24"
done
[ "$(T "$alice" facts --csv | grep -c '万元')" -ge 48 ] || fail "alice's facts of the two files"
printf '新的泄露\n' >leaks/new.txt
T "$alice" add --collection leaks leaks/new.txt >/dev/null 2>&1 && fail "alice adds to leaks"
[ "$(T "$owner" search 新的泄露 --count)" = 0 ] || fail "alice's refused add left a document"
T "$bob" add --collection leaks leaks/new.txt >/dev/null 2>&1 && fail "bob (read only) adds"

# the audit: who searched and viewed what; a user sees only their own
T "$owner" admin audit >../audit.txt || fail "audit"
grep -q "	alice	search	" ../audit.txt || fail "alice's searches are not audited"
grep -q "	bob	view	" ../audit.txt || fail "bob's view is not audited"
[ "$(sql "$alice" "SELECT count(*) FROM audit WHERE who <> 'alice'")" = 0 ] || fail "alice sees others' audit"
T "$alice" admin grant alice read leaks >/dev/null 2>&1 && fail "alice grants herself through trawl"

# the same files added again at the same paths under another collection
# (nothing new to store): their documents join it, and its readers see
# them, with where they were seen (the add only said "unchanged" and put
# them in no collection)
T "$owner" add --collection shared budgets/b2.txt >../again.txt 2>&1 || fail "add again: $(cat ../again.txt)"
grep -q '0 added, 1 unchanged' ../again.txt || fail "add again: $(cat ../again.txt)"
T "$owner" admin grant bob read shared || fail grant
[ "$(T "$bob" search 收入总计 --count)" = 1 ] || fail "bob and the collection added again: $(T "$bob" search 收入总计 --count)"
T "$bob" ls | grep -q ' budgets/b2.txt ' || fail "bob does not see where b2 was seen: $(T "$bob" ls)"
[ "$(sql "$owner" "SELECT count(*) FROM sightings WHERE collection = 'shared'")" = 1 ] || fail "shared's sightings"
T "$owner" add --collection shared budgets/b2.txt >/dev/null 2>&1 || fail "add again twice"
[ "$(sql "$owner" "SELECT count(*) FROM sightings WHERE collection = 'shared'")" = 1 ] ||
	fail "a third add recorded the sighting again"
# a writer may not put what it re-adds into a collection it may not write
T "$alice" add --collection leaks tenders/t1.txt >/dev/null 2>&1 && fail "alice re-adds into leaks"
[ "$(T "$bob" search 人脸识别 --count)" = 0 ] || fail "alice's re-add put t1 in leaks"
echo ok
