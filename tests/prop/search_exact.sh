# The exactness property of search (see search_exact.c), on both backends:
# a folder (SQLite) and a private PostgreSQL cluster (tests/pg/cluster.sh).
set -u
"$BUILD/tests/search-exact" "$TMP/prop" 240 3000 || exit 1
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
TRAWL_PROP_STORE=$(cat "$pg/url") "$BUILD/tests/search-exact" "$TMP/prop-pg" 240 3000
