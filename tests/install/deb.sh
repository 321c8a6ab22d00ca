# make deb builds trawl_VERSION_ARCH.deb with dpkg-buildpackage, with the
# Makefile's DEPS as its build dependencies and Debian's own libraries as
# its dependencies (dh_shlibdeps), recommending a CJK font. The package
# installs into a clean folder tree (dpkg --root), and from there trawl
# --version, its manual, its completions and the demo work.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v dpkg-buildpackage >/dev/null || fail "dpkg-buildpackage is missing (make test installs dpkg-dev)"
command -v dh >/dev/null || fail "dh is missing (make test installs debhelper)"
version=$(sed -n 's/^#define TRAWL_VERSION "\(.*\)"/\1/p' "$ROOT/include/trawl/trawl.h")
[ -n "$version" ] || fail "no TRAWL_VERSION"
grep -q "^trawl ($version)" "$ROOT/debian/changelog" || fail "debian/changelog is not at version $version"

# the package's build dependencies are the Makefile's DEPS, no more, no less
printf 'print-deps:\n\t@echo $(DEPS)\n' >deps.mk
deps=$(make -s --no-print-directory -C "$ROOT" -f Makefile -f "$PWD/deps.mk" print-deps) || fail "can't read DEPS"
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$ROOT/debian/control" | sed '$d' |
	sed 's/^Build-Depends://' | tr ',' '\n' | sed 's/(.*)//; s/^ *//; s/ *$//' | grep -v '^$' |
	grep -v '^debhelper-compat')
for p in $deps; do
	printf '%s\n' $bdeps | grep -qx "$p" || fail "DEPS has $p, debian/control's Build-Depends does not"
done
for p in $bdeps; do
	printf '%s\n' $deps | grep -qx "$p" || fail "debian/control builds with $p, the Makefile's DEPS does not"
done

make --no-print-directory -C "$ROOT" deb DEB_BUILD_DIR="$TMP/debbuild" DEB_OUT="$TMP/out" \
	>build.log 2>&1 || { tail -40 build.log; fail "make deb failed"; }
deb=$(ls "$TMP/out"/trawl_"$version"_*.deb 2>/dev/null)
[ "$(echo "$deb" | grep -c .)" = 1 ] || fail "make deb made no single trawl_${version}_ARCH.deb: $(ls "$TMP/out")"
dpkg-deb -f "$deb" Recommends | grep -qw fonts-noto-cjk || fail "the package does not recommend fonts-noto-cjk"
dpkg-deb -f "$deb" Depends | grep -qw libsqlite3-0 || fail "the package does not depend on libsqlite3-0: $(dpkg-deb -f "$deb" Depends)"

# installed into an empty folder tree by dpkg itself
root=$TMP/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --log=/dev/null -i "$deb" >dpkg.log 2>&1 ||
	{ cat dpkg.log; fail "dpkg --root could not install the package"; }
dpkg --root="$root" -s trawl 2>/dev/null | grep -q '^Status: install ok installed' ||
	fail "dpkg does not list trawl as installed in the tree"
T=$root/usr/bin/trawl
[ "$("$T" --version)" = "trawl $version" ] || fail "trawl --version says: $("$T" --version)"
export MANWIDTH=100 LC_ALL=C.UTF-8
man -l "$root/usr/share/man/man1/trawl.1.gz" 2>/dev/null | grep -q 'trawl - search' || fail "man trawl does not show"
man -l "$root/usr/share/man/man1/trawl-search.1.gz" 2>/dev/null | grep -q -- '--json' ||
	fail "man trawl-search does not name --json"
[ "$(ls "$root/usr/share/man/man1" | wc -l)" = "$(("$("$T" help --list | grep -c '^command')" + 1))" ] ||
	fail "not one manual page per command, and trawl(1)"
bash -c 'source "$1"; COMP_WORDS=(trawl sea); COMP_CWORD=1; COMP_LINE="trawl sea"; COMP_POINT=9
	_trawl; printf "%s\n" "${COMPREPLY[@]}"' x "$root/usr/share/bash-completion/completions/trawl" |
	grep -qx search || fail "the installed bash completion does not complete trawl sea"
zsh -n "$root/usr/share/zsh/vendor-completions/_trawl" || fail "the installed zsh completion is not valid"

# the demo, from the installed files alone
TRAWL=$T sh "$root/usr/share/trawl/demo.sh" "" "$TMP/demo/store" >demo.out 2>demo.err ||
	{ tail demo.out demo.err; fail "the installed demo failed"; }
# (each file is added; an archive's members are added too, each a file)
nex=$(($(find "$root/usr/share/trawl/examples" -type f ! -name '*.url' | wc -l) + $(/usr/bin/python3 -c 'import sys, zipfile
print(sum(len([i for i in zipfile.ZipFile(f).infolist() if not i.is_dir()]) for f in sys.argv[1:]))' \
	$(find "$root/usr/share/trawl/examples" -name '*.zip'))))
grep -qE "^$nex added, 0 unchanged, 0 new versions, 0 failed" demo.out ||
	fail "the demo did not add the $nex examples: $(head -3 demo.out)"
grep -q 'hit in 1 document' demo.out || fail "the demo's search found nothing"
[ -s "$TMP/demo/demo-report.html" ] || fail "the demo wrote no report"
grep -q 'error' demo.err && fail "the demo said: $(cat demo.err)"
echo "note: $(basename "$deb") ($(du -k "$deb" | cut -f1) kB) installs and runs the demo"
