# trawl refresh after the extractor changed (a later version, armed with
# TRAWL_FAULTS=extractor-version:N; the store's facts emptied and kinds
# blanked as an older extractor would have left them):
#   - reading commands say once how many documents an older trawl read;
#   - refresh re-reads the stored originals, not the paths (they are gone),
#     and gives back every fact and every document's metadata; ids,
#     sightings, overrides and watch marks stay; verify passes;
#   - kill -9 in the middle of a refresh leaves every document either old
#     (no facts, version 1) or new (all its facts, the later version), never half,
#     and verify passes; running refresh again finishes the job.
. "$TESTS/fault/lib.bash"
seed_store
mkdir -p corpus/ex
for f in "$ROOT"/examples/*; do
	[ -f "$f" ] || continue
	case "$f" in *.url | *.md) continue ;; esac
	cp "$f" corpus/ex/
done
for i in $(seq 1 300); do
	printf '东滨市第%d中学2024年部门预算\n收入总计%d.00万元，支出总计%d.00万元。\n' "$i" "$((i * 10))" "$((i * 10))" >corpus/budget-$i.txt
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>设备采购项目%d中标公告</title></head><body><p>公告日期：2024年5月%d日</p><p>采购人：吉林省第%d中学</p><p>中标金额：%d,000.00元</p></body></html>\n' "$i" "$((i % 28 + 1))" "$i" "$((i * 3))" >corpus/award-$i.html
done
run_add corpus
expect_status 0
"$TRAWL" facts --json >facts.ref 2>/dev/null || fail "facts failed"
"$TRAWL" ls --json >ls.ref 2>/dev/null || fail "ls failed"
# this trawl's extractor version, and two later ones to act as
V=$(head -1 ls.ref | python3 -c 'import json, sys; print(json.load(sys.stdin)["extractor"])')
NEW=$((V + 1))
NEWER=$((V + 2))
ndocs=$(wc -l <ls.ref)
# an override, a watch that has run: both must survive
"$TRAWL" set corpus/budget-7.txt place=辽宁 'amount=1亿元' >/dev/null || fail "set failed"
"$TRAWL" watch add budgets 部门预算 >/dev/null
"$TRAWL" watch run >/dev/null
# the originals are re-read from the store, not from where they were
mv corpus corpus.gone

# What an older extractor left: no facts, no metadata.
age_store() {
	python3 - "$TRAWL_STORE/trawl.db" <<'PY' || fail "could not age the store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
DELETE FROM facts;
UPDATE docs SET kind = NULL, year = NULL, place = NULL, place_code = NULL, amount = NULL,
  currency = NULL, amount_fact = NULL, kind_src = NULL, year_src = NULL, place_src = NULL,
  amount_src = NULL, extractor = 1;
""")
db.commit()
PY
}
# Per document: version 1 with no facts, or version 2 with all of them.
check_old_or_new() { # ROUND
	python3 - "$TRAWL_STORE/trawl.db" "$1" "$NEW" <<'PY' || fail "round $1: a document is half refreshed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ref = {}
old = new = 0
for rowid, ext, units, kind in db.execute("SELECT rowid, extractor, units, kind FROM docs"):
    n = db.execute("SELECT count(*) FROM facts WHERE id >> 32 = ?", (rowid,)).fetchone()[0]
    u = db.execute("SELECT count(*) FROM units WHERE doc = (SELECT id FROM docs WHERE rowid = ?)",
                   (rowid,)).fetchone()[0]
    assert u == units, ("units", rowid, u, units)
    if ext == 1:
        assert n == 0 and kind is None, ("old document with new parts", rowid, n, kind)
        old += 1
    else:
        assert ext == int(sys.argv[3]) and kind is not None, ("new document without its kind", rowid, ext)
        new += 1
print("note: round %s: %d old, %d new" % (sys.argv[2], old, new))
PY
}

age_store
export TRAWL_FAULTS=extractor-version:$NEW
"$TRAWL" search 部门预算 --count >count.out 2>count.err || fail "search on an aged store failed"
[ "$(cat count.err)" = "trawl: $ndocs documents were read by an older trawl; run trawl refresh" ] ||
	fail "search does not say that $ndocs documents need refresh: $(cat count.err)"

# how long a whole refresh takes here (on a copy), to aim the kills
cp -r "$TRAWL_STORE" "$TMP/timing"
t0=$(date +%s%N)
TRAWL_STORE="$TMP/timing" "$TRAWL" refresh >timing.out 2>&1 || { cat timing.out; fail "refresh fails"; }
full_ms=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TMP/timing"
echo "note: a full refresh of $ndocs documents takes ${full_ms} ms"

killed=0
round=0
for delay in $(awk -v t="$full_ms" 'BEGIN { printf "%.3f %.3f %.3f %.3f 0.05 0.3\n", t*0.2/1000, t*0.45/1000, t*0.7/1000, t*0.9/1000 }'); do
	round=$((round + 1))
	age_store
	"$TRAWL" refresh >kill.out 2>kill.err &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	st=$?
	[ "$st" = 137 ] && killed=$((killed + 1))
	[ "$st" = 137 ] || [ "$st" = 0 ] || { cat kill.out kill.err; fail "round $round: refresh exited $st before the kill"; }
	"$TRAWL" verify >verify.out 2>verify.err
	vs=$?
	no_sanitizer_report verify.err
	[ "$vs" = 0 ] || { cat verify.out verify.err; fail "round $round (kill after ${delay}s): verify exited $vs"; }
	check_old_or_new "$round"
done
echo "note: $killed of $round refreshes were killed"
[ "$killed" -gt 0 ] || fail "no refresh was killed in the middle"

"$TRAWL" refresh >refresh.out 2>refresh.err
st=$?
no_sanitizer_report refresh.err
[ "$st" = 0 ] || { cat refresh.out refresh.err; fail "the last refresh exited $st"; }
grep -qE '^[0-9]+ files re-read \([0-9]+ documents\), 0 failed$' refresh.out || fail "refresh said: $(cat refresh.out)"
"$TRAWL" ls --json >ls.now 2>ls.err || fail "ls failed after refresh"
[ -s ls.err ] && fail "ls still notes stale documents: $(cat ls.err)"
"$TRAWL" facts --json >facts.now 2>/dev/null || fail "facts failed after refresh"
cmp -s facts.ref facts.now || { diff facts.ref facts.now | head; fail "the facts differ from the first reading"; }
# the same documents, ids and metadata (the override still there), but
# for the version that read them
sed "s/\"extractor\":$V,/\"extractor\":$NEW,/" ls.ref | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if d["path"].endswith("budget-7.txt"):
        d.update(place="辽宁省", place_code="210000", place_source="user", amount="100000000",
                 currency="CNY", amount_source="user", amount_text=None, amount_page=None)
    print(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
' >ls.want
cmp -s ls.want ls.now || { diff ls.want ls.now | head; fail "ls after refresh differs (ids, metadata, override)"; }
"$TRAWL" watch >watch.out 2>&1
grep -q '^budgets  *0 new' watch.out || fail "the watch mark moved in refresh: $(cat watch.out)"
"$TRAWL" search 'place:吉林 kind:award' --count >n.out 2>&1
[ "$(cat n.out)" = 300 ] || fail "place: and kind: after refresh find $(cat n.out) awards, expected 300"
"$TRAWL" verify >verify.out 2>verify.err || { cat verify.out verify.err; fail "verify failed after refresh"; }
unset TRAWL_FAULTS
mv corpus.gone corpus
check_intact

# An original missing from objects/: its documents are kept as they were,
# one error names the file, the others are re-read, refresh exits 1.
export TRAWL_FAULTS=extractor-version:$NEWER
victim=$(python3 - "$TRAWL_STORE/trawl.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT d.sha256 FROM docs d JOIN sightings s ON s.sha256 = d.sha256 "
                 "WHERE s.path LIKE '%budget-12.txt'").fetchone()[0])
PY
)
rm -f "$TRAWL_STORE/objects/${victim:0:2}/${victim:2}"
"$TRAWL" refresh >refresh.out 2>refresh.err
st=$?
no_sanitizer_report refresh.err
[ "$st" = 1 ] || { cat refresh.out refresh.err; fail "refresh with a missing original exited $st, expected 1"; }
[ "$(grep -c . refresh.err)" = 1 ] && grep -q '^trawl: error: corpus/budget-12.txt: ' refresh.err ||
	fail "refresh does not name the file whose original is missing, once: $(cat refresh.err)"
grep -qE "^[0-9]+ files re-read \\($((ndocs - 1)) documents\\), 1 failed$" refresh.out ||
	fail "refresh said: $(cat refresh.out)"
"$TRAWL" ls >ls.out 2>ls.err
[ "$(cat ls.err)" = "trawl: 1 document was read by an older trawl; run trawl refresh" ] ||
	fail "the document of the missing original is not left as it was: $(cat ls.err)"
unset TRAWL_FAULTS
