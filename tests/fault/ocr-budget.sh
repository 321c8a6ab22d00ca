# A scanned PDF of 1000 pages ends in bounded time: OCR stops at its time
# budget for the file (--ocr-budget, here 3 seconds), every page is kept,
# and one warning says how far OCR got and what was kept without text.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
"$BUILD/tests/scan" "$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf" page.jpg \
	--pages 1 --dpi 150 || fail "scan: jpg"
# 1000 pages that all show the one JPEG (a small file)
/usr/bin/python3 - <<'PY' || fail "can't write the PDF"
jpg = open("page.jpg", "rb").read()
w, h = 1240, 1754
i = 2
while i < len(jpg):          # the JPEG's size, from its SOF marker
    m, n = jpg[i + 1], int.from_bytes(jpg[i + 2:i + 4], "big")
    if m in (0xC0, 0xC1, 0xC2):
        h, w = int.from_bytes(jpg[i + 5:i + 7], "big"), int.from_bytes(jpg[i + 7:i + 9], "big")
        break
    i += 2 + n
N = 1000
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
           b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(jpg))
           + jpg + b"\nendstream",
        4: b"<< /Length 38 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q    \nendstream"}
kids = []
for p in range(N):
    objs[5 + p] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                   b"/Resources << /XObject << /Im0 3 0 R >> >> >>")
    kids.append(b"%d 0 R" % (5 + p))
objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (N, b" ".join(kids))
out = bytearray(b"%PDF-1.4\n")
offs = {}
for k in sorted(objs):
    offs[k] = len(out)
    out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objs) + 1)
for k in range(1, max(objs) + 1):
    out += b"%010d 00000 n \n" % offs[k]
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (max(objs) + 1, x)
open("in/scan-1000.pdf", "wb").write(out)
PY
echo "a good file beside the long scan" >in/good.txt
run_add_bounded 240 800 "a 1000-page scan" --ocr-budget 3 in
expect_status 1
expect_line warning in/scan-1000.pdf 'time budget.*[0-9]+ pages OCR.d.*kept without text'
expect_listed in/good.txt in/scan-1000.pdf
"$TRAWL" ls | grep -F 'in/scan-1000.pdf' | grep -q ' 1000 ' || fail "the scan's 1000 pages are not all kept: $("$TRAWL" ls | grep scan)"
n=$("$TRAWL" show in/scan-1000.pdf | grep -c '^--- page [0-9]* \[OCR')
[ "$n" -ge 1 ] && [ "$n" -lt 1000 ] || fail "$n pages were OCR'd, expected some but not all"
check_intact
