# trawl report --html of a three-year budget series (the e2e fixture
# tests/e2e/cases/budget-series: 2022 HTML, 2023 and 2024 PDF) shows what
# is new at a glance: rendered in headless Chromium, its first section
# names for 2024 exactly the one new project and the three new
# indicators, each with its quote, and the page logs nothing.
#
# Env (from tests/run.sh): TRAWL ROOT TESTS TMP
set -u
fail() { echo "budget_report_html: $*" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser) ||
	fail "chromium is not installed (apt-get install chromium)"
"$TRAWL" --store "$TMP/store" add "$TESTS/e2e/cases/budget-series/in" >"$TMP/add.log" 2>&1 ||
	{ cat "$TMP/add.log"; fail "trawl add failed"; }
"$TRAWL" --store "$TMP/store" report --html "$TMP/report.html" >"$TMP/report.log" 2>&1 ||
	{ cat "$TMP/report.log"; fail "trawl report --html failed"; }
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$TMP/chrome" --enable-logging=stderr --v=0 \
	--dump-dom "file://$TMP/report.html" >"$TMP/dom.html" 2>"$TMP/chrome.log" ||
	{ tail -20 "$TMP/chrome.log"; fail "chromium --dump-dom failed"; }
if grep -E 'CONSOLE|Uncaught|Refused to' "$TMP/chrome.log"; then
	fail "the page logged to the console"
fi
/usr/bin/python3 - "$TMP/dom.html" <<'PY' || fail "the rendered page does not show what is new"
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
sec = re.search(r'<section id="whats-new">(.*?)</section>', dom, re.S)
assert sec, "no section 'What is new'"
sec = sec.group(1)
# it comes first: before the totals
assert dom.index('id="whats-new"') < dom.index("<h2>Totals</h2>"), "not at the top"
y2024 = re.search(r'<h3 id="new-2024">2024</h3>(.*?)(<h3|$)', sec, re.S)
assert y2024, "no 2024 in what is new"
def rows(kind):
    t = re.search(r'id="new-2024-%s">[^<]*</h4>\s*<table[^>]*>(.*?)</table>' % kind, y2024.group(1), re.S)
    if not t:
        return []
    out = []
    for tr in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", t.group(1), re.S):
        out.append([html.unescape(re.sub(r"<[^>]+>", "", c)) for c in tr])
    return out
projects, indicators = rows("projects"), rows("indicators")
assert [p[0] for p in projects] == ["“三非”外国人查处及遣送遣返"], projects
assert sorted(i[0] for i in indicators) == sorted([
    "承担任务的边境派出所(队)数量 18个 (10分)", "每所查获“三非”人员数 ≥10人 (10分)",
    "遣返率 ≥95% (10分)"]), indicators
for name, detail, src in projects + indicators:
    assert "budget-2024.pdf" in src, src
    assert ": " in src and len(src.split(": ", 1)[1]) > 3, "no quote: " + src
assert all(i[1] == "project “三非”外国人查处及遣送遣返" for i in indicators), indicators
assert "遣返率" in [i[2] for i in indicators if i[0].startswith("遣返率")][0]
print("ok: 2024 shows 1 new project and %d new indicators, each with its quote" % len(indicators))
PY
