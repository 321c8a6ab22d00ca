# Helpers for the fault tests of trawl serve; sourced after lib.bash.
#   serve_start ARGS...   starts trawl serve on a free loopback port, in the
#                         background: $port, $serve_pid; stdout s.out, stderr s.err
#   get PATH              one request: $code, body in ./body (bounded in time)
#   serve_stop            SIGTERM; fails unless it exits 0 with no sanitizer report
#   two_pdfs              a store of in/good.pdf and in/bad-render.pdf: $good, $bad
#                         (their ids), and an empty folder tmp/
serve_start() {
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	rm -f s.out s.err # (or the last server's line could be taken for this one's)
	"$TRAWL" serve --listen "127.0.0.1:$port" "$@" >s.out 2>s.err &
	serve_pid=$!
	local i
	for i in $(seq 1 600); do
		grep -q '^trawl serve: http' s.out 2>/dev/null && return 0
		kill -0 "$serve_pid" 2>/dev/null || fail "trawl serve did not start: $(cat s.out s.err)"
		sleep 0.1
	done
	fail "trawl serve did not start in 60 s"
}

get() { # PATH [SECONDS]
	code=$(/usr/bin/python3 - "$port" "$1" "${2:-120}" <<'PY'
import sys, urllib.error, urllib.request
port, path, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
try:
    r = urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, path), timeout=secs)
    code, body = r.status, r.read()
except urllib.error.HTTPError as e:
    code, body = e.code, e.read()
except Exception as e:
    code, body = 0, repr(e).encode()
open("body", "wb").write(body)
print(code)
PY
)
	kill -0 "$serve_pid" 2>/dev/null || fail "trawl serve died answering $1: $(tail -c 3000 s.err)"
}

expect_code() { # CODE WHAT
	[ "$code" = "$1" ] || fail "$2: HTTP $code, expected $1: $(head -c 400 body)"
}

serve_stop() {
	kill -TERM "$serve_pid"
	wait "$serve_pid"
	local st=$?
	no_sanitizer_report s.err
	[ "$st" = 0 ] || fail "trawl serve exited $st when stopped: $(tail -c 3000 s.err)"
}

two_pdfs() {
	mkdir in tmp
	cp "$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf" in/good.pdf
	cp "$ROOT/examples/port_calder_award_notice_PCHA-2024-041.pdf" in/bad-render.pdf
	"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
	good=$("$TRAWL" ls --json | grep -F good.pdf | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
	bad=$("$TRAWL" ls --json | grep -F bad-render.pdf | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
	[ ${#good} = 64 ] && [ ${#bad} = 64 ] || fail "no ids: $("$TRAWL" ls --json)"
}
