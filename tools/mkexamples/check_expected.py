#!/usr/bin/python3
"""Validate tests/examples/expected.tsv and absent.tsv against examples/.

This is an independent, Python-side re-extraction (not trawl itself):
  * PDF (by magic, whatever the extension): `mutool draw -F txt`
  * HTML: text outside <script>/<style>/comments, entities decoded; charset from
    <meta>, with gb2312/gbk treated as GB18030 (as browsers do)
  * DOCX: text of each <w:p>, runs concatenated; XLSX: shared/inline strings and
    <v> values; XLS: xlrd if available, else tools' freexl_dump, else skipped
  * TXT/CSV: BOM sniffing, then encoding named in the file name (gb18030, big5),
    else UTF-8
  * JSON: every string value and number (str(int) / repr(float)), keys excluded
Everything is NFKC-normalized before matching.  Also checks that every file in
examples/ (except README.md and *.url sidecars) has at least 2 excerpts.

Usage: /usr/bin/python3 tools/mkexamples/check_expected.py
Exit status 0 when all excerpts are found and no absent string is present.
"""
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(REPO, "examples")
TESTS = os.path.join(REPO, "tests", "examples")


def nfkc(s):
    """trawl's normalization: NFKC, but a full-width comma between digits
    stays as written (lib/text/normalize.c)."""
    parts = re.split(r"(?<=[0-9０-９])，(?=[0-9０-９])", s)
    return "，".join(unicodedata.normalize("NFKC", p) for p in parts)


def pdf_text(path):
    return subprocess.run(["mutool", "draw", "-F", "txt", path], check=True,
                          capture_output=True).stdout.decode("utf-8")


def decode_text(path, data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    name = os.path.basename(path).lower()
    if "gb18030" in name or "gbk" in name:
        return data.decode("gb18030")
    if "big5" in name:
        return data.decode("big5")
    return data.decode("utf-8")


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "div", "tr", "br", "h1", "h2", "li", "td", "th", "title", "caption"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(data):
    m = re.search(rb'charset\s*=\s*["\']?([A-Za-z0-9_-]+)', data[:2048])
    cs = (m.group(1).decode().lower() if m else "utf-8")
    if cs in ("gb2312", "gbk", "gb18030", "x-gbk"):
        cs = "gb18030"
    p = _HTMLText()
    p.feed(data.decode(cs))
    p.close()
    return "".join(p.parts)


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    out = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        out.append("".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", para, re.S)))
    return "\n".join(out)


def xlsx_text(path):
    out = []
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/"):
                xml = z.read(n).decode("utf-8")
                out += [html.unescape(t) for t in re.findall(r"<t(?: [^>]*)?>(.*?)</t>", xml, re.S)]
                out += re.findall(r"<v>(.*?)</v>", xml) if n.startswith("xl/worksheets/") else []
            if n == "xl/workbook.xml":
                out += re.findall(r'<sheet name="([^"]*)"', z.read(n).decode("utf-8"))
    return "\n".join(out)


def xls_text(path):
    try:
        import xlrd
        wb = xlrd.open_workbook(path)
        out = []
        for sh in wb.sheets():
            out.append(sh.name)
            for r in range(sh.nrows):
                for v in sh.row_values(r):
                    if isinstance(v, float) and v.is_integer():
                        v = int(v)
                    out.append(str(v))
        return "\n".join(out)
    except ImportError:
        pass
    exe = shutil.which("freexl_dump") or "/tmp/freexl_dump"
    if os.path.exists(exe):
        res = subprocess.run([exe, path], check=True, capture_output=True).stdout.decode("utf-8")
        return "\n".join(l.split("\t", 4)[-1] for l in res.splitlines())
    return None


def json_text(data):
    out = []

    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, bool) or v is None:
            pass
        elif isinstance(v, (int, float)):
            out.append(str(v) if isinstance(v, int) else repr(v))
        else:
            out.append(v)

    walk(json.loads(decode_text("x.json", data)))
    return "\n".join(out)


def extract(path):
    with open(path, "rb") as f:
        data = f.read()
    low = path.lower()
    if data.startswith(b"%PDF-"):
        return pdf_text(path)
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
        if "word/document.xml" in names:
            return docx_text(path)
        if "xl/workbook.xml" in names:
            return xlsx_text(path)
        raise ValueError("unknown zip " + path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return xls_text(path)
    if low.endswith((".html", ".htm")):
        return html_text(data)
    if low.endswith(".json"):
        return json_text(data)
    return decode_text(path, data)


def load_tsv(name):
    rows = []
    with open(os.path.join(TESTS, name), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rel, _, exc = line.partition("\t")
            rows.append((ln, rel, exc))
    return rows


def main():
    cache = {}
    bad = 0

    def text_of(rel):
        if rel not in cache:
            t = extract(os.path.join(EX, rel))
            cache[rel] = None if t is None else nfkc(t)
        return cache[rel]

    counts = {}
    for ln, rel, exc in load_tsv("expected.tsv"):
        counts[rel] = counts.get(rel, 0) + 1
        if not os.path.exists(os.path.join(EX, rel)):
            print("expected.tsv:%d: no such file %s" % (ln, rel)); bad += 1; continue
        if not (4 <= len(exc) <= 30):
            print("expected.tsv:%d: excerpt length %d outside 4..30: %r" % (ln, len(exc), exc)); bad += 1
        if nfkc(exc) != exc:
            print("expected.tsv:%d: excerpt is not NFKC-normalized: %r" % (ln, exc)); bad += 1
        t = text_of(rel)
        if t is None:
            print("expected.tsv:%d: SKIP (no xls reader) %s" % (ln, rel)); continue
        if exc not in t:
            print("expected.tsv:%d: MISSING in %s: %r" % (ln, rel, exc)); bad += 1
    for ln, rel, exc in load_tsv("absent.tsv"):
        t = text_of(rel)
        if t is not None and exc in t:
            print("absent.tsv:%d: PRESENT in %s: %r" % (ln, rel, exc)); bad += 1
    for root, _, files in os.walk(EX):
        for fn in files:
            rel = os.path.relpath(os.path.join(root, fn), EX)
            if rel == "README.md" or fn.endswith(".url"):
                continue
            if counts.get(rel, 0) < 2:
                print("file %s has %d excerpts (<2)" % (rel, counts.get(rel, 0))); bad += 1
    n = sum(counts.values())
    print("%d excerpts over %d files checked, %d problems" % (n, len(counts), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
