#!/bin/sh
# The package on a fresh Debian 12, as a user gets it: a minimal bookworm
# made by debootstrap, then `apt install ./trawl_*.deb` inside it (with its
# recommends, as apt does by default), then trawl --version, man trawl,
# bash completion and the demo, run there. Not part of make test: it
# downloads a Debian system from the mirror this machine's apt uses. Needs
# root and debootstrap.
#
#   sh tools/deb-fresh-debian.sh trawl_VERSION_ARCH.deb [FOLDER]
#
# FOLDER gets the Debian tree and is kept, so a second run with the same
# FOLDER skips debootstrap; without it, a temporary one is removed at the end.
set -eu
[ $# -ge 1 ] || { echo "usage: sh tools/deb-fresh-debian.sh trawl_VERSION_ARCH.deb [FOLDER]" >&2; exit 2; }
deb=$(realpath "$1")
if [ $# -ge 2 ]; then
	root=$2
else
	root=$(mktemp -d "${TMPDIR:-/tmp}/trawl-fresh.XXXXXX")
	trap 'rm -rf "$root" "$root.debootstrap.log"' EXIT
fi
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (debootstrap and chroot)"
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install debootstrap"
# the mirror of this machine's own apt sources
mirror=${MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*\) .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
[ -n "$mirror" ] || fail "no Debian mirror in this machine's apt sources; set MIRROR"
if [ ! -x "$root/usr/bin/apt-get" ]; then
	echo "debootstrap bookworm into $root"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
		{ tail -20 "$root.debootstrap.log"; fail "debootstrap failed"; }
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
name=$(basename "$deb")
# inside: /proc mounted in a mount namespace of its own (gone when it ends)
mkdir -p "$root/dev/pts"
unshare -m sh -c 'mount -t proc proc "$1/proc" && mount -t devpts devpts "$1/dev/pts" &&
	exec chroot "$1" /bin/sh -s "$2"' x "$root" "$name" <<'IN'
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
fail() { echo "FAIL: $*" >&2; exit 1; }
apt-get update -q >/dev/null
# a user's system has man and bash completion; the rest comes from the package
apt-get install -y -q man-db bash-completion >/dev/null
apt-get install -y -q "./tmp/$1" >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; fail "apt install ./$1 failed"; }
dpkg-query -W -f '${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' ||
	fail "apt did not bring the recommended CJK font"
echo "installed: $(dpkg-query -W -f '${Package} ${Version}' trawl)"
trawl --version
man trawl 2>/dev/null | grep -q 'trawl - search' || fail "man trawl shows no page"
man trawl-serve 2>/dev/null | grep -q -- '--allow-add' || fail "man trawl-serve shows no page"
out=$(bash -c '. /usr/share/bash-completion/bash_completion
	_completion_loader trawl
	COMP_WORDS=(trawl sea); COMP_CWORD=1; COMP_LINE="trawl sea"; COMP_POINT=9
	$(complete -p trawl | sed "s/.*-F \([^ ]*\) .*/\1/") trawl sea trawl
	printf "%s\n" "${COMPREPLY[@]}"')
[ "$out" = search ] || fail "bash completion of 'trawl sea' gave: $out"
echo "man trawl, man trawl-serve and bash completion work"
cd /tmp && rm -rf demo && mkdir demo
sh /usr/share/trawl/demo.sh "" /tmp/demo/store >/tmp/demo.out 2>/tmp/demo.err || { tail /tmp/demo.out /tmp/demo.err; fail "the demo failed"; }
grep -q 'hit in 1 document' /tmp/demo.out || fail "the demo's search found nothing"
[ -s /tmp/demo/demo-report.html ] || fail "the demo wrote no report"
if grep -q 'error' /tmp/demo.err; then fail "the demo said: $(cat /tmp/demo.err)"; fi
head -1 /tmp/demo.out
echo "the demo ran: $(grep -c . /tmp/demo.out) lines, report $(wc -c </tmp/demo/demo-report.html) bytes"
# the web app over the demo's store, asked through bash's /dev/tcp (no curl here)
port=$((20000 + $$ % 20000))
trawl --store /tmp/demo/store serve --listen 127.0.0.1:$port >/tmp/serve.out 2>&1 &
pid=$!
sleep 2
page=$(bash -c 'exec 3<>/dev/tcp/127.0.0.1/$1 || exit 1
	printf "GET /api/v1/search?q=%%E9%%81%%A3%%E8%%BF%%94 HTTP/1.0\r\nHost: 127.0.0.1:$1\r\n\r\n" >&3
	cat <&3' x $port) || true
kill -INT $pid; wait $pid || fail "trawl serve exited $? after Ctrl-C: $(cat /tmp/serve.out)"
echo "$page" | head -1 | grep -q ' 200 ' || fail "trawl serve answered: $(echo "$page" | head -3) ($(cat /tmp/serve.out))"
echo "$page" | grep -q '"doc"' || fail "the web app's search found nothing: $(echo "$page" | tail -2)"
echo "trawl serve answers a search"
IN
echo "ok: $name installs with apt on a fresh Debian 12 ($root) and works"
