/* Tables rebuilt from PDF text: the PDF reader run on the fixtures of
 * tests/fixtures/pdf/ (made by make_fixtures.py there) and on the example
 * budget, checking rows, columns and cell texts. The fixtures are found
 * from $TRAWL_SRC or $ROOT (tests/run.sh sets it), else from the working
 * directory (the repository or a build folder in it). */
#include <stdlib.h>
#include "test.h"
#include "ingest/reader.h"
#include "ingest/doc.h"
#include "util/buf.h"

int test_failed;

static int find_file(const char *rel, char *out, size_t n)
{
	const char *env[] = { "TRAWL_SRC", "ROOT" };
	const char *up[] = { ".", "..", "../.." };
	size_t i;

	for (i = 0; i < 2 + 3; i++) {
		const char *dir = i < 2 ? getenv(env[i]) : up[i - 2];
		FILE *f;
		if (!dir || !*dir)
			continue;
		snprintf(out, n, "%s/%s", dir, rel);
		f = fopen(out, "rb");
		if (f) {
			fclose(f);
			return 1;
		}
	}
	return 0;
}

/* Reads a PDF into s; returns the reader's error, or -1 when the file is
 * missing. */
static int read_pdf(const char *rel, trawl__docset *s)
{
	char path[2048];
	trawl__buf data;
	trawl__input in;
	trawl_diag d;
	int rc;

	trawl__docset_init(s, 0);
	if (!find_file(rel, path, sizeof path))
		return -1;
	trawl__buf_init(&data, 0);
	memset(&d, 0, sizeof d);
	rc = trawl__read_path(path, &data, &d);
	if (rc) {
		trawl__buf_release(&data);
		return rc;
	}
	memset(&in, 0, sizeof in);
	in.path = path;
	in.data = data.data;
	in.len = data.len;
	rc = trawl__reader_pdf.read(&in, s, &d);
	trawl__buf_release(&data);
	return rc;
}

static trawl__unit *page(trawl__docset *s, int n)
{
	trawl__doc *d;
	if (s->docs.n != 1)
		return NULL;
	d = TRAWL_VEC_AT(&s->docs, trawl__doc *, 0);
	if (n < 1 || (size_t)n > d->units.n)
		return NULL;
	return TRAWL_VEC_AT(&d->units, trawl__unit *, n - 1);
}

static uint32_t ntables(const trawl__unit *u)
{
	uint32_t n = 0;
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->table + 1 > n)
			n = c->table + 1;
	}
	return n;
}

static uint32_t nrows(const trawl__unit *u, uint32_t t)
{
	uint32_t n = 0;
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->table == t && c->row + 1 > n)
			n = c->row + 1;
	}
	return n;
}

static uint32_t ncols(const trawl__unit *u, uint32_t t, uint32_t r)
{
	uint32_t n = 0;
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->table == t && c->row == r)
			n++;
	}
	return n;
}

/* The text of a cell, or "(none)". */
static const char *cell(const trawl__unit *u, uint32_t t, uint32_t r, uint32_t col)
{
	static char out[1024];
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->table == t && c->row == r && c->col == col) {
			snprintf(out, sizeof out, "%.*s", (int)(c->end - c->start),
			         u->nt.text.data + c->start);
			return out;
		}
	}
	return "(none)";
}

/* The row's cells joined by " | ", for a whole-row comparison. */
static const char *row(const trawl__unit *u, uint32_t t, uint32_t r)
{
	static char out[4096];
	size_t len = 0;
	uint32_t n = ncols(u, t, r);
	out[0] = '\0';
	for (uint32_t col = 0; col < n && len < sizeof out; col++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", col ? " | " : "",
		                        cell(u, t, r, col));
	return out;
}

/* Every table is laid out as the other readers do it: cells in order,
 * one tab per grid column between cells of a row (a merged cell spans
 * several), a newline after each row; no cell holds a tab or a newline;
 * every span lies within the text. */
static const char *layout_problem(const trawl__unit *u)
{
	const char *txt = u->nt.text.data;
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->end < c->start || c->end > u->nt.text.len)
			return "cell out of the text";
		for (uint32_t k = c->start; k < c->end; k++)
			if (txt[k] == '\t' || txt[k] == '\n')
				return "tab or newline inside a cell";
		if (i + 1 < u->cells.n) {
			const trawl__cell *d = &TRAWL_VEC_AT(&u->cells, trawl__cell, i + 1);
			if (d->table == c->table && d->row == c->row) {
				/* one tab per grid column between them */
				uint32_t k = d->col - c->col;
				if (d->col < c->col + c->colspan || d->start != c->end + k)
					return "cells of a row not parted by one tab a column";
				while (k--)
					if (txt[c->end + k] != '\t')
						return "cells of a row not parted by one tab a column";
			} else if (txt[c->end] != '\n') {
				return "row not ended by a newline";
			}
		}
	}
	for (size_t i = 0; i < u->spans.n; i++) {
		const trawl__span *s = &TRAWL_VEC_AT(&u->spans, trawl__span, i);
		if (s->end <= s->start || s->end > u->nt.text.len || s->x1 < s->x0 || s->y1 < s->y0)
			return "bad span";
	}
	return NULL;
}

/* "ok", or what is wrong on the first page where something is. */
static const char *layout(trawl__docset *s)
{
	trawl__doc *d = TRAWL_VEC_AT(&s->docs, trawl__doc *, 0);
	for (size_t i = 0; i < d->units.n; i++) {
		const char *why = layout_problem(TRAWL_VEC_AT(&d->units, trawl__unit *, i));
		if (why)
			return why;
	}
	return "ok";
}

#define READ(rel, s) do { int rc_ = read_pdf(rel, s); \
	if (rc_ == -1) { printf("FAIL %s: %s not found (set TRAWL_SRC)\n", test_name, rel); \
		test_failed = 1; trawl__docset_release(s); return; } \
	CHECK_INT(rc_, TRAWL_OK); } while (0)

TEST(pdftable_right_aligned_numbers)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/numbers.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 5);
	for (uint32_t r = 0; r < 5; r++)
		CHECK_INT(ncols(u, 0, r), 4);
	CHECK_STR(row(u, 0, 0), "收入项目 | 预算数 | 支出项目 | 预算数");
	CHECK_STR(row(u, 0, 1), "一、一般公共预算拨款收入 | 3321.07 | 一、公共安全支出 | 3104.55");
	CHECK_STR(row(u, 0, 3), "三、其他收入 | 12,345.60 | 三、住房保障支出 | -");
	CHECK_STR(row(u, 0, 4), "收入总计 | 15,666.67 | 支出总计 | 3336.71");
	CHECK(strstr(u->nt.text.data, "表一 收支总表\n单位:万元\n收入项目\t预算数\t") != NULL);
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_wrapped_cells)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/wrapped.pdf", &s);
	/* top-aligned, ruled: CJK pieces join without a space, Latin with */
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(nrows(u, 0), 5);
	CHECK_STR(row(u, 0, 1), "一般公共预算财政拨款收入 | 3321.07 | 公共安全支出 | 3104.55");
	CHECK_STR(row(u, 0, 2), "事业收入 | 0.00 | 社会保障和就业支出(养老) | 232.16");
	CHECK_STR(row(u, 0, 3), "Supply of patrol vessels | 120.00 | 卫生健康支出 | 98.12");
	/* amounts centred between the lines of a two- and three-line label */
	CHECK((u = page(&s, 2)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 4);
	CHECK_STR(row(u, 0, 1), "机关事业单位基本养老保险缴费支出 | 232.16 | 232.16 | ");
	CHECK_STR(row(u, 0, 2), "一般公共预算财政拨款收入安排的边境巡逻管控经费 | 186.40 |  | 186.40");
	CHECK_STR(row(u, 0, 3), "行政运行 | 2150.33 | 2150.33 | ");
	/* no ruling lines; the last column wraps */
	CHECK((u = page(&s, 3)) != NULL);
	CHECK_INT(nrows(u, 0), 4);
	CHECK_STR(row(u, 0, 1), "巡逻艇购置 | 2040299 | 223.00 | 新增巡逻艇2艘,于2024年9月30日前完成验收");
	CHECK_STR(row(u, 0, 2), "非法入境人员遣返项目 | 2040299 | 103.92 | 遣返率达到95%以上");
	/* tight rows and rows without amounts, with rules and without */
	for (int p = 4; p <= 5; p++) {
		CHECK((u = page(&s, p)) != NULL);
		CHECK_INT(nrows(u, 0), 7);
		CHECK_STR(row(u, 0, 1), "一、工资福利支出 |  |  | ");
		CHECK_STR(row(u, 0, 3), "机关事业单位基本养老保险缴费 | 50.00 | 50.00 | ");
		CHECK_STR(row(u, 0, 4), "二、商品和服务支出 |  |  | ");
		CHECK_STR(row(u, 0, 6), "合计 | 170.00 | 150.00 | 20.00");
	}
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_empty_cells)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/empty.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 6);
	for (uint32_t r = 0; r < 6; r++)
		CHECK_INT(ncols(u, 0, r), 5);
	CHECK_STR(row(u, 0, 0), "科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出");
	CHECK_STR(row(u, 0, 2), "2040201 | 行政运行 | 2150.33 | 2150.33 | ");
	CHECK_STR(row(u, 0, 3), "2040202 | 一般行政管理事务 | 186.40 |  | 186.40");
	CHECK_STR(row(u, 0, 4), " | 其他支出 | 10.00 |  | 10.00");
	CHECK_STR(row(u, 0, 5), "合计 |  | 3114.55 | 2150.33 | 964.22");
	CHECK(strstr(u->nt.text.data, "\n\t其他支出\t10.00\t\t10.00\n") != NULL);
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_prose_table_prose)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/mixed.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 3);
	CHECK_STR(row(u, 0, 0), "项目 | 2023年 | 2024年");
	CHECK_STR(row(u, 0, 2), "支出合计 | 3252.18 | 3541.07");
	CHECK_STR(u->nt.text.data,
	          "一、收支预算总体情况\n"
	          "2024年部门收入预算3541.07万元,其中一般公共预算拨款收入3321.07万元,\n"
	          "其他收入220.00万元。部门支出预算情况见下表。\n"
	          "项目\t2023年\t2024年\n"
	          "收入合计\t3252.18\t3541.07\n"
	          "支出合计\t3252.18\t3541.07\n"
	          "二、政府采购预算情况\n"
	          "2024年度政府采购预算总额535.60万元。\n");
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_two_column_prose_is_no_table)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/mixed.pdf", &s);
	CHECK((u = page(&s, 2)) != NULL);
	CHECK_INT(u->cells.n, 0);
	CHECK(strchr(u->nt.text.data, '\t') == NULL);
	CHECK(strstr(u->nt.text.data, "本支队内设综合科、政治处、边境\n") != NULL);
	CHECK(u->spans.n >= 10);
	trawl__docset_release(&s);
}

TEST(pdftable_two_tables_on_a_page)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/two_tables.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 2);
	CHECK_INT(nrows(u, 0), 3);
	CHECK_INT(nrows(u, 1), 4);
	CHECK_STR(row(u, 0, 2), "208 | 社会保障和就业支出 | 232.16");
	CHECK_STR(row(u, 1, 0), "项目名称 | 科目编码 | 金额 | 绩效目标");
	CHECK_STR(row(u, 1, 1), "巡逻艇购置 | 2040299 | 223.00 | 新增巡逻艇2艘");
	CHECK_STR(row(u, 1, 3), "合计 |  | 326.92 | ");
	CHECK(strstr(u->nt.text.data, "\n232.16\n") == NULL);
	CHECK(strstr(u->nt.text.data, "232.16\n表三 项目支出表\n单位:万元\n项目名称\t") != NULL);
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_example_budget)
{
	trawl__docset s;
	trawl__unit *u;

	READ("examples/bianjian_zhidui_2024_bumen_yusuan.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(u->cells.n, 0); /* prose */
	CHECK((u = page(&s, 2)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 6);
	CHECK_STR(row(u, 0, 1), "一、一般公共预算拨款收入 | 3321.07 | 一、公共安全支出 | 3104.55");
	CHECK_STR(row(u, 0, 5), "收入总计 | 3541.07 | 支出总计 | 3541.07");
	CHECK((u = page(&s, 3)) != NULL);
	CHECK_INT(ntables(u), 2);
	CHECK_INT(nrows(u, 0), 18);
	CHECK_STR(row(u, 0, 0), "科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出");
	CHECK_STR(row(u, 0, 10), "2080505 | 机关事业单位基本养老保险缴费支出 | 232.16 | 232.16 | ");
	CHECK_STR(row(u, 0, 17), "合计 |  | 3541.07 | 2586.85 | 954.22");
	CHECK_INT(nrows(u, 1), 7);
	CHECK_STR(row(u, 1, 4), "巡逻艇购置 | 2040299 | 223.00 | 新增巡逻艇2艘");
	CHECK_STR(row(u, 1, 6), "合计 |  | 954.22 | ");
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

TEST(pdftable_example_latin_table)
{
	trawl__docset s;
	trawl__unit *u;

	READ("examples/port_calder_award_notice_PCHA-2024-041.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_INT(nrows(u, 0), 5);
	CHECK_STR(row(u, 0, 0), "Tenderer | Tendered price (USD) | Technical score | Rank");
	CHECK_STR(row(u, 0, 1), "Calder Marine Systems Ltd | 1,284,500.00 | 86.5 | 1");
	CHECK_STR(row(u, 0, 4), "Westline Marine Co. | 1,455,250.00 | 62.0 | 4");
	/* prose keeps its spaces, no tabs */
	CHECK(strstr(u->nt.text.data, "Contract number: PCHA-2024-041\n") != NULL);
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

/* "row,col rowspan x colspan" of the cell of table t whose text is text,
 * or "(none)". */
static const char *where(const trawl__unit *u, uint32_t t, const char *text)
{
	static char out[64];
	for (size_t i = 0; i < u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->table == t && c->end - c->start == strlen(text) &&
		    !memcmp(u->nt.text.data + c->start, text, c->end - c->start)) {
			snprintf(out, sizeof out, "%u,%u %ux%u", c->row, c->col, c->rowspan, c->colspan);
			return out;
		}
	}
	return "(none)";
}

/* Ruled tables with merged cells, as LibreOffice draws them (a border is
 * one long stroke that stops where a merged cell begins): the grid the
 * borders draw, each merged cell one anchor with its spans, wrapped text
 * in its cell. */
TEST(pdftable_merged_cells_from_rules)
{
	trawl__docset s;
	trawl__unit *u;

	READ("tests/fixtures/pdf/merged_lo.pdf", &s);
	CHECK((u = page(&s, 1)) != NULL);
	CHECK_INT(ntables(u), 2);
	CHECK_INT(nrows(u, 0), 13);
	CHECK_STR(where(u, 0, "“三非”外国人查处及遣送遣返"), "0,1 1x5");
	CHECK_STR(where(u, 0, "东滨市公安局"), "1,1 1x2");
	CHECK_STR(where(u, 0, "实施单位"), "1,3 1x1");
	CHECK_STR(where(u, 0, "东滨市公安局边境管理支队"), "1,4 1x2");
	CHECK_STR(where(u, 0, "项目资金(万元)"), "2,0 3x1");
	CHECK_STR(where(u, 0, "其中:财政拨款"), "3,1 1x2");
	CHECK_STR(where(u, 0, "绩效指标"), "6,0 7x1");
	CHECK_STR(where(u, 0, "产出指标"), "7,1 4x1");
	CHECK_STR(where(u, 0, "数量指标"), "7,2 2x1");
	CHECK_STR(where(u, 0, "每所查获“三非”人员数"), "8,3 1x1");
	CHECK_STR(where(u, 0, "遣返率"), "9,3 1x1");
	CHECK_STR(where(u, 0, "≥95%"), "9,4 1x1");
	CHECK_STR(where(u, 0, "满意度指标"), "12,1 1x1");
	/* the goal wraps over lines, and stays one cell, before the indicators */
	CHECK_STR(where(u, 0, "依法查处非法入境、非法居留、非法就业外国人,及时遣送遣返,有效遏制“三"
	                "非”问题,维护边境地区社会稳定,确保边境管理区秩序良好。"), "5,1 1x5");
	CHECK(strstr(u->nt.text.data, "年度绩效目标\t依法查处") != NULL);
	/* a two-level header: 收入预算 over three columns */
	CHECK_STR(where(u, 1, "项目"), "0,0 2x1");
	CHECK_STR(where(u, 1, "收入预算"), "0,1 1x3");
	CHECK_STR(where(u, 1, "财政拨款收入"), "1,2 1x1");
	CHECK_STR(row(u, 1, 3), "社会保障和就业支出 | 232.16 | 212.16 | 20.00");
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

/* The demo budget's 项目支出绩效目标表 (minipdf: every cell draws its own
 * four borders). */
TEST(pdftable_example_performance_targets)
{
	trawl__docset s;
	trawl__unit *u;

	READ("examples/bianjian_zhidui_2024_bumen_yusuan.pdf", &s);
	CHECK((u = page(&s, 5)) != NULL);
	CHECK_INT(ntables(u), 1);
	CHECK_STR(where(u, 0, "非法入境人员遣返"), "0,1 1x5");
	CHECK_STR(where(u, 0, "产出指标"), "7,1 4x1");
	CHECK_STR(where(u, 0, "数量指标"), "7,2 2x1");
	CHECK_STR(where(u, 0, "遣返率"), "10,3 1x1");
	CHECK_STR(where(u, 0, "≥95%"), "10,4 1x1");
	CHECK_STR(where(u, 0, "服务对象满意度指标"), "12,2 1x1");
	CHECK_STR(layout(&s), "ok");
	trawl__docset_release(&s);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(pdftable_right_aligned_numbers);
	RUN(pdftable_wrapped_cells);
	RUN(pdftable_empty_cells);
	RUN(pdftable_prose_table_prose);
	RUN(pdftable_two_column_prose_is_no_table);
	RUN(pdftable_two_tables_on_a_page);
	RUN(pdftable_example_budget);
	RUN(pdftable_example_latin_table);
	RUN(pdftable_merged_cells_from_rules);
	RUN(pdftable_example_performance_targets);
	return failures ? 1 : 0;
}
