# The exactness property of search (see search_exact.c), at several corpus
# sizes: 60 documents (every term's postings in one block), one segment
# (240 documents, with examples/ for metadata and parties), and several
# segments merged (1,200 documents: batches of 256 files make five
# segments, which tiered merging may join).
"$BUILD/tests/search-exact" "$TMP/prop-small" 60 300 5 || exit 1
"$BUILD/tests/search-exact" "$TMP/prop" 240 3000 20241 "$ROOT/examples" || exit 1
"$BUILD/tests/search-exact" "$TMP/prop-big" 1200 600 7
