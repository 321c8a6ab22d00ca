# PDF pages whose ruling lines are many or hostile are read in bounded
# time and memory, and keep their text: a ruled grid of 120 x 120 cells
# (each cell's text in its own cell of the rebuilt grid), 20,000 tiny
# scattered strokes, rules stacked on one line thousands of times, a
# frame around prose (a box is no table), and a stray rule that makes a
# thin column with no text (no column of the grid).
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
python3 - in <<'PY' || fail "could not write the PDFs"
import os, random, sys
out = sys.argv[1]

def pdf(path, pages):
    objs = []
    def add(b):
        objs.append(b)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    pages_id = len(objs) + 2 * len(pages) + 1
    for content in pages:
        data = content.encode("latin-1")
        c = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 842 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, c)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    cat = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    body, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(body))
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offs)
    body += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, cat, x)
    open(path, "wb").write(body)

# a grid of 120 x 120 cells, 6 points each, text in every cell
n, s, x0, y0 = 120, 6.5, 30, 810
ops = ["0.2 w"]
for i in range(n + 1):
    ops.append("%.2f %.2f m %.2f %.2f l S" % (x0, y0 - i * s, x0 + n * s, y0 - i * s))
    ops.append("%.2f %.2f m %.2f %.2f l S" % (x0 + i * s, y0, x0 + i * s, y0 - n * s))
for r in range(n):
    for c in range(n):
        ops.append("BT /F1 2 Tf %.2f %.2f Td (%d) Tj ET" % (x0 + c * s + 1, y0 - (r + 1) * s + 2, (r * 7 + c) % 10))
grid = "\n".join(ops)
# 20,000 tiny strokes at random, and the same rule stacked 5,000 times
R = random.Random(7)
ops = ["0.3 w"]
for _ in range(20000):
    x, y = R.uniform(20, 800), R.uniform(20, 800)
    ops.append("%.1f %.1f m %.1f %.1f l S" % (x, y, x + R.choice([0, 5]), y + R.choice([0, 5])))
ops += ["50 400 m 790 400 l S" for _ in range(5000)]
ops.append("BT /F1 12 Tf 60 700 Td (Scattered rules do not hide this line.) Tj ET")
scatter = "\n".join(ops)
# a frame around two paragraphs of prose
frame = "\n".join(["0.5 w", "40 40 762 762 re S",
                   "BT /F1 11 Tf 60 760 Td (A framed page of prose, first line.) Tj ET",
                   "BT /F1 11 Tf 60 740 Td (And its second line, inside the same frame.) Tj ET"])
# a ruled table with a stray rule making a thin empty column
ops = ["0.5 w"]
for y in (700, 680, 660, 640):
    ops.append("100 %d m 400 %d l S" % (y, y))
for x in (100, 200, 203, 300, 400):
    ops.append("%d 700 m %d 640 l S" % (x, x))
for r, y in enumerate((686, 666, 646)):
    for c, x in enumerate((110, 210, 310)):
        ops.append("BT /F1 9 Tf %d %d Td (%s) Tj ET" % (x, y, ["Item", "2023", "2024"][c] if r == 0
                                                    else ["Boats", "Patrols"][r - 1] if c == 0
                                                    else "%d.00" % (100 * r + c)))
stray = "\n".join(ops)
pdf(os.path.join(out, "rules.pdf"), [grid, scatter, frame, stray])
PY
run_add_bounded 60 400 "PDF pages full of rules" in
expect_status 0
"$TRAWL" show in/rules.pdf --page 2 >p2.txt || fail "show page 2 failed"
grep -q "Scattered rules do not hide this line." p2.txt || fail "page 2 lost its text: $(head -5 p2.txt)"
"$TRAWL" show in/rules.pdf --page 3 >p3.txt || fail "show page 3 failed"
grep -q "^A framed page of prose, first line.$" p3.txt || fail "the framed prose became a table: $(cat p3.txt)"
# the grid: 120 rows of 120 cells, each cell's digit where it was drawn
"$BUILD/tests/griddump" in/rules.pdf >grid.json || fail "griddump failed"
python3 - grid.json <<'PY' || fail "the ruled grid was not rebuilt cell for cell"
import json, sys
t = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
g = [x for x in t if x["unit"] == 1]
assert len(g) == 1, "%d tables on page 1" % len(g)
cells = g[0]["cells"]
assert len(cells) == 120 * 120, len(cells)
for r, c, rs, cs, text in cells:
    assert (rs, cs) == (1, 1) and text == str((r * 7 + c) % 10), (r, c, rs, cs, text)
print("ok: 14,400 cells")
s = [x for x in t if x["unit"] == 4]
assert len(s) == 1 and [c[:2] + [c[4]] for c in s[0]["cells"]] == [
    [0, 0, "Item"], [0, 1, "2023"], [0, 2, "2024"], [1, 0, "Boats"], [1, 1, "101.00"],
    [1, 2, "102.00"], [2, 0, "Patrols"], [2, 1, "201.00"], [2, 2, "202.00"]], s
print("ok: the stray rule's empty column is none")
PY
check_intact
