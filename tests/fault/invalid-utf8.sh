# An HTML file declaring UTF-8 with invalid bytes: one warning naming it and
# "invalid"; it is still ingested and its valid text is kept.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Bad bytes</title></head>\n<body><p>Harbour dredging contract awarded \xff\xfe\xc3\x28 to Calder Marine Works</p></body></html>\n' >in/bad.html
echo "a good file beside the bad UTF-8" >in/good.txt
run_add in
expect_status 1
expect_line warning in/bad.html 'invalid'
expect_summary 2 0 0 0
grep -q 'with warnings' out || fail "the summary does not count the warning"
expect_listed in/good.txt in/bad.html
"$TRAWL" show in/bad.html >show.out 2>&1 || fail "trawl show failed: $(cat show.out)"
grep -qF 'Harbour dredging contract awarded' show.out || fail "the valid text before the bad bytes is missing: $(cat show.out)"
grep -qF 'to Calder Marine Works' show.out || fail "the valid text after the bad bytes is missing: $(cat show.out)"
check_intact
