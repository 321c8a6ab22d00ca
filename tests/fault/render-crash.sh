# A PDF that crashes MuPDF (the test-only renderer of TRAWL_FAULTS=
# render-crash, which calls abort() in the page renderer process) costs
# its own requests only: trawl serve answers its page image and its page
# boxes with a 500 that says the page renderer crashed (SIGABRT), logs it,
# and goes on serving: the good PDF's page before and after, the bad
# document's text page, the bad page again (the same failure, at once),
# its other page (a new renderer).
# It stops cleanly, and the renderers' folder is removed. Renderers
# without their seccomp filter are said once.
. "$TESTS/fault/lib.bash"
. "$TESTS/fault/serve.bash"
two_pdfs

TMPDIR=$PWD/tmp TRAWL_FAULTS=render-crash:bad-render serve_start --threads 2
get "/doc/$good/page/1.png"
expect_code 200 "the good page before"
head -c 4 body | grep -q PNG || fail "the good page is no PNG"
get "/doc/$bad/page/1.png"
expect_code 500 "the crashing page"
grep -q 'page renderer crashed (SIGABRT)' body || fail "the 500 does not say the renderer crashed: $(cat body)"
get "/api/v1/documents/$bad/pages/1?q=Calder"
expect_code 500 "the crashing page's boxes"
grep -q 'page renderer crashed' body || fail "the boxes' 500 does not say the renderer crashed: $(cat body)"
get "/doc/$good/page/2.png"
expect_code 200 "the good page after the crash"
head -c 4 body | grep -q PNG || fail "the good page after the crash is no PNG"
get "/api/v1/documents/$good/pages/1?q=2024"
expect_code 200 "the good page's boxes after the crash"
grep -q '"width"' body || fail "the good page's boxes: $(cat body)"
get "/doc/$bad?p=1"
expect_code 200 "the crashing document's own page (its text)"
# asked again, the page that crashed fails the same way at once, without
# another renderer spent on it (the server remembers it for a minute)
for i in 1 2 3; do
	get "/doc/$bad/page/1.png"
	expect_code 500 "the crashing page, again ($i)"
	grep -q 'page renderer crashed (SIGABRT)' body || fail "the page again ($i): $(cat body)"
done
# the document's other page crashes a new renderer
get "/doc/$bad/page/2.png"
expect_code 500 "the crashing document's second page"
grep -q 'page renderer crashed (SIGABRT)' body || fail "the second page: $(cat body)"
get "/doc/$good/page/1.png"
expect_code 200 "the good page at the end"
serve_stop
[ "$(grep -c "GET /doc/$bad/page/1.png: the page could not be drawn: page renderer crashed (SIGABRT)" s.err)" = 1 ] ||
	fail "the server's log does not say once that the page renderer crashed on page 1: $(cat s.err)"
[ "$(grep -c "GET /doc/$bad/page/2.png: the page could not be drawn: page renderer crashed (SIGABRT)" s.err)" = 1 ] ||
	fail "the server's log does not say that the page renderer crashed on page 2: $(cat s.err)"
[ -z "$(ls -A tmp)" ] || fail "the renderers' folder is left: $(ls -AR tmp)"

# renderers whose seccomp filter can't be loaded (TRAWL_FAULTS=no-seccomp)
# still draw, and the server says once what protection they run with
TMPDIR=$PWD/tmp TRAWL_FAULTS=no-seccomp serve_start --threads 2
for p in 1 2 1; do
	get "/doc/$good/page/$p.png"
	expect_code 200 "page $p without seccomp"
done
serve_stop
[ "$(grep -c "warning: the page renderers' seccomp filter could not be loaded" s.err)" = 1 ] ||
	fail "the server does not say once that the renderers run without seccomp: $(cat s.err)"
