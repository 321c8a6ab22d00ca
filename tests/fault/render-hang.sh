# A PDF that makes MuPDF hang (TRAWL_FAULTS=render-hang: an endless loop
# in the page renderer process) is stopped at --render-timeout 2: its page
# image is a 503 that says the renderer exceeded 2 s, and meanwhile the
# other renderer draws the good PDF's pages; afterwards everything works.
. "$TESTS/fault/lib.bash"
. "$TESTS/fault/serve.bash"
two_pdfs

TMPDIR=$PWD/tmp TRAWL_FAULTS=render-hang:bad-render serve_start --threads 2 --render-timeout 2
# the hanging page in the background; the good one while it hangs
(
	mkdir hang && cd hang && get "/doc/$bad/page/1.png" 60 && echo "$code" >code
) &
hang=$!
sleep 0.5
t0=$(date +%s)
get "/doc/$good/page/1.png"
expect_code 200 "the good page while the other hangs"
head -c 4 body | grep -q PNG || fail "the good page is no PNG"
wait "$hang"
[ "$(cat hang/code)" = 503 ] || fail "the hanging page: HTTP $(cat hang/code), expected 503: $(cat hang/body)"
grep -q 'page renderer exceeded 2 s' hang/body || fail "the 503 does not say the time limit: $(cat hang/body)"
t1=$(date +%s)
[ $((t1 - t0)) -lt 30 ] || fail "the hanging page took $((t1 - t0)) s to be stopped"
get "/api/v1/documents/$bad/pages/1" 60
expect_code 503 "the hanging page's boxes"
get "/doc/$good/page/2.png"
expect_code 200 "the good page after the hang"
get "/api/v1/search?q=Calder"
expect_code 200 "a search after the hang"
serve_stop
grep -q "GET /doc/$bad/page/1.png: the page could not be drawn: page renderer exceeded 2 s" s.err ||
	fail "the server's log does not say the renderer exceeded 2 s: $(cat s.err)"
[ -z "$(ls -A tmp)" ] || fail "the renderers' folder is left: $(ls -AR tmp)"
