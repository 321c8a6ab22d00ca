"""Seed corpora for the fuzz targets (tests/fuzz/corpus/TARGET/), from the
bundled examples, the test fixtures and the extraction vectors.

A developer tool: its output is committed (the fuzz build needs no Python).
Re-run with Debian's interpreter after changing it:

    /usr/bin/python3 tests/fuzz/make-corpus.py

Mutations only reach a parser through bytes it can see, so compressed
layers are taken off where the format allows: PDF content streams are
stored inflated (fonts stay compressed, for size), and DOCX/XLSX parts are
stored in the zip without compression. The result is the same on each run.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "corpus")
EX = os.path.join(ROOT, "examples")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(*p):
    with open(os.path.join(ROOT, *p), "rb") as f:
        return f.read()


def pdf_inflate(data):
    """The same PDF with its Flate streams stored plain (except font files)
    and a fresh xref table."""
    out = bytearray()
    pos = 0
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", data, re.S):
        if m.start() < pos:
            continue
        dict_ = m.group(1)
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        raw = data[start:end].rstrip(b"\r\n")
        body = raw
        if b"/FlateDecode" in dict_ and b"/Length1" not in dict_ and b"/DecodeParms" not in dict_:
            try:
                body = zlib.decompress(raw)
                dict_ = dict_.replace(b"/Filter /FlateDecode", b"").replace(b"/Filter/FlateDecode", b"")
            except zlib.error:
                body = raw
        dict_ = re.sub(rb"/Length \d+", b"/Length %d" % len(body), dict_)
        out += data[pos:m.start()] + b"<<" + dict_ + b">>\nstream\n" + body + b"\nendstream"
        pos = end + len(b"endstream")
    out += data[pos:]
    # a fresh xref table for the objects as they now lie
    cut = out.rfind(b"\nxref") + 1
    if cut <= 0:
        return bytes(out)
    trailer = re.search(rb"trailer\s*(<<.*?>>)", out[cut:], re.S)
    if not trailer:
        return bytes(out)
    body = bytes(out[:cut])
    offs = {int(m.group(1)): m.start(1) for m in re.finditer(rb"(?m)^(\d+) 0 obj", body)}
    n = max(offs) + 1
    x = b"xref\n0 %d\n0000000000 65535 f \n" % n
    for i in range(1, n):
        x += (b"%010d 00000 n \n" % offs[i]) if i in offs else b"0000000000 65535 f \n"
    tr = re.sub(rb"/Size \d+", b"/Size %d" % n, trailer.group(1))
    return body + x + b"trailer\n" + tr + b"\nstartxref\n%d\n%%%%EOF\n" % len(body)


def zip_stored(data):
    """The same zip with every member stored (no compression)."""
    import io
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def docx(body_xml, title="标题"):
    """A minimal DOCX, stored."""
    import io
    buf = io.BytesIO()
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title></cp:coreProperties>' % title,
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>' % body_xml,
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts.items():
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            z.writestr(zi, text.encode())
    return buf.getvalue()


def xlsx(rows, shared):
    """A minimal XLSX with one sheet, stored."""
    import io
    sheet = "".join(
        '<row r="%d">%s</row>' % (r + 1, "".join(
            ('<c r="%s%d" t="s"><v>%d</v></c>' % (chr(65 + c), r + 1, v[1]) if isinstance(v, tuple)
             else '<c r="%s%d"><v>%s</v></c>' % (chr(65 + c), r + 1, v)
             if not isinstance(v, str) else
             '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + c), r + 1, v))
            for c, v in enumerate(row)))
        for r, row in enumerate(rows))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="预算表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % "".join("<si><t>%s</t></si>" % s for s in shared),
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text.encode())
    return buf.getvalue()


def vectors(name):
    out = []
    with open(os.path.join(ROOT, "tests", "eval", "vectors", name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


DICTS = {
    "pdf": ["%PDF-1.7", "obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref",
            "%%EOF", "/Type", "/Catalog", "/Pages", "/Page", "/Kids", "/Count", "/Parent",
            "/MediaBox", "/Resources", "/Contents", "/Font", "/Subtype", "/Type0", "/Type1",
            "/TrueType", "/CIDFontType2", "/BaseFont", "/Encoding", "/Identity-H",
            "/ToUnicode", "/DescendantFonts", "/FontDescriptor", "/W", "/Length", "/Filter",
            "/FlateDecode", "/ASCIIHexDecode", "/LZWDecode", "/DecodeParms", "/Root", "/Info",
            "/Title", "/Encrypt", "/ObjStm", "/XRef", "/Prev", "/Size", "/Rotate", "/CropBox",
            "BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", "\"", "Tc", "Tw", "Tz",
            "TL", "Ts", "Tr", "q", "Q", "cm", "re", "m", "l", "S", "f", "W", "n", "Do", "gs",
            "beginbfchar", "endbfchar", "beginbfrange", "endbfrange", "begincodespacerange",
            "endcodespacerange", "begincmap", "endcmap", "<<", ">>", "[", "]", "(", ")", " R",
            "<FEFF", "0 0 612 792"],
    "html": ["<html>", "</html>", "<head>", "<body>", "<title>", "</title>", "<meta charset=",
             "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=", "gb2312",
             "gbk", "big5", "utf-8", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
             "<th>", "<thead>", "<tbody>", "<tfoot>", "<caption>", "<p>", "<br>", "<div>",
             "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "&nbsp;", "&amp;",
             "&#x4e2d;", "&#20013;", "<![CDATA[", "<?xml", "<!DOCTYPE html>", " colspan=2",
             " rowspan=2", "<li>", "<pre>", "<noscript>", "<template>"],
    "xml": ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE", "<!ENTITY", "&",
            "<w:p>", "</w:p>", "<w:r>", "<w:t>", "</w:t>", "<w:tab/>", "<w:br/>", "<w:cr/>",
            "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:tc/>",
            "xml:space=\"preserve\"", "<dc:title>", "<sheetData>", "<row r=\"1\">", "</row>",
            "<c r=\"A1\" t=\"s\">", "<c r=\"B2\" t=\"inlineStr\">", "t=\"b\"",
            "t=\"str\"", "<v>", "</v>", "<is>", "<si>", "</si>", "<rPh>", "<sheet name=\"",
            "r:id=\"rId1\"", "<Relationship Id=\"rId1\" Target=\"", "worksheets/sheet1.xml",
            "/xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "word/document.xml",
            "docProps/core.xml", "PK\x03\x04", "PK\x01\x02", "PK\x05\x06"],
    "json": ["{", "}", "[", "]", ":", ",", "null", "true", "false", "\"releases\"",
             "\"records\"", "\"compiledRelease\"", "\"ocid\"", "\"id\"", "\"date\"",
             "\"tag\"", "\"buyer\"", "\"name\"", "\"tender\"", "\"procuringEntity\"",
             "\"value\"", "\"amount\"", "\"currency\"", "\"awards\"", "\"suppliers\"",
             "\"parties\"", "\"roles\"", "\"supplier\"", "\"contracts\"", "\"dateSigned\"",
             "\"publisher\"", "\"uri\"", "\\u4e2d", "1e308", "-0.0"],
    "csv": ["\"", "\"\"", ",", "\t", ";", "|", "\r\n", "\n", "单位：万元", "合计"],
    "cjk": ["元", "万元", "亿元", "千元", "百万元", "万", "亿", "人民币", "¥", "￥", "$", "美元",
            "港元", "新臺幣", "新台币", "台币", "欧元", "日元", "RMB", "CNY", "USD", "US$",
            "HK$", "NT$", "yuan", "million", "billion", "块钱", "角", "分", "整", "约", "共计",
            "合计", "不超过", "不低于", "以上", "以下", "至", "到", "-", "~", "——", "(含)",
            "中标金额：", "预算金额", "最高限价", "单位：", "年", "月", "日", "号", "年度",
            "民国", "民國", "公元", "上半年", "第一季度", "2024", "2024-03-15", "2024.3.15",
            "2024/03/15", "20240315", "March", "15 March 2024", "113年", "零", "〇", "○", "一",
            "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "点", "壹",
            "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟", "萬", "億", "%",
            "％", "个", "人", "台", "平方米", "1,234.56", "3541.07", "0.5"],
    "query": ["OR", "NOT", "-", "NEAR(", ", 5)", "\"", "(", ")", "type:", "pdf", "year:",
              "2022..2024", "path:", "kind:", "award", "budget", "amount:", ">=", "<=", ">", "<",
              "=", "1e6", "vendor:", "buyer:", "agency:", "place:", "遣返", "邊境", "巡逻艇",
              "AND", "*", "^"],
}
DICT_OF = {"pdf": "pdf", "html": "html", "docx": "xml", "xlsx": "xml", "ocds": "json",
           "ofd": "xml", "pptx": "xml",
           "csv": "csv", "txt": "cjk", "money": "cjk", "date": "cjk", "number": "cjk",
           "tokenize": "cjk", "query": "query"}


def dicts():
    """libFuzzer dictionaries (tests/fuzz/dict/NAME.dict): each word as a
    quoted string, non-ASCII bytes escaped."""
    d = os.path.join(HERE, "dict")
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for name, words in DICTS.items():
        with open(os.path.join(d, name + ".dict"), "w") as f:
            f.write("# made by tests/fuzz/make-corpus.py\n")
            for w in words:
                b = w.encode("utf-8") if "\\x" not in w else w.encode("latin-1").decode("unicode_escape").encode("latin-1")
                esc = "".join(chr(c) if 32 <= c < 127 and c not in (34, 92) else "\\x%02x" % c
                              for c in b)
                f.write('"%s"\n' % esc)
    with open(os.path.join(d, "targets"), "w") as f:
        f.write("# target dictionary (read by tests/fuzz/run.sh)\n")
        for t, n in sorted(DICT_OF.items()):
            f.write("%s %s\n" % (t, n))


def new_format_seeds():
    """Word 97 / WPS, OFD, PPTX and archives: the fixtures of their tests
    (zip-based formats stored, so mutations reach their XML), and small
    archives of every kind libarchive reads, one nested."""
    import io
    import tarfile
    import gzip
    import bz2
    import lzma
    fx = os.path.join(ROOT, "tests", "fixtures")
    for sub, name in (("word", "notice.doc"), ("word", "targets.doc"), ("sheets", "word97.doc")):
        put("doc", name, read("tests", "fixtures", sub, name))
    for rel in ("invoice-labels.ofd", "invoice.ofd", "notice.ofd", "ofdrw/invoice-2020.ofd",
                "layers.ofd", "ofdrw/watermark-annots.ofd",
                # text drawn by glyph id through embedded fonts (FreeType, lib/ingest/glyphmap.c)
                "glyphs.ofd", "ofdrw/toc-private-use.ofd"):
        put("ofd", "stored-" + os.path.basename(rel), zip_stored(read("tests", "fixtures", "ofd", rel)))
    for name in sorted(os.listdir(os.path.join(fx, "pptx"))):
        if name.endswith(".pptx"):
            put("pptx", "stored-" + name, zip_stored(read("tests", "fixtures", "pptx", name)))
    for name in ("links.rar", "locked.zip", "wurenji.7z"):
        put("archive", name, read("tests", "fixtures", "archives", name))
    members = {"通知.txt": "关于采购的通知 预算金额：120万元\n".encode(),
               "b/清单.csv": "名称,金额\n巡逻艇,150.00\n".encode("gbk")}
    def tar(mode):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode=mode, format=tarfile.USTAR_FORMAT) as t:
            for n, data in sorted(members.items()):
                ti = tarfile.TarInfo(n)
                ti.size, ti.mtime = len(data), 1704067200
                t.addfile(ti, io.BytesIO(data))
        return buf.getvalue()
    put("archive", "files.tar", tar("w"))
    put("archive", "files.tar.gz", gzip.compress(tar("w"), mtime=0))
    put("archive", "files.tar.bz2", bz2.compress(tar("w")))
    put("archive", "files.tar.xz", lzma.compress(tar("w")))
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as z:
        for n, data in sorted(members.items()):
            z.writestr(zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0)), data)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo("附件.zip", date_time=(2024, 1, 1, 0, 0, 0)), inner.getvalue())
        z.writestr(zipfile.ZipInfo("说明.txt", date_time=(2024, 1, 1, 0, 0, 0)), members["通知.txt"])
    put("archive", "nested.zip", outer.getvalue())


def wire_seeds(kept):
    """The wire decoder's seeds are real replies: build-fuzz's fuzz-wire
    encodes what the parse path gives for the text and zip seeds (make
    fuzz-build first); without it, the seeds already in the tree stay."""
    wire = os.path.join(ROOT, "build-fuzz", "tests", "fuzz", "fuzz-wire")
    out = os.path.join(OUT, "wire")
    os.makedirs(out, exist_ok=True)
    if not os.access(wire, os.X_OK):
        for name, data in kept.items():
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        print("(no %s: the wire seeds kept as they were)" % wire)
        return
    srcs = [os.path.join(OUT, t, f) for t in ("txt", "csv", "html", "ocds", "xlsx", "docx")
            if os.path.isdir(os.path.join(OUT, t)) for f in sorted(os.listdir(os.path.join(OUT, t)))]
    subprocess.run([wire] + srcs, env=dict(os.environ, FUZZ_WIRE_SEEDS=out), check=True)
    for f in os.listdir(out):
        if os.path.getsize(os.path.join(out, f)) > 16384:  # small seeds only
            os.remove(os.path.join(out, f))


def main():
    kept = {}
    if os.path.isdir(os.path.join(OUT, "wire")):
        for f in os.listdir(os.path.join(OUT, "wire")):
            with open(os.path.join(OUT, "wire", f), "rb") as fh:
                kept[f] = fh.read()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    ex = sorted(os.listdir(EX))
    for name in ex:
        path = os.path.join(EX, name)
        if not os.path.isfile(path) or name.endswith(".url"):
            continue
        data = read("examples", name)
        base = os.path.basename(name)
        ext = base.rsplit(".", 1)[-1]
        if ext == "txt":
            put("txt", base, data)
        elif ext == "html":
            put("html", base, data)
        elif ext == "csv":
            put("csv", base, data)
        elif ext == "json":
            put("ocds", base, data)
        elif ext == "xls":
            put("xls", base, data)
        elif ext == "pdf" and b"/Font" in data:
            # (not a scan, which has no font: OCR on every execution
            # would slow the target a hundredfold)
            put("pdf", base, pdf_inflate(data))
        elif ext in ("docx", "xlsx"):
            put(ext, "stored-" + base, zip_stored(data))
    for name in ("numbers.pdf", "two_tables.pdf"):
        put("pdf", name, pdf_inflate(read("tests", "fixtures", "pdf", name)))
    put("pdf", "encrypted.pdf", read("tests", "fault", "fixtures", "encrypted.pdf"))
    put("xlsxml", "award.xls", read("tests", "fixtures", "xlsxml", "award.xls"))
    put("xlsxml", "small.xml", (
        '<?xml version="1.0" encoding="GB2312"?>\n<Workbook xmlns='
        '"urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss='
        '"urn:schemas-microsoft-com:office:spreadsheet"><Styles><Style ss:ID="a">'
        '<NumberFormat ss:Format="0.00%"/></Style></Styles><Worksheet ss:Name="表1"><Table>'
        '<Row ss:Index="2" ss:Span="1"><Cell ss:MergeDown="2"><Data ss:Type="String">单位：万元'
        '</Data></Cell><Cell ss:StyleID="a"><Data ss:Type="Number">0.125</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="Boolean">1</Data></Cell><Cell ss:Index="4"><Data '
        'ss:Type="DateTime">1899-12-31T14:30:05.000</Data></Cell></Row></Table></Worksheet>'
        '</Workbook>\n').encode("gb18030"))
    # small text formats: one of each shape
    put("txt", "latin1.txt", "café crème, 12,50 F\n".encode("latin-1"))
    put("txt", "koi8r.txt", "Бюджет на 2024 год: 1 200 000 рублей\n".encode("koi8-r"))
    put("txt", "sjis.txt", "予算 2024年3月15日 100万円\n".encode("shift_jis"))
    put("txt", "pages.txt", "第一页 2024年\f第二页 合计 3,541.07 万元\n".encode())
    put("html", "nested.html", b"<html><head><meta charset=gbk><title>t</title></head><body>" +
        b"<div>" * 40 + "金额：100元".encode("gbk") + b"</div>" * 40 +
        b"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td><td><p>2</p></td></tr>"
        b"</tbody><caption>c</caption></table><script>x</script></body></html>")
    put("csv", "quoted.csv", '名称\t金额\n"办公""用品"\t"1,200.00"\n差旅\t300\n"未闭合\n'.encode())
    put("csv", "semicolon.csv", b"a;b;c\n1;2;3\n4;5;6\n")
    put("ocds", "records.json", json.dumps({"records": [{"ocid": "ocds-1", "compiledRelease": {
        "ocid": "ocds-1", "id": "1", "date": "2024-01-01", "tag": ["award"],
        "buyer": {"name": "公安局"}, "parties": [{"name": "华泰", "roles": ["supplier"]}],
        "awards": [{"value": {"amount": 1200.5, "currency": "CNY"}, "suppliers": [{"name": "华泰"}]}]}}]},
        ensure_ascii=False).encode())
    put("ocds", "not-ocds.json", b'{"a": [1, 2, {"b": null}], "c": "\\u4e2d"}')
    put("docx", "table.docx", docx(
        "<w:p><w:r><w:t>中标公告</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">"
        "金额 </w:t><w:tab/><w:t>2230万元</w:t><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>"
        "<w:t>巡逻艇</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>150.00</w:t></w:r></w:p></w:tc>"
        "</w:tr><w:tr><w:tc/><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr>"
        "</w:tbl>"))
    put("xlsx", "shared.xlsx", xlsx([["项目", "金额"], [(0, 0), 150], ["单位：万元", "1.5E3"],
                                     [(0, 1), True]], ["巡逻艇购置", "合计"]))
    # the extractors: the text of each vector, its context byte first
    # (fuzz_money.c and fuzz_date.c read the first byte as options)
    for i, v in enumerate(vectors("money.jsonl")):
        opt = b"\x02" if v.get("table_unit") == "万元" else b"\x00"
        put("money", "v%02d" % i, opt + v["text"].encode())
        put("number", "v%02d" % i, v["text"].encode())
    for i, v in enumerate(vectors("dates.jsonl")):
        put("date", "v%02d" % i, (b"\x01" if v.get("roc") else b"\x00") + v["text"].encode())
    for i, v in enumerate(vectors("quantities.jsonl")):
        put("number", "q%02d" % i, v["text"].encode())
    for i, n in enumerate(("一千二百万", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分", "3.5 million",
                           "1,234,567.891", "两千零五", "〇点五", "12亿3456万", "0.000001",
                           "99999999999999999999999")):
        put("number", "n%02d" % i, n.encode())
    # the query language, as documented (docs/search.md)
    queries = ["遣返", "邊境 巡逻", '"人脸识别 卡口"', "人脸识别 OR 卡口", "巡逻艇 -维修",
               "NOT 维修 巡逻", "NEAR(边境 巡逻, 5)", "(a OR b) c", "type:pdf year:2024",
               "year:2022..2024 path:budget", "kind:award amount:>=1000000",
               "vendor:华泰 buyer:公安 agency:边境 place:吉林", "3541.07", "amount:<5e3",
               "Border-patrol's \"boats\"", "((((x))))"]
    for i, q in enumerate(queries):
        put("query", "q%02d" % i, q.encode())
    # the tokenizer: mixed scripts, numbers, Traditional, marks
    for i, t in enumerate(["东滨市公安局边境管理支队2024年部门预算", "邊境管理 3,541.07 萬元",
                           "Café CRÈME naïve e\u0302", "万元2023年度 ABC123",
                           "한국어 日本語のテキスト", "x" * 300]):
        put("tokenize", "t%02d" % i, t.encode())
    new_format_seeds()
    wire_seeds(kept)
    dicts()
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print("corpus: %d files, %d KB" % (sum(len(fs) for _, _, fs in os.walk(OUT)), total // 1024))


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    main()
