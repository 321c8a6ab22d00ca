#!/usr/bin/python3
"""Awards of several lots, and whose each lot is (tests/prop/award_lots.sh).

    award_lots.py gen SEED COUNT DIR     writes COUNT award notices (TXT and
                                         HTML) and DIR/truth.json
    award_lots.py check DIR LS FACTS REPORT
                                         checks `trawl ls --json`, `trawl
                                         facts --kind money --json` and
                                         `trawl report --by vendor --csv`

Each notice awards 2 to 4 lots, each to a vendor (or tenders them, each
lot with its budget and sometimes a ceiling below it: its amount is the
budgets' sum) (a vendor may win two
lots; two lots may have the same figure), in one of the layouts such
notices use: a line per lot with the vendor before the figure or after
it, a block of lines per lot (name, address, figure), a table of names and
values per lot, one table of lots; figures as 120万元, 1,200,000.00元 or in
capitals with the digits after them (one figure written twice). Some
notices also name the vendors together before the lots or after them (the
contract to sign). One layout can't be told apart: the vendors named
first, then the figures alone.

The truth, checked exactly:
  - every notice's own amount is the sum of its lots;
  - a money fact that names a vendor (its party) names the vendor of its
    lot, never another's; in every layout but the one that can't be told
    apart, every lot's figure names its vendor (prose) or its row does
    (a table of lots);
  - `report --by vendor` gives each vendor the sum of its lots, and the
    notices that can't be told apart to their vendors together
    ("A + B", names sorted).
"""
import csv
import json
import os
import random
import sys
from decimal import Decimal

# (one name inside another: 北京甲安科技有限公司 is not 甲安科技有限公司)
VENDORS = ["甲安科技有限公司", "乙盾智能技术有限公司", "丙警信息产业股份有限公司",
           "丁卫电子工程有限公司", "戊巡视讯科技有限公司", "己鉴安防集团有限公司",
           "庚图数据服务有限公司", "辛盾通信技术有限公司", "北京甲安科技有限公司"]
BUYERS = ["某市公安局", "某县公安局", "某市边境管理支队", "某区公安分局"]
ADDRS = ["吉林省长春市朝阳区人民大街1号", "辽宁省沈阳市和平区南京北街2号",
         "湖北省武汉市洪山区珞喻路3号", "广东省深圳市南山区科技园4号"]
DIGITS = "零壹贰叁肆伍陆柒捌玖"
LAYOUTS = ["fwd_line", "bwd_line", "block", "kv_html", "list_html", "unsure", "p_html",
           "tender_line", "tender_block"]
TENDERS = ("tender_line", "tender_block")


def capitals(n):
    """1..9999 in financial capitals (120 -> 壹佰贰拾, 1005 -> 壹仟零伍)."""
    out, zero = "", False
    for unit, p in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
        d = n // p % 10
        if d:
            if zero and out:
                out += "零"
            out += DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def figure(R, yuan):
    """A figure of yuan 元 as a notice writes it."""
    forms = ["{:,}.00元".format(yuan), "{:d}元".format(yuan)]
    if yuan % 100 == 0:
        forms.append(("%.2f" % (yuan / 10000)).rstrip("0").rstrip(".") + "万元")
    if yuan % 10000 == 0 and yuan // 10000 <= 9999:
        forms.append("人民币%s万元整（¥{:,}.00）".format(yuan) % capitals(yuan // 10000))
    return R.choice(forms)


def wan_form(R, yuan):
    """The figure in a cell under 中标金额（万元）, or None."""
    if yuan % 100:
        return None
    return ("%.2f" % (yuan / 10000)).rstrip("0").rstrip(".")


def gen(seed, count, out):
    R = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    truth = {}
    used = set()  # (figures differ across notices: two lists with the same
                  # vendor, figure and year would be one contract listed twice)
    for n in range(count):
        layout = LAYOUTS[n % len(LAYOUTS)]
        nlots = R.randint(2, 4)
        pool = R.sample(VENDORS, nlots)
        lots = []
        for i in range(nlots):
            # a vendor of two lots, now and then; two lots of one figure
            v = pool[i] if i < 2 or R.random() < 0.7 else lots[0][0]
            if lots and R.random() < 0.25:
                y = lots[-1][1]
            else:
                while True:
                    y = R.choice((R.randint(5, 9999) * 10000, R.randint(500, 99999999) * 100))
                    if y not in used:
                        break
            lots.append((v, y))
        used.update(y for _, y in lots)
        vendors = sorted(set(v for v, _ in lots))
        buyer = R.choice(BUYERS)
        title = "%s视频监控设备采购项目中标结果公告" % buyer
        head = "公告日期：2024年%d月%d日\n采购人：%s\n" % (R.randint(1, 12), R.randint(1, 28), buyer)
        together = "、".join(vendors)
        lines = []
        if layout in ("fwd_line", "bwd_line", "block"):
            if R.random() < 0.3:
                lines.append("中标供应商：%s" % together)
            for i, (v, wan) in enumerate(lots):
                f = figure(R, wan)
                if layout == "fwd_line":
                    lines.append("包%d：中标供应商：%s，中标金额：%s" % (i + 1, v, f))
                elif layout == "bwd_line":
                    lines.append("包%d：中标金额：%s，中标供应商：%s" % (i + 1, f, v))
                else:
                    lines += ["合同包%d：" % (i + 1), "供应商名称：%s" % v,
                              "供应商地址：%s" % R.choice(ADDRS), "中标（成交）金额：%s" % f]
            if R.random() < 0.4:
                lines.append("请%s于30日内与采购人签订合同。" % together)
            name, body = "n%03d.txt" % n, title + "\n" + head + "\n".join(lines) + "\n"
        elif layout in TENDERS:
            # a tender of lots: each lot's budget (and a ceiling below it)
            title = "%s视频监控设备采购项目%s" % (buyer, R.choice(("招标公告", "竞争性磋商公告")))
            lines = ["二、项目预算"]
            for i, (v, y) in enumerate(lots):
                cap = figure(R, y - y // 20 // 100 * 100) if R.random() < 0.5 else None
                mark = R.choice(("包%d" % (i + 1), "合同包%d" % (i + 1), "第%s包" % "一二三四"[i]))
                if layout == "tender_line":
                    lines.append("%s，预算金额：%s%s" % (mark, figure(R, y),
                                                       "，最高限价：%s" % cap if cap else ""))
                else:
                    lines += ["%s：视频监控设备%d" % (mark, i + 1), "预算金额：%s" % figure(R, y)]
                    if cap:
                        lines.append("最高限价：%s" % cap)
            lines.append("三、采购需求")
            lines.append("详见采购文件。")
            name, body = "n%03d.txt" % n, title + "\n" + head + "\n".join(lines) + "\n"
        elif layout == "p_html":
            # a paragraph a lot, the vendor before or after the figure
            fwd = R.random() < 0.5
            ps = []
            for i, (v, wan) in enumerate(lots):
                f = figure(R, wan)
                ps.append("<p>第%s包：%s</p>" % ("一二三四"[i], "中标人：%s；中标价：%s" % (v, f)
                                                if fwd else "中标价：%s；中标人：%s" % (f, v)))
            name = "n%03d.html" % n
            body = ("<html><head><title>%s</title></head><body><p>%s</p>%s</body></html>"
                    % (title, head.replace("\n", "</p><p>"), "".join(ps)))
        elif layout == "unsure":
            lines.append("中标供应商：%s" % together)
            for i, (v, wan) in enumerate(lots):
                lines.append("包%d中标金额：%s" % (i + 1, figure(R, wan)))
            name, body = "n%03d.txt" % n, title + "\n" + head + "\n".join(lines) + "\n"
        elif layout == "kv_html":
            parts = []
            for i, (v, wan) in enumerate(lots):
                w = wan_form(R, wan)
                money = ("<td>中标金额（万元）</td><td>%s</td>" % w if w and R.random() < 0.4 else
                         "<td>中标金额</td><td>{:,}.00元</td>".format(wan))
                parts.append("<p>合同包%d</p><table><tr><td>供应商名称</td><td>%s</td></tr>"
                             "<tr><td>供应商地址</td><td>%s</td></tr><tr>%s</tr></table>"
                             % (i + 1, v, R.choice(ADDRS), money))
            name = "n%03d.html" % n
            body = ("<html><head><title>%s</title></head><body><p>%s</p>%s</body></html>"
                    % (title, head.replace("\n", "</p><p>"), "".join(parts)))
        else:
            rows = "".join("<tr><td>%d</td><td>%s</td><td>{:,}.00</td></tr>".format(wan)
                           % (i + 1, v) for i, (v, wan) in enumerate(lots))
            if R.random() < 0.4:
                rows += "<tr><td>合计</td><td></td><td>{:,}.00</td></tr>".format(
                    sum(w for _, w in lots))
            name = "n%03d.html" % n
            body = ("<html><head><title>%s</title></head><body><p>%s</p><table>"
                    "<tr><th>包号</th><th>中标供应商</th><th>中标金额（元）</th></tr>%s"
                    "</table></body></html>" % (title, head.replace("\n", "</p><p>"), rows))
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(body)
        truth[name] = {"layout": layout,
                       "lots": [{"vendor": "" if layout in TENDERS else v, "value": str(y)}
                                for v, y in lots]}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)


def check(out, ls_path, facts_path, report_path):
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    docs, facts = {}, {}
    with open(ls_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[os.path.basename(d["path"])] = d
    with open(facts_path, encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            facts.setdefault(os.path.basename(x["path"]), []).append(x)
    bad = 0
    want_rows = {}
    for name, t in sorted(truth.items()):
        why = []
        lots = t["lots"]
        total = sum(Decimal(l["value"]) for l in lots)
        d = docs.get(name)
        if not d or d.get("amount") is None or Decimal(d["amount"]) != total:
            why.append("amount %r, want %s" % (d and d.get("amount"), total))
        # which vendors a figure may be: those of the lots of its value
        of_value = {}
        for l in lots:
            of_value.setdefault(Decimal(l["value"]), set()).add(l["vendor"])
        named = {}
        for x in facts.get(name, []):
            v = Decimal(x["value"])
            if x.get("party"):
                if x["party"] not in of_value.get(v, ()):
                    why.append("figure %r names %s, which has no lot of %s" % (
                        x["text"], x["party"], v))
                named[(x["party"], v)] = named.get((x["party"], v), 0) + 1
        split = t["layout"] not in ("unsure", "list_html") + TENDERS
        if split:
            for l in lots:
                k = (l["vendor"], Decimal(l["value"]))
                if named.get(k, 0) < 1:
                    why.append("no figure names %s for its lot of %s" % k)
                else:
                    named[k] -= 1
        elif t["layout"] in ("unsure",) + TENDERS and \
                any(x.get("party") for x in facts.get(name, [])):
            why.append("a figure names a vendor where the text names none or can't tell whose")
        if t["layout"] in TENDERS:
            want_rows[""] = want_rows.get("", 0) + total
        elif t["layout"] == "unsure":
            key = " + ".join(sorted(set(l["vendor"] for l in lots)))
            want_rows[key] = want_rows.get(key, 0) + total
        else:
            for l in lots:
                want_rows[l["vendor"]] = want_rows.get(l["vendor"], 0) + Decimal(l["value"])
        if why:
            bad += 1
            print("%s (%s): %s" % (name, t["layout"], "; ".join(why)))
    got_rows = {}
    with open(report_path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            got_rows[r["vendor"]] = Decimal(r["amount"])
    # (" + " joins in trawl as in Python: by the names' UTF-8 bytes)
    want_rows = {" + ".join(sorted(k.split(" + "), key=lambda s: s.encode())) if k else k: v
                 for k, v in want_rows.items()}
    for k in sorted(set(want_rows) | set(got_rows)):
        if want_rows.get(k) != got_rows.get(k):
            bad += 1
            print("report --by vendor: %s %s, want %s" % (k, got_rows.get(k), want_rows.get(k)))
    print("%d notices, %d lots, %d wrong" % (len(truth), sum(len(t["lots"]) for t in
                                                          truth.values()), bad))
    return bad == 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(0 if check(*sys.argv[2:6]) else 1)
