# The exactness property of search (see search_exact.c).
"$BUILD/tests/search-exact" "$TMP/prop" 240 3000
