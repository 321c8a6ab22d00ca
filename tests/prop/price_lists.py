#!/usr/bin/python3
"""Price lists as provincial procurement sites publish them, and what trawl
must find in them (tests/prop/price_lists.sh).

    price_lists.py gen SEED COUNT DIR   writes COUNT lists (XLS, XLSX, CSV,
                                        HTML) and DIR/truth.json
    price_lists.py check DIR FACTS      checks `trawl facts --json` output

Each list has a product column, a price column whose header states its unit
in one of the forms such lists use (or a table-wide 单位：元), company
columns, and distractor columns (序号, 数量, 包装, 规格, 组别, 转换比, 批准文号,
年份 ...). Prices come in number formats (0.00, #,##0.00, whole numbers) or
as text cells, and a list may be continued in later tables without a header
(HTML) or have a two-row header with merged cells (XLS, XLSX).

The truth: every price is one money fact and one line item with its value,
unit and currency and role "price"; every item's label is its product and
its party its company (the bidder or seller, else the maker, else who
delivers); every company is a party fact of its role; no other
column gives money or items. Prices are distinct whole cents between 100
and 9999.99 (a distractor's numbers are below 100 or years), so a fact's
value tells which price it is.
"""
import json
import os
import random
import sys
from decimal import Decimal

PRODUCTS = ["阿莫西林胶囊", "头孢克肟片", "布洛芬缓释胶囊", "奥美拉唑肠溶胶囊", "二甲双胍缓释片",
            "氨氯地平片", "阿托伐他汀钙片", "甲钴胺片", "人用狂犬病疫苗(Vero细胞)",
            "乙型肝炎疫苗", "一次性使用无菌注射器", "医用外科口罩", "葡萄糖注射液",
            "氯化钠注射液", "左氧氟沙星片", "盐酸二甲双胍片", "硝苯地平控释片",
            "蒙脱石散", "复方甘草片", "胰岛素注射液", "冠脉支架", "人工晶状体",
            "一次性输液器", "碘伏消毒液", "维生素C片", "利巴韦林颗粒", "血液透析器",
            "骨科钢板", "留置针", "医用纱布块"]
MAKERS = ["华北制药股份有限公司", "广州白云山制药股份有限公司", "中美天津史克制药有限公司",
          "扬子江药业集团有限公司", "石药集团欧意药业有限公司", "齐鲁制药有限公司",
          "北京科兴生物制品有限公司", "成都生物制品研究所有限责任公司", "辉瑞制药有限公司",
          "山东威高集团医用高分子制品股份有限公司", "上海微创医疗器械(集团)有限公司",
          "江苏恒瑞医药股份有限公司", "Pfizer Limited", "Sanofi Pasteur SA",
          "浙江华海药业股份有限公司", "哈药集团制药总厂"]
VENDORS = ["国药控股股份有限公司", "华润医药商业集团有限公司", "上海医药集团股份有限公司",
           "九州通医药集团股份有限公司", "重庆医药(集团)股份有限公司", "广州医药股份有限公司",
           "南京医药股份有限公司", "瑞康医药集团股份有限公司", "柳州医药股份有限公司",
           "英特集团股份有限公司"]
PRODUCT_HEADERS = ["通用名", "药品名称", "产品名称", "疫苗名称", "耗材名称", "品名", "通用名称"]
MAKER_HEADERS = ["生产企业", "生产厂家", "制造商"]
VENDOR_HEADERS = ["投标企业", "投标人名称", "中标企业", "成交企业", "入围单位",
                  "入围供应商名称", "申报企业", "企业名称", "供应商", "配送企业", "中标供应商"]
# (header, unit as reported, currency, power of ten, table-wide 单位：元)
PRICE_HEADERS = [
    ("价(含仓储配送服务费)元/支", "元/支", "CNY", 0, False),
    ("中标价格 (元/小盒)", "元/小盒", "CNY", 0, False),
    ("单价（元）", "元", "CNY", 0, False),
    ("限价（元）", "元", "CNY", 0, False),
    ("价格(元/盒)", "元/盒", "CNY", 0, False),
    ("单价/元", "元", "CNY", 0, False),
    ("挂网价(元/瓶)", "元/瓶", "CNY", 0, False),
    ("中选价格（元/人·天）", "元/人·天", "CNY", 0, False),
    ("单价(人民币元)", "元", "CNY", 0, False),
    ("单价(万元)", "万元", "CNY", 4, False),
    ("Unit price (USD)", "USD", "USD", 0, False),
    ("单价（美元）", "美元", "USD", 0, False),
    ("中标价", "元", "CNY", 0, True),
    ("挂网价", "元", "CNY", 0, True),
    ("限价", "元", "CNY", 0, True),
]
# distractors: (header, values) where values(rng, i) gives row i's cell
DISTRACTORS = [
    ("数量", lambda r, i: r.randint(1, 60)),
    ("包装", lambda r, i: r.choice([6, 10, 12, 20, 24, 30, 50])),
    ("规格", lambda r, i: r.choice(["0.25g*24粒", "10ml:0.5g", "100mg", "5ml", "20", "1.5"])),
    ("组别", lambda r, i: r.randint(1, 5)),
    ("转换比", lambda r, i: r.choice([1, 6, 10, 12, 24])),
    ("批准文号", lambda r, i: "国药准字H%08d" % r.randint(10000000, 20249999)),
    ("年份", lambda r, i: r.choice([2023, 2024])),
    ("剂型", lambda r, i: r.choice(["片剂", "胶囊剂", "注射剂", "颗粒剂"])),
    ("包装数量", lambda r, i: r.randint(1, 99)),
    ("最小包装单位", lambda r, i: r.choice(["盒", "支", "瓶", "袋"])),
    ("质量层次", lambda r, i: r.choice(["一致性评价", "原研", "其他"])),
    ("有效期(月)", lambda r, i: r.choice([12, 24, 36])),
    # numbers with decimals under headers that say nothing of money
    ("装量", lambda r, i: r.choice(["0.5", "1.0", "2.5", "10.00"])),
    ("差比价系数", lambda r, i: r.choice(["1.00", "1.25", "0.85"])),
    ("DDD值", lambda r, i: r.choice(["1.5", "0.75", "2.25"])),
    # yes/no flags, even when they name a price (是否可议价: may the price be
    # negotiated), and status codes
    ("是否可议价", lambda r, i: r.choice([1, 2])),
    ("是否中选", lambda r, i: r.choice([0, 1])),
    ("价格状态", lambda r, i: r.choice([1, 2, 3])),
    ("有无议价", lambda r, i: r.choice(["1", "0"])),
]
FORMATS = ["0.00", "#,##0.00", "0", "text"]


def price_text(v, fmt):
    """How a list shows price v (a Decimal) in format fmt."""
    if fmt == "#,##0.00":
        return "{:,.2f}".format(v)
    if fmt == "0":
        return "%d" % v
    return "%.2f" % v


def make_list(rng, n):
    kind = ["xls", "xlsx", "csv", "html"][n % 4]
    ph = rng.choice(PRICE_HEADERS)
    fmt = rng.choice(FORMATS)
    nrows = rng.randint(3, 14)
    products = rng.sample(PRODUCTS, nrows)
    cols = [("序号", "serial")]
    cols.append((rng.choice(PRODUCT_HEADERS), "product"))
    for d in rng.sample(DISTRACTORS, rng.randint(2, 5)):
        cols.append((d[0], d))
    has_maker = rng.random() < 0.8
    has_vendor = rng.random() < 0.6 or not has_maker
    if has_maker:
        cols.append((rng.choice(MAKER_HEADERS), "maker"))
    if has_vendor:
        cols.append((rng.choice(VENDOR_HEADERS), "vendor"))
    cols.append((ph[0], "price"))
    # keep 序号 first and the price anywhere after the product
    rest = cols[2:]
    rng.shuffle(rest)
    cols = cols[:2] + rest
    prices = set()
    rows = []
    for i in range(nrows):
        while True:
            if fmt == "0" or rng.random() < 0.15:
                v = Decimal(rng.randint(100, 9999))      # 120, or 120.00
            else:
                v = Decimal(rng.randint(10000, 999999)) / 100
            if v not in prices:
                break
        prices.add(v)
        row = {}
        for h, what in cols:
            if what == "serial":
                row[h] = i + 1
            elif what == "product":
                row[h] = products[i]
            elif what == "maker":
                row[h] = rng.choice(MAKERS)
            elif what == "vendor":
                row[h] = rng.choice(VENDORS)
            elif what == "price":
                row[h] = v
            else:
                row[h] = what[1](rng, i)
        rows.append(row)
    title = "%d年%s省%s挂网价格表" % (rng.choice([2023, 2024]), rng.choice(["吉林", "湖南", "四川", "浙江", "广东"]),
                                 rng.choice(["药品", "疫苗", "医用耗材"]))
    return {"kind": kind, "title": title, "cols": cols, "rows": rows, "fmt": fmt,
            "price": ph, "merged": kind in ("xls", "xlsx") and rng.random() < 0.5,
            "split": kind == "html" and rng.random() < 0.7, "nsplit": rng.randint(2, 4)}


def cell_value(lst, h, what, row):
    v = row[h]
    if what == "price":
        return v
    return v


def write_html(path, lst):
    cols, rows = lst["cols"], lst["rows"]
    out = ["<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>" % lst["title"],
           "<p>%s</p>" % lst["title"]]
    if lst["price"][4]:
        out.append("<p>单位：元</p>")
    parts = [rows]
    if lst["split"] and len(rows) >= 4:
        k = min(lst["nsplit"], len(rows) // 2)
        cuts = sorted(random.Random(len(rows)).sample(range(1, len(rows)), k - 1))
        parts, last = [], 0
        for c in cuts + [len(rows)]:
            parts.append(rows[last:c])
            last = c
    for pi, part in enumerate(parts):
        out.append("<table border=\"1\">")
        if pi == 0:
            out.append("<tr>" + "".join("<th>%s</th>" % h for h, _ in cols) + "</tr>")
        for row in part:
            cells = []
            for h, what in cols:
                v = row[h]
                cells.append(price_text(v, lst["fmt"]) if what == "price" else str(v))
            out.append("<tr>" + "".join("<td>%s</td>" % c for c in cells) + "</tr>")
        out.append("</table>")
        if pi + 1 < len(parts):
            out.append("<p>&nbsp;</p>")
    out.append("</body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def write_csv(path, lst):
    import csv
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if lst["price"][4]:
            # as a spreadsheet saves its unit line: padded to the table's width
            w.writerow(["单位：元"] + [""] * (len(lst["cols"]) - 1))
        w.writerow([h for h, _ in lst["cols"]])
        for row in lst["rows"]:
            w.writerow([price_text(row[h], lst["fmt"]) if what == "price" else row[h]
                        for h, what in lst["cols"]])


def header_rows(lst):
    """The header as rows of (col, text, rowspan, colspan), below the title
    (and the 单位 line): one row, or two with merged cells."""
    cols = lst["cols"]
    if not lst["merged"]:
        return [[(c, h, 1, 1) for c, (h, _) in enumerate(cols)]]
    # a group header over the product and its neighbours, the rest merged down
    top, bottom = [], []
    c = 0
    while c < len(cols):
        h, what = cols[c]
        if what == "product" and c + 1 < len(cols) and cols[c + 1][1] not in ("price", "maker", "vendor"):
            top.append((c, "产品信息", 1, 2))
            bottom.append((c, h, 1, 1))
            bottom.append((c + 1, cols[c + 1][0], 1, 1))
            c += 2
            continue
        top.append((c, h, 2, 1))
        c += 1
    return [top, bottom]


def write_xlsx(path, lst):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "挂网目录"
    ncol = len(lst["cols"])
    ws.cell(row=1, column=1, value=lst["title"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    r = 2
    if lst["price"][4]:
        ws.cell(row=r, column=1, value="单位：元")
        r += 1
    hdr = header_rows(lst)
    for k, hr in enumerate(hdr):
        for c, text, rs, cs in hr:
            ws.cell(row=r + k, column=c + 1, value=text)
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=r + k, start_column=c + 1, end_row=r + k + rs - 1,
                               end_column=c + cs)
    r += len(hdr)
    for row in lst["rows"]:
        for c, (h, what) in enumerate(lst["cols"]):
            v = row[h]
            cell = ws.cell(row=r, column=c + 1)
            if what == "price":
                if lst["fmt"] == "text":
                    cell.value = "%.2f" % v
                else:
                    cell.value = int(v) if lst["fmt"] == "0" else float(v)
                    cell.number_format = lst["fmt"]
            else:
                cell.value = v
        r += 1
    wb.save(path)


def write_xls(path, lst):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("挂网目录")
    ncol = len(lst["cols"])
    ws.write_merge(0, 0, 0, ncol - 1, lst["title"])
    r = 1
    if lst["price"][4]:
        ws.write(r, 0, "单位：元")
        r += 1
    hdr = header_rows(lst)
    for k, hr in enumerate(hdr):
        for c, text, rs, cs in hr:
            if rs > 1 or cs > 1:
                ws.write_merge(r + k, r + k + rs - 1, c, c + cs - 1, text)
            else:
                ws.write(r + k, c, text)
    r += len(hdr)
    styles = {f: xlwt.easyxf(num_format_str=f) for f in ("0.00", "#,##0.00", "0")}
    for row in lst["rows"]:
        for c, (h, what) in enumerate(lst["cols"]):
            v = row[h]
            if what == "price":
                if lst["fmt"] == "text":
                    ws.write(r, c, "%.2f" % v)
                else:
                    ws.write(r, c, int(v) if lst["fmt"] == "0" else float(v), styles[lst["fmt"]])
            else:
                ws.write(r, c, v)
        r += 1
    wb.save(path)


def gen(seed, count, out):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    truth = {}
    for n in range(count):
        lst = make_list(rng, n)
        name = "list%03d.%s" % (n, lst["kind"])
        path = os.path.join(out, name)
        {"xls": write_xls, "xlsx": write_xlsx, "csv": write_csv, "html": write_html}[lst["kind"]](path, lst)
        hdr, unit, cur, k, _ = lst["price"]
        ph = [h for h, w in lst["cols"] if w == "price"][0]
        prod = [h for h, w in lst["cols"] if w == "product"][0]
        maker = [h for h, w in lst["cols"] if w == "maker"]
        vendor = [h for h, w in lst["cols"] if w == "vendor"]
        # whose price it is: the bidder or seller, else the maker, else
        # who delivers
        if vendor and "配送" in vendor[0] and maker:
            whose = maker[0]
        else:
            whose = vendor[0] if vendor else maker[0]
        items = []
        for row in lst["rows"]:
            items.append({
                "value": str((row[ph] * (10 ** k)).normalize()),
                "shown": price_text(row[ph], lst["fmt"]),
                "label": row[prod],
                "party": row[whose],
            })
        parties = {}
        for h, role in ((maker, "manufacturer"), (vendor, "vendor")):
            for col in h:
                for row in lst["rows"]:
                    parties.setdefault(role, set()).add(row[col])
        truth[name] = {"unit": unit, "currency": cur, "items": items,
                       "parties": {r: sorted(v) for r, v in parties.items()},
                       "what": "%s fmt=%s header=%s merged=%s split=%s" % (
                           lst["kind"], lst["fmt"], hdr, lst["merged"], lst["split"])}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)


def dec(s):
    try:
        return Decimal(s).normalize()
    except Exception:
        return None


def check(out, facts_path):
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    facts = {}
    with open(facts_path, encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            facts.setdefault(os.path.basename(x["path"]), []).append(x)
    bad = 0
    for name, t in sorted(truth.items()):
        fs = facts.get(name, [])
        why = []
        want = {dec(i["value"]): i for i in t["items"]}
        for kind in ("money", "item"):
            got = [x for x in fs if x["kind"] == kind]
            seen = {}
            for x in got:
                v = dec(x.get("value", ""))
                if v not in want:
                    why.append("%s %s=%s from %r (column %r) is no price" % (
                        kind, x.get("value"), x.get("unit"), x["text"], x.get("column")))
                    continue
                seen[v] = seen.get(v, 0) + 1
                w = want[v]
                if x.get("unit") != t["unit"] or x.get("currency") != t["currency"] or \
                        x.get("role") != "price":
                    why.append("%s %s: unit %r currency %r role %r, want %r %r 'price'" % (
                        kind, w["shown"], x.get("unit"), x.get("currency"), x.get("role"),
                        t["unit"], t["currency"]))
                if kind == "item" and x.get("label") != w["label"]:
                    why.append("item %s: label %r, want %r" % (w["shown"], x.get("label"), w["label"]))
                if kind == "item" and x.get("party") != w["party"]:
                    why.append("item %s: party %r, want %r" % (w["shown"], x.get("party"), w["party"]))
            for v, w in want.items():
                if seen.get(v, 0) != 1:
                    why.append("price %s (%s) found %d times as %s" % (
                        w["shown"], w["label"], seen.get(v, 0), kind))
        for role, names in t["parties"].items():
            have = {x["value"] for x in fs if x["kind"] == "party" and x.get("role") == role}
            for nm in names:
                if nm not in have:
                    why.append("no %s party %r" % (role, nm))
        if why:
            bad += 1
            print("FAIL %s (%s)" % (name, t["what"]))
            for w in why[:8]:
                print("    " + w)
    print("%d of %d lists wrong" % (bad, len(truth)))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: price_lists.py gen SEED COUNT DIR | check DIR FACTS")
