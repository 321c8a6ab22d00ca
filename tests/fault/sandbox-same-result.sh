# The sandboxed readers give exactly what reading in-process gives: every
# example (all formats and encodings) added once through the reader
# processes and once with --no-sandbox; the documents, their text page by
# page, and their facts must be the same. (What comes back from a reader
# travels through the checked wire form of lib/ingest/wire.c.)
. "$TESTS/fault/lib.bash"
cp -r "$ROOT/examples" ex
TRAWL_STORE="$TMP/a" "$TRAWL" add ex >a.out 2>a.err
sa=$?
TRAWL_STORE="$TMP/b" "$TRAWL" add --no-sandbox ex >b.out 2>b.err
sb=$?
no_sanitizer_report a.err
no_sanitizer_report b.err
[ "$sa" = "$sb" ] || fail "exit $sa with readers, $sb without"
cmp -s a.out b.out || fail "the summaries differ: $(cat a.out b.out)"
cmp -s a.err b.err || fail "the messages differ: $(diff a.err b.err)"
for s in a b; do
	TRAWL_STORE="$TMP/$s" "$TRAWL" ls --json | sed -E 's/"(added_at|mtime)":[^,]*,//g' >$s.ls
	: >$s.show
	for id in $(grep -o '"id":"[0-9a-f]*"' $s.ls | cut -d'"' -f4); do
		TRAWL_STORE="$TMP/$s" "$TRAWL" show "$id" --json >>$s.show 2>&1
	done
	TRAWL_STORE="$TMP/$s" "$TRAWL" facts --csv >$s.facts 2>&1
done
[ "$(wc -l <a.ls)" -ge 18 ] || fail "only $(wc -l <a.ls) documents listed"
cmp -s a.ls b.ls || fail "the document lists differ: $(diff a.ls b.ls | head)"
cmp -s a.show b.show || fail "the texts differ: $(diff a.show b.show | head)"
cmp -s a.facts b.facts || fail "the facts differ: $(diff a.facts b.facts | head)"
[ "$(wc -l <a.facts)" -gt 100 ] || fail "only $(wc -l <a.facts) facts"
