#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: initdb into a fresh temporary
# folder, a Unix socket in that folder, no TCP, trust only on that socket.
# PostgreSQL refuses to run as root, so as root (as .ci/run is) the server
# runs as the unprivileged postgres (or nobody) user; the folder is that
# user's alone.
#
#   cluster.sh start [PORT]   prints the folder; the cluster's URL is in
#                             FOLDER/url (postgresql:///trawl?host=FOLDER&port=PORT&user=trawl)
#   cluster.sh stop FOLDER    stops it and removes the folder
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "cluster.sh: no PostgreSQL server (apt-get install postgresql)" >&2; exit 2; }

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		local u=postgres
		id "$u" >/dev/null 2>&1 || u=nobody
		setpriv --reuid="$u" --regid="$(id -g "$u")" --clear-groups -- "$@"
	else
		"$@"
	fi
}

case "${1:-}" in
start)
	port=${2:-$((20000 + RANDOM % 20000))}
	dir=$(mktemp -d /tmp/trawl-pg.XXXXXX)
	if [ "$(id -u)" = 0 ]; then
		u=postgres
		id "$u" >/dev/null 2>&1 || u=nobody
		chown "$u:$(id -g "$u")" "$dir"
	fi
	chmod 700 "$dir"
	cd "$dir"
	as_owner "$bindir/initdb" -D "$dir/data" -U trawl --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	"$bindir/psql" -X -q -h "$dir" -p "$port" -U trawl -d postgres -c "CREATE DATABASE trawl" >/dev/null
	echo "postgresql:///trawl?host=$dir&port=$port&user=trawl" >"$dir/url"
	echo "$port" >"$dir/port"
	chmod 755 "$dir"
	echo "$dir"
	;;
stop)
	dir=${2:?folder}
	[ -d "$dir/data" ] || exit 0
	cd /
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: cluster.sh start [PORT] | stop FOLDER" >&2
	exit 2
	;;
esac
