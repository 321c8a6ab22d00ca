# A store made by an older trawl (schema 1: facts keyed by the 64-hex
# document id, with two indexes) is upgraded when it is opened: every fact
# is kept, in the same order, with the same citations; search's fact
# filters and verify work; and the store takes new documents afterwards.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
cp "$ROOT/examples/"*2024* "$ROOT/examples/ocds_"* in/
cp "$ROOT/examples/2023/"* in/
run_add in
expect_status 0
"$TRAWL" facts --json >before.json 2>before.err || fail "trawl facts failed: $(cat before.err)"
[ "$(wc -l <before.json)" -gt 50 ] || fail "only $(wc -l <before.json) facts before the downgrade"
"$TRAWL" search --files 'amount:>=1000000' >search-before.out 2>&1 ||
	fail "search with amount: failed: $(cat search-before.out)"
[ -s search-before.out ] || fail "no document with an amount >= 1000000 among the examples"

# Rewrite the facts table the way schema 1 had it.
python3 - "$TRAWL_STORE/trawl.db" <<'EOF' || fail "could not make a schema-1 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = ("unit, kind, bstart, bend, cstart, cend, text, value, value_hi, num, negative, "
        "currency, unit_name, unit_source, comparator, precision, role, code, label, col, caption")
db.executescript("""
CREATE TABLE facts_v1(
  id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES docs(id), unit INTEGER NOT NULL,
  kind TEXT NOT NULL, bstart INTEGER NOT NULL, bend INTEGER NOT NULL,
  cstart INTEGER NOT NULL, cend INTEGER NOT NULL, text TEXT NOT NULL,
  value TEXT, value_hi TEXT, num REAL, negative INTEGER NOT NULL DEFAULT 0,
  currency TEXT, unit_name TEXT, unit_source TEXT, comparator TEXT, precision TEXT,
  role TEXT, code TEXT, label TEXT, col TEXT, caption TEXT);
""")
# schema 1 stored a document's facts in the order the extractors found them,
# not by position (facts at the same position kept that order): insert each
# document's facts backwards by position so the upgrade must sort them
db.execute("INSERT INTO facts_v1(doc, %s) SELECT d.id, %s FROM facts f "
           "JOIN docs d ON d.rowid = f.id >> 32 "
           "ORDER BY f.id >> 32, f.unit DESC, f.bstart DESC, f.id"
           % (cols, ", ".join("f." + c.strip() for c in cols.split(","))))
db.executescript("""
DROP TABLE facts;
ALTER TABLE facts_v1 RENAME TO facts;
CREATE INDEX facts_doc ON facts(doc, unit, bstart);
CREATE INDEX facts_kind ON facts(kind, num);
PRAGMA user_version = 1;
""")
db.commit()
n = db.execute("SELECT count(*) FROM facts").fetchone()[0]
print(n)
EOF

"$TRAWL" facts --json >after.json 2>after.err || fail "trawl facts on the schema-1 store failed: $(cat after.err)"
no_sanitizer_report after.err
# (schema 1 had no party column: a line item's party is not kept back)
sed 's/,"party":"[^"]*"//' before.json >before-v1.json
cmp -s before-v1.json after.json || { diff before-v1.json after.json | head -20; fail "the facts changed in the upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF' || fail "the store was not upgraded to schema 3"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 3, "user_version"
cols = [r[1] for r in db.execute("PRAGMA table_info(facts)")]
assert "doc" not in cols, cols
idx = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='facts'")]
assert idx == [], idx
EOF
"$TRAWL" search --files 'amount:>=1000000' >search-after.out 2>&1 || fail "search after the upgrade failed"
cmp -s search-before.out search-after.out || fail "search with amount: differs after the upgrade"
printf '合同金额：人民币叁拾万元整（300000元）\n' >in/new.txt
run_add in
expect_status 0
"$TRAWL" facts --doc in/new.txt --kind money --json >new.json 2>&1 || fail "facts of a document added after the upgrade: $(cat new.json)"
grep -q '"value":"300000"' new.json || fail "the new document's amount is missing: $(cat new.json)"
check_intact

# A schema-2 store (facts without a party column) is upgraded too.
"$TRAWL" facts --json >before2.json 2>&1 || fail "trawl facts failed: $(cat before2.json)"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF2' || fail "could not make a schema-2 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("ALTER TABLE facts DROP COLUMN party; PRAGMA user_version = 2;")
db.commit()
EOF2
"$TRAWL" facts --json >after2.json 2>after2.err || fail "trawl facts on the schema-2 store failed: $(cat after2.err)"
cmp -s before2.json after2.json || { diff before2.json after2.json | head; fail "the facts changed in the 2->3 upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF2' || fail "the schema-2 store was not upgraded to 3"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 3, "user_version"
assert "party" in [r[1] for r in db.execute("PRAGMA table_info(facts)")]
EOF2
check_intact
