#!/usr/bin/python3
"""Generate trawl's bundled demo corpus in examples/.

Every document here is fictional (invented city 东滨市, invented province
岭东省, invented companies, invented figures).  Nothing is copied from real
documents.

Run from anywhere:
    /usr/bin/python3 tools/mkexamples/mkexamples.py [OUTDIR]
OUTDIR defaults to <repo>/examples.  Output is deterministic: zip entries and
PDF metadata use fixed timestamps, so re-running gives identical bytes.

Needs Debian packages: python3-fonttools python3-reportlab (Helvetica metrics only)
python3-xlwt fonts-wqy-microhei
"""
import io
import json
import os
import sys
import zipfile
from xml.sax.saxutils import escape as xesc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, "examples")

CJK_FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FIXED_ZIP_TIME = (2024, 3, 15, 9, 0, 0)


def out_path(rel):
    p = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_bytes(rel, data):
    with open(out_path(rel), "wb") as f:
        f.write(data)
    print("wrote %-55s %8d bytes" % (rel, len(data)))


def write_text(rel, text, encoding, newline="\n", bom=b""):
    text = text.replace("\n", newline)
    write_bytes(rel, bom + text.encode(encoding))


# ---------------------------------------------------------------------------
# Shared fictional data
# ---------------------------------------------------------------------------
AGENCY = "东滨市公安局边境管理支队"

BUDGET = {
    2024: {
        "date": "2024年3月15日",
        "income": [("一、一般公共预算拨款收入", "3321.07"), ("二、政府性基金预算拨款收入", "0.00"),
                   ("三、事业收入", "0.00"), ("四、其他收入", "220.00")],
        "outlay": [("一、公共安全支出", "3104.55"), ("二、社会保障和就业支出", "232.16"),
                   ("三、卫生健康支出", "98.12"), ("四、住房保障支出", "106.24")],
        "total": "3541.07",
        # code, name, total, basic, project
        "func": [
            ("204", "公共安全支出", "3104.55", "2150.33", "954.22"),
            ("20402", "公安", "3104.55", "2150.33", "954.22"),
            ("2040201", "行政运行", "2150.33", "2150.33", ""),
            ("2040202", "一般行政管理事务", "186.40", "", "186.40"),
            ("2040219", "信息化建设", "312.60", "", "312.60"),
            ("2040220", "执法办案", "128.30", "", "128.30"),
            ("2040299", "其他公安支出", "326.92", "", "326.92"),
            ("208", "社会保障和就业支出", "232.16", "232.16", ""),
            ("20805", "行政事业单位养老支出", "232.16", "232.16", ""),
            ("2080505", "机关事业单位基本养老保险缴费支出", "232.16", "232.16", ""),
            ("210", "卫生健康支出", "98.12", "98.12", ""),
            ("21011", "行政事业单位医疗", "98.12", "98.12", ""),
            ("2101101", "行政单位医疗", "98.12", "98.12", ""),
            ("221", "住房保障支出", "106.24", "106.24", ""),
            ("22102", "住房改革支出", "106.24", "106.24", ""),
            ("2210201", "住房公积金", "106.24", "106.24", ""),
        ],
        "func_total": ("3541.07", "2586.85", "954.22"),
        # project name, code, amount, performance target
        "projects": [
            ("边境巡逻管控", "2040202", "186.40", "全年组织边境巡逻不少于360次"),
            ("边境智能管控系统运维", "2040219", "312.60", "系统年度可用率不低于99.5%"),
            ("涉外案件执法办案", "2040220", "128.30", "案件平均办理周期不超过15个工作日"),
            ("巡逻艇购置", "2040299", "223.00", "新增巡逻艇2艘"),
            ("非法入境人员遣返", "2040299", "103.92", "遣返率达到95%"),
        ],
        "projects_total": "954.22",
    },
    2023: {
        "date": "2023年3月17日",
        "income": [("一、一般公共预算拨款收入", "3052.18"), ("二、政府性基金预算拨款收入", "0.00"),
                   ("三、事业收入", "0.00"), ("四、其他收入", "200.00")],
        "outlay": [("一、公共安全支出", "2830.87"), ("二、社会保障和就业支出", "224.38"),
                   ("三、卫生健康支出", "95.06"), ("四、住房保障支出", "101.87")],
        "total": "3252.18",
        "func": [
            ("204", "公共安全支出", "2830.87", "2088.17", "742.70"),
            ("20402", "公安", "2830.87", "2088.17", "742.70"),
            ("2040201", "行政运行", "2088.17", "2088.17", ""),
            ("2040202", "一般行政管理事务", "172.80", "", "172.80"),
            ("2040219", "信息化建设", "298.40", "", "298.40"),
            ("2040220", "执法办案", "121.50", "", "121.50"),
            ("2040299", "其他公安支出", "150.00", "", "150.00"),
            ("208", "社会保障和就业支出", "224.38", "224.38", ""),
            ("20805", "行政事业单位养老支出", "224.38", "224.38", ""),
            ("2080505", "机关事业单位基本养老保险缴费支出", "224.38", "224.38", ""),
            ("210", "卫生健康支出", "95.06", "95.06", ""),
            ("21011", "行政事业单位医疗", "95.06", "95.06", ""),
            ("2101101", "行政单位医疗", "95.06", "95.06", ""),
            ("221", "住房保障支出", "101.87", "101.87", ""),
            ("22102", "住房改革支出", "101.87", "101.87", ""),
            ("2210201", "住房公积金", "101.87", "101.87", ""),
        ],
        "func_total": ("3252.18", "2509.48", "742.70"),
        "projects": [
            ("边境巡逻管控", "2040202", "172.80", "全年组织边境巡逻不少于300次"),
            ("边境智能管控系统运维", "2040219", "298.40", "系统年度可用率不低于99%"),
            ("涉外案件执法办案", "2040220", "121.50", "案件平均办理周期不超过20个工作日"),
            ("巡逻艇维修保养", "2040299", "150.00", "在用巡逻艇完好率不低于90%"),
        ],
        "projects_total": "742.70",
    },
}


def _check_budget():
    from decimal import Decimal as D
    for y, b in BUDGET.items():
        assert sum(D(v) for _, v in b["income"]) == D(b["total"]), y
        assert sum(D(v) for _, v in b["outlay"]) == D(b["total"]), y
        leaf = [r for r in b["func"] if len(r[0]) == 7]
        assert sum(D(r[2]) for r in leaf) == D(b["total"]), y
        assert sum(D(r[3] or 0) for r in leaf) == D(b["func_total"][1]), y
        assert sum(D(r[4] or 0) for r in leaf) == D(b["func_total"][2]), y
        assert sum(D(p[2]) for p in b["projects"]) == D(b["projects_total"]), y
        for code in ("2040202", "2040219", "2040220", "2040299"):
            f = [r for r in leaf if r[0] == code][0]
            assert sum(D(p[2]) for p in b["projects"] if p[1] == code) == D(f[2]), (y, code)


_check_budget()

# 项目支出绩效目标表: per year, per project: (funds in 万元, annual goal,
# indicators (level 1, level 2, level 3, target, points)). The 2024 budget's
# new project sets the border-station targets; 2022 and 2023 have none.
PATROL_GOAL = ("组织开展边境一线常态化巡逻管控，及时发现处置各类涉边违法犯罪活动，"
               "保持边境管理区治安秩序持续稳定。")
PERF = {
    2022: [
        ("边境巡逻管控", "160.00", PATROL_GOAL, [
            ("产出指标", "数量指标", "年度边境巡逻次数", "≥280次", "20"),
            ("产出指标", "质量指标", "巡逻区域覆盖率", "100%", "20"),
            ("满意度指标", "服务对象满意度指标", "边民满意度", "≥85%", "10")]),
        ("巡逻艇维修保养", "150.00", "做好在用巡逻艇日常维修保养，保障巡逻艇处于良好技术状态。", [
            ("产出指标", "数量指标", "维修保养巡逻艇数量", "6艘", "20"),
            ("产出指标", "质量指标", "在用巡逻艇完好率", "≥85%", "20")]),
    ],
    2023: [
        ("边境巡逻管控", "172.80", PATROL_GOAL, [
            ("产出指标", "数量指标", "年度边境巡逻次数", "≥300次", "20"),
            ("产出指标", "质量指标", "巡逻区域覆盖率", "100%", "20"),
            ("满意度指标", "服务对象满意度指标", "边民满意度", "≥90%", "10")]),
        ("巡逻艇维修保养", "150.00", "做好在用巡逻艇日常维修保养，保障巡逻艇处于良好技术状态。", [
            ("产出指标", "数量指标", "维修保养巡逻艇数量", "6艘", "20"),
            ("产出指标", "质量指标", "在用巡逻艇完好率", "≥90%", "20")]),
    ],
    2024: [
        ("边境巡逻管控", "186.40", PATROL_GOAL, [
            ("产出指标", "数量指标", "年度边境巡逻次数", "≥360次", "20"),
            ("产出指标", "质量指标", "巡逻区域覆盖率", "100%", "20"),
            ("满意度指标", "服务对象满意度指标", "边民满意度", "≥90%", "10")]),
        ("非法入境人员遣返", "103.92",
         "依法查处非法入境、非法居留、非法就业外国人，及时遣送遣返，有效遏制“三非”问题，"
         "维护边境地区社会稳定。", [
             ("产出指标", "数量指标", "承担任务的边境派出所(队)数量", "18个", "10"),
             ("产出指标", "数量指标", "每所查获“三非”人员数", "≥10人", "10"),
             ("产出指标", "时效指标", "单次遣送遣返办理时限", "≤30天", "10"),
             ("产出指标", "质量指标", "遣返率", "≥95%", "10"),
             ("效益指标", "社会效益指标", "“三非”问题", "有效遏制", "20"),
             ("满意度指标", "服务对象满意度指标", "边境群众满意度", "≥90%", "10")]),
    ],
}

# ---------------------------------------------------------------------------
# PDF (minipdf.py: Type0/Identity-H subset of WenQuanYi Micro Hei)
# ---------------------------------------------------------------------------
sys.dont_write_bytecode = True   # keep tools/mkexamples free of __pycache__
sys.path.insert(0, HERE)
_CJK = None


def cjk_doc():
    import minipdf
    global _CJK
    _CJK = minipdf.CJKFont(CJK_FONT_FILE, 0)      # fresh 'used' set per document
    return minipdf.Document(cjk_font=_CJK)


def save_pdf(rel, doc, title, author, subject, date, lang="zh-CN"):
    write_bytes(rel, doc.save({"Title": title, "Author": author, "Subject": subject,
                               "Date": date, "Lang": lang}))


def make_budget_pdf(year, rel):
    import minipdf
    b = BUDGET[year]
    doc = cjk_doc()
    f = minipdf.Flow(doc)
    P = f.para
    H1 = lambda s: (f.space(6), f.line(s, 13, leading=22))
    H2 = lambda s: f.line(s, 11, leading=19)
    f.space(60)
    f.line(AGENCY, 20, "center", leading=32)
    f.line("%d年部门预算" % year, 20, "center", leading=32)
    f.line("公开时间：%s" % b["date"], 11, "center", leading=22)
    f.space(12)
    H1("第一部分 部门概况")
    H2("一、主要职能")
    P("东滨市公安局边境管理支队是东滨市公安局派出机构，主要负责全市边境管理区的治安管理、"
      "边境巡逻管控、协助出入境通道查验，以及非法入境、非法居留、非法就业外国人的查处和遣返工作。")
    H2("二、机构设置")
    P("本支队内设综合科、政治处、边境管控科、船艇大队等4个科室，下辖3个边境派出所。"
      "纳入%d年部门预算编制范围的单位共1个，即支队本级。" % year)
    H1("第二部分 %d年部门预算情况说明" % year)
    H2("一、收支预算总体情况")
    if year == 2024:
        P("2024年部门收入预算3541.07万元，其中一般公共预算拨款收入3321.07万元，其他收入220.00万元。")
        P("部门支出预算3541.07万元，比2023年增加288.89万元，增长8.9%，主要是新增巡逻艇购置和非法入境人员遣返项目。")
        P("全市公安机关2024年部门预算合计10.56亿元，本支队预算占全市公安机关预算总额的3.4%。")
        H2("二、政府采购预算情况")
        P("2024年度政府采购预算总额５３５．６０万元。")
        P("其中货物类２２３．００万元（巡逻艇购置），服务类３１２．６０万元（边境智能管控系统运维）。")
        H2("三、项目绩效目标")
        P("非法入境人员遣返项目：该项目为2024年新增项目，全年遣返率达到95%以上。")
        P("巡逻艇购置项目：新增巡逻艇2艘，于2024年9月30日前完成验收。")
        P("培训持证船艇驾驶人员不少于10人。")
        P("边境智能管控系统运维项目：系统年度可用率不低于99.5%。")
    else:
        P("2023年部门收入预算3252.18万元，其中一般公共预算拨款收入3052.18万元，其他收入200.00万元。")
        P("部门支出预算3252.18万元，比2022年增加97.36万元，增长3.1%，主要是人员经费正常增长。")
        P("全市公安机关2023年部门预算合计9.87亿元，本支队预算占全市公安机关预算总额的3.3%。")
        H2("二、政府采购预算情况")
        P("2023年度政府采购预算总额４４８．４０万元。")
        P("其中服务类２９８．４０万元（边境智能管控系统运维），服务类１５０．００万元（巡逻艇维修保养）。")
        H2("三、项目绩效目标")
        P("巡逻艇维修保养项目：在用巡逻艇完好率不低于90%。")
        P("边境智能管控系统运维项目：系统年度可用率不低于99%。")
    mm = 72 / 25.4
    # 表一 收支总表
    f.new_page()
    H2("表一")
    f.line("%s%d年收支总表" % (AGENCY, year), 12, "center", leading=20)
    f.line("单位：万元", 9, "right", leading=16)
    rows = [["收入项目", "预算数", "支出项目", "预算数"]]
    for (a, av), (c, cv) in zip(b["income"], b["outlay"]):
        rows.append([a, av, c, cv])
    rows.append(["收入总计", b["total"], "支出总计", b["total"]])
    f.table(rows, [52 * mm, 30 * mm, 56 * mm, 30 * mm], numcols=(1, 3))
    # 表二 支出预算表, 表三 项目支出预算表
    f.new_page()
    H2("表二")
    f.line("%s%d年一般公共预算支出表（按功能分类科目）" % (AGENCY, year), 12, "center", leading=20)
    f.line("单位：万元", 9, "right", leading=16)
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    rows += [list(r) for r in b["func"]]
    rows.append(["合计", ""] + list(b["func_total"]))
    f.table(rows, [24 * mm, 66 * mm, 26 * mm, 26 * mm, 26 * mm], numcols=(2, 3, 4))
    f.space(20)
    H2("表三")
    f.line("%s%d年项目支出预算表" % (AGENCY, year), 12, "center", leading=20)
    f.line("单位：万元", 9, "right", leading=16)
    rows = [["项目名称", "功能分类科目", "金额", "绩效目标"]]
    rows += [list(p) for p in b["projects"]]
    rows.append(["合计", "", b["projects_total"], ""])
    f.table(rows, [40 * mm, 26 * mm, 22 * mm, 80 * mm], numcols=(2,))
    # 表四 项目支出绩效目标表: merged cells, one table per project
    import budgetgen
    for k, (name, funds, goal, inds) in enumerate(PERF[year]):
        f.new_page()
        if k == 0:
            H2("表四")
        f.line("%s%d年项目支出绩效目标表" % (AGENCY, year), 12, "center", leading=20)
        anchors, nc = budgetgen.indicator_table(name, funds, goal, inds)
        f.grid(anchors, [22 * mm, 22 * mm, 26 * mm, 52 * mm, 26 * mm, 18 * mm][:nc])
    f.finish()
    d = "D:%d0315090000+08'00'" % year if year == 2024 else "D:%d0317090000+08'00'" % year
    save_pdf(rel, doc, "%s%d年部门预算" % (AGENCY, year), AGENCY, "部门预算公开", d)


def make_budget_html_2022(rel):
    """The unit's 2022 budget as a web page (UTF-8): the same tables as the
    2023 and 2024 PDFs (收支总表, 项目支出预算表) and the 项目支出绩效目标表
    with rowspan/colspan, as portals publish them."""
    import budgetgen

    def plain(rows):
        return budgetgen.table_html([(r, c, 1, 1, t) for r, row in enumerate(rows)
                                     for c, t in enumerate(row)])

    income = [("一、一般公共预算拨款收入", "2864.82"), ("二、政府性基金预算拨款收入", "0.00"),
              ("三、事业收入", "0.00"), ("四、其他收入", "200.00")]
    outlay = [("一、公共安全支出", "2660.10"), ("二、社会保障和就业支出", "215.40"),
              ("三、卫生健康支出", "92.10"), ("四、住房保障支出", "97.22")]
    rows = [["收入项目", "预算数", "支出项目", "预算数"]]
    rows += [[a, av, c, cv] for (a, av), (c, cv) in zip(income, outlay)]
    rows.append(["收入总计", "3064.82", "支出总计", "3064.82"])
    projects = [["项目名称", "功能分类科目", "金额", "绩效目标"],
                ["边境巡逻管控", "2040202", "160.00", "全年组织边境巡逻不少于280次"],
                ["巡逻艇维修保养", "2040299", "150.00", "在用巡逻艇完好率不低于85%"],
                ["合计", "", "310.00", ""]]
    body = ["<h1>%s2022年部门预算</h1>" % AGENCY,
            "<p>公开时间：2022年3月18日</p>",
            "<h2>一、收支预算总体情况</h2>",
            "<p>2022年部门收入预算3064.82万元，其中一般公共预算拨款收入2864.82万元，其他收入200.00万元。</p>",
            "<p>收入总计 3,064.82（单位：万元）</p>",
            "<h2>二、部门预算表</h2>",
            "<p>表一 %s2022年收支总表</p><p>单位：万元</p>" % AGENCY, plain(rows),
            "<p>表三 %s2022年项目支出预算表</p><p>单位：万元</p>" % AGENCY, plain(projects),
            "<h2>三、项目支出绩效目标表</h2>"]
    for name, funds, goal, inds in PERF[2022]:
        body.append("<p>%s2022年项目支出绩效目标表</p>" % AGENCY)
        body.append(budgetgen.table_html(budgetgen.indicator_table(name, funds, goal, inds)[0]))
    page = budgetgen.page("%s2022年部门预算" % AGENCY, "\n".join(body))
    write_bytes(rel, page.encode("utf-8"))


def make_notice_pdf(rel):
    """岭东省财政厅 notice, written to a file WITHOUT a .pdf extension."""
    import minipdf
    doc = cjk_doc()
    f = minipdf.Flow(doc)
    f.space(30)
    f.line("岭东省财政厅", 22, "center", leading=36)
    f.line("岭财预〔2024〕8号", 11, "center", leading=22)
    f.space(10)
    f.line("岭东省财政厅关于做好2024年部门预算公开工作的通知", 14, "center", leading=26)
    f.space(10)
    f.line("各省直部门，各地级以上市财政局：", 11, leading=20)
    f.para("为进一步提高预算透明度，根据《中华人民共和国预算法》及其实施条例有关规定，现就做好2024年部门预算公开工作通知如下。", 11)
    f.para("一、公开时间。部门预算应当在财政部门批复后20日内向社会公开。", 11)
    f.para("二、公开内容。包括部门收支总表、一般公共预算支出表、项目支出预算表及政府采购预算情况。", 11)
    f.para("三、公开范围。除涉密信息外，所有使用财政资金的部门均应公开，金额统一以“单位：万元”列示。", 11)
    f.para("四、工作要求。请各部门于2024年3月31日前将公开情况报送省财政厅预算处。", 11)
    f.space(30)
    f.line("岭东省财政厅", 11, "right", leading=20)
    f.line("2024年2月26日", 11, "right", leading=20)
    f.finish()
    save_pdf(rel, doc, "关于做好2024年部门预算公开工作的通知", "岭东省财政厅", "通知",
             "D:20240226100000+08'00'")


def make_en_award_pdf(rel):
    import minipdf
    doc = minipdf.Document(latin=True)
    f = minipdf.Flow(doc, fontkey="latin", footer="Page %d")
    mm = 72 / 25.4
    H1 = lambda s: (f.space(6), f.line(s, 13, leading=22))
    P = lambda s: f.para(s, 10.5)
    f.line("Port Calder Harbour Authority", 18, "center", leading=28)
    f.line("Notice of Contract Award", 12, "center", leading=20)
    f.space(8)
    H1("1. Contract details")
    P("Contract number: PCHA-2024-041")
    P("Title: Supply of Two 12-Metre Aluminium Patrol Vessels")
    P("Procedure: Open tender, published 4 January 2024")
    P("Contracting authority: Port Calder Harbour Authority, Marine Operations Division")
    H1("2. Award")
    P("Date of award decision: 18 April 2024")
    P("Number of tenders received: 4")
    P("Awarded to: Calder Marine Systems Ltd, 22 Wharf Road, Port Calder")
    P("Total contract value: USD 1,284,500.00 (excluding sales tax)")
    P("Delivery: both vessels to be delivered by 30 September 2024.")
    H1("3. Tenders received")
    f.table([["Tenderer", "Tendered price (USD)", "Technical score", "Rank"],
             ["Calder Marine Systems Ltd", "1,284,500.00", "86.5", "1"],
             ["Northsound Boatworks Inc.", "1,241,900.00", "71.0", "2"],
             ["Bay Aluminium Craft Pty Ltd", "1,398,000.00", "80.5", "3"],
             ["Westline Marine Co.", "1,455,250.00", "62.0", "4"]],
            [62 * mm, 40 * mm, 34 * mm, 20 * mm], numcols=(1, 2, 3))
    f.new_page()
    H1("4. Review procedure")
    P("Unsuccessful tenderers may request a debriefing within 10 working days of this notice. "
      "Complaints about the award decision may be lodged with the Port Calder Procurement Review Board, "
      "which will acknowledge each complaint in writing.")
    H1("5. Contact")
    P("Procurement Officer: Dana Whitfield, procurement@example.org")
    P("Notice published: 22 April 2024")
    f.finish()
    save_pdf(rel, doc, "Notice of Contract Award PCHA-2024-041", "Port Calder Harbour Authority",
             "Contract award", "D:20240422090000Z", lang="en")


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

AWARD_HTML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>东滨市公安局边境管理支队边境地区人脸识别及车辆卡口系统建设项目中标（成交）结果公告</title>
<style type="text/css">
body{margin:0;font-family:"SimSun",serif;}
.gg-body{width:960px;margin:0 auto;font-size:14px;line-height:28px;}
.gg-table{border-collapse:collapse;width:100%;}
.gg-table td,.gg-table th{border:1px solid #999;padding:4px 6px;}
</style>
<script type="text/javascript" src="/static/js/jquery.min.js"></script>
<script type="text/javascript">
var ggPageConfig = {siteId: "dbggzy", channel: "zbgg"};
function ggTrackVisit(id){ if(window.console){ console.log("visit:" + id); } }
document.write("<div class='ad'>广告位招商</div>");
</script>
</head>
<body>
<div class="top-nav"><a href="/">首页</a> &gt; <a href="/zfcg/">政府采购</a> &gt; <a href="/zfcg/zbgg/">中标公告</a></div>
<!-- 页面模板版本：gg-tpl-2019 -->
<div class="gg-body">
<h1>东滨市公安局边境管理支队边境地区人脸识别及车辆卡口系统建设项目中标（成交）结果公告</h1>
<p class="gg-date">公告日期：2024年5月20日&nbsp;&nbsp;来源：东滨市公共资源交易中心</p>
<p>一、项目编号：DBZC-2024-G-0317</p>
<p>二、项目名称：东滨市边境地区人脸识别及车辆卡口系统建设项目</p>
<p>三、中标（成交）信息</p>
<p>中标供应商：岭东安视智能科技有限公司</p>
<p>供应商地址：岭东省东滨市高新区创业路18号</p>
<p>中标金额：人民币贰仟陆佰伍拾万元整（￥26,500,000.00）</p>
<p>四、主要标的信息</p>
<table class="gg-table">
<tr><th>序号</th><th>名称</th><th>品牌</th><th>规格型号</th><th>数量</th><th>单价（元）</th></tr>
<tr><td>1</td><td>人脸识别前端摄像机</td><td>安视</td><td>AS-FR8200</td><td>120台</td><td>38,500.00</td></tr>
<tr><td>2</td><td>车辆卡口抓拍单元</td><td>安视</td><td>AS-VK6100</td><td>46套</td><td>215,000.00</td></tr>
<tr><td>3</td><td>边境卡口管理平台软件</td><td>安视</td><td>ASP-BK V3.0</td><td>1套</td><td>7,680,000.00</td></tr>
<tr><td>4</td><td>系统集成及安装调试</td><td>/</td><td>/</td><td>1项</td><td>4,310,000.00</td></tr>
</table>
<p>五、评审专家名单：陈立新、周敏、黄海燕、刘建国、吴晓东（采购人代表）</p>
<p>六、代理服务收费标准及金额：按国家有关规定向中标供应商收取，金额为15.80万元。</p>
<p>七、公告期限：自本公告发布之日起1个工作日。</p>
<p>八、凡对本次公告内容提出询问，请按以下方式联系。</p>
<p>1.采购人：东滨市公安局边境管理支队</p>
<p>地址：东滨市滨江路96号</p>
<p>2.采购代理机构：岭东华信招标代理有限公司</p>
<p>地址：东滨市新城大道201号华信大厦9楼</p>
<p>3.项目联系人：张喆</p>
</div>
<div class="footer">主办单位：东滨市公共资源交易中心&nbsp;|&nbsp;<a href="javascript:ggTrackVisit('footer')">网站地图</a></div>
<script type="text/javascript">ggTrackVisit("DBZC-2024-G-0317");</script>
</body>
</html>
"""

EN_BUDGET_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>FY2024 Adopted Budget Summary &mdash; Port Calder City Council</title>
<style>
.budget-table { border-collapse: collapse; }
.budget-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
#cookie-banner { position: fixed; bottom: 0; }
</style>
<script>
window.dataLayer = window.dataLayer || [];
function pcTrackDownload(file) { window.dataLayer.push({event: "download", file: file}); }
</script>
</head>
<body>
<nav><a href="/">Home</a> / <a href="/finance/">Finance</a> / Budget</nav>
<main>
<h1>FY2024 Adopted Budget Summary</h1>
<p>The Port Calder City Council adopted the Fiscal Year 2024 budget on June 20, 2023.
The budget covers the period July 1, 2023 to June 30, 2024.</p>
<p>Total operating expenditure is $412.6 million, an increase of 4.2% over FY2023.</p>
<p>The largest increase is in Police &amp; Border Services, which receives $9.8 million more
to fund two new patrol vessels and the harbour camera network.</p>
<table class="budget-table">
<caption>Operating expenditure by department (USD thousands)</caption>
<thead>
<tr><th>Department</th><th>FY2023 Adopted</th><th>FY2024 Adopted</th><th>Change</th></tr>
</thead>
<tbody>
<tr><td>Police &amp; Border Services</td><td class="num">118,450</td><td class="num">128,250</td><td class="num">+9,800</td></tr>
<tr><td>Fire &amp; Emergency Management</td><td class="num">64,120</td><td class="num">66,300</td><td class="num">+2,180</td></tr>
<tr><td>Public Works</td><td class="num">92,700</td><td class="num">94,015</td><td class="num">+1,315</td></tr>
<tr><td>Parks, Libraries &amp; Culture</td><td class="num">38,905</td><td class="num">39,610</td><td class="num">+705</td></tr>
<tr><td>General Government</td><td class="num">81,800</td><td class="num">84,425</td><td class="num">+2,625</td></tr>
<tr><td><strong>Total</strong></td><td class="num"><strong>395,975</strong></td><td class="num"><strong>412,600</strong></td><td class="num"><strong>+16,625</strong></td></tr>
</tbody>
</table>
<p>Capital projects are reported separately in the FY2024&ndash;FY2028 Capital Improvement Plan.</p>
<p>Budget director: Renée Okafor — Office of Management &amp; Budget.</p>
<p lang="zh">本预算摘要另有中文版本，可向市政厅服务台索取。</p>
<p>Questions: contact the Budget Office at budget@example.org.</p>
</main>
<div id="cookie-banner">This site uses cookies. <button onclick="pcTrackDownload('cookie')">OK</button></div>
</body>
</html>
"""

# ---------------------------------------------------------------------------
# OOXML (hand-written, deterministic zip)
# ---------------------------------------------------------------------------


def zip_bytes(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def core_props(title, creator):
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:creator>%s</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-15T09:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-15T09:00:00Z</dcterms:modified>'
            '</cp:coreProperties>' % (xesc(title), xesc(creator)))


ROOT_RELS = (XML_DECL +
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
             '</Relationships>')


def w_run(text, bold=False):
    rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/>%s</w:rPr>' % ("<w:b/>" if bold else "")
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, xesc(text))


def w_par(runs, style=None, center=False):
    ppr = ""
    if style or center:
        ppr = "<w:pPr>%s%s</w:pPr>" % ('<w:pStyle w:val="%s"/>' % style if style else "",
                                       '<w:jc w:val="center"/>' if center else "")
    if isinstance(runs, str):
        runs = [(runs, False)]
    return "<w:p>%s%s</w:p>" % (ppr, "".join(w_run(t, b) for t, b in runs))


def w_table(rows, widths):
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in widths)
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
           '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
           '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
           '</w:tblPr><w:tblGrid>%s</w:tblGrid>' % grid]
    for i, r in enumerate(rows):
        out.append("<w:tr>")
        for w, cell in zip(widths, r):
            out.append('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>'
                       % (w, w_par([(cell, i == 0)], center=True)))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


JOB_POSITIONS = [
    ("岗位代码", "岗位名称", "招聘人数", "学历要求", "专业要求", "年龄要求", "其他条件"),
    ("A01", "出入境证件受理员", 3, "大专及以上", "不限", "年龄不超过30周岁", "熟练使用办公软件"),
    ("A02", "外语翻译（越南语）", 1, "本科及以上", "越南语", "年龄不超过35周岁", "持外语翻译证书者优先"),
    ("A03", "船艇驾驶员", 2, "高中（中专）及以上", "不限", "年龄不超过30周岁", "持有内河船舶驾驶证书"),
]
JOB_ORG = "东滨市公安局出入境管理服务中心"
JOB_TITLE = JOB_ORG + "2024年公开招聘编外工作人员公告"


def make_job_docx(rel):
    body = [
        w_par(JOB_TITLE, style="Title", center=True),
        w_par("根据工作需要，经研究决定，%s面向社会公开招聘编外工作人员6名。现将有关事项公告如下：" % JOB_ORG),
        w_par([("一、招聘岗位及人数", True)]),
        w_par("本次招聘岗位共3个，具体岗位及条件见下表。"),
        w_table([[str(c) for c in r] for r in JOB_POSITIONS], [900, 2100, 900, 1500, 900, 1700, 2000]),
        w_par([("二、报名条件", True)]),
        w_par("（一）具有中华人民共和国国籍，遵守宪法和法律；"),
        # deliberately split across runs, as Word does after editing
        w_par([("（二）", False), ("年龄不超过30周岁", True), ("（1993年4月1日以后出生），外语翻译岗位年龄不超过35周岁；", False)]),
        w_par("（三）身体健康，具有正常履行职责的身体条件。"),
        w_par([("三、报名时间及方式", True)]),
        w_par([("报名时间：", False), ("2024年4月1日至4月10日", False), ("（工作日上午8:30—12:00，下午14:30—17:30）。", False)]),
        w_par("报名地点：东滨市滨江路96号出入境管理服务中心二楼人事科。"),
        w_par([("四、考试与考察", True)]),
        w_par("考试分笔试和面试，笔试成绩占40%，面试成绩占60%，按综合成绩从高分到低分确定考察人选。"),
        w_par([("五、薪酬待遇", True)]),
        w_par("试用期月工资不低于４２００元，转正后按编外人员薪酬管理办法执行，依法缴纳社会保险和住房公积金。"),
        w_par("咨询电话：请在工作时间拨打中心人事科电话，联系人：王老师。"),
        w_par(JOB_ORG),
        w_par("2024年3月25日"),
    ]
    document = (XML_DECL +
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<w:body>%s<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/>'
                '</w:sectPr></w:body></w:document>' % "".join(body))
    styles = (XML_DECL +
              '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/>'
              '<w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
              '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>'
              '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
              '</w:styles>')
    ctypes = (XML_DECL +
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
              '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
              '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '</Types>')
    doc_rels = (XML_DECL +
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                '</Relationships>')
    write_bytes(rel, zip_bytes([
        ("[Content_Types].xml", ctypes),
        ("_rels/.rels", ROOT_RELS % "word/document.xml"),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles),
        ("docProps/core.xml", core_props(JOB_TITLE, JOB_ORG)),
    ]))


def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def make_budget_xlsx(rel, year=2024):
    """Two sheets: 收支总表 and 支出预算表.  Strings in sharedStrings.xml, numbers
    as <v> with style 1 (numFmtId 4, '#,##0.00'); one formula with cached value;
    one inline string; merged title rows."""
    b = BUDGET[year]
    sst = []
    sst_index = {}

    def si(s):
        if s not in sst_index:
            sst_index[s] = len(sst)
            sst.append(s)
        return sst_index[s]

    def cell(ref, v, style=0):
        if v is None or v == "":
            return ""
        if isinstance(v, tuple) and v[0] == "f":       # formula with cached value
            return '<c r="%s" s="1"><f>%s</f><v>%s</v></c>' % (ref, v[1], v[2])
        if isinstance(v, tuple) and v[0] == "inline":
            return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, xesc(v[1]))
        if isinstance(v, (int, float)):
            return '<c r="%s" s="1"><v>%s</v></c>' % (ref, '%.15g' % v)  # as Excel writes: 220 not 220.0
        return '<c r="%s" t="s"%s><v>%d</v></c>' % (ref, ' s="%d"' % style if style else "", si(v))

    def sheet(rows, merges, cols):
        xml = [XML_DECL, '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
               '<cols>%s</cols>' % "".join('<col min="%d" max="%d" width="%g" customWidth="1"/>' % (i + 1, i + 1, w)
                                           for i, w in enumerate(cols)), '<sheetData>']
        for ri, r in enumerate(rows):
            cells = "".join(cell("%s%d" % (col_letter(ci), ri + 1), v, 2 if ri == 0 else 0) for ci, v in enumerate(r))
            xml.append('<row r="%d">%s</row>' % (ri + 1, cells))
        xml.append('</sheetData>')
        if merges:
            xml.append('<mergeCells count="%d">%s</mergeCells>' % (len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
        xml.append('</worksheet>')
        return "".join(xml)

    num = lambda s: float(s) if s else None
    r1 = [["%s%d年收支总表" % (AGENCY, year)], ["", "", "", "单位：万元"],
          ["收入项目", "预算数", "支出项目", "预算数"]]
    for (a, av), (c, cv) in zip(b["income"], b["outlay"]):
        r1.append([a, num(av), c, num(cv)])
    r1.append(["收入总计", ("f", "SUM(B4:B7)", b["total"]), "支出总计", ("f", "SUM(D4:D7)", b["total"])])
    s1 = sheet(r1, ["A1:D1"], [30, 14, 32, 14])

    r2 = [["%s%d年一般公共预算支出表" % (AGENCY, year)], ["", "", "", "", "单位：万元"],
          ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    for code, name, tot, basic, proj in b["func"]:
        r2.append([code, name, num(tot), num(basic), num(proj)])   # codes are TEXT cells
    r2.append(["合计", "", num(b["func_total"][0]), num(b["func_total"][1]), num(b["func_total"][2])])
    r2.append([("inline", "注：本表按《%d年政府收支分类科目》编制。" % year)])
    s2 = sheet(r2, ["A1:E1"], [12, 34, 12, 12, 12])

    sst_xml = (XML_DECL + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
               % (len(sst), len(sst), "".join("<si><t>%s</t></si>" % xesc(s) for s in sst)))
    styles = (XML_DECL +
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
              '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
              '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
              '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
              '</styleSheet>')
    workbook = (XML_DECL +
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="收支总表" sheetId="1" r:id="rId1"/><sheet name="支出预算表" sheetId="2" r:id="rId2"/></sheets>'
                '</workbook>')
    wb_rels = (XML_DECL +
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
               '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
               '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
               '</Relationships>')
    ctypes = (XML_DECL +
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
              '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '</Types>')
    write_bytes(rel, zip_bytes([
        ("[Content_Types].xml", ctypes),
        ("_rels/.rels", ROOT_RELS % "xl/workbook.xml"),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/worksheets/sheet1.xml", s1),
        ("xl/worksheets/sheet2.xml", s2),
        ("xl/sharedStrings.xml", sst_xml),
        ("xl/styles.xml", styles),
        ("docProps/core.xml", core_props("%s%d年部门预算表" % (AGENCY, year), AGENCY)),
    ]))


# ---------------------------------------------------------------------------
# XLS (BIFF8 via xlwt; strings go to the SST)
# ---------------------------------------------------------------------------


def make_job_xls(rel):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    title = xlwt.easyxf("font: bold on, height 320; align: horiz center")
    head = xlwt.easyxf("font: bold on; borders: left thin, right thin, top thin, bottom thin; align: horiz center")
    cellf = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    ws = wb.add_sheet("岗位表")
    ws.write_merge(0, 0, 0, 6, JOB_ORG + "2024年公开招聘编外工作人员岗位表", title)
    for ci, h in enumerate(JOB_POSITIONS[0]):
        ws.write(1, ci, h, head)
    for ri, r in enumerate(JOB_POSITIONS[1:], start=2):
        for ci, v in enumerate(r):
            ws.write(ri, ci, v, cellf)          # 招聘人数 is a NUMBER (int) cell
    ws.write(5, 0, "合计", cellf)
    ws.write(5, 2, 6, cellf)
    ws.write(7, 0, "报名时间：2024年4月1日至4月10日")
    ws.write(8, 0, "笔试成绩占比")
    ws.write(8, 1, 0.4)                      # float cells (FreeXL: DOUBLE)
    ws.write(9, 0, "面试成绩占比")
    ws.write(9, 1, 0.6)
    for ci, w in enumerate([10, 22, 10, 20, 10, 18, 24]):
        ws.col(ci).width = w * 256
    ws2 = wb.add_sheet("填表说明")
    notes = ["1. 年龄计算截止时间为2024年4月1日。",
             "2. 学历须在2024年7月31日前取得相应毕业证书。",
             "3. 每名考生限报1个岗位。",
             "4. 报名咨询：出入境管理服务中心人事科。"]
    for i, n in enumerate(notes):
        ws2.write(i, 0, n)
    ws2.col(0).width = 60 * 256
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(rel, buf.getvalue())


# ---------------------------------------------------------------------------
# Plain-text documents
# ---------------------------------------------------------------------------

TING_NOTICE_UTF8 = """岭东省公安厅关于做好2024年度边境管理经费绩效自评工作的通知

岭公边〔2024〕12号

各地级以上市公安局边境管理支队：

为加强边境管理经费使用管理，提高财政资金使用效益，根据省财政厅预算绩效管理有关要求，现就做好2024年度边境管理经费绩效自评工作通知如下。

一、自评范围
2024年度省级下达的边境管理补助经费，共涉及资金１２，３４５．６７万元，全部纳入自评范围。

二、自评内容
（一）资金到位及使用情况；
（二）巡逻艇购置、边境智能管控系统等项目的产出和效益指标完成情况；
（三）非法入境人员遣返工作完成情况，遣返率目标为95%。

三、时间安排
请于2024年7月31日前完成自评，并将自评报告报送省厅边防管理总队。

四、有关要求
各单位要如实填报绩效自评表，对自评结果弄虚作假的，将予以通报。

联系人：边防管理总队财务科 周敏

岭东省公安厅
2024年6月3日
"""

JU_NOTICE_GB18030 = """东滨市公安局关于开展2024年边境地区“清边”专项行动的通知

东公〔2024〕45号

各分局、边境管理支队、各边境派出所：

为进一步维护边境地区治安秩序，严厉打击非法入境、非法居留、非法就业等违法犯罪活动，市局决定自2024年4月15日起至2024年10月31日止，在全市边境地区开展“清边”专项行动。现将有关事项通知如下：

一、工作目标
专项行动期间，全市查处“三非”外国人案件不少于40起，遣返率达到95%以上，边境巡逻频次较上年提高20%。

二、工作措施
（一）强化边境巡逻。船艇大队每周开展江面联合巡逻不少于３次。
（二）加强卡口查控。充分运用人脸识别和车辆卡口系统，对进出边境管理区的人员车辆开展比对核查。
（三）开展清查整治。对边境沿线出租屋、工地、渔船开展集中清查。

三、经费保障
专项行动所需经费从边境管理支队2024年部门预算“涉外案件执法办案”项目（128.30万元）中列支。

四、工作要求
各单位要于每月5日前报送上月工作情况，专项行动结束后10日内报送总结。

联系人：边境管理支队边境管控科 陈㛃

东滨市公安局
2024年4月8日
"""

HIRE_LIST_BOM = """东滨市公安局出入境管理服务中心2024年公开招聘编外工作人员拟聘用人员公示

根据《东滨市公安局出入境管理服务中心2024年公开招聘编外工作人员公告》，经笔试、面试、考察和体检，现将拟聘用人员名单公示如下：

序号　岗位代码　岗位名称　姓名　性别　综合成绩
1　A01　出入境证件受理员　林晓雯　女　86.40
2　A01　出入境证件受理员　郑浩然　男　84.15
3　A01　出入境证件受理员　何佳怡　女　83.90
4　A02　外语翻译（越南语）　黄思远　男　88.25
5　A03　船艇驾驶员　梁志强　男　81.70
6　A03　船艇驾驶员　罗振宇　男　80.35

公示期：2024年5月8日至5月14日（５个工作日）。
公示期间如有异议，请以书面形式向东滨市公安局出入境管理服务中心人事科反映。

东滨市公安局出入境管理服务中心
2024年5月7日
"""

PROCUREMENT_INTENT_UTF16 = """东滨市公安局边境管理支队2024年5至6月政府采购意向

为便于供应商及时了解政府采购信息，根据财政部《关于开展政府采购意向公开工作的通知》等有关规定，现将本单位2024年5至6月采购意向公开如下：

序号\t采购项目名称\t采购需求概况\t预算金额（万元）\t预计采购时间
1\t巡逻艇购置\t采购12米级铝合金巡逻艇2艘，含随船设备及驾驶培训\t223.00\t2024年5月
2\t边境智能管控系统运维\t对边境智能管控系统前端设备及平台提供一年运维服务\t312.60\t2024年6月

本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。
English summary: Procurement intentions May-June 2024, total budget CNY 5,356,000.

东滨市公安局边境管理支队
2024年4月22日
"""

TAIWAN_BIG5 = """中華民國113年度中央政府總預算（摘錄）
歲出機關別預算表
（示例資料，數字均為虛構）
單位：新臺幣千元

款  項  名稱                          本年度預算數      上年度預算數      比較增減
17      海洋委員會主管                  31,482,650        29,875,310      1,607,340
    1   海洋委員會                       1,204,380         1,150,220         54,160
    2   海巡署及所屬                    28,916,470        27,402,890      1,513,580
    3   海洋保育署                       1,361,800         1,322,200         39,600
18      內政部移民署                     5,873,120         5,610,940        262,180

說明：
一、海巡署及所屬增列新建巡防艇經費1,200,000千元。
二、移民署增列國境線上查驗設備汰換經費185,000千元。
"""

CONTRACTS_CSV = """合同编号,合同名称,采购人,供应商,合同金额（元）,签订日期,公告日期
DBZC-2024-G-0317-HT,东滨市边境地区人脸识别及车辆卡口系统建设项目合同,东滨市公安局边境管理支队,岭东安视智能科技有限公司,"26,500,000.00",2024-05-28,2024-05-30
DBZC-2024-G-0288-HT,巡逻艇购置合同,东滨市公安局边境管理支队,东滨海工船舶有限公司,"2,186,000.00",2024-06-12,2024-06-14
DBZC-2024-F-0105-HT,边境智能管控系统运维服务合同,东滨市公安局边境管理支队,岭东数智信息技术有限公司,"3,098,000.00",2024-06-20,2024-06-21
DBZC-2024-G-0142-HT,"执法记录仪采购（含""一体化""管理平台，分两批交付）",东滨市公安局,岭东警翼科技有限公司,"1,476,500.00",2024-07-03,2024-07-05
"""


def make_projects_csv():
    b = BUDGET[2024]
    names = {r[0]: r[1] for r in b["func"]}
    lines = ["功能分类科目编码,功能分类科目名称,项目名称,金额（万元）,绩效目标"]
    for name, code, amt, target in b["projects"]:
        lines.append("%s,%s,%s,%s,%s" % (code, names[code], name, amt, target))
    lines.append(",,合计,%s," % b["projects_total"])
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# OCDS JSON (fictional data, OCDS 1.1)
# ---------------------------------------------------------------------------

OCID_PREFIX = "ocds-x9t2wl"   # fictional prefix
PUBLISHER = {"name": "东滨市公共资源交易中心", "uri": "https://example.gov.cn/ggzy/"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
POLICY = "https://example.gov.cn/ggzy/ocds/publication-policy.html"

BUYER_PARTY = {
    "id": "DB-ORG-0001", "name": AGENCY, "roles": ["buyer"],
    "address": {"streetAddress": "滨江路96号", "locality": "东滨市", "region": "岭东省", "countryName": "中国"},
    "contactPoint": {"name": "装备财务科", "email": "zb@example.gov.cn"},
}
AGENT_PARTY = {"id": "DB-ORG-0210", "name": "岭东华信招标代理有限公司", "roles": ["procuringEntity"],
               "address": {"streetAddress": "新城大道201号华信大厦9楼", "locality": "东滨市", "countryName": "中国"}}
SUPPLIER_PARTY = {"id": "DB-ORG-1377", "name": "岭东安视智能科技有限公司", "roles": ["supplier", "tenderer"],
                  "address": {"streetAddress": "高新区创业路18号", "locality": "东滨市", "countryName": "中国"}}
KAKOU = "东滨市边境地区人脸识别及车辆卡口系统建设项目"


def ref(p):
    return {"id": p["id"], "name": p["name"]}


def make_ocds():
    ocid = OCID_PREFIX + "-DBZC-2024-G-0317"
    tender = {
        "id": "DBZC-2024-G-0317", "title": KAKOU,
        "description": "建设边境地区人脸识别前端、车辆卡口抓拍单元及边境卡口管理平台",
        "status": "active", "procuringEntity": ref(AGENT_PARTY),
        "value": {"amount": 27000000, "currency": "CNY"},
        "procurementMethod": "open", "procurementMethodDetails": "公开招标",
        "mainProcurementCategory": "goods",
        "tenderPeriod": {"startDate": "2024-04-18T09:00:00+08:00", "endDate": "2024-05-10T09:30:00+08:00"},
        "numberOfTenderers": 5,
    }
    r1 = {"ocid": ocid, "id": ocid + "-tender-20240418", "date": "2024-04-18T09:00:00+08:00",
          "tag": ["tender"], "initiationType": "tender", "language": "zh",
          "parties": [BUYER_PARTY, AGENT_PARTY], "buyer": ref(BUYER_PARTY), "tender": tender}
    tender2 = dict(tender, status="complete")
    award = {"id": "DBZC-2024-G-0317-A1", "title": KAKOU + "中标结果", "status": "active",
             "date": "2024-05-20T10:00:00+08:00",
             "value": {"amount": 26500000, "currency": "CNY"},
             "suppliers": [ref(SUPPLIER_PARTY)],
             "items": [
                 {"id": "1", "description": "人脸识别前端摄像机", "quantity": 120,
                  "unit": {"name": "台", "value": {"amount": 38500, "currency": "CNY"}}},
                 {"id": "2", "description": "车辆卡口抓拍单元", "quantity": 46,
                  "unit": {"name": "套", "value": {"amount": 215000, "currency": "CNY"}}},
                 {"id": "3", "description": "边境卡口管理平台软件", "quantity": 1,
                  "unit": {"name": "套", "value": {"amount": 7680000, "currency": "CNY"}}},
                 {"id": "4", "description": "系统集成及安装调试", "quantity": 1,
                  "unit": {"name": "项", "value": {"amount": 4310000, "currency": "CNY"}}}]}
    r2 = {"ocid": ocid, "id": ocid + "-award-20240520", "date": "2024-05-20T10:00:00+08:00",
          "tag": ["award"], "initiationType": "tender", "language": "zh",
          "parties": [BUYER_PARTY, AGENT_PARTY, SUPPLIER_PARTY], "buyer": ref(BUYER_PARTY),
          "tender": tender2, "awards": [award]}
    contract = {"id": "DBZC-2024-G-0317-HT", "awardID": award["id"], "title": KAKOU + "合同",
                "status": "active", "value": {"amount": 26500000, "currency": "CNY"},
                "period": {"startDate": "2024-06-01T00:00:00+08:00", "endDate": "2024-12-31T23:59:59+08:00"},
                "dateSigned": "2024-05-28T15:00:00+08:00"}
    r3 = {"ocid": ocid, "id": ocid + "-contract-20240530", "date": "2024-05-30T09:00:00+08:00",
          "tag": ["contract"], "initiationType": "tender", "language": "zh",
          "parties": [BUYER_PARTY, SUPPLIER_PARTY], "buyer": ref(BUYER_PARTY), "contracts": [contract]}
    pkg = {"uri": "https://example.gov.cn/ggzy/ocds/DBZC-2024-G-0317/releases.json",
           "version": "1.1", "publishedDate": "2024-05-30T09:00:00+08:00",
           "publisher": PUBLISHER, "license": LICENSE, "publicationPolicy": POLICY,
           "releases": [r1, r2, r3]}
    write_bytes("ocds_release_package_renlian_kakou.json",
                (json.dumps(pkg, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    # Record package: the 巡逻艇购置 (patrol boat) process, compiled release
    ocid2 = OCID_PREFIX + "-DBZC-2024-G-0288"
    boat_supplier = {"id": "DB-ORG-1402", "name": "东滨海工船舶有限公司", "roles": ["supplier", "tenderer"],
                     "address": {"streetAddress": "临港工业区船坞路6号", "locality": "东滨市", "countryName": "中国"}}
    base_url = "https://example.gov.cn/ggzy/ocds/DBZC-2024-G-0288/releases.json"
    compiled = {
        "ocid": ocid2, "id": ocid2 + "-compiled-20240614", "date": "2024-06-14T09:00:00+08:00",
        "tag": ["compiled"], "initiationType": "tender", "language": "zh",
        "parties": [BUYER_PARTY, boat_supplier], "buyer": ref(BUYER_PARTY),
        "planning": {"budget": {"description": "2024年部门预算项目支出：巡逻艇购置（功能分类科目2040299）",
                                "amount": {"amount": 2230000, "currency": "CNY"}}},
        "tender": {"id": "DBZC-2024-G-0288", "title": "巡逻艇购置项目", "status": "complete",
                   "value": {"amount": 2230000, "currency": "CNY"},
                   "procurementMethod": "selective", "procurementMethodDetails": "竞争性磋商",
                   "mainProcurementCategory": "goods",
                   "tenderPeriod": {"startDate": "2024-05-13T09:00:00+08:00", "endDate": "2024-05-24T09:30:00+08:00"}},
        "awards": [{"id": "DBZC-2024-G-0288-A1", "title": "巡逻艇购置项目成交结果", "status": "active",
                    "date": "2024-05-31T10:00:00+08:00",
                    "value": {"amount": 2186000, "currency": "CNY"}, "suppliers": [ref(boat_supplier)]}],
        "contracts": [{"id": "DBZC-2024-G-0288-HT", "awardID": "DBZC-2024-G-0288-A1", "title": "巡逻艇购置合同",
                       "status": "active", "value": {"amount": 2186000, "currency": "CNY"},
                       "dateSigned": "2024-06-12T10:00:00+08:00"}],
    }
    rec = {"uri": "https://example.gov.cn/ggzy/ocds/DBZC-2024-G-0288/record.json",
           "version": "1.1", "publishedDate": "2024-06-14T09:00:00+08:00",
           "publisher": PUBLISHER, "license": LICENSE, "publicationPolicy": POLICY,
           "packages": [base_url],
           "records": [{"ocid": ocid2,
                        "releases": [
                            {"url": base_url + "#" + ocid2 + "-tender-20240513", "date": "2024-05-13T09:00:00+08:00", "tag": ["tender"]},
                            {"url": base_url + "#" + ocid2 + "-award-20240531", "date": "2024-05-31T10:00:00+08:00", "tag": ["award"]},
                            {"url": base_url + "#" + ocid2 + "-contract-20240614", "date": "2024-06-14T09:00:00+08:00", "tag": ["contract"]}],
                        "compiledRelease": compiled}]}
    write_bytes("ocds_record_package_xunluoting.json",
                (json.dumps(rec, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------


def main():
    make_budget_pdf(2024, "bianjian_zhidui_2024_bumen_yusuan.pdf")
    write_bytes("bianjian_zhidui_2024_bumen_yusuan.pdf.url",
                b"https://example.gov.cn/dbgaj/bjzd/yjsgk/2024/bumen_yusuan_2024.pdf\n")
    make_budget_pdf(2023, "2023/bianjian_zhidui_2023_bumen_yusuan.pdf")
    make_budget_html_2022("2022/bianjian_zhidui_2022_bumen_yusuan.html")
    make_notice_pdf("caizhengting_yusuan_gongkai_tongzhi.bin")
    make_en_award_pdf("port_calder_award_notice_PCHA-2024-041.pdf")

    write_bytes("zhongbiao_gonggao_renlian_kakou_gbk.html", AWARD_HTML.encode("gbk"))
    write_bytes("port_calder_budget_summary_fy2024.html", EN_BUDGET_HTML.encode("utf-8"))

    make_job_docx("招聘公告_出入境管理服务中心_2024.docx")
    make_job_xls("zhaopin_gangwei_biao_2024.xls")
    make_budget_xlsx("bianjian_zhidui_2024_yusuan_biao.xlsx")

    write_text("caigou_hetong_gongshi_2024.csv", CONTRACTS_CSV, "utf-8")
    write_text("xiangmu_zhichu_mingxi_2024_gb18030.csv", make_projects_csv(), "gb18030", newline="\r\n")

    write_text("gongan_ting_jixiao_ziping_tongzhi.txt", TING_NOTICE_UTF8, "utf-8")
    write_text("nipinyong_renyuan_gongshi_bom.txt", HIRE_LIST_BOM, "utf-8", bom=b"\xef\xbb\xbf")
    write_text("qingbian_zhuanxiang_xingdong_tongzhi_gb18030.txt", JU_NOTICE_GB18030, "gb18030")
    write_text("taiwan_zongyusuan_113_big5.txt", TAIWAN_BIG5, "big5", newline="\r\n")
    write_text("caigou_yixiang_2024_utf16le.txt", PROCUREMENT_INTENT_UTF16, "utf-16-le", newline="\r\n",
               bom=b"\xff\xfe")
    make_ocds()


if __name__ == "__main__":
    main()
