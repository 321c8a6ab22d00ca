#!/usr/bin/python3
"""Budgets as structure, as a property.

Generates random budgets, each with 项目支出绩效目标表 (merged level-1 and
level-2 cells over random runs of rows, merged label and value cells,
targets in random forms, sometimes with the comparator and the unit in
columns of their own) and a 项目支出表 with a two-level header, and writes
each as HTML, as PDF and DOCX (LibreOffice from the HTML: real ruling
lines, vMerge and gridSpan) and as XLSX (openpyxl: mergeCells). Then:

  - the grid trawl rebuilds from every file (tests/prop/griddump) equals
    the generated one, cell for cell: position, rowspan, colspan and text
    (compared without spaces, which PDF adds between Chinese and digits);
  - the indicators trawl extracts from every file equal the generated
    ones: project, level 1, 2 and 3, target (comparator, number, unit, or
    the words of a qualitative one) and points.

Any difference is a failure, printed with its file.

    budget_grids.py TRAWL GRIDDUMP WORKDIR [NDOCS] [SEED]
"""
import json
import os
import random
import subprocess
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(ROOT, "tools", "mkexamples"))
import budgetgen as bg  # noqa: E402

TRAWL, GRIDDUMP, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
NDOCS = int(sys.argv[4]) if len(sys.argv) > 4 else 6
SEED = int(sys.argv[5]) if len(sys.argv) > 5 else 20241203

R = random.Random(SEED)

L1 = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["社会效益指标", "经济效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
NAMES = ["巡逻次数", "覆盖率", "遣返率", "结案率", "办理时限", "设备完好率", "培训人数", "查获人数",
         "群众满意度", "系统可用率", "响应时间", "完成率", "出勤率", "案件数量", "宣传场次",
         "边境派出所数量", "治安秩序", "违法犯罪发案率", "执法规范化水平", "信息录入及时率"]
PROJECTS = ["边境巡逻管控", "巡逻艇维修保养", "边境智能管控系统运维", "“三非”外国人查处及遣送遣返",
            "涉外案件执法办案", "出入境通道查验", "边民教育培训", "执法记录仪购置", "边境视频监控建设"]
QUAL = ["有效遏制", "全覆盖", "显著提升", "持续稳定", "逐步提高", "明显改善"]
UNITS = ["%", "次", "人", "个", "天", "艘", "小时", "场"]


def target():
    """(written, comparator column, unit column, canonical display)."""
    if R.random() < 0.2:
        q = R.choice(QUAL)
        return q, "定性", "", q
    unit = R.choice(UNITS)
    num = R.choice(["95", "10", "18", "30", "99.5", "100", "2", "360", "85"])
    cmp_ = R.choice(["≥", "≤", "="])
    sym = {"≥": "≥", "≤": "≤", "=": ""}[cmp_]
    canon = "%s%s%s" % (sym, num, unit)
    forms = {"≥": ["≥%s%s", "不少于%s%s", "不低于%s%s", "%s%s以上"],
             "≤": ["≤%s%s", "不超过%s%s", "%s%s以内"],
             "=": ["%s%s"]}[cmp_]
    return R.choice(forms) % (num, unit), cmp_ if cmp_ != "=" else "=", unit, canon


def indicators():
    out = []
    for l1 in R.sample(list(L1), R.randint(1, 3)):
        for l2 in R.sample(L1[l1], R.randint(1, min(2, len(L1[l1])))):
            for _ in range(R.randint(1, 3)):
                out.append((l1, l2, R.choice(NAMES) + str(len(out) + 1), target(),
                            str(R.choice([5, 10, 15, 20]))))
    return out


def budget(k):
    year = 2020 + k % 6
    agency = "东滨市公安局第%d边境管理大队" % (k + 1)
    projects = R.sample(PROJECTS, R.randint(1, 3))
    tables, perf, items = [], [], []
    for name in projects:
        funds = "%d.%02d" % (R.randint(10, 900), R.randint(0, 99))
        inds = indicators()
        split = R.random() < 0.4
        rows = []
        for (l1, l2, l3, (written, cmp_, unit, canon), pts) in inds:
            if split:
                num = written if cmp_ == "定性" else canon.lstrip("≥≤").rstrip(unit)
                rows.append((l1, l2, l3, (cmp_, num, "" if cmp_ == "定性" else unit), pts))
            else:
                rows.append((l1, l2, l3, written, pts))
            perf.append({"project": name, "level1": l1, "level2": l2, "level3": l3,
                         "target": canon, "points": pts})
        anchors, _ = bg.indicator_table(name, funds, "保障%s项目顺利实施，完成年度工作任务。" % name,
                                        rows, split=split, unit=agency)
        tables.append(("%s%d年项目支出绩效目标表" % (agency, year), anchors))
        items.append((name, "20402%02d" % R.randint(1, 99), funds, R.choice(["新增项目", "延续项目"])))
    tables.append(("%s%d年项目支出表" % (agency, year), bg.project_table(items)))
    return year, agency, tables, perf


def norm(s):
    return "".join(unicodedata.normalize("NFKC", s).split())


def grids_of(path):
    out = subprocess.run([GRIDDUMP, path], capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise SystemExit("griddump %s failed: %s" % (path, out.stderr))
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def compare_grids(path, tables):
    """Each generated table, in order, equals a rebuilt one (the tables of a
    file, in order, skipping none)."""
    # (an empty ordinary cell is a gap in a spreadsheet, a cell in HTML
    # and PDF: the same grid)
    got = [sorted((c[0], c[1], c[2], c[3], norm(c[4])) for c in t["cells"]
                  if c[4].strip() or c[2] > 1 or c[3] > 1) for t in grids_of(path)]
    want = [sorted((r, c, rs, cs, norm(t)) for (r, c, rs, cs, t) in a
                   if t.strip() or rs > 1 or cs > 1) for _, a in tables]
    problems = []
    if len(got) != len(want):
        problems.append("%s: %d tables rebuilt, %d generated" % (path, len(got), len(want)))
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            gs, ws = set(g), set(w)
            problems.append("%s: table %d differs: missing %s; unexpected %s" %
                            (path, k, sorted(ws - gs)[:4], sorted(gs - ws)[:4]))
    return problems


def write_xlsx(path, title, tables):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, (caption, anchors) in enumerate(tables):
        ws = wb.create_sheet("表%d" % (k + 1))
        for (r, c, rs, cs, t) in anchors:
            ws.cell(row=r + 1, column=c + 1, value=t)
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs,
                               end_column=c + cs)
    wb.properties.title = title
    wb.save(path)


def main():
    os.makedirs(WORK, exist_ok=True)
    docs = []
    html_paths = []
    for k in range(NDOCS):
        year, agency, tables, perf = budget(k)
        title = "%s%d年部门预算" % (agency, year)
        body = ["<h1>%s</h1>" % bg.esc(title)]
        for i, (caption, anchors) in enumerate(tables):
            # each table on a page of its own: the PDF keeps it whole
            style = ' style="page-break-before: always"' if i else ""
            body.append("<p%s>%s</p>" % (style, bg.esc(caption)))
            if "项目支出表" in caption:
                body.append("<p>单位：万元</p>")
            body.append(bg.table_html(anchors))
        path = os.path.join(WORK, "budget%02d.html" % k)
        with open(path, "w", encoding="utf-8") as f:
            f.write(bg.page(title, "\n".join(body)))
        html_paths.append(path)
        xlsx = os.path.join(WORK, "budget%02d.xlsx" % k)
        write_xlsx(xlsx, title, tables)
        docs.append((k, tables, perf, [path, xlsx]))
    pdfs = bg.soffice(html_paths, "pdf", WORK)
    docxs = bg.soffice(html_paths, "docx", WORK)
    for (k, tables, perf, files), pdf, docx in zip(docs, pdfs, docxs):
        files += [pdf, docx]
    problems = []
    for k, tables, perf, files in docs:
        for f in files:
            problems += compare_grids(f, tables)
    # the indicators, through the whole of trawl
    store = os.path.join(WORK, "store")
    subprocess.run([TRAWL, "--store", store, "add", WORK], check=True,
                   stdout=subprocess.DEVNULL, timeout=600)
    out = subprocess.run([TRAWL, "--store", store, "facts", "--kind", "indicator", "--json"],
                         capture_output=True, text=True, check=True, timeout=600).stdout
    got = {}
    for line in out.splitlines():
        f = json.loads(line)
        a = f.get("attrs", {})
        got.setdefault(os.path.basename(f["path"]), []).append(
            (norm(a.get("project", "")), a.get("level1", ""), a.get("level2", ""),
             norm(a.get("level3", "")), a.get("target", ""), a.get("points", "")))
    for k, tables, perf, files in docs:
        want = sorted((norm(p["project"]), p["level1"], p["level2"], norm(p["level3"]),
                       p["target"], p["points"]) for p in perf)
        for f in files:
            g = sorted(got.get(os.path.basename(f), []))
            if g != want:
                problems.append("%s: indicators differ: missing %s; unexpected %s" %
                                (f, sorted(set(want) - set(g))[:3], sorted(set(g) - set(want))[:3]))
    nind = sum(len(p) for _, _, p, _ in docs)
    ncells = sum(len(a) for _, t, _, _ in docs for _, a in t)
    for p in problems:
        print(p)
    print("%d budgets x 4 formats (seed %d): %d cells, %d indicators each; %d problems" %
          (NDOCS, SEED, ncells, nind, len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
