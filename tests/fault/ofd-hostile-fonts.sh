# OFD text drawn by glyph id with hostile embedded fonts: a font cut short,
# junk with a font's header (65535 tables), a font that inflates past the
# limit (a zip bomb), a FontFile naming a part the package lacks, one
# naming the package's own XML; and CGTransforms out of bounds (glyph ids
# past the font and past 32 bits, negative and huge code positions, junk
# glyph lists) over a line of 20000 private-use characters. Each file ends
# in bounded time and memory, keeps its readable text, and gets one
# warning naming it and the characters left out; the good file beside them
# is added.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
/usr/bin/python3 - "$TESTS/fixtures/ofd/glyphs/realcmap.ttf" <<'PY' || fail "can't write the OFDs"
import random, sys, zipfile
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
real = open(sys.argv[1], "rb").read()
def ofd(name, font_part, font_data, objs):
    res = ('<ofd:Res %s BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="X">'
           '<ofd:FontFile>%s</ofd:FontFile></ofd:Font></ofd:Fonts></ofd:Res>' % (NS, font_part))
    doc = ('<ofd:Document %s><ofd:CommonData><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
           '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
           '</ofd:Pages></ofd:Document>' % NS)
    page = ('<ofd:Page %s><ofd:Content><ofd:Layer ID="2">%s'
            '<ofd:TextObject ID="9" Boundary="20 80 170 6" Size="4"><ofd:TextCode X="0" Y="4" '
            'DeltaX="g 6 4">正文仍在这里</ofd:TextCode></ofd:TextObject>'
            '</ofd:Layer></ofd:Content></ofd:Page>' % (NS, "".join(objs)))
    with zipfile.ZipFile("in/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", '<ofd:OFD %s><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                   '</ofd:DocRoot></ofd:DocBody></ofd:OFD>' % NS)
        z.writestr("Doc_0/Document.xml", doc)
        z.writestr("Doc_0/PublicRes.xml", res)
        z.writestr("Doc_0/Pages/Page_0/Content.xml", page)
        if font_data is not None:
            z.writestr("Doc_0/Res/" + font_part, font_data)
def line(text, cg=""):
    return ('<ofd:TextObject ID="3" Boundary="20 30 170 6" Font="1" Size="4">%s'
            '<ofd:TextCode X="0" Y="4" DeltaX="g %d 4">%s</ofd:TextCode></ofd:TextObject>'
            % (cg, len(text) - 1, text))
pua = "".join(chr(0xE000 + k) for k in range(1, 9))
cg = ('<ofd:CGTransform CodePosition="0" CodeCount="8" GlyphCount="8">'
      '<ofd:Glyphs>1 2 3 4 5 6 7 8</ofd:Glyphs></ofd:CGTransform>')
ofd("cut.ofd", "f.ttf", real[:600], [line(pua, cg)])
# cut in half: what FreeType still reads of it may give the text
ofd("half.ofd", "f.ttf", real[:len(real) // 2], [line(pua, cg)])
rnd = random.Random(13)
junk = b"\x00\x01\x00\x00\xff\xff" + bytes(rnd.getrandbits(8) for _ in range(4000))
ofd("junk.ofd", "f.ttf", junk, [line(pua, cg)])
ofd("bomb.ofd", "f.ttf", b"\x00\x01\x00\x00" + b"\x00" * (300 << 20), [line(pua, cg)])
ofd("missing.ofd", "nowhere.ttf", None, [line(pua, cg)])
ofd("selfref.ofd", "../../OFD.xml", None, [line(pua, cg)])
# glyph ids past the font and past 32 bits, positions out of bounds, junk
bad = ('<ofd:CGTransform CodePosition="0" CodeCount="4" GlyphCount="4"><ofd:Glyphs>'
       '70000 4294967297 65535 9999</ofd:Glyphs></ofd:CGTransform>'
       '<ofd:CGTransform CodePosition="-5" CodeCount="3" GlyphCount="3"><ofd:Glyphs>1 2 3'
       '</ofd:Glyphs></ofd:CGTransform>'
       '<ofd:CGTransform CodePosition="99999999999" CodeCount="2" GlyphCount="2"><ofd:Glyphs>'
       '1 2</ofd:Glyphs></ofd:CGTransform>'
       '<ofd:CGTransform CodePosition="4" CodeCount="65536" GlyphCount="65536"><ofd:Glyphs>'
       'a b c</ofd:Glyphs></ofd:CGTransform>'
       '<ofd:CGTransform CodePosition="6" CodeCount="2" GlyphCount="1"><ofd:Glyphs>3'
       '</ofd:Glyphs></ofd:CGTransform>')
many = "".join(chr(0xE000 + (k % 3000)) for k in range(20000))
ofd("gids.ofd", "f.ttf", real, [line(many, bad)])
PY
echo "a good file beside the hostile fonts" >in/good.txt
run_add_bounded 240 900 "hostile fonts" in
expect_status 1
for f in cut junk bomb missing selfref gids; do
	expect_line warning "in/$f.ofd" "character\\(s\\) on page 1 are drawn by glyphs"
	"$TRAWL" show "in/$f.ofd" --plain >show.out 2>&1 || fail "show in/$f.ofd failed"
	grep -q '正文仍在这里' show.out || fail "in/$f.ofd lost its readable line"
	grep -qP '[\x{E000}-\x{F8FF}]' show.out && fail "in/$f.ofd shows private-use codes"
done
"$TRAWL" show in/half.ofd --plain >show.out 2>&1 || fail "show in/half.ofd failed"
grep -qP '[\x{E000}-\x{F8FF}]' show.out && fail "in/half.ofd shows private-use codes"
grep -q '正文仍在这里' show.out || fail "in/half.ofd lost its readable line"
expect_line warning in/cut.ofd "font 1 .*can't be read"
expect_line warning in/missing.ofd "font 1 is not in the file"
expect_line warning in/bomb.ofd "font 1 .*can't be read"
expect_line warning in/gids.ofd "^2000[0-9] character"
expect_listed in/good.txt
check_intact
