# A store made by an older trawl (schema 1: facts keyed by the 64-hex
# document id, with two indexes) is upgraded when it is opened: every fact
# is kept, in the same order, with the same citations; search's fact
# filters and verify work; and the store takes new documents afterwards.
# Schemas 2 (no party column), 3 (no document metadata), 4 (no attrs
# column for indicators and projects), 5 (no real paths), 6 (no OCR
# marks) and 7 (an FTS5 index) are upgraded too; documents an
# older trawl read are noted, and trawl refresh gives them their kind,
# year, place and amount. A store older than schema 5 holds no indicator
# and no project (the kinds came with it): the fakes below drop them. A
# schema-5 store (sightings without a real path) keeps each path as its
# file's identity.
# A store older than schema 8 searched through an FTS5 table: the fakes
# put one back in place of trawl's own index, which the upgrade rebuilds
# from the stored text (and says so, once).
. "$TESTS/fault/lib.bash"
# The columns schema 4 added to docs: an older store has none of them.
V4_COLUMNS="extractor indexed kind_src year_src place place_code place_src amount currency
amount_src amount_fact u_title u_kind u_year u_place u_place_code u_amount u_currency"
# The facts schema 5 brought: indicators, projects and the attrs column.
drop_v5() { # DB
	python3 - "$1" <<'PY' || fail "could not drop the schema-5 facts"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM facts WHERE kind IN ('indicator', 'project')")
cols = [r[1] for r in db.execute("PRAGMA table_info(facts)")]
if "attrs" in cols:
    db.execute("ALTER TABLE facts DROP COLUMN attrs")
db.commit()
PY
}
# trawl facts --json without the kinds an older store can't have, and
# without OCR marks (a store older than schema 7 has none: the scan among
# the examples loses them in the fakes below)
old_facts() { # OUT
	"$TRAWL" facts --json >"$1.raw" 2>"$1.err" || fail "trawl facts failed: $(cat "$1.err")"
	grep -v '"kind":"indicator"' "$1.raw" | grep -v '"kind":"project"' | no_ocr >"$1"
}
no_ocr() { sed -E 's/,"ocr":(true,"ocr_confidence":[0-9.]+|false)//'; }
# The search index as schemas 1 to 5 had it: an FTS5 table over units
# (unicode61 here: python's sqlite3 does not know trawl's tokenizer),
# no segments, no facets.
old_index() { # DB
	python3 - "$1" <<'PY' || fail "could not put an FTS5 index back"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
DROP TABLE IF EXISTS ix_segments; DROP TABLE IF EXISTS ix_facets;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(text, content='units',
  content_rowid='rowid', detail='full');
INSERT INTO fts(fts) VALUES('rebuild');
""")
db.commit()
PY
	rm -f "$TRAWL_STORE"/index/*.seg
}
# The upgrade rebuilt the index: segments, facets, no FTS5 table; the
# notice (ERR) was said.
index_rebuilt() { # DB ERR
	grep -q "upgraded to this trawl's search index: [0-9]* documents" "$2" ||
		fail "opening an old store did not say it rebuilt the index: $(cat "$2")"
	python3 - "$1" <<'PY' || fail "the search index was not rebuilt"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT count(*) FROM ix_segments").fetchone()[0] > 0, "no segment"
assert db.execute("SELECT count(*) FROM ix_facets").fetchone()[0] > 0, "no facet"
assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fts'").fetchone()[0] == 0, "fts"
PY
}
# What schema 6 added: a sighting's real path, the table of what trawl rm
# took out of a file, the index of real paths.
# The OCR marks schema 7 brought.
drop_v7() { # DB
	python3 - "$1" <<'PY' || fail "could not drop the schema-7 columns"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("ALTER TABLE units DROP COLUMN ocr; ALTER TABLE docs DROP COLUMN ocr_units; "
                 "ALTER TABLE docs DROP COLUMN ocr_conf;")
db.commit()
PY
}
drop_v6() { # DB
	python3 - "$1" <<'PY' || fail "could not drop the schema-6 additions"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
DROP INDEX sightings_real;
ALTER TABLE sightings DROP COLUMN realpath;
DROP TABLE removed;
""")
db.commit()
PY
}
drop_v4_columns() { # DB
	python3 - "$1" $V4_COLUMNS <<'PY' || fail "could not drop the schema-4 columns"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for c in sys.argv[2:]:
    db.execute("ALTER TABLE docs DROP COLUMN %s" % c)
db.commit()
PY
}
seed_store
mkdir in
cp "$ROOT/examples/"*2024* "$ROOT/examples/ocds_"* in/
cp "$ROOT/examples/2023/"* in/
run_add in
expect_status 0
old_facts before.json
[ "$(wc -l <before.json)" -gt 50 ] || fail "only $(wc -l <before.json) facts before the downgrade"
"$TRAWL" search --files 'amount:>=1000000' >search-before.out 2>&1 ||
	fail "search with amount: failed: $(cat search-before.out)"
[ -s search-before.out ] || fail "no document with an amount >= 1000000 among the examples"

# Rewrite the facts table the way schema 1 had it.
drop_v5 "$TRAWL_STORE/trawl.db"
drop_v6 "$TRAWL_STORE/trawl.db"
drop_v7 "$TRAWL_STORE/trawl.db"
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
drop_v4_columns "$TRAWL_STORE/trawl.db"
old_index "$TRAWL_STORE/trawl.db"

"$TRAWL" facts --json >after.raw 2>after.err || fail "trawl facts on the schema-1 store failed: $(cat after.err)"
no_ocr <after.raw >after.json
no_sanitizer_report after.err
index_rebuilt "$TRAWL_STORE/trawl.db" after.err
# (schema 1 had no party column: a line item's party is not kept back)
sed 's/,"party":"[^"]*"//' before.json >before-v1.json
cmp -s before-v1.json after.json || { diff before-v1.json after.json | head -20; fail "the facts changed in the upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF' || fail "the store was not upgraded to schema 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
cols = [r[1] for r in db.execute("PRAGMA table_info(facts)")]
assert "doc" not in cols, cols
idx = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='facts'")]
assert idx == [], idx
EOF
"$TRAWL" search --files 'amount:>=1000000' >search-after.out 2>search-after.err || fail "search after the upgrade failed: $(cat search-after.err)"
cmp -s search-before.out search-after.out || fail "search with amount: differs after the upgrade"
printf '合同金额：人民币叁拾万元整（300000元）\n' >in/new.txt
run_add in
expect_status 0
"$TRAWL" facts --doc in/new.txt --kind money --json >new.json 2>&1 || fail "facts of a document added after the upgrade: $(cat new.json)"
grep -q '"value":"300000"' new.json || fail "the new document's amount is missing: $(cat new.json)"
check_intact

# A schema-2 store (facts without a party column) is upgraded too.
old_facts before2.json
drop_v5 "$TRAWL_STORE/trawl.db"
drop_v6 "$TRAWL_STORE/trawl.db"
drop_v7 "$TRAWL_STORE/trawl.db"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF2' || fail "could not make a schema-2 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("ALTER TABLE facts DROP COLUMN party; PRAGMA user_version = 2;")
db.commit()
EOF2
drop_v4_columns "$TRAWL_STORE/trawl.db"
old_index "$TRAWL_STORE/trawl.db"
"$TRAWL" facts --json >after2.raw 2>after2.err || fail "trawl facts on the schema-2 store failed: $(cat after2.err)"
no_ocr <after2.raw >after2.json
index_rebuilt "$TRAWL_STORE/trawl.db" after2.err
cmp -s before2.json after2.json || { diff before2.json after2.json | head; fail "the facts changed in the 2->8 upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF2' || fail "the schema-2 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
cols = [r[1] for r in db.execute("PRAGMA table_info(facts)")]
assert "party" in cols and "attrs" in cols, cols
EOF2
check_intact

# A schema-3 store: documents without metadata. Opened, it is upgraded;
# reading commands say once that an older trawl read them; ls and search
# work; trawl refresh gives each its kind, year, place and amount, keeps
# ids, and verify passes.
doc_ids >ids-before3
python3 - "$TRAWL_STORE/trawl.db" <<'EOF3' || fail "could not make a schema-3 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("PRAGMA user_version = 3;")
db.commit()
EOF3
drop_v4_columns "$TRAWL_STORE/trawl.db"
drop_v5 "$TRAWL_STORE/trawl.db"
drop_v6 "$TRAWL_STORE/trawl.db"
drop_v7 "$TRAWL_STORE/trawl.db"
old_index "$TRAWL_STORE/trawl.db"
"$TRAWL" ls >ls3.out 2>ls3.err || fail "ls on the schema-3 store failed: $(cat ls3.err)"
no_sanitizer_report ls3.err
index_rebuilt "$TRAWL_STORE/trawl.db" ls3.err
n=$(wc -l <ids-before3)
[ "$(grep -v "search index" ls3.err)" = "trawl: $n documents were read by an older trawl; run trawl refresh" ] ||
	fail "ls on an upgraded store does not say once that $n documents need trawl refresh: $(cat ls3.err)"
[ "$(($(wc -l <ls3.out) - 1))" = "$n" ] || fail "ls lists $(($(wc -l <ls3.out) - 1)) documents after the 3->4 upgrade, expected $n"
"$TRAWL" search 遣返 --count >search3.out 2>search3.err || fail "search after the 3->4 upgrade failed"
[ "$(cat search3.out)" -gt 0 ] || fail "search finds nothing after the 3->4 upgrade"
[ "$(grep -c 'run trawl refresh' search3.err)" = 1 ] || fail "search does not note the stale documents once: $(cat search3.err)"
"$TRAWL" refresh >refresh3.out 2>refresh3.err || fail "refresh of the upgraded store failed: $(cat refresh3.out refresh3.err)"
no_sanitizer_report refresh3.err
grep -qE "^[0-9]+ files re-read \($n documents\), 0 failed" refresh3.out || fail "refresh did not re-read $n documents: $(cat refresh3.out)"
"$TRAWL" ls >ls4.out 2>ls4.err || fail "ls after refresh failed"
[ -s ls4.err ] && fail "ls still notes stale documents after refresh: $(cat ls4.err)"
doc_ids >ids-after3
cmp -s ids-before3 ids-after3 || fail "document ids changed in refresh"
grep 'bianjian_zhidui_2024_bumen_yusuan.pdf' ls4.out | grep -q 'budget  *2024 .*35,410,700 CNY' ||
	fail "the 2024 budget has not its kind, year and total after refresh: $(grep bumen_yusuan ls4.out)"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF3' || fail "the schema-3 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
cols = [r[1] for r in db.execute("PRAGMA table_info(docs)")]
for c in ("extractor", "place", "amount", "u_place"):
    assert c in cols, (c, cols)
EOF3
check_intact

# A schema-4 store: facts without attrs, no indicators nor projects. It is
# upgraded; its facts are kept; trawl refresh brings the indicators and
# projects of the budgets back, with their attributes.
old_facts before4.json
drop_v5 "$TRAWL_STORE/trawl.db"
drop_v6 "$TRAWL_STORE/trawl.db"
drop_v7 "$TRAWL_STORE/trawl.db"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF4' || fail "could not make a schema-4 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("UPDATE docs SET extractor = 1; PRAGMA user_version = 4;")
db.commit()
EOF4
old_index "$TRAWL_STORE/trawl.db"
old_facts after4.json
no_sanitizer_report after4.json.err
index_rebuilt "$TRAWL_STORE/trawl.db" after4.json.err
"$TRAWL" search 遣返 --count >search4.out 2>search4.err || fail "search after the 4->8 upgrade failed"
[ "$(cat search4.out)" = "$(cat search3.out)" ] ||
	fail "search finds $(cat search4.out) units after the 4->8 upgrade, $(cat search3.out) before"
grep -q "search index" search4.err && fail "the upgrade's notice is said again: $(cat search4.err)"
cmp -s before4.json after4.json || { diff before4.json after4.json | head; fail "the facts changed in the 4->8 upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF4' || fail "the schema-4 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
assert "attrs" in [r[1] for r in db.execute("PRAGMA table_info(facts)")]
EOF4
"$TRAWL" refresh >refresh4.out 2>refresh4.err ||
	fail "refresh of the schema-4 store failed: $(cat refresh4.out refresh4.err)"
"$TRAWL" facts --kind indicator --json >ind4.json 2>&1 || fail "facts --kind indicator: $(cat ind4.json)"
grep -q '"attrs":{' ind4.json || fail "no indicator with its attributes after refresh: $(head -3 ind4.json)"
check_intact

# A schema-5 store: sightings without a real path keep their path as it.
doc_ids >ids-before5
python3 - "$TRAWL_STORE/trawl.db" <<'EOF5' || fail "could not make a schema-5 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("PRAGMA user_version = 5;")
db.commit()
EOF5
drop_v6 "$TRAWL_STORE/trawl.db"
drop_v7 "$TRAWL_STORE/trawl.db"
old_index "$TRAWL_STORE/trawl.db"
"$TRAWL" ls >ls5.out 2>ls5.err || fail "ls on the schema-5 store failed: $(cat ls5.err)"
no_sanitizer_report ls5.err
index_rebuilt "$TRAWL_STORE/trawl.db" ls5.err
doc_ids >ids-after5
cmp -s ids-before5 ids-after5 || fail "the documents listed changed in the 5->8 upgrade"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF5' || fail "the schema-5 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
assert db.execute("SELECT count(*) FROM sightings WHERE realpath IS NOT path").fetchone()[0] == 0
EOF5
run_add in
expect_status 0
grep -qE '^0 added, [0-9]+ unchanged, 0 new versions, 0 failed' out || fail "adding the same files after the 5->8 upgrade: $(cat out)"
check_intact

# A schema-6 store (nothing marks what OCR read) gains the OCR columns; its
# documents count as read from their files' own text.
"$TRAWL" show in/new.txt --json >before7.json 2>&1 || fail "trawl show failed: $(cat before7.json)"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF6' || fail "could not make a schema-6 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("PRAGMA user_version = 6;")
db.commit()
EOF6
drop_v7 "$TRAWL_STORE/trawl.db"
old_index "$TRAWL_STORE/trawl.db"
"$TRAWL" show in/new.txt --json >after7.json 2>after7.err || fail "trawl show on the schema-6 store failed: $(cat after7.err)"
index_rebuilt "$TRAWL_STORE/trawl.db" after7.err
cmp -s before7.json after7.json || { diff before7.json after7.json; fail "show changed in the 6->8 upgrade"; }
python3 - "$TRAWL_STORE/trawl.db" <<'EOF6' || fail "the schema-6 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
assert "ocr" in [r[1] for r in db.execute("PRAGMA table_info(units)")]
assert "ocr_units" in [r[1] for r in db.execute("PRAGMA table_info(docs)")]
EOF6
check_intact

# A schema-7 store (OCR marks, the FTS5 index) gains trawl's own index,
# rebuilt from the stored text; search finds what it found.
"$TRAWL" search 遣返 --count >search7.out 2>&1 || fail "search before the 7->8 upgrade failed"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF7' || fail "could not make a schema-7 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("PRAGMA user_version = 7;")
db.commit()
EOF7
old_index "$TRAWL_STORE/trawl.db"
"$TRAWL" search 遣返 --count >search8.out 2>search8.err || fail "search on the schema-7 store failed: $(cat search8.err)"
index_rebuilt "$TRAWL_STORE/trawl.db" search8.err
[ "$(cat search8.out)" = "$(cat search7.out)" ] ||
	fail "search finds $(cat search8.out) units after the 7->8 upgrade, $(cat search7.out) before"
check_intact

# A schema-8 store (trawl's own index, no record of what add --unit
# stated) gains the two columns and keeps its index as it is.
python3 - "$TRAWL_STORE/trawl.db" <<'EOF8' || fail "could not make a schema-8 store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("ALTER TABLE blobs DROP COLUMN stated_unit; "
                 "ALTER TABLE blobs DROP COLUMN stated_currency; PRAGMA user_version = 8;")
db.commit()
EOF8
"$TRAWL" search 遣返 --count >search9.out 2>search9.err || fail "search on the schema-8 store failed: $(cat search9.err)"
grep -q "search index" search9.err && fail "the 8->9 upgrade rebuilt the search index: $(cat search9.err)"
[ "$(cat search9.out)" = "$(cat search7.out)" ] ||
	fail "search finds $(cat search9.out) units after the 8->9 upgrade, $(cat search7.out) before"
python3 - "$TRAWL_STORE/trawl.db" <<'EOF9' || fail "the schema-8 store was not upgraded to 9"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 9, "user_version"
cols = [r[1] for r in db.execute("PRAGMA table_info(blobs)")]
assert "stated_unit" in cols and "stated_currency" in cols, cols
EOF9
check_intact
