# Allocation failures in trawl serve: the server starts with its N-th
# allocation failing (TRAWL_FAULTS=alloc:N; the facets thread and the
# request threads share the countdown), answers four API requests
# (search, facts, diff of two years, report, a document with its text and
# versions) and is stopped with SIGTERM.
# Each run must:
#   - show no crash and no sanitizer report (ASan, UBSan, LeakSanitizer);
#   - either fail to start, exiting 1 or 2 with "trawl: ..." lines, or
#     answer every request either exactly as without faults (search as a
#     set of hits: FTS5 may rank from incomplete statistics, see
#     alloc.bash) or with a 500 (out of memory, or SQLite's own failure
#     to allocate, which it reports as a store error): never a 200 with
#     less in it, never a 404 for a document that is there;
#   - stop with exit 0 when told to.
# A sample of N (the first ALLOC_FIRST, then about ALLOC_SAMPLE spread
# over the allocations of a run without faults).
. "$TESTS/fault/alloc.bash"
A="$TMP/alloc"
alloc_setup || exit 1
cat >"$A/client.py" <<'PY'
import json, socket, sys, time, urllib.error, urllib.parse, urllib.request
port, pid, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
paths = ["/api/v1/search?q=" + urllib.parse.quote("巡逻 OR 遣返"),
         "/api/v1/facts?limit=50",
         "/api/v1/diff?a=year:2023&b=year:2024",
         "/api/v1/report?by=agency",
         "/api/v1/documents/DOC?text=1"]
def alive():
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False
t0 = time.time()
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        if not alive() or time.time() - t0 > 60:
            open(out, "w").write("no-server\n")
            sys.exit(0)
        time.sleep(0.05)
res = []
doc = open(sys.argv[4]).read().strip() if len(sys.argv) > 4 else ""
for p in paths:
    p = p.replace("DOC", doc)
    try:
        r = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, p), timeout=120)
        code, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        code, body = e.code, e.read()
    except Exception as e:  # the server went away mid-request
        code, body = 0, repr(e).encode()
    text = body.decode("utf-8", "replace").strip().replace("\n", "\\n")
    if code == 200 and p.startswith("/api/v1/search"):
        j = json.loads(text)
        for h in j.get("hits", []):
            h.pop("score", None)
        j["hits"] = sorted(j.get("hits", []), key=lambda h: json.dumps(h, sort_keys=True))
        # the facets apart: until the server's first count of the store is
        # made they are "pending" (a fault can delay it), never a part
        facets = "PENDING" if j.pop("facets_pending", False) else j.get("facets")
        j.pop("facets", None)
        res.append("%s#facets %d %s" % (p, code, json.dumps(facets, ensure_ascii=False)))
        text = json.dumps(j, sort_keys=True, ensure_ascii=False)
    res.append("%s %d %s" % (p, code, text))
open(out, "w").write("\n".join(res) + "\n")
PY
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# One server with alloc:N ("" for none); leaves $d/resp, $d/err, $d/status.
serve_once() { # N DIR
	local n=$1 d=$2 port pid
	rm -rf "$d"
	mkdir -p "$d"
	cp -a "$A/ref" "$d/store"
	port=$(free_port)
	if [ -n "$n" ]; then
		TRAWL_FAULTS="alloc:$n" TRAWL_FAULT_LOG="$d/log" "$TRAWL" --store "$d/store" serve \
			--listen "127.0.0.1:$port" --threads 2 >"$d/out" 2>"$d/err" &
	else
		TRAWL_FAULTS=alloc:0 TRAWL_FAULT_LOG="$d/log" "$TRAWL" --store "$d/store" serve \
			--listen "127.0.0.1:$port" --threads 2 >"$d/out" 2>"$d/err" &
	fi
	pid=$!
	/usr/bin/python3 "$A/client.py" "$port" "$pid" "$d/resp" "$A/doc-id"
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	echo $? >"$d/status"
}
# the document asked for: the first of the 2024 budgets
alloc_plain --store "$A/ref" ls --json | grep -F budget-2024 |
	/usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])' >"$A/doc-id"
serve_once "" "$A/serve-ref"
total=$(awk '$1 == "count" { n = $2 } END { print n + 0 }' "$A/serve-ref/log")
if [ "$(cat "$A/serve-ref/status")" != 0 ] || [ "$(grep -c ' 200 ' "$A/serve-ref/resp")" != 6 ] ||
	grep -q PENDING "$A/serve-ref/resp"; then
	echo "FAIL: the server without faults did not answer: $(head -c 600 "$A/serve-ref/resp" "$A/serve-ref/err")"
	exit 1
fi
first=${ALLOC_FIRST:-10}
step=$(((total - first) / ${ALLOC_SAMPLE:-30}))
[ "$step" -lt 1 ] && step=1
step=$((step | 1))
runs=0 bad=0 started=0 answered=0 refused=0 reached=0
n=1
while [ "$n" -le "$total" ]; do
	d="$A/serve-$n"
	serve_once "$n" "$d"
	runs=$((runs + 1))
	st=$(cat "$d/status")
	problem=""
	grep -q '^fired' "$d/log" 2>/dev/null && reached=$((reached + 1))
	if grep -qE 'Sanitizer|runtime error:|^SUMMARY: ' "$d/err"; then
		problem="sanitizer report (exit $st)"
	elif grep -qx 'no-server' "$d/resp"; then
		# it did not start: says why, in trawl's own lines
		if [ "$st" != 1 ] && [ "$st" != 2 ]; then
			problem="did not start, exit $st"
		elif [ ! -s "$d/err" ] || grep -v '^trawl: ' "$d/err" | grep -q .; then
			problem="did not start, and did not say why in trawl: lines"
		else
			refused=$((refused + 1))
		fi
	elif [ "$st" != 0 ]; then
		problem="exit $st when stopped"
	else
		started=$((started + 1))
		while IFS= read -r line; do
			path=${line%% *}
			ref=$(grep -F "$path " "$A/serve-ref/resp")
			if [ "$line" = "$ref" ]; then
				continue
			fi
			code=${line#"$path "}
			code=${code%% *}
			if [ "$line" = "$path $code \"PENDING\"" ] && [ "${path%#facets}" != "$path" ]; then
				continue
			fi
			if [ "$code" = 500 ]; then
				answered=$((answered + 1))
				continue
			fi
			problem="$path answered $code, not as without faults nor a 500: $(printf '%s' "$line" | head -c 400)"
			break
		done <"$d/resp"
	fi
	if [ -n "$problem" ]; then
		echo "PROBLEM: serve with TRAWL_FAULTS=alloc:$n: $problem"
		sed 's/^/  | /' "$d/err" | head -40
		bad=$((bad + 1))
	else
		rm -rf "$d"
	fi
	if [ "$n" -lt "$first" ]; then n=$((n + 1)); else n=$((n + step)); fi
done
printf 'serve %6s allocations  %4s runs (1..%s, then every %s)  %s did not start  %s answered  %s 500s  %s problems\n' \
	"$total" "$runs" "$first" "$step" "$refused" "$started" "$answered" "$bad"
[ "$bad" = 0 ]
