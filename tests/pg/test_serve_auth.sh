# trawl serve --auth on a PostgreSQL store: each user of the web app is the
# store's role of the same name (trawl admin user add), so a page, the API
# and the facet counts show only the collections granted to it; a serve
# user the store has no role for gets no page of it.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
export PG_URL
PG_URL=$(cat "$pg/url")
# (not exec: the trap stops the cluster)
timeout 300 /usr/bin/python3 "$TESTS/pg/serve_auth.py"
