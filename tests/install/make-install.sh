# make install-files (what make install does after building) puts the
# program, one manual page per command and trawl(1), the bash and zsh
# completions, the demo and its examples under DESTDIR/PREFIX; the
# installed program runs, and so does the demo, from there.
set -u
fail() { echo "FAIL: $*"; exit 1; }
dest=$TMP/dest
make --no-print-directory -C "$ROOT" install-files BUILD="$BUILD" DESTDIR="$dest" PREFIX=/opt/trawl \
	>install.log 2>&1 || { tail -20 install.log; fail "make install-files failed"; }
p=$dest/opt/trawl
for f in bin/trawl share/man/man1/trawl.1 share/man/man1/trawl-add.1 share/man/man1/trawl-watch-run.1 \
	share/bash-completion/completions/trawl share/zsh/vendor-completions/_trawl \
	share/trawl/demo.sh share/trawl/topics.example.txt share/trawl/examples/bianjian_zhidui_2024_bumen_yusuan.pdf \
	share/doc/trawl/README.md; do
	[ -s "$p/$f" ] || fail "make install did not install $f"
done
[ -x "$p/bin/trawl" ] || fail "the program is not executable"
"$p/bin/trawl" --version | grep -q '^trawl ' || fail "the installed trawl does not run"
TRAWL=$p/bin/trawl sh "$p/share/trawl/demo.sh" "" "$TMP/demo/store" >demo.out 2>demo.err ||
	{ tail demo.out demo.err; fail "the installed demo failed"; }
# (each file is added; an archive's members are added too, each a file)
nex=$(($(find "$p/share/trawl/examples" -type f ! -name '*.url' | wc -l) + $(/usr/bin/python3 -c 'import sys, zipfile
print(sum(len([i for i in zipfile.ZipFile(f).infolist() if not i.is_dir()]) for f in sys.argv[1:]))' \
	$(find "$p/share/trawl/examples" -name '*.zip'))))
grep -qE "^$nex added, 0 unchanged, 0 new versions, 0 failed" demo.out ||
	fail "the demo did not add the $nex examples: $(head -3 demo.out)"
[ -s "$TMP/demo/demo-report.html" ] || fail "the demo wrote no report"
