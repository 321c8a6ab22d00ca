"""Helpers for the web app's tests: start a trawl store and `trawl serve`
on a loopback port it picks, talk HTTP, drive headless Chromium through
chromedriver's WebDriver protocol (no third-party Python packages), and
decode PNG screenshots. Only the Python standard library is used."""
import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib

TRAWL = os.environ.get("TRAWL", "build-test/trawl")
ROOT = os.environ.get("ROOT", os.getcwd())
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)
    return cond


def finish():
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_store(tmp, paths, extra_env=None):
    store = os.path.join(tmp, "store")
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    subprocess.run([TRAWL, "--store", store, "add"] + paths, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return store


class Server:
    """trawl serve on 127.0.0.1, on a port the kernel picks."""

    def __init__(self, store, *args, asan="detect_leaks=0:abort_on_error=0"):
        env = dict(os.environ, ASAN_OPTIONS=asan)
        self.log = tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", delete=False)
        self.p = subprocess.Popen([TRAWL, "--store", store, "serve", "--listen", "127.0.0.1:0"]
                                  + list(args), stdout=subprocess.PIPE, stderr=self.log,
                                  env=env, text=True)
        line = self.p.stdout.readline()
        m = re.search(r"(http://[^ ]+)/ ", line)
        if not m:
            self.stop()
            raise RuntimeError("trawl serve did not start: %r %s" % (line, self.stderr()))
        self.url = m.group(1)
        self.host, port = self.url[len("http://"):].rsplit(":", 1)
        self.port = int(port)

    def stderr(self):
        try:
            with open(self.log.name) as f:
                return f.read()
        except OSError:
            return ""

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        return self.p.returncode

    def request(self, method, path, body=None, headers=None, host=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Host": host or "%s:%d" % (self.host, self.port)}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def session(self):
        """A browser's cookies and CSRF token, as the search page gives them."""
        st, h, body = self.get("/")
        cookie = h.get("set-cookie", "").split(";")[0]
        m = re.search(rb'<meta name="csrf" content="([0-9a-f]+)"', body)
        return cookie, m.group(1).decode() if m else ""


class El(str):
    """A WebDriver element id; passed to scripts as the element."""

    def ref(self):
        return {"element-6066-11e4-a52e-4f2cc28e3c0c": str(self), "ELEMENT": str(self)}


def _args(args):
    return [a.ref() if isinstance(a, El) else a for a in args]


class Browser:
    """Headless Chromium through chromedriver (the Debian packages)."""

    def __init__(self, width=1300, height=1000):
        self.profile = tempfile.mkdtemp(prefix="trawl-chromium-")
        self.port = free_port()
        self.driver = subprocess.Popen([CHROMEDRIVER, "--port=%d" % self.port],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self._call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--user-data-dir=" + self.profile,
                         "--window-size=%d,%d" % (width, height), "--lang=zh-CN"],
                "prefs": {"download.default_directory": self.profile,
                          "download.prompt_for_download": False},
            }}}}
        r = self._call("POST", "/session", caps)
        self.sid = r["value"]["sessionId"]
        self.console = []

    def _call(self, method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        c.request(method, path, body=json.dumps(body) if body is not None else None,
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        data = json.loads(r.read() or b"{}")
        c.close()
        if r.status >= 400:
            raise RuntimeError("webdriver %s %s: %s" % (method, path, data))
        return data

    def cmd(self, method, path, body=None):
        return self._call(method, "/session/%s%s" % (self.sid, path), body)["value"]

    def go(self, url):
        self.cmd("POST", "/url", {"url": url})

    def url(self):
        return self.cmd("GET", "/url")

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": _args(args)})

    def js_async(self, script, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": _args(args)})

    def find(self, css):
        els = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [El(list(e.values())[0]) for e in els]

    def text(self, el):
        return self.cmd("GET", "/element/%s/text" % el)

    def attr(self, el, name):
        return self.cmd("GET", "/element/%s/attribute/%s" % (el, name))

    def click(self, el):
        self.cmd("POST", "/element/%s/click" % el, {})

    def send_keys(self, el, text):
        self.cmd("POST", "/element/%s/value" % el, {"text": text})

    def wait(self, script, timeout=20, *args):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script, *args)
            if v:
                return v
            time.sleep(0.1)
        return None

    def screenshot(self, path, el=None):
        b64 = self.cmd("GET", "/element/%s/screenshot" % el if el else "/screenshot")
        data = base64.b64decode(b64)
        with open(path, "wb") as f:
            f.write(data)
        return data

    def quit(self):
        try:
            self.cmd("DELETE", "")
        except Exception:
            pass
        self.driver.terminate()
        try:
            self.driver.wait(10)
        except subprocess.TimeoutExpired:
            self.driver.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def png_pixels(data):
    """Decodes an 8-bit RGB or RGBA PNG: (width, height, rows of (r,g,b))."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, h, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and ctype in (2, 6), "PNG must be 8-bit RGB(A)"
        elif kind == b"IDAT":
            idat += chunk
        pos += n + 12
    raw = zlib.decompress(idat)
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def ink(rows, threshold=160):
    """The dark pixels of an image, as a set of (x, y)."""
    return {(x, y) for y, row in enumerate(rows) for x, p in enumerate(row)
            if sum(p) / 3 < threshold}
