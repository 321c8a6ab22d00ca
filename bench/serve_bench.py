"""Measures trawl serve on a store (bench/serve.sh): server time from the
Server-Timing header of each answer, requests/s with wrk, and the load
test. Prints one line per figure."""
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

root = os.environ.get("ROOT", ".")
sys.path.insert(0, os.path.join(root, "tests", "browser"))
from lib import Server  # noqa: E402

store, wrk_s, load_s, strict = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
queries = []
with open(os.path.join(root, "bench", "search-queries.txt")) as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            queries.append(line)

srv = Server(store, "--threads", "4", asan="")
host = "%s:%d" % (srv.host, srv.port)
conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=120)


def timed(path):
    conn.request("GET", path, headers={"Host": host})
    r = conn.getresponse()
    body = r.read()
    m = re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing") or "")
    if r.status != 200:
        raise RuntimeError("%d %s" % (r.status, path))
    return float(m.group(1)), body


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


goals = []
t0 = time.time()
# the server prints its address before the facet snapshot of a large store
# is read: wait for it, so that pages are measured with their facets
while True:
    st, body = timed("/api/v1/search?q=a&limit=1")
    if json.loads(body).get("facets"):
        break
    time.sleep(0.5)
print("store: %s" % store)
st, body = timed("/api/v1/documents?limit=1")
print("documents: %d; the facet snapshot was ready %.1f s after the server started"
      % (json.loads(body)["total"], time.time() - t0))
for q in queries[:20]:  # warm the caches a little
    timed("/?q=" + urllib.parse.quote(q))
page = []
api = []
for i, q in enumerate(queries):
    page.append(timed("/?q=" + urllib.parse.quote(q))[0])
    if i % 4 == 0:
        api.append(timed("/api/v1/search?q=" + urllib.parse.quote(q) + "&facets=0")[0])
browse = [timed("/?page=%d" % (i + 1))[0] for i in range(10)]
p50, p99 = pct(page, 50), pct(page, 99)
print("search page with facet counts (%d queries, each once): p50 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (len(queries), p50, p99, max(page)))
print("  the search alone (API, no facets, every 4th query): p50 %.1f ms, p99 %.1f ms; "
      "the list of all documents: p50 %.1f ms" % (pct(api, 50), pct(api, 99), pct(browse, 50)))
goals += [("search page p50 <= 50 ms", p50 <= 50), ("search page p99 <= 150 ms", p99 <= 150)]

# PDF pages
st, body = timed("/api/v1/search?q=type:pdf&files=1&limit=200&facets=0")
pdfs = [h["doc"] for h in json.loads(body)["hits"]]
png = []
for d in pdfs[:50]:
    png.append(timed("/doc/%s/page/1.png" % d)[0])
if png:
    print("PDF page image (110 dpi, %d documents): p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (len(png), pct(png, 50), pct(png, 99), max(png)))
    goals.append(("PDF page image <= 150 ms (p99)", pct(png, 99) <= 150))
docpage = [timed("/doc/%s?p=1&q=%s" % (d, urllib.parse.quote(random.choice(queries))))[0]
           for d in pdfs[:20]]
if docpage:
    print("document page: p50 %.1f ms, p99 %.1f ms" % (pct(docpage, 50), pct(docpage, 99)))
conn.close()

# requests/s at 50 clients
if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode == 0:
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    paths = ["/?q=" + urllib.parse.quote(q) for q in queries]
    lua.write("paths = {%s}\ni = 0\nrequest = function()\n  i = i + 1\n"
              "  return wrk.format('GET', paths[(i %% #paths) + 1])\nend\n"
              % ",".join('"%s"' % p for p in paths))
    lua.close()
    out = subprocess.run(["wrk", "-t", "2", "-c", "50", "-d", "%ds" % wrk_s, "--timeout", "30s",
                          "-s", lua.name, srv.url + "/"], capture_output=True, text=True).stdout
    os.unlink(lua.name)
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    lat = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    print("wrk, 50 clients, %d s, search pages with facets: %s requests/s, latency avg %s max %s%s%s"
          % (wrk_s, rps.group(1) if rps else "?", lat.group(1) if lat else "?",
             lat.group(3) if lat else "?", "; non-2xx: " + errs.group(1) if errs else "",
             "; socket errors: " + sock.group(1) if sock else ""))
srv.stop()

# the load test, full length, on this store
r = subprocess.run(["/usr/bin/python3", os.path.join(root, "tests", "browser", "load.py"), str(load_s),
                    "50", store], capture_output=True, text=True,
                   env=dict(os.environ, ASAN_OPTIONS=""))
print("load test: " + " | ".join(l for l in r.stdout.splitlines() if not l.startswith("ok")))
goals.append(("load test: no errors, memory flat", r.returncode == 0))
for g, ok in goals:
    print("goal %-40s %s" % (g, "met" if ok else "MISSED"))
if strict and not all(ok for _, ok in goals):
    sys.exit(1)
