"""Browser tests of trawl serve in headless Chromium (chromedriver): search,
a facet click, a PDF hit with its highlight box on the right page, a
fact's link to its page, CSV and JSON export, a diff with both citations,
a chart click, Chinese rendered with a CJK font (a screenshot), adding
files from the page, and hostile documents that must run nothing.

    TRAWL=build-test/trawl ROOT=. /usr/bin/python3 tests/browser/app.py OUTDIR
"""
import csv as csvmod
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (Browser, El, Server, check, finish, ink, make_store, png_pixels, ROOT)

out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
os.makedirs(out, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="trawl-browser-")

# a copy of the examples, and hostile documents beside them
docs = os.path.join(tmp, "docs")
shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(docs, "examples"))
hostile = os.path.join(docs, "hostile")
os.makedirs(hostile)
payloads = [
    '<script>window.__xss=1</script>',
    '"><img src=x onerror="window.__xss=2">',
    "'><svg onload=window.__xss=3>",
    '<a href="javascript:window.__xss=4">click</a>',
    '</textarea></pre><script>window.__xss=5</script>',
    '{{7*7}} ${7*7} <iframe src="javascript:parent.__xss=6"></iframe>',
]
with open(os.path.join(hostile, "攻击_notice.txt"), "w") as f:
    f.write("边境管理通知 hostile text\n" + "\n".join(payloads) + "\n金额：人民币100万元\n")
with open(os.path.join(hostile, '"><img src=x onerror=window.__xss=7>.txt'), "w") as f:
    f.write("边境 a file whose name breaks attributes\n")
with open(os.path.join(hostile, "page.html"), "w") as f:
    f.write('<html><head><title>"><script>window.__xss=8</script></title></head><body>'
            '<p>边境 <img src=x onerror="window.__xss=9"> <a href="javascript:window.__xss=10">'
            'link</a></p><script>window.__xss=11</script></body></html>')
with open(os.path.join(hostile, "攻击_table.csv"), "w") as f:
    f.write("项目,内容,金额\n")
    for i, p in enumerate(payloads):
        f.write('边境%d,"%s",%d\n' % (i, p.replace('"', '""'), 1000 * (i + 1)))
with open(os.path.join(hostile, "攻击_notice.txt.url"), "w") as f:
    f.write("javascript:window.__xss=12\n")
store = make_store(tmp, [os.path.join(docs, "examples"), hostile])

srv = Server(store)
b = Browser()
base = srv.url
try:
    # ---- search ----
    q = "遣返"
    b.go(base + "/?q=" + urllib.parse.quote(q))
    count = b.text(b.find("#count")[0])
    m = re.match(r"(\d+) hits? in (\d+) documents?", count)
    st, _, body = srv.get("/api/v1/search?q=" + urllib.parse.quote(q))
    api = json.loads(body)
    check(m is not None and int(m.group(1)) == api["total_hits"] and api["total_hits"] > 0,
          "search: the page's count (%s) is the API's (%d hits)" % (count, api["total_hits"]))
    hits = b.find("li.hit")
    check(len(hits) == min(20, api["total_hits"]), "search: one result per hit (%d)" % len(hits))
    marks = b.find("li.hit .snippet mark")
    check(len(marks) > 0 and all(b.text(x) == q for x in marks[:5]),
          "search: snippets highlight the query")

    # ---- OCR and archives: a scan's hit and fact are marked OCR; an
    # archive's member is cited ARCHIVE!member ----
    st, _, body = srv.get("/?q=" + urllib.parse.quote("收入总计"))
    check(st == 200 and b"saomiao_" in body and b'class="ocr"' in body,
          "search: the scan's hit is marked OCR")
    st, _, body = srv.get("/api/v1/search?q=" + urllib.parse.quote("收入总计"))
    scan_hits = [h for h in json.loads(body)["hits"] if "saomiao_" in (h.get("path") or "")]
    check(scan_hits and all(h["ocr"] is True and h["ocr_confidence"] > 50 for h in scan_hits)
          and all(h["ocr"] is False for h in json.loads(body)["hits"] if h not in scan_hits),
          "API: the scan's hits say ocr, the others not")
    # the facts' exports carry the OCR mark and confidence, as trawl facts
    # --csv and --json do: the scan's facts have them, no other fact has
    st, _, body = srv.get("/api/v1/facts?as=csv&fkind=item")
    rows = list(csvmod.DictReader(io.StringIO(body.decode("utf-8"))))
    scan_rows = [x for x in rows if "saomiao_" in x["path"]]
    check(st == 200 and scan_rows and all(50 < int(x["ocr"]) <= 100 for x in scan_rows)
          and all(x["ocr"] == "" for x in rows if x not in scan_rows),
          "facts CSV: the scan's facts give their OCR confidence, the others none")
    st, _, body = srv.get("/api/v1/facts?as=json&fkind=item")
    recs = [json.loads(x) for x in body.decode("utf-8").splitlines()]
    scan_recs = [x for x in recs if "saomiao_" in x["path"]]
    check(st == 200 and scan_recs and all(x["ocr"] is True and 50 < x["ocr_confidence"] <= 100
                                          for x in scan_recs)
          and all(x["ocr"] is False for x in recs if x not in scan_recs),
          "facts JSON: the scan's facts say ocr with their confidence, the others not")
    st, _, body = srv.get("/api/v1/facts?fkind=item&limit=1000")
    page_recs = json.loads(body)["facts"]
    check(any(x["ocr"] is True for x in page_recs) and
          all(x["ocr"] == ("saomiao_" in x["path"]) for x in page_recs),
          "facts API: each fact says whether OCR read it")
    st, _, body = srv.get("/api/v1/search?q=" + urllib.parse.quote("执法记录仪更新项目"))
    check(any("caigou_yixiang_2024_05_fujian.zip!2024年5月政府采购意向.doc" in (h.get("path") or "")
              for h in json.loads(body)["hits"]), "search: an archive's member by its ARCHIVE!member path")

    # ---- a facet click ----
    links = [e for e in b.find('section.facet[data-dim="kind"] a')
             if b.text(e).startswith("budget")]
    check(len(links) == 1, "facets: a kind facet 'budget' with its count")
    n_budget = int(b.text(links[0]).split()[-1])
    b.click(links[0])
    b.wait("return location.search.indexOf('kind=budget') >= 0")
    check("kind=budget" in b.url() and "q=" in b.url(), "facets: the click narrows, the URL holds it")
    docs_shown = int(re.search(r"in (\d+) document", b.text(b.find("#count")[0])).group(1))
    check(docs_shown == n_budget, "facets: the facet's count (%d) is the documents found (%d)"
          % (n_budget, docs_shown))
    tags = [b.text(e) for e in b.find("li.hit .meta .tag:first-child")]
    check(tags and all(t == "budget" for t in tags), "facets: every hit is a budget %r" % tags)
    shared = b.url()
    b.go("about:blank")
    b.go(shared)
    check(int(re.search(r"in (\d+) document", b.text(b.find("#count")[0])).group(1)) == n_budget,
          "search: the URL alone gives the same results (shareable)")

    # ---- a PDF hit: its highlight box on the right page ----
    pdf_hits = [h for h in b.find("li.hit") if ".pdf" in b.text(h) and "page 3" in b.text(h)]
    check(len(pdf_hits) > 0, "search: a hit on page 3 of a PDF")
    link = b.find("li.hit a.title")[b.find("li.hit").index(pdf_hits[0])]
    b.click(link)
    b.wait("var d=document.getElementById('pdfpage'); return d && d.getAttribute('data-boxes')")
    check(re.search(r"[?&]p=3\b", b.url()) is not None, "PDF: opened at page 3")
    img = b.find("#pdfpage img")[0]
    check(b.attr(img, "src").endswith("/page/3.png?dpi=110"), "PDF: the image is page 3")
    check(b.wait("var i=document.querySelector('#pdfpage img'); return i.complete && "
                 "i.naturalWidth > 100"), "PDF: MuPDF drew the page")
    boxes = b.js("return Array.from(document.querySelectorAll('#pdfpage rect.box.hit'))"
                 ".map(r => [r.x.baseVal.value, r.y.baseVal.value, r.width.baseVal.value,"
                 " r.height.baseVal.value]);")
    vb = b.js("return document.querySelector('#pdfpage svg').getAttribute('viewBox')")
    check(len(boxes) >= 1, "PDF: a highlight box over the hit (%d)" % len(boxes))
    w, h = [float(x) for x in vb.split()[2:]]
    check(all(0 <= x0 and x0 + bw <= w + 2 and 0 <= y0 and y0 + bh <= h + 2 and bw > 3
              for x0, y0, bw, bh in boxes), "PDF: the boxes lie on the page")
    text_marks = [b.js("return arguments[0].textContent", e) for e in b.find("pre.text mark")]
    check(len(text_marks) == len(boxes) and all(t == q for t in text_marks),
          "PDF: one box per match in the page's text (%r, %d)" % (text_marks, len(boxes)))
    # the box sits where the word is: a screenshot of the box's area holds ink
    b.screenshot(os.path.join(out, "pdf-hit.png"))

    # ---- a fact's link to its page ----
    facts = [e for e in b.find("#factlist a") if b.text(e).endswith("p.2")]
    check(len(facts) > 0, "document: facts listed with their pages")
    fact_text = b.js("return arguments[0].querySelector('q').textContent", facts[0])
    b.click(facts[0])
    b.wait("var d=document.getElementById('pdfpage'); return d && d.getAttribute('data-boxes')")
    check(re.search(r"[?&]p=2\b", b.url()) is not None and "c=" in b.url(),
          "fact: its link opens page 2 at its place")
    check(b.attr(b.find("#pdfpage img")[0], "src").endswith("/page/2.png?dpi=110"),
          "fact: the image is page 2")
    cites = b.js("return document.querySelectorAll('#pdfpage rect.box.cite').length")
    check(cites >= 1, "fact: a box marks the cited place")
    cited = b.js("return Array.from(document.querySelectorAll('pre.text span.cite'))"
                 ".map(s => s.textContent).join('')")
    check(cited == fact_text, "fact: the marked text is the quote (%r, %r)" % (cited, fact_text))

    # ---- facts: CSV and JSON export of the view ----
    b.go(base + "/facts?fkind=money&fsort=desc")
    n_facts = int(re.match(r"(\d+) facts?", b.text(b.find("#count")[0])).group(1))
    values = [b.text(e) for e in b.find("table.facts tbody td:nth-child(4)")]
    nums = [float(v.split()[0].replace(",", "")) for v in values if v]
    check(nums == sorted(nums, reverse=True) and len(nums) > 1, "facts: sorted by value, largest first")
    csv_href = b.attr(b.find("#csv")[0], "href")
    csv = b.js_async("var done=arguments[arguments.length-1]; fetch(arguments[0])"
                     ".then(r=>r.text()).then(done)", csv_href)
    lines = csv.rstrip("\n").split("\n")
    check(lines[0].startswith("doc,path,page,kind,text,value") and len(lines) - 1 == n_facts,
          "facts: the CSV export holds the view (%d rows, %d shown)" % (len(lines) - 1, n_facts))
    check(all(",money," in l for l in lines[1:]), "facts: the CSV holds only the kind asked for")
    jl = b.js_async("var done=arguments[arguments.length-1]; fetch(arguments[0])"
                    ".then(r=>r.text()).then(done)", b.attr(b.find("#json")[0], "href"))
    recs = [json.loads(l) for l in jl.splitlines()]
    check(len(recs) == n_facts and all(r["kind"] == "money" for r in recs),
          "facts: the JSON export holds the view")
    vals = [float(r["value"]) for r in recs]
    check(vals == sorted(vals, reverse=True), "facts: exports keep the view's order")

    # ---- compare: a diff with both citations on every row ----
    b.go(base + "/compare?s1=" + urllib.parse.quote(
        os.path.join(docs, "examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf")) +
        "&s2=" + urllib.parse.quote(os.path.join(docs, "examples/bianjian_zhidui_2024_bumen_yusuan.pdf")))
    rows = b.find("table.diff tbody tr.st-changed")
    check(len(rows) > 0, "compare: changed line items (%d)" % len(rows))
    both = [r for r in rows if len(b.js("return arguments[0].querySelectorAll('td.cite a')", r)) == 2]
    check(len(both) == len(rows), "compare: every changed row cites both sides")
    summary = b.text(b.find("section.diff p.count")[0])
    check("changed" in summary and "A: 1 document" in summary, "compare: the counts")
    link = b.js("return arguments[0].querySelectorAll('td.cite a')[1]", rows[0])
    b.click(El(list(link.values())[0]))
    b.wait("var d=document.getElementById('pdfpage'); return d && d.getAttribute('data-boxes')")
    check(b.js("return document.querySelectorAll('#pdfpage rect.box.cite').length") >= 1,
          "compare: a citation opens its page with the place marked")

    # ---- charts: a bar click opens the documents behind it ----
    b.go(base + "/report")
    bars = b.find("#chart-year a.bar rect")
    check(len(bars) >= 2, "charts: bars by year (%d)" % len(bars))
    label = b.js("return arguments[0].parentNode.querySelector('text.lbl').textContent",
                 bars[0])
    b.click(bars[0])
    b.wait("return location.pathname === '/' && location.search.indexOf('year=') >= 0")
    check("year=" + label in b.url(), "charts: the bar for %s opens its documents" % label)
    found = int(re.search(r"in (\d+) document", b.text(b.find("#count")[0])).group(1))
    years = [b.text(e) for e in b.find("li.hit .meta .tag") if re.fullmatch(r"\d{4}", b.text(e))]
    check(found > 0 and years and all(y == label for y in years),
          "charts: %d documents, all of %s" % (found, label))

    # ---- Chinese rendered with a CJK font ----
    b.go(base + "/?q=" + urllib.parse.quote("边境管理支队"))
    title = b.find("li.hit a.title")[0]
    b.js("var s=document.createElement('span'); s.id='tofu'; s.textContent='\\ue000\\ue001\\ue002"
         "\\ue003'; s.className='title'; arguments[0].parentNode.insertBefore(s, arguments[0]);",
         title)
    b.js("var s=document.createElement('span'); s.id='han'; s.textContent='边境管理'; "
         "s.className='title'; document.getElementById('tofu').after(s);")
    han = ink(png_pixels(b.screenshot(os.path.join(out, "cjk-han.png"), b.find("#han")[0]))[2])
    tofu = ink(png_pixels(b.screenshot(os.path.join(out, "cjk-tofu.png"), b.find("#tofu")[0]))[2])
    b.screenshot(os.path.join(out, "cjk-page.png"))
    jacc = len(han & tofu) / max(1, len(han | tofu))
    check(len(han) > 60, "CJK: the Chinese text has ink (%d pixels)" % len(han))
    check(jacc < 0.5, "CJK: it is drawn with real glyphs, not missing-glyph boxes "
          "(overlap with boxes %.2f)" % jacc)
    fam = b.js("return getComputedStyle(document.body).fontFamily")
    check("Noto Sans CJK" in fam, "CJK: the page asks for Noto Sans CJK")

    # ---- hostile documents run nothing ----
    for path in ["/?q=" + urllib.parse.quote("边境"), "/?q=hostile", "/facts",
                 "/?q=" + urllib.parse.quote("边境") + "&sort=date"]:
        b.go(base + path)
        time.sleep(0.3)
    st, _, body = srv.get("/api/v1/search?q=hostile&files=1&facets=0")
    ids = [h["doc"] for h in json.loads(body)["hits"]]
    st, _, body = srv.get("/api/v1/search?q=" + urllib.parse.quote("边境") + "&files=1&limit=100&facets=0")
    ids += [h["doc"] for h in json.loads(body)["hits"] if "hostile" in (h.get("path") or "")]
    for i in ids:
        b.go(base + "/doc/" + i + "?q=" + urllib.parse.quote('<script>'))
        time.sleep(0.3)
        check(b.js("return window.__xss === undefined && "
                   "document.querySelectorAll('script:not([src=\"/static/app.js\"])').length === 0 && "
                   "document.querySelectorAll('img[src=x], iframe, svg[onload]').length === 0"),
              "hostile: document %s... shows its text, runs nothing" % i[:8])
        hrefs = b.js("return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        check(not any(h.lower().lstrip().startswith("javascript:") for h in hrefs),
              "hostile: no javascript: link on %s..." % i[:8])
    check(len(ids) >= 3, "hostile: the hostile documents were found (%d)" % len(ids))
    st, _, body = srv.get("/api/v1/search?q=hostile&files=1&facets=0")
    notice = [h["doc"] for h in json.loads(body)["hits"] if "攻击_notice" in h["path"]]
    check(len(notice) == 1, "hostile: the notice is found")
    b.go(base + "/doc/" + notice[0])
    src = b.js("return Array.from(document.querySelectorAll('table.meta td'))"
               ".map(t => t.textContent).join(' ')")
    check("javascript:window.__xss=12" in src and not b.find('table.meta a[href^="javascript"]'),
          "hostile: a javascript: source URL is shown as text, not a link")
    st, _, body = srv.get("/api/v1/search?q=" + urllib.parse.quote("边境0") + "&files=1&facets=0")
    table = [h["doc"] for h in json.loads(body)["hits"] if "攻击_table" in h["path"]]
    check(len(table) == 1, "hostile: the table is found")
    b.go(base + "/doc/" + table[0])
    page_text = b.text(b.find("pre.text")[0])
    check(all(p in page_text for p in payloads), "hostile: markup shows as text")
    check(b.js("return window.__xss === undefined"), "hostile: the table ran nothing")
finally:
    b.quit()
    srv.stop()

# ---- adding files from the page (--allow-add) ----
srv = Server(store, "--allow-add")
b = Browser()
try:
    up = os.path.join(tmp, "upload")
    os.makedirs(up)
    good = os.path.join(up, "新通知_upload.txt")
    with open(good, "w") as f:
        f.write("关于开展2025年边境巡查的通知 uploadmarker 金额：人民币50万元\n")
    bad = os.path.join(up, "broken.pdf")
    with open(bad, "wb") as f:
        f.write(b"%PDF-1.7\n1 0 obj <<>> garbage that is no PDF\n")
    empty = os.path.join(up, "empty.docx")
    open(empty, "wb").close()
    b.go(srv.url + "/add")
    b.send_keys(b.find("#files")[0], "\n".join([good, bad, empty]))
    check(b.wait("return document.getElementById('status').getAttribute('data-done')", 60),
          "add: the files were sent")
    results = [b.text(e) for e in b.find("#results li")]
    check(len(results) == 3, "add: one line per file (%d)" % len(results))
    check(any(r.startswith("新通知_upload.txt: added") for r in results), "add: the good file added")
    check(any(r.startswith("broken.pdf: failed") and "—" in r for r in results),
          "add: the broken PDF is reported with its problem")
    check(any(r.startswith("empty.docx: failed") for r in results), "add: the empty file is reported")
    check(b.js("return document.getElementById('progress').value == "
               "document.getElementById('progress').max"), "add: progress reached the end")
    b.screenshot(os.path.join(out, "add.png"))
    time.sleep(1.2)  # the facet snapshot is read again at most once a second
    b.go(srv.url + "/?q=uploadmarker")
    check(b.text(b.find("#count")[0]).startswith("1 hit"), "add: the added file is found")

    # ---- a PDF whose page renderer crashes (the test-only renderer of
    # TRAWL_FAULTS=render-crash): the page says why, and shows its text ----
    os.environ["TRAWL_FAULTS"] = "render-crash:port_calder_award"
    try:
        crash = Server(store)
    finally:
        del os.environ["TRAWL_FAULTS"]
    try:
        st, _, body = crash.get("/api/v1/documents?limit=1000")
        bad = [d["id"] for d in json.loads(body)["documents"]
               if "port_calder_award" in (d.get("path") or "")]
        check(len(bad) == 1, "render crash: the document is there")
        b.go(crash.url + "/doc/%s?p=1" % bad[0])
        msg = b.wait("var p=document.querySelector('p.pageerror'); return p && p.textContent")
        check(msg and "page renderer crashed" in msg,
              "render crash: the page says the renderer crashed (%r)" % msg)
        check(b.js("return document.querySelector('details.pagetext').open"),
              "render crash: the page's text is shown instead")
        b.go(crash.url + "/?q=" + urllib.parse.quote(q))
        check("hit" in b.text(b.find("#count")[0]) and crash.alive(),
              "render crash: the server goes on serving")
    finally:
        crash.stop()
finally:
    b.quit()
    srv.stop()
shutil.rmtree(tmp, ignore_errors=True)
finish()
