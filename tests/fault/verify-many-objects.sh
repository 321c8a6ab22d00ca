# verify over a store of 100,000 originals: every one re-hashed, the 1,000
# originals the database does not know reported as orphans (notes, exit 0),
# and none of the others. (The orphan check was once quadratic, memmem over
# one growing string: minutes here. Correctness is checked, not time.)
. "$TESTS/fault/lib.bash"
seed_store
/usr/bin/python3 - "$TRAWL_STORE" <<'PY' || fail "making the store failed"
import hashlib, os, sqlite3, sys
store = sys.argv[1]
db = sqlite3.connect(os.path.join(store, "trawl.db"))
rows, sights = [], []
def put(i):
    data = b"object %d\n" % i
    sha = hashlib.sha256(data).hexdigest()
    d = os.path.join(store, "objects", sha[:2])
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, sha[2:])
    with open(p, "wb") as f:
        f.write(data)
    os.chmod(p, 0o444)
    return sha, len(data)
for i in range(100000):
    sha, n = put(i)
    rows.append((sha, n, "txt", None, "2024-01-01T00:00:00Z", 0))
    sights.append(("/gen/%d.txt" % i, sha, n, 0, "2024-01-01T00:00:00Z", None, 1))
with open("orphans.txt", "w") as f:
    for i in range(100000, 101000):
        f.write(put(i)[0] + "\n")
db.executemany("INSERT INTO blobs(sha256,size,format,encoding,added_at,ndocs) VALUES(?,?,?,?,?,?)", rows)
db.executemany("INSERT INTO sightings(path,sha256,size,mtime,seen_at,source_url,version) VALUES(?,?,?,?,?,?,?)", sights)
db.commit()
PY
"$TRAWL" verify --json >verify.json 2>verify.err
vs=$?
no_sanitizer_report verify.err
[ "$vs" = 0 ] || { head -c 3000 verify.json verify.err; fail "trawl verify exited $vs"; }
/usr/bin/python3 - verify.json orphans.txt <<'PY' || fail "verify's findings are wrong"
import json, sys
want = set(open(sys.argv[2]).read().split())
orphans, other, summary = set(), [], None
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("problem") == "orphan":
        orphans.add(d["object"])
    elif "problem" in d:
        other.append(d)
    else:
        summary = d
if other:
    print("unexpected problems:", other[:5]); sys.exit(1)
if orphans != want:
    print("orphans reported: %d, expected %d; missing %s; extra %s" % (len(orphans), len(want),
          list(want - orphans)[:3], list(orphans - want)[:3])); sys.exit(1)
print("summary:", summary)
PY
check_intact
