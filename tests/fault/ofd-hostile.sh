# Hostile OFD packages: a page that declares entities (billion laughs), an
# OFD.xml with an external entity, a page that inflates past the limit (a
# zip bomb), a DocRoot pointing outside the package, and one that is no
# zip at all. Each gets one line naming it; entities never expand, memory
# stays small, the good file beside them is added.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
/usr/bin/python3 - <<'PY' || fail "can't write the OFDs"
import zipfile
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
def ofd(name, files):
    with zipfile.ZipFile("in/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in files:
            z.writestr(n, d)
def base(root="Doc_0/Document.xml", ofdxml=None):
    return [("OFD.xml", ofdxml or '<ofd:OFD %s><ofd:DocBody><ofd:DocRoot>%s</ofd:DocRoot>'
             '</ofd:DocBody></ofd:OFD>' % (NS, root)),
            ("Doc_0/Document.xml", '<ofd:Document %s><ofd:Pages><ofd:Page ID="1" '
             'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>' % NS)]
lol = '<!ENTITY lol "lol">'
prev = "lol"
for i in range(1, 10):
    lol += '<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10)
    prev = "lol%d" % i
ofd("laughs.ofd", base() + [("Doc_0/Pages/Page_0/Content.xml",
    '<?xml version="1.0"?><!DOCTYPE p [%s]><ofd:Page %s><ofd:Content><ofd:Layer>'
    '<ofd:TextObject ID="2" Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="4">&lol9;'
    '</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>' % (lol, NS))])
ofd("xxe.ofd", base(ofdxml='<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM '
    '"file:///etc/passwd">]><ofd:OFD %s><ofd:DocBody><ofd:DocInfo><ofd:Title>&x;</ofd:Title>'
    '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>' % NS))
ofd("bomb.ofd", base() + [("Doc_0/Pages/Page_0/Content.xml",
    '<ofd:Page %s><ofd:Content>' % NS + " " * (300 << 20) + "</ofd:Content></ofd:Page>")])
ofd("escape.ofd", base(root="../../etc/passwd"))
open("in/notzip.ofd", "wb").write(b"PK\x03\x04" + b"\x00" * 200)
PY
echo "a good file beside the hostile OFDs" >in/good.txt
run_add_bounded 120 600 "hostile OFDs" in
expect_status 1
for f in in/laughs.ofd in/xxe.ofd in/bomb.ofd in/escape.ofd in/notzip.ofd; do
	expect_line 'error|warning' "$f" '.'
done
expect_line 'error|warning' in/bomb.ofd 'limit'
expect_line 'error|warning' in/laughs.ofd 'DTD|entit'
expect_listed in/good.txt
for f in in/laughs.ofd in/xxe.ofd; do
	if ls_json | grep -qF "\"path\":\"$f\""; then
		"$TRAWL" show "$f" >show.out 2>&1
		grep -q 'root:.*:0:0' show.out && fail "$f: /etc/passwd was read"
		grep -q 'lollollol' show.out && fail "$f: entities were expanded"
	fi
done
grep -rqs 'root:x:0:0' "$TRAWL_STORE/objects" && fail "/etc/passwd content in the store"
check_intact
