# trawl serve over HTTPS (--tls-cert, --tls-key: libmicrohttpd's GnuTLS), with
# a self-signed certificate made here by openssl: on 0.0.0.0 with --auth the
# server says https://, a client that checks the certificate logs in (the
# Origin check takes https://), every cookie is Secure, the API answers; a
# plain HTTP request gets nothing; no warning about unencrypted traffic,
# which the same server without TLS gives. Bad TLS options are refused:
# one without the other (usage, 2), a file that is no PEM (2), a key that is
# not the certificate's (the server can't start, 1).
. "$TESTS/fault/lib.bash"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >openssl.out 2>&1 || fail "openssl: $(cat openssl.out)"
openssl genrsa -out other.pem 2048 >openssl.out 2>&1 || fail "openssl: $(cat openssl.out)"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
pw='tls 密码 test'
printf 'reporter:%s\n' "$(printf '%s\n' "$pw" | "$TRAWL" serve --hash-password)" >users
grep -q '^reporter:\$argon2id\$' users || fail "no password hash: $(cat users)"

start() { # ADDRESS ARGS: a server with --auth, its port in $port
	local addr=$1
	shift
	rm -f s.out s.err
	"$TRAWL" serve --listen "$addr:0" --host 127.0.0.1 --auth users "$@" >s.out 2>s.err &
	serve_pid=$!
	for i in $(seq 1 600); do
		port=$(sed -n 's|^trawl serve: https\?://[0-9.]*:\([0-9]*\)/.*|\1|p' s.out 2>/dev/null)
		[ -n "$port" ] && return 0
		kill -0 "$serve_pid" 2>/dev/null || fail "trawl serve did not start: $(cat s.out s.err)"
		sleep 0.1
	done
	fail "trawl serve did not start in 60 s"
}
stop() {
	kill -TERM "$serve_pid"
	wait "$serve_pid"
	local st=$?
	no_sanitizer_report s.err
	[ "$st" = 0 ] || fail "trawl serve exited $st when stopped: $(cat s.err)"
}

start 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
grep -q "^trawl serve: https://0.0.0.0:$port/" s.out || fail "the server does not say https: $(cat s.out)"
/usr/bin/python3 - "$port" "$pw" >client.out 2>&1 <<'PY' || fail "the HTTPS client: $(cat client.out)"
import http.client, re, socket, ssl, sys, urllib.parse
port, pw = int(sys.argv[1]), sys.argv[2]
host = "127.0.0.1:%d" % port
ctx = ssl.create_default_context(cafile="cert.pem")   # checks the certificate and its name
def req(method, path, body=None, headers=None):
    c = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=ctx)
    h = {"Host": host}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.headers.get_all("Set-Cookie") or [], data
st, cookies, body = req("GET", "/login")
assert st == 200 and b'type="password"' in body, (st, body[:200])
assert cookies and all("; Secure" in c for c in cookies), cookies
client = cookies[0].split(";")[0]
token = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
form = {"Cookie": client, "Content-Type": "application/x-www-form-urlencoded",
        "Origin": "https://" + host}
st, cookies, body = req("POST", "/login", "csrf=%s&user=reporter&password=%s"
                        % (token, urllib.parse.quote(pw)), form)
assert st == 303, (st, body[:300])
session = [c for c in cookies if c.startswith("trawl_s=")]
assert session and "; Secure" in session[0] and "HttpOnly" in session[0], cookies
st, _, body = req("GET", "/api/v1/facts?limit=1", headers={"Cookie": client + "; " + session[0].split(";")[0]})
assert st == 200 and b'"facts"' in body, (st, body[:300])
# an Origin of plain http is not this server's
st, _, body = req("POST", "/logout", "csrf=" + token, dict(form, Origin="http://" + host,
                  Cookie=client + "; " + session[0].split(";")[0]))
assert st == 403, ("http Origin", st)
# plain HTTP on the same port gets no answer
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"GET /api/v1/facts HTTP/1.1\r\nHost: " + host.encode() + b"\r\n\r\n")
try:
    got = s.recv(100)
except OSError:
    got = b""
assert not got.startswith(b"HTTP/1.1 200"), got
print("ok")
PY
stop
grep -q unencrypted s.err && fail "a warning about unencrypted traffic with TLS: $(cat s.err)"

# without TLS, off loopback: said once
start 0.0.0.0
stop
[ "$(grep -c 'cross the network unencrypted' s.err)" = 1 ] ||
	fail "no warning about unencrypted traffic without TLS: $(cat s.err)"

# behind a TLS reverse proxy (docs/api.md): on loopback with
# --host https://trawl.example.org, the proxy's Host and the browser's
# https Origin are taken, others not
start 127.0.0.1 --host https://trawl.example.org
/usr/bin/python3 - "$port" "$pw" >client.out 2>&1 <<'PY' || fail "through a proxy: $(cat client.out)"
import http.client, re, sys, urllib.parse
port, pw = int(sys.argv[1]), sys.argv[2]
def req(method, path, body=None, headers=None, host="trawl.example.org"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Host": host}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.headers.get_all("Set-Cookie") or [], data
st, cookies, body = req("GET", "/login")
assert st == 200, ("the proxy's Host", st)
assert req("GET", "/login", host="evil.example")[0] == 421, "another Host"
client = cookies[0].split(";")[0]
token = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
form = {"Cookie": client, "Content-Type": "application/x-www-form-urlencoded"}
login = "csrf=%s&user=reporter&password=%s" % (token, urllib.parse.quote(pw))
st = req("POST", "/login", login, dict(form, Origin="https://evil.example"))[0]
assert st == 403, ("a foreign Origin", st)
st = req("POST", "/login", login, dict(form, Origin="http://trawl.example.org"))[0]
assert st == 403, ("the proxy's name over plain http", st)
st, cookies, _ = req("POST", "/login", login, dict(form, Origin="https://trawl.example.org"))
assert st == 303 and any(c.startswith("trawl_s=") for c in cookies), ("the proxy's Origin", st)
print("ok")
PY
stop

# bad options
"$TRAWL" serve --listen 127.0.0.1:0 --tls-cert cert.pem >o 2>e
st=$?
[ "$st" = 2 ] && grep -q -- '--tls-cert and --tls-key go together' e || fail "--tls-cert alone: exit $st: $(cat e)"
"$TRAWL" serve --listen 127.0.0.1:0 --tls-cert users --tls-key key.pem >o 2>e
st=$?
[ "$st" = 2 ] && grep -q 'not a PEM file' e || fail "a certificate that is no PEM: exit $st: $(cat e)"
no_sanitizer_report e
"$TRAWL" serve --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key other.pem >o 2>e
st=$?
[ "$st" = 1 ] && grep -q 'could not start' e || fail "a key that is not the certificate's: exit $st: $(cat e)"
no_sanitizer_report e
