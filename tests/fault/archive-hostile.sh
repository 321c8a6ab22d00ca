# Hostile archives: each refusal is one warning naming the archive and what
# was skipped (or one error when nothing can be read), the good members
# beside them are read, and the run stays bounded in time and memory.
#   slip.zip     members named ../../evil.txt, /etc/abs.txt, C:\win.txt
#                and a symbolic link, beside a good member
#   bomb.zip     a member of 300 MiB of zeros (over the 256 MiB an archive
#                may decompress to), then a good member
#   deep.zip     archives nested five deep: the fourth level's members are
#                not read, and that is said
#   trunc.zip / trunc.7z / trunc.tar.gz   cut in half
#   names.zip    a member name that is neither UTF-8 nor GBK
#   paper.odt    an OpenDocument package: refused, its parts not read
#   locked.zip   a member encrypted with a password (made with bsdtar)
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
/usr/bin/python3 - "$TESTS/fixtures/archives/wurenji.7z" <<'PY' || fail "could not make the archives"
import io, sys, tarfile, zipfile
def good(tag):
    return ("%s：合同金额：人民币伍万元整（50,000.00元）\n" % tag).encode()
with zipfile.ZipFile("in/slip.zip", "w") as z:
    z.writestr("../../evil.txt", b"evil")
    z.writestr("/etc/abs.txt", b"evil")
    z.writestr("C:\\win.txt", b"evil")
    i = zipfile.ZipInfo("link.txt")
    i.create_system = 3
    i.external_attr = (0o120777 << 16)
    z.writestr(i, "/etc/passwd")
    z.writestr("ok/slip-good.txt", good("slip"))
with zipfile.ZipFile("in/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("zeros.txt", "w", force_zip64=True) as f:
        chunk = b"0" * (1 << 20)
        for _ in range(300):
            f.write(chunk)
    z.writestr("bomb-good.txt", good("bomb"))
inner = good("deepest")
for level in range(5, 0, -1):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("level%d.txt" % level, good("level %d" % level))
        z.writestr("level%d.zip" % (level + 1), inner)
    inner = b.getvalue()
open("in/deep.zip", "wb").write(inner)
def tgz():
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w:gz") as t:
        for n in range(20):
            data = ("file %d " % n).encode() * 2000
            i = tarfile.TarInfo("f%d.txt" % n); i.size = len(data)
            t.addfile(i, io.BytesIO(data))
    return b.getvalue()
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    for n in range(20):
        z.writestr("f%d.txt" % n, ("file %d " % n).encode() * 2000)
for name, data in (("trunc.zip", b.getvalue()), ("trunc.tar.gz", tgz()),
                   ("trunc.7z", open(sys.argv[1], "rb").read())):
    open("in/" + name, "wb").write(data[:len(data) // 2])
with zipfile.ZipFile("in/paper.odt", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    z.writestr("META-INF/manifest.xml", "<manifest/>")
    z.writestr("content.xml", "<office:document-content/>")
with zipfile.ZipFile("in/names.zip", "w") as z:
    z.writestr("Y" * 4, good("names"))
d = open("in/names.zip", "rb").read().replace(b"Y" * 4, b"\xff\xfe\xff\xfe")
open("in/names.zip", "wb").write(d)
PY
cp "$TESTS/fixtures/archives/locked.zip" in/
# not an archive at all behind a zip's and a 7z's magic bytes
printf 'PK\003\004%026dgarbage' 0 >in/garbage.zip
printf '7z\274\257\047\034%0200d' 0 >in/garbage.7z
echo "a good file beside the archives" >in/good.txt
run_add_bounded 120 700 "hostile archives" in
[ "$status" = 1 ] || fail "exit status $status, expected 1"
expect_line warning in/slip.zip 'skipped.*evil\.txt \(its path leaves the archive\)'
grep -F ": in/slip.zip: " err | grep -q 'abs.txt (its path leaves' || fail "/etc/abs.txt is not named"
grep -F ": in/slip.zip: " err | grep -q 'win.txt (its path leaves' || fail "C:\\win.txt is not named"
grep -F ": in/slip.zip: " err | grep -q 'link.txt (a link)' || fail "the symbolic link is not named"
expect_line warning in/bomb.zip 'zeros\.txt \(it decompresses past the limit of 256 MiB'
expect_line warning 'in/deep.zip!level2.zip!level3.zip!level4.zip!level5.zip' 'nested deeper than 3 levels'
# (a zip cut short is read member by member up to the cut)
expect_line 'error|warning' in/trunc.zip 'archive'
expect_line warning in/names.zip 'neither UTF-8 nor GBK'
# a package of another format is no archive of files: one error, no member
expect_line error in/paper.odt 'OpenDocument'
for f in garbage.zip garbage.7z; do
	expect_line 'error|warning' "in/$f" "can't read the archive|damaged"
done
ls_json | grep -q 'garbage\.[z7]' && fail "a damaged archive gave a document"
expect_line warning in/locked.zip 'secret\.txt \(encrypted\)'
ls_json | grep -q 'paper.odt!' && fail "an OpenDocument file's parts were read as files"
# a cut tar.gz or 7z: what came before the cut is read, or one error
for f in trunc.tar.gz trunc.7z; do
	n=$(grep -cF ": in/$f" err)
	[ "$n" -ge 1 ] || fail "nothing says in/$f is damaged"
done
expect_listed in/good.txt 'in/slip.zip!ok/slip-good.txt' 'in/bomb.zip!bomb-good.txt' \
	'in/deep.zip!level1.txt' 'in/deep.zip!level2.zip!level2.txt' \
	'in/deep.zip!level2.zip!level3.zip!level3.txt' \
	'in/deep.zip!level2.zip!level3.zip!level4.zip!level4.txt'
expect_not_listed 'in/deep.zip!level2.zip!level3.zip!level4.zip!level5.zip!level5.txt'
ls_json | grep -q 'evil' && fail "a member with a path out of the archive was read"
ls_json | grep -q 'passwd\|link.txt' && fail "the symbolic link was read"
# nothing was written outside the store
[ -e evil.txt ] || [ -e ../evil.txt ] || [ -e ../../evil.txt ] && fail "evil.txt was written"
check_intact
