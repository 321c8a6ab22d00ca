"""A load test of trawl serve on 127.0.0.1 only: CLIENTS concurrent clients
search (pages with facet counts and API calls), open documents and draw PDF
pages for SECONDS seconds. Every answer must be right (200 and what was
asked for), and the server's memory must stay flat.

    TRAWL=build-test/trawl ROOT=. /usr/bin/python3 tests/browser/load.py [SECONDS] [CLIENTS]
"""
import http.client
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, finish, make_store, ROOT

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 8
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
store = sys.argv[3] if len(sys.argv) > 3 else None
tmp = tempfile.mkdtemp(prefix="trawl-load-")
if not store:
    store = make_store(tmp, [os.path.join(ROOT, "examples")])
# a small quarantine: ASan's default keeps 256 MB of freed memory, which
# would hide whether trawl's own memory stays flat
srv = Server(store, "--threads", "4",
             asan="detect_leaks=0:quarantine_size_mb=4:thread_local_quarantine_size_kb=64")
queries = ["遣返", "边境", "预算", "人脸识别 OR 卡口", "巡逻艇 -维修", "2024", "公安", "kind:budget",
           "year:2024", "合同", "采购", "NEAR(巡逻艇 万元, 5)", "amount:>=1000000", "通知"]
st, _, body = srv.get("/api/v1/documents?limit=1000")
docs = json.loads(body)["documents"]
pdfs = [(d["id"], d["pages"]) for d in docs if d["format"] == "pdf"]
ids = [d["id"] for d in docs]
host = "%s:%d" % (srv.host, srv.port)

stop = threading.Event()
lock = threading.Lock()
stats = {"requests": 0, "errors": 0, "kinds": {}}
errors = []


def one(conn, rnd):
    kind = rnd.choice(["page", "page", "api", "doc", "png", "facts"])
    q = urllib.parse.quote(rnd.choice(queries))
    if kind == "page":
        path, want = "/?q=" + q + "&page=" + str(rnd.randint(1, 2)), b'id="count"'
    elif kind == "api":
        path, want = "/api/v1/search?q=" + q, b'"total_hits"'
    elif kind == "doc":
        path, want = "/doc/" + rnd.choice(ids) + "?q=" + q, b'class="doctitle"'
    elif kind == "png":
        d, n = rnd.choice(pdfs)
        path, want = "/doc/%s/page/%d.png" % (d, rnd.randint(1, n)), b"\x89PNG"
    else:
        path, want = "/facts?q=" + q, b'id="count"'
    conn.request("GET", path, headers={"Host": host})
    r = conn.getresponse()
    data = r.read()
    ok = r.status == 200 and want in data[:200000]
    return kind, ok, "%d %s" % (r.status, path)


def client(seed):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
    while not stop.is_set():
        try:
            kind, ok, what = one(conn, rnd)
        except Exception as e:  # a dropped connection is an error too
            kind, ok, what = "conn", False, repr(e)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        with lock:
            stats["requests"] += 1
            stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1
            if not ok:
                stats["errors"] += 1
                if len(errors) < 10:
                    errors.append(what)
    conn.close()


def rss():
    with open("/proc/%d/status" % srv.p.pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) // 1024


threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
t0 = time.time()
for t in threads:
    t.start()
samples = []
while time.time() - t0 < seconds:
    time.sleep(min(0.5, seconds / 10))
    samples.append((time.time() - t0, rss()))
stop.set()
for t in threads:
    t.join()
elapsed = time.time() - t0
alive = srv.alive()
srv.stop()
shutil.rmtree(tmp, ignore_errors=True)

third = max(1, len(samples) // 3)
warm = max(m for _, m in samples[:third])
late = max(m for _, m in samples[-third:])
print("%d clients, %.0f s: %d requests (%.0f/s), %d errors; %s" %
      (clients, elapsed, stats["requests"], stats["requests"] / elapsed, stats["errors"],
       ", ".join("%s %d" % kv for kv in sorted(stats["kinds"].items()))))
print("memory (RSS MB) after warm-up %d, at the end %d; samples %s" %
      (warm, late, [m for _, m in samples]))
check(alive, "load: the server is still running")
check(stats["requests"] > clients * 2, "load: requests were served (%d)" % stats["requests"])
check(stats["errors"] == 0, "load: no errors %s" % errors)
check(late <= warm * 1.2 + 24, "load: memory stays flat (%d MB, then %d MB)" % (warm, late))
finish()
