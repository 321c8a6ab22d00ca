"""Security tests of trawl serve over HTTP on 127.0.0.1: paths from
requests never reach a file outside the store, the Host header is checked,
nothing changes without a CSRF token, --auth refuses every page and API
call without a session, other addresses need --auth, the store stays
read-only, and every response carries the security headers.

    TRAWL=build-test/trawl ROOT=. /usr/bin/python3 tests/browser/security.py
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, finish, make_store, ROOT, TRAWL

tmp = tempfile.mkdtemp(prefix="trawl-security-")
docs = os.path.join(tmp, "docs")
shutil.copytree(os.path.join(ROOT, "examples"), docs)
store = make_store(tmp, [docs])
secret = os.path.join(tmp, "outside-secret.txt")
with open(secret, "w") as f:
    f.write("OUTSIDE-THE-STORE-7f3a\n")


def db_state():
    # the database and its log must not change (the -shm file is SQLite's
    # shared index of the log, which readers write to too; an empty log
    # file may appear when a reader opens the store)
    h = hashlib.sha256()
    for name in ["trawl.db", "trawl.db-wal"]:
        p = os.path.join(store, name)
        if os.path.exists(p):
            with open(p, "rb") as f:
                h.update(f.read())
    for d, _, files in os.walk(os.path.join(store, "objects")):
        for name in sorted(files):
            h.update(name.encode())
    return h.hexdigest()


leak_marks = [b"OUTSIDE-THE-STORE-7f3a", b"root:x:0:0", b"SQLite format 3"]
before = db_state()
srv = Server(store)
try:
    st, h, body = srv.get("/api/v1/documents?limit=100")
    docs_list = json.loads(body)["documents"]
    pdf = [d for d in docs_list if d["format"] == "pdf"][0]["id"]
    any_id = docs_list[0]["id"]

    # ---- headers on every response ----
    for path in ["/", "/?q=x", "/api/v1/search?q=x", "/static/app.js", "/nope", "/doc/" + pdf,
                 "/doc/" + pdf + "/page/1.png", "/api/v1/nope"]:
        st, h, body = srv.get(path)
        csp = h.get("content-security-policy", "")
        check("script-src 'self'" in csp and "unsafe" not in csp and "default-src 'none'" in csp
              and h.get("x-content-type-options") == "nosniff" and
              h.get("x-frame-options") == "DENY", "headers: CSP and friends on %s" % path)
    st, h, body = srv.get("/doc/%s/original" % pdf)
    check(st == 200 and h.get("content-type") == "application/octet-stream" and
          h.get("content-disposition", "").startswith("attachment;") and body[:5] == b"%PDF-",
          "original: downloaded as an attachment, never rendered")

    # ---- paths: ../ and its encodings in every path parameter ----
    evil = ["../", "..%2f", "%2e%2e/", "%2e%2e%2f", "..%5c", "%252e%252e%252f", "....//",
            "..;/", "%c0%ae%c0%ae/", "..%00/", "/", "%2f"]
    targets = ["etc/passwd", "trawl.db", "../trawl.db", urllib.parse.quote(secret)]
    templates = ["/static/{}", "/doc/{}", "/doc/{}/original", "/doc/%s/page/{}" % pdf,
                 "/doc/%s/{}" % pdf, "/api/v1/documents/{}", "/api/v1/documents/{}/original",
                 "/api/v1/documents/%s/pages/{}" % pdf, "/api/v1/{}", "/{}"]
    bad = 0
    n = 0
    for t in templates:
        for e in evil:
            for tg in targets:
                for depth in (1, 4):
                    path = t.format(e * depth + tg)
                    st, h, body = srv.get(path)
                    n += 1
                    if st < 400 or any(m in body for m in leak_marks):
                        bad += 1
                        print("     leaked or served:", st, path)
    check(bad == 0, "paths: %d traversal attempts in every path parameter, all refused" % n)
    for q in ["../../trawl.db", "/etc/passwd", secret]:
        for param in ["q", "doc", "p", "c", "quote", "dpi", "page", "as"]:
            st, h, body = srv.get("/?%s=%s" % (param, urllib.parse.quote(q)))
            st2, h2, body2 = srv.get("/doc/%s?%s=%s" % (pdf, param, urllib.parse.quote(q)))
            st3, h3, body3 = srv.get("/api/v1/facts?as=csv&%s=%s" % (param, urllib.parse.quote(q)))
            if any(m in x for m in leak_marks for x in (body, body2, body3)):
                bad += 1
                print("     leaked through", param, q)
    check(bad == 0, "paths: no query parameter reads a file")
    st, h, body = srv.get("/doc/" + "0" * 64)
    check(st == 404, "paths: an unknown document id is 404")
    st, h, body = srv.get("/doc/" + "g" * 64)
    check(st == 404, "paths: a malformed id is 404")

    # ---- the Host header (DNS rebinding) ----
    for host in ["evil.example:%d" % srv.port, "evil.example", "127.0.0.1.evil.example:%d" % srv.port,
                 "127.0.0.1:%d.evil" % srv.port, "localhost:1"]:
        for path in ["/", "/api/v1/search?q=a", "/doc/%s/original" % pdf]:
            st, h, body = srv.get(path, host=host)
            check(st == 421 and b"%PDF" not in body and b"hits" not in body,
                  "host: %s refused for %s (%d)" % (host, path, st))
    for host in ["localhost:%d" % srv.port, "127.0.0.1:%d" % srv.port]:
        st, h, body = srv.get("/", host=host)
        check(st == 200, "host: %s accepted" % host)

    # ---- read-only: nothing changes the store ----
    cookie, token = srv.session()
    st, h, body = srv.request("POST", "/api/v1/watches", body="csrf=%s&name=x&query=a" % token,
                              headers={"Cookie": cookie,
                                       "Content-Type": "application/x-www-form-urlencoded"})
    check(st == 403, "read-only: a watch can't be saved (%d)" % st)
    st, h, body = srv.request("POST", "/api/v1/add?batch=0123456789abcdef&path=a.txt", body=b"x",
                              headers={"Cookie": cookie, "X-CSRF-Token": token})
    check(st >= 400, "read-only: no file can be added (%d)" % st)
    st, h, body = srv.get("/add")
    check(st == 403, "read-only: no upload page")
finally:
    srv.stop()
check(db_state() == before, "read-only: the store's files are as they were")
check(not os.path.exists(os.path.join(store, "uploads")), "read-only: no uploads folder")

# ---- CSRF (with --allow-add, where POSTs change things) ----
srv = Server(store, "--allow-add")
try:
    cookie, token = srv.session()
    form = "application/x-www-form-urlencoded"
    cases = [
        ("no token", {"Cookie": cookie, "Content-Type": form}, "name=w1&query=a"),
        ("no cookie", {"Content-Type": form}, "csrf=%s&name=w1&query=a" % token),
        ("wrong token", {"Cookie": cookie, "Content-Type": form}, "csrf=%s&name=w1&query=a" % ("0" * 64)),
        ("another browser's token", {"Cookie": "trawl_id=" + "1" * 32, "Content-Type": form},
         "csrf=%s&name=w1&query=a" % token),
        ("a foreign origin", {"Cookie": cookie, "Content-Type": form, "Origin": "http://evil.example"},
         "csrf=%s&name=w1&query=a" % token),
    ]
    for what, hdr, body in cases:
        st, h, _ = srv.request("POST", "/api/v1/watches", body=body, headers=hdr)
        check(st == 403, "csrf: a POST with %s is refused (%d)" % (what, st))
    st, h, body = srv.get("/api/v1/watches")
    check(json.loads(body)["watches"] == [], "csrf: no watch was saved")
    for what, hdr in [("no token", {"Cookie": cookie}), ("a wrong token", {"Cookie": cookie, "X-CSRF-Token": "ab" * 32})]:
        st, h, _ = srv.request("POST", "/api/v1/add?batch=0123456789abcdef&path=x.txt", body=b"abc", headers=hdr)
        check(st == 403, "csrf: an upload with %s is refused (%d)" % (what, st))
        st, h, _ = srv.request("POST", "/logout", body="", headers=hdr)
        check(st == 403, "csrf: logout with %s is refused" % what)
    check(not os.path.exists(os.path.join(store, "uploads", "0123456789abcdef")),
          "csrf: a refused upload wrote nothing")
    st, h, _ = srv.request("POST", "/api/v1/watches", body="csrf=%s&name=w1&query=%s" % (token, urllib.parse.quote("遣返")),
                           headers={"Cookie": cookie, "Content-Type": form})
    check(st == 303, "csrf: with its token the same POST works (%d)" % st)
    # upload paths: traversal refused, nothing written outside uploads/
    outside = os.path.join(tmp, "escaped.txt")
    for p in ["../escaped.txt", "../../escaped.txt", "a/../../escaped.txt", "/tmp/escaped.txt",
              "..\\escaped.txt", "./x.txt", "a//b.txt", "a/", "x\x01.txt", ""]:
        st, h, body = srv.request("POST", "/api/v1/add?batch=fedcba9876543210&path=" + urllib.parse.quote(p),
                                  body=b"escape", headers={"Cookie": cookie, "X-CSRF-Token": token})
        check(st == 400, "upload: path %r refused (%d)" % (p, st))
    for bt in ["../../x", "ABCDEF0123456789", "0123", "0123456789abcdeg"]:
        st, h, body = srv.request("POST", "/api/v1/add?batch=%s&path=a.txt" % urllib.parse.quote(bt),
                                  body=b"escape", headers={"Cookie": cookie, "X-CSRF-Token": token})
        check(st == 400, "upload: batch %r refused (%d)" % (bt, st))
    found = subprocess.run(["grep", "-rl", "escape", tmp, "--include=*.txt"], capture_output=True,
                           text=True).stdout.split()
    check(not os.path.exists(outside) and not [f for f in found if "escaped" in f],
          "upload: nothing was written outside the uploads folder")
finally:
    srv.stop()

# ---- --auth: every page and API call needs a session ----
pw = "correct horse 马 battery"
h = subprocess.run([TRAWL, "serve", "--hash-password"], input=pw + "\n", capture_output=True,
                   text=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
check(h.returncode == 0 and h.stdout.startswith("$argon2id$"), "auth: --hash-password gives an argon2id hash")
users = os.path.join(tmp, "users")
with open(users, "w") as f:
    f.write("# trawl serve --auth\nreporter:%s\n" % h.stdout.strip())
srv = Server(store, "--auth", users)
try:
    pages = ["/", "/?q=a", "/doc/%s" % pdf, "/facts", "/compare", "/compare?s1=a&s2=b", "/report",
             "/watch", "/entities", "/add", "/search"]
    apis = ["/api/v1/search?q=a", "/api/v1/facts", "/api/v1/facts?as=csv", "/api/v1/documents",
            "/api/v1/documents/%s" % pdf, "/api/v1/documents/%s/original" % pdf,
            "/api/v1/documents/%s/pages/1" % pdf, "/doc/%s/page/1.png" % pdf,
            "/doc/%s/original" % pdf, "/api/v1/diff?a=year:2023&b=year:2024", "/api/v1/report",
            "/api/v1/entities", "/api/v1/watches"]
    for cookie_try in [None, "trawl_s=reporter.9999999999.00.00", "trawl_s=" + "72" * 8 + ".9999999999." + "a" * 32 + "." + "b" * 64]:
        hdr = {"Cookie": cookie_try} if cookie_try else {}
        for p in pages:
            st, hh, body = srv.get(p, headers=hdr)
            check(st == 303 and hh.get("location") == "/login", "auth: page %s refused %s(%d)"
                  % (p, "with a forged cookie " if cookie_try else "", st))
        for p in apis:
            st, hh, body = srv.get(p, headers=hdr)
            check(st in (303, 401) and b"%PDF" not in body and b'"id"' not in body,
                  "auth: %s refused %s(%d)" % (p, "with a forged cookie " if cookie_try else "", st))
    st, hh, body = srv.get("/login")
    check(st == 200 and b'type="password"' in body, "auth: the login page is open")
    cookie, token = "", ""
    m = re.search(rb'name="csrf" value="([0-9a-f]+)"', body)
    cookie = hh.get("set-cookie", "").split(";")[0]
    token = m.group(1).decode()
    form = "application/x-www-form-urlencoded"
    st, hh, body = srv.request("POST", "/login", body="csrf=%s&user=reporter&password=wrong" % token,
                               headers={"Cookie": cookie, "Content-Type": form})
    check(st == 403 and "trawl_s=" not in hh.get("set-cookie", ""), "auth: a wrong password is refused")
    st, hh, body = srv.request("POST", "/login", body="user=reporter&password=" + urllib.parse.quote(pw),
                               headers={"Cookie": cookie, "Content-Type": form})
    check(st == 403, "auth: a login without its CSRF token is refused")
    st, hh, body = srv.request("POST", "/login", body="csrf=%s&user=reporter&password=%s"
                               % (token, urllib.parse.quote(pw)), headers={"Cookie": cookie, "Content-Type": form})
    sc = hh.get("set-cookie", "")
    check(st == 303 and "trawl_s=" in sc and "HttpOnly" in sc and "SameSite=Strict" in sc,
          "auth: the right password gives an HttpOnly SameSite session (%d)" % st)
    session = sc.split(";")[0]
    both = cookie + "; " + session
    for p in pages[:-2] + apis:
        st, hh, body = srv.get(p, headers={"Cookie": both})
        check(st == 200, "auth: with the session, %s works (%d)" % (p, st))
    st, hh, body = srv.request("POST", "/logout", body="csrf=" + token,
                               headers={"Cookie": both, "Content-Type": form})
    check(st == 303, "auth: logout")
    st, hh, body = srv.get("/api/v1/search?q=a", headers={"Cookie": both})
    check(st == 401, "auth: the session is gone after logout (%d)" % st)
finally:
    srv.stop()

# ---- addresses other than loopback need --auth ----
r = subprocess.run([TRAWL, "--store", store, "serve", "--listen", "0.0.0.0:0"], capture_output=True,
                   text=True, timeout=30, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
check(r.returncode == 2 and "--auth" in r.stderr, "listen: 0.0.0.0 without --auth is refused")
shutil.rmtree(tmp, ignore_errors=True)
finish()
