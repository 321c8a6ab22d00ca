#!/usr/bin/env bash
# trawl report --html: the page renders in headless Chromium with no console
# message at all (it has no scripts, and its Content-Security-Policy would
# report anything it tried to load), and a known figure and its source quote
# are in the rendered DOM. Chromium is installed when missing and we are
# root (make test runs as root); otherwise this test fails, saying why.
#
# Env (from tests/run.sh): TRAWL ROOT TMP
set -u
fail() { echo "report_html: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing chromium (Debian package) for the HTML test"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q chromium >"$TMP/apt.log" 2>&1 ||
			{ apt-get update -q >>"$TMP/apt.log" 2>&1 &&
			  apt-get install -y -q chromium >>"$TMP/apt.log" 2>&1; } ||
			{ tail -20 "$TMP/apt.log"; fail "could not install chromium with apt-get"; }
		browser=$(command -v chromium) || fail "chromium installed but not on PATH"
	else
		fail "chromium is not installed: install it (apt-get install chromium) or run as root"
	fi
fi

"$TRAWL" --store "$TMP/store" add "$ROOT/examples" >"$TMP/add.log" 2>&1
[ -f "$TMP/store/trawl.db" ] || { cat "$TMP/add.log"; fail "trawl add examples failed"; }
"$TRAWL" --store "$TMP/store" report --html "$TMP/report.html" >"$TMP/report.log" 2>&1 ||
	{ cat "$TMP/report.log"; fail "trawl report --html failed"; }

render() { # what-to-do output log
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/chrome" --enable-logging=stderr --v=0 --window-size=1280,2000 \
		"$1" "file://$TMP/report.html" >"$2" 2>"$3"
}
render --dump-dom "$TMP/dom.html" "$TMP/chrome-dom.log" ||
	{ tail -20 "$TMP/chrome-dom.log"; fail "chromium --dump-dom failed"; }
render --screenshot="$TMP/report.png" "$TMP/shot.out" "$TMP/chrome-shot.log" ||
	{ tail -20 "$TMP/chrome-shot.log"; fail "chromium --screenshot failed"; }

# console messages (errors, CSP violations, uncaught exceptions)
if grep -hE 'CONSOLE|Uncaught|Refused to' "$TMP/chrome-dom.log" "$TMP/chrome-shot.log"; then
	fail "the page logged to the console"
fi
[ -s "$TMP/dom.html" ] || fail "empty DOM"
[ "$(stat -c %s "$TMP/report.png" 2>/dev/null || echo 0)" -gt 20000 ] ||
	fail "the screenshot is missing or blank"

# the 2024 budget of examples/bianjian_zhidui_2024_bumen_yusuan.pdf, 35,410,700
# yuan written 3541.07 (万元) on page 2: its row in the sources list. (The
# award notice's 26,500,000 is not added: the OCDS contract of the same
# procurement is, docs/report.md.)
src=$(grep -E 'bianjian_zhidui_2024_bumen_yusuan\.pdf' "$TMP/dom.html" |
      grep -F '3541.07' | grep -F '35,410,700' | grep -oE 'id="src-[0-9]+"' | head -1)
[ -n "$src" ] || fail "the budget's 35,410,700 and its quote are not in the sources"
# ... and a figure in the page links to it
n=${src#id=\"}
n=${n%\"}
grep -qF "href=\"#$n\"" "$TMP/dom.html" || fail "nothing links to $n"
# the charts were drawn
[ "$(grep -o '<rect ' "$TMP/dom.html" | wc -l)" -ge 3 ] || fail "the charts have no bars"
grep -qF '<h2>Spending by year</h2>' "$TMP/dom.html" || fail "no chart of spending by year"
grep -qF '<h2>Top vendors</h2>' "$TMP/dom.html" || fail "no chart of vendors"
echo "ok: rendered with no console messages; $n is the 2024 budget's 35,410,700"
