"""trawl serve --auth on a PostgreSQL store (tests/pg/test_serve_auth.sh)."""
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.environ["TESTS"], "browser"))
from lib import TRAWL, Server, check, finish  # noqa: E402

url = os.environ["PG_URL"]
env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")


def trawl(*args, store=url):
    r = subprocess.run([TRAWL, "--store", store] + list(args), capture_output=True, text=True,
                       env=env)
    return r.returncode, r.stdout + r.stderr


for d, name, text in [("budgets", "b1.txt", "边境管理支队2024年部门预算\n巡逻艇购置223.00万元。\n"),
                      ("budgets", "b2.txt", "2023年部门预算 收入总计3541.07万元\n"),
                      ("leaks", "secret.txt", "内部文件 遣返名单 绝密 2024年预算 经费50万元\n")]:
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
check(trawl("add", "budgets", "leaks")[0] == 0, "add two collections")
for a in [("user", "add", "alice"), ("user", "add", "carol"), ("grant", "alice", "read", "budgets"),
          ("grant", "carol", "read", "leaks")]:
    rc, out = trawl("admin", *a)
    check(rc == 0, "admin %s: %s" % (" ".join(a), out.strip()))

pw = "pass word 马"
h = subprocess.run([TRAWL, "serve", "--hash-password"], input=pw + "\n", capture_output=True,
                   text=True, env=env).stdout.strip()
with open("users", "w") as f:
    # mallory is a serve user the store has no role for
    f.write("alice:%s\ncarol:%s\nmallory:%s\n" % (h, h, h))

srv = Server(url, "--auth", "users")
form = "application/x-www-form-urlencoded"


def psql(sql):
    r = subprocess.run(["psql", "-X", "-q", "-At", url, "-c", sql], capture_output=True, text=True)
    check(r.returncode == 0, "psql %s: %s" % (sql, r.stderr))


def login(user):
    st, hh, body = srv.get("/login")
    cookie = hh.get("set-cookie", "").split(";")[0]
    token = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
    st, hh, body = srv.request("POST", "/login", body="csrf=%s&user=%s&password=%s"
                               % (token, user, urllib.parse.quote(pw)),
                               headers={"Cookie": cookie, "Content-Type": form})
    check(st == 303, "%s logs in (%d)" % (user, st))
    return cookie + "; " + hh.get("set-cookie", "").split(";")[0]


def get_json(cookie, path):
    st, hh, body = srv.get(path, headers={"Cookie": cookie})
    return st, json.loads(body) if st == 200 else {}


try:
    for user, want in [("alice", {"budgets/b1.txt", "budgets/b2.txt"}),
                       ("carol", {"leaks/secret.txt"})]:
        c = login(user)
        st, j = get_json(c, "/api/v1/documents")
        got = {d.get("path", "") for d in j.get("documents", [])}
        check(st == 200 and got == want, "%s: the documents are its collections' (%s)" %
              (user, sorted(got)))
        # all three hold 预算: the hits and the facet counts are its own
        st, j = get_json(c, "/api/v1/search?files=1&q=" + urllib.parse.quote("预算"))
        got = {h.get("path", "") for h in j.get("hits", [])}
        check(st == 200 and got == want, "%s: search finds only its own (%s)" % (user, sorted(got)))
        fmt = [f["documents"] for f in j.get("facets", []) if f["dim"] == "format"]
        check(fmt == [len(want)] and j.get("total_documents") == len(want),
              "%s: the facets count its own documents (%s, %s)" %
              (user, fmt, j.get("total_documents")))
        st, j = get_json(c, "/api/v1/search?q=" + urllib.parse.quote("遣返"))
        check(st == 200 and (len(j.get("hits", [])) > 0) == (user == "carol"),
              "%s: the leak is found only by its reader" % user)
        st, hh, body = srv.get("/?q=" + urllib.parse.quote("预算"), headers={"Cookie": c})
        page = body.decode()
        check(st == 200 and ("secret.txt" in page) == (user == "carol") and
              ("b1.txt" in page) == (user == "alice"), "%s: the search page" % user)
    c = login("mallory")
    st, hh, body = srv.get("/api/v1/documents", headers={"Cookie": c})
    check(st == 403 and b"secret" not in body and b"b1.txt" not in body,
          "a serve user with no role in the store gets nothing (%d)" % st)
    # the audit says who searched
    rc, out = trawl("admin", "audit")
    check("\talice\tsearch\t" in out and "\tcarol\tsearch\t" in out,
          "the audit names the serve users: %s" % out[-600:])
    check(srv.alive(), "the server is still up")

    # users' words not all made yet (a fill that runs, or one stopped, as
    # this one): the users are told on every page and in the search API,
    # as long as it lasts, though the server's connections stay open
    srv.stop()
    psql("UPDATE meta SET value = 'filling' WHERE key = 'tsv'")
    srv = Server(url, "--auth", "users")
    check("users' search are still being made" in srv.stderr(),
          "serve says at start that the words are being made: %s" % srv.stderr()[-600:])
    c = login("alice")
    q = urllib.parse.quote("预算")
    for path in ["/?q=" + q, "/facts"]:
        st, hh, body = srv.get(path, headers={"Cookie": c})
        page = body.decode()
        check(st == 200 and 'id="notice"' in page and "still being made" in page,
              "%s says the words are still being made" % path)
    api = ["/api/v1/search?q=" + q, "/api/v1/facts?q=" + q, "/api/v1/report?by=year&q=" + q,
           "/api/v1/watches"]
    for path in api:
        st, j = get_json(c, path)
        check(st == 200 and "still being made" in j.get("notice", ""),
              "%s says the words are still being made: %s" % (path, j.get("notice")))
    st, hh, body = srv.get("/api/v1/facts?as=csv&q=" + q, headers={"Cookie": c})
    check(st == 200 and "still being made" in hh.get("x-trawl-notice", ""),
          "an export says so in X-Trawl-Notice: %s" % hh.get("x-trawl-notice"))
    psql("UPDATE meta SET value = '1' WHERE key = 'tsv'")
    for path in ["/facts", "/?q=" + q, "/facts", "/?q=" + q]:
        st, hh, body = srv.get(path, headers={"Cookie": c})
        check(st == 200 and b'id="notice"' not in body and "x-trawl-notice" not in hh,
              "once made, %s no longer says so" % path)
    for path in api:
        st, j = get_json(c, path)
        check(st == 200 and "notice" not in j, "once made, %s no longer says so: %s" %
              (path, j.get("notice")))
    st, j = get_json(c, "/api/v1/search?q=" + q)
    check(len(j.get("hits", [])) == 2, "alice's search: %s" % j.get("hits"))
    check(srv.alive(), "the server is still up")
finally:
    srv.stop()
    print(srv.stderr()[-2000:])
finish()
