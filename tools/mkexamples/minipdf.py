"""A tiny deterministic PDF writer for the demo corpus.

Why not reportlab's canvas: reportlab embeds TrueType fonts as 8-bit *simple*
fonts split into 256-glyph subsets, and MuPDF's text extraction then inserts
spurious spaces between CJK characters.  Real Chinese government PDFs
(exported from Word/WPS) nearly always use Type0 / Identity-H CID fonts with a
ToUnicode CMap, so that is what this writer produces:

  * CJK text: one Type0 font (/Encoding /Identity-H, CIDFontType2,
    /CIDToGIDMap /Identity), a fontTools subset of WenQuanYi Micro Hei embedded
    as /FontFile2, 2-byte hex strings (CID == GID), and a ToUnicode CMap.
  * Latin-only documents: the base-14 Helvetica with /WinAnsiEncoding
    (not embedded), metrics taken from reportlab's AFM tables.

Every text line / table cell is its own BT ... Tj ... ET, positioned with Td.
Content streams and the font file are Flate-compressed.  No timestamps other
than the fixed ones given by the caller.
"""
import hashlib
import re
import io
import zlib

from fontTools.ttLib import TTFont
from fontTools import subset as ftsubset


def _pdfstr_utf16(s):
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


class CJKFont:
    def __init__(self, path, index=0, psname="WenQuanYiMicroHei"):
        self.path, self.index, self.psname = path, index, psname
        self.full = TTFont(path, fontNumber=index, recalcTimestamp=False, lazy=True)
        self.cmap = self.full.getBestCmap()
        self.upem = self.full["head"].unitsPerEm
        self.hmtx = self.full["hmtx"]
        self.used = set()

    def width(self, text, size):
        w = 0
        for ch in text:
            g = self.cmap.get(ord(ch))
            if g is None:
                raise ValueError("font lacks U+%04X %r" % (ord(ch), ch))
            w += self.hmtx[g][0]
        return w * size / self.upem

    def encode(self, text):
        self.used.update(text)
        return text  # real encoding done at write time (needs subset gids)


class Helvetica:
    name = "Helvetica"

    def width(self, text, size):
        from reportlab.pdfbase.pdfmetrics import stringWidth
        return stringWidth(text, "Helvetica", size)


class Page:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.ops = []          # ('text', font_key, size, x, y, str) | ('line', x1,y1,x2,y2,lw) | ('fill', x,y,w,h,gray)


class Document:
    def __init__(self, cjk_font=None, latin=False, width=595.28, height=841.89):
        self.cjk = cjk_font
        self.latin = Helvetica() if latin else None
        self.pages = []
        self.W, self.H = width, height

    def new_page(self):
        p = Page(self.W, self.H)
        self.pages.append(p)
        return p

    def font(self, key):
        return self.cjk if key == "cjk" else self.latin

    # -- output ------------------------------------------------------------
    def save(self, info):
        objs = []            # index -> bytes (object body)

        def add(body):
            objs.append(body)
            return len(objs)

        def stream(data, extra=b"", compress=True):
            if compress:
                data = zlib.compress(data, 9)
                extra = b"/Filter /FlateDecode " + extra
            return b"<< " + extra + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

        fonts = {}
        gid_of = {}
        if self.cjk is not None and self.cjk.used:
            opts = ftsubset.Options()
            opts.hinting = False
            opts.name_IDs = [1, 2, 4, 6]
            opts.notdef_outline = True
            opts.layout_features = []
            opts.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG", "kern", "FFTM"]
            font = TTFont(self.cjk.path, fontNumber=self.cjk.index, recalcTimestamp=False)
            sub = ftsubset.Subsetter(opts)
            sub.populate(unicodes=sorted(ord(c) for c in self.cjk.used))
            sub.subset(font)
            buf = io.BytesIO()
            font.save(buf)
            ttf = buf.getvalue()
            cmap = font.getBestCmap()
            upem = font["head"].unitsPerEm
            hmtx = font["hmtx"]
            for ch in self.cjk.used:
                gid_of[ch] = font.getGlyphID(cmap[ord(ch)])
            tag = "".join(chr(65 + b % 26) for b in hashlib.md5(ttf).digest()[:6])
            base = "%s+%s" % (tag, self.cjk.psname)
            ff = add(stream(ttf, b"/Length1 %d " % len(ttf)))
            bbox = font["head"]
            sc = 1000.0 / upem
            fd = add(("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%d %d %d %d] "
                      "/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
                      % (base, bbox.xMin * sc, bbox.yMin * sc, bbox.xMax * sc, bbox.yMax * sc,
                         font["hhea"].ascent * sc, font["hhea"].descent * sc, 700, ff)).encode())
            gids = sorted(set(gid_of.values()))
            w = " ".join("%d [%d]" % (g, round(hmtx[font.getGlyphName(g)][0] * sc)) for g in gids)
            cid = add(("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                       "/FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap /Identity >>" % (base, fd, w)).encode())
            pairs = sorted((g, c) for c, g in gid_of.items())
            cm = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                  "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                  "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
            for i in range(0, len(pairs), 100):
                chunk = pairs[i:i + 100]
                cm.append("%d beginbfchar" % len(chunk))
                for g, c in chunk:
                    cm.append("<%04X> <%s>" % (g, c.encode("utf-16-be").hex().upper()))
                cm.append("endbfchar")
            cm += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
            tu = add(stream("\n".join(cm).encode()))
            fonts["cjk"] = add(("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
                                "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (base, cid, tu)).encode())
        if self.latin is not None:
            fonts["latin"] = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        fres = " ".join("/F%d %d 0 R" % (i + 1, fonts[k]) for i, k in enumerate(sorted(fonts)))
        fname = {k: "F%d" % (i + 1) for i, k in enumerate(sorted(fonts))}

        pages_id = len(objs) + 1 + 2 * len(self.pages)   # reserve: contents+page per page, then Pages
        page_ids = []
        for p in self.pages:
            out = []
            for op in p.ops:
                if op[0] == "text":
                    _, fk, size, x, y, s = op
                    if fk == "cjk":
                        hexs = "".join("%04X" % gid_of[c] for c in s)
                    else:
                        hexs = s.encode("cp1252").hex().upper()
                    out.append("BT /%s %g Tf %.2f %.2f Td <%s> Tj ET" % (fname[fk], size, x, y, hexs))
                elif op[0] == "line":
                    _, x1, y1, x2, y2, lw = op
                    out.append("%g w %.2f %.2f m %.2f %.2f l S" % (lw, x1, y1, x2, y2))
                elif op[0] == "fill":
                    _, x, y, w, h, g = op
                    out.append("q %g g %.2f %.2f %.2f %.2f re f Q" % (g, x, y, w, h))
            c = add(stream("\n".join(out).encode()))
            page_ids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                                 "/Resources << /Font << %s >> >> /Contents %d 0 R >>"
                                 % (pages_id, p.w, p.h, fres, c)).encode()))
        assert len(objs) + 1 == pages_id
        add(("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % i for i in page_ids),
                                                             len(page_ids))).encode())
        cat = add(("<< /Type /Catalog /Pages %d 0 R /Lang %s >>" % (pages_id, _pdfstr_utf16(info.get("Lang", "zh-CN")))).encode())
        inf = add(("<< /Title %s /Author %s /Subject %s /Creator (trawl tools/mkexamples) "
                   "/Producer (trawl minipdf) /CreationDate (%s) /ModDate (%s) >>"
                   % (_pdfstr_utf16(info["Title"]), _pdfstr_utf16(info["Author"]), _pdfstr_utf16(info["Subject"]),
                      info["Date"], info["Date"])).encode())
        out = io.BytesIO()
        out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offs = []
        for i, body in enumerate(objs, 1):
            offs.append(out.tell())
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
        for o in offs:
            out.write(b"%010d 00000 n \n" % o)
        fid = hashlib.md5(out.getvalue()).hexdigest().upper()
        out.write(("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                   % (len(objs) + 1, cat, inf, fid, fid, xref)).encode())
        return out.getvalue()


class Flow:
    """Top-to-bottom layout of headings, wrapped paragraphs and grid tables."""

    def __init__(self, doc, fontkey="cjk", margin=(56.7, 56.7, 62, 56.7), footer=u"第 %d 页"):
        self.doc, self.fk = doc, fontkey
        self.ml, self.mt, self.mb, self.mr = margin
        self.footer = footer
        self.page = None
        self.new_page()

    @property
    def font(self):
        return self.doc.font(self.fk)

    def new_page(self):
        self.page = self.doc.new_page()
        self.y = self.page.h - self.mt

    def finish(self):
        """Page footers go last in each content stream, as Word/WPS exports do."""
        for n, page in enumerate(self.doc.pages, 1):
            self.page = page
            s = self.footer % n
            self._text(s, 9, (page.w - self.font.width(s, 9)) / 2, 34)

    def _text(self, s, size, x, y):
        if self.fk == "cjk":
            self.doc.cjk.encode(s)
        self.page.ops.append(("text", self.fk, size, x, y, s))

    def need(self, h):
        if self.y - h < self.mb:
            self.new_page()

    def space(self, h):
        self.y -= h

    def line(self, s, size=10.5, align="left", indent=0.0, leading=None):
        leading = leading or size * 1.6
        self.need(leading)
        self.y -= leading
        w = self.font.width(s, size)
        avail = self.page.w - self.ml - self.mr
        if align == "center":
            x = self.ml + (avail - w) / 2
        elif align == "right":
            x = self.ml + avail - w
        else:
            x = self.ml + indent
        self._text(s, size, x, self.y + size * 0.25)

    def para(self, s, size=10.5, indent=None, leading=None):
        """Wrap s to the text width; CJK breaks anywhere, Latin at spaces."""
        if indent is None:
            indent = 2 * size if self.fk == "cjk" else 0
        avail = self.page.w - self.ml - self.mr
        lines, cur, first = [], "", True
        # CJK: break between any two characters, but keep runs of ASCII digits/letters whole
        tokens = re.findall(r"[A-Za-z0-9.,%]+|.", s) if self.fk == "cjk" else [t for t in s.replace(" ", " \x00").split("\x00")]
        for t in tokens:
            lim = avail - (indent if first else 0)
            no_break_before = self.fk == "cjk" and t in "。，、；：？！）》」”’%％"
            if cur and not no_break_before and self.font.width((cur + t).rstrip(), size) > lim:
                lines.append((cur.rstrip(), first))
                cur, first = t.lstrip() if self.fk != "cjk" else t, False
            else:
                cur += t
        if cur:
            lines.append((cur.rstrip(), first))
        for text, isfirst in lines:
            self.line(text, size, indent=indent if isfirst else 0, leading=leading)
        self.space(size * 0.3)

    def table(self, rows, widths, size=9, numcols=(), rowh=None, header=1):
        rowh = rowh or size * 2.2
        total = sum(widths)
        x0 = self.ml + (self.page.w - self.ml - self.mr - total) / 2

        def draw_row(r, is_head):
            self.need(rowh)
            top, bot = self.y, self.y - rowh
            if is_head:
                self.page.ops.append(("fill", x0, bot, total, rowh, 0.9))
            x = x0
            self.page.ops.append(("line", x0, top, x0 + total, top, 0.5))
            self.page.ops.append(("line", x0, bot, x0 + total, bot, 0.5))
            for ci, (cell, w) in enumerate(zip(r, widths)):
                self.page.ops.append(("line", x, top, x, bot, 0.5))
                cell = str(cell)
                if cell:
                    cw = self.font.width(cell, size)
                    assert cw <= w - 4, "cell too wide: %r" % cell
                    if is_head:
                        tx = x + (w - cw) / 2
                    elif ci in numcols:
                        tx = x + w - 3 - cw
                    else:
                        tx = x + 3
                    self._text(cell, size, tx, bot + (rowh - size) / 2 + size * 0.15)
                x += w
            self.page.ops.append(("line", x, top, x, bot, 0.5))
            self.y = bot

        for i, r in enumerate(rows):
            if self.y - rowh < self.mb:          # repeat header on a new page
                self.new_page()
                if i >= header:
                    for h in rows[:header]:
                        draw_row(h, True)
            draw_row(r, i < header)


def _wrap_cjk(font, s, size, width):
    """Lines of s no wider than width: CJK breaks anywhere, runs of ASCII
    letters and digits stay whole."""
    tokens = re.findall(r"[A-Za-z0-9.,%]+|.", s)
    lines, cur = [], ""
    for t in tokens:
        if cur and t not in "。，、；：？！）》」”’%％" and font.width(cur + t, size) > width:
            lines.append(cur)
            cur = t
        else:
            cur += t
    if cur:
        lines.append(cur)
    return lines or [""]


def _grid(self, anchors, widths, size=9, numcols=(), pad=3.0, leading=None):
    """A ruled table with merged cells. anchors: (row, col, rowspan,
    colspan, text), the grid as trawl's readers rebuild it. Every cell
    draws its own four borders (so a merged cell has none inside it);
    text wraps within its cell and is centred vertically in it, as the
    Ministry of Finance's templates set it. The table is kept on one page."""
    leading = leading or size * 1.45
    nrows = max(r + rs for r, c, rs, cs, t in anchors)
    x0 = self.ml + (self.page.w - self.ml - self.mr - sum(widths)) / 2
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    laid = []
    for (r, c, rs, cs, t) in anchors:
        w = xs[c + cs] - xs[c] - 2 * pad
        laid.append((r, c, rs, cs, _wrap_cjk(self.font, t, size, w) if t else []))
    heights = [leading + 2 * pad] * nrows
    for (r, c, rs, cs, lines) in sorted(laid, key=lambda a: a[2]):
        need = len(lines) * leading + 2 * pad
        have = sum(heights[r:r + rs])
        if need > have:
            heights[r + rs - 1] += need - have
    self.need(sum(heights))
    ys = [self.y]
    for h in heights:
        ys.append(ys[-1] - h)
    for (r, c, rs, cs, lines) in laid:
        top, bot, left, right = ys[r], ys[r + rs], xs[c], xs[c + cs]
        for seg in ((left, top, right, top), (left, bot, right, bot),
                    (left, top, left, bot), (right, top, right, bot)):
            self.page.ops.append(("line",) + seg + (0.5,))
        first = top - (top - bot - len(lines) * leading) / 2 - leading
        for k, ln in enumerate(lines):
            if c in numcols:
                tx = right - pad - self.font.width(ln, size)
            else:
                tx = left + pad
            self._text(ln, size, tx, first - k * leading + (leading - size) / 2 + size * 0.15)
    self.y = ys[-1]


Flow.grid = _grid
