# The exactness property of search (see search_exact.c), at several corpus
# sizes: 60 documents (every term's postings in one block), one segment
# (240 documents, with examples/ for metadata and parties), and several
# segments merged (1,200 documents: batches of 256 files make five
# segments, which tiered merging may join); then on a PostgreSQL store in a
# private cluster (tests/pg/cluster.sh): the same 240 documents with
# examples/, its own tsvector index instead of segments.
set -u
"$BUILD/tests/search-exact" "$TMP/prop-small" 60 300 5 || exit 1
"$BUILD/tests/search-exact" "$TMP/prop" 240 3000 20241 "$ROOT/examples" || exit 1
"$BUILD/tests/search-exact" "$TMP/prop-big" 1200 600 7 || exit 1
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
TRAWL_PROP_STORE=$(cat "$pg/url") "$BUILD/tests/search-exact" "$TMP/prop-pg" 240 1000 20241 \
	"$ROOT/examples"
