/* Budgets as structure (lib/facts/budget.c, grid.c): targets parsed from
 * their cells, indicators read through merged cells, a table continued on
 * the next page, projects from project tables and from prose, and the
 * grid's headers. Tables are built with the grid API the readers use. */
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "test.h"
#include "ingest/doc.h"
#include "facts/budget.h"
#include "facts/extract.h"
#include "facts/grid.h"
#include "text/text.h"

int test_failed;

/* ---- targets ---- */

typedef struct tgt {
	char cmp[3], num[TRAWL__DEC_MAX], hi[TRAWL__DEC_MAX], unit[16], disp[128];
	int kind;
} tgt;

static tgt parse(const char *v, const char *c, const char *u)
{
	tgt t;
	t.kind = trawl__parse_target(v, c, u, t.cmp, t.num, t.hi, t.unit, t.disp);
	return t;
}

#define CHECK_TGT(v, c, u, kind_, cmp_, num_, unit_, disp_) do { tgt t_ = parse(v, c, u); \
	CHECK_INT(t_.kind, kind_); CHECK_STR(t_.cmp, cmp_); CHECK_STR(t_.num, num_); \
	CHECK_STR(t_.unit, unit_); CHECK_STR(t_.disp, disp_); } while (0)

TEST(target_forms)
{
	CHECK_TGT("≥95%", NULL, NULL, 1, ">=", "95", "%", "≥95%");
	CHECK_TGT("不少于10人", NULL, NULL, 1, ">=", "10", "人", "≥10人");
	CHECK_TGT("不超过30天", NULL, NULL, 1, "<=", "30", "天", "≤30天");
	CHECK_TGT("18个", NULL, NULL, 1, "=", "18", "个", "18个");
	CHECK_TGT("18 个", NULL, NULL, 1, "=", "18", "个", "18个"); /* PDF spacing */
	CHECK_TGT("≤3%", NULL, NULL, 1, "<=", "3", "%", "≤3%");
	CHECK_TGT("100%", NULL, NULL, 1, "=", "100", "%", "100%");
	CHECK_TGT("95%以上", NULL, NULL, 1, ">=", "95", "%", "≥95%");
	CHECK_TGT("30天以内", NULL, NULL, 1, "<=", "30", "天", "≤30天");
	CHECK_TGT(">=99.5%", NULL, NULL, 1, ">=", "99.5", "%", "≥99.5%");
	CHECK_TGT("百分之九十五", NULL, NULL, 1, "=", "95", "%", "95%");
	CHECK_TGT("≤2小时", NULL, NULL, 1, "<=", "2", "小时", "≤2小时");
}

TEST(target_columns_and_words)
{
	/* 指标性质 | 指标值 | 度量单位 in three columns */
	CHECK_TGT("95", "≥", "%", 1, ">=", "95", "%", "≥95%");
	CHECK_TGT("30", "≤", "天", 1, "<=", "30", "天", "≤30天");
	CHECK_TGT("18", "=", "个", 1, "=", "18", "个", "18个");
	CHECK_TGT("95", "大于等于", "%", 1, ">=", "95", "%", "≥95%");
	/* qualitative targets */
	CHECK_TGT("有效遏制", NULL, NULL, 2, "=", "", "", "有效遏制");
	CHECK_TGT("全覆盖", NULL, NULL, 2, "=", "", "", "全覆盖");
	CHECK_TGT("显著提升", "定性", NULL, 2, "=", "", "", "显著提升");
	CHECK_TGT("良好", "定性", "", 2, "=", "", "", "良好");
	/* a range */
	{
		tgt t = parse("90%-95%", NULL, NULL);
		CHECK_INT(t.kind, 1);
		CHECK_STR(t.num, "90");
		CHECK_STR(t.hi, "95");
		CHECK_STR(t.unit, "%");
	}
	/* a unit too long for its 15 bytes is cut at a character's end (a
	 * damaged PDF's 30天100%��... gave a unit ending inside a character:
	 * invalid UTF-8, and the reader's result, so the file, refused) */
	{
		tgt t = parse("≤30天100%的的的的的", NULL, NULL);
		CHECK_INT(t.kind, 1);
		CHECK_STR(t.unit, "天100%的的");
		CHECK_STR(t.disp, "≤30天100%的的");
		CHECK(trawl__utf8_valid(t.unit, strlen(t.unit)));
		t = parse("30\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL, NULL);
		CHECK(trawl__utf8_valid(t.unit, strlen(t.unit)));
		CHECK(trawl__utf8_valid(t.disp, strlen(t.disp)));
	}
	/* nothing */
	CHECK_INT(parse("", NULL, NULL).kind, 0);
	CHECK_INT(parse("   ", "≥", "%").kind, 0);
}

/* ---- documents built with the grid API ---- */

typedef struct doc {
	trawl__docset s;
	trawl__doc *d;
	trawl__unit *u;
} doc;

static void doc_init(doc *x, const char *kind)
{
	trawl__docset_init(&x->s, 0);
	x->d = trawl__doc_new(&x->s, NULL);
	snprintf(x->d->kind, sizeof x->d->kind, "%s", kind);
	x->u = NULL;
}

static void page(doc *x, int n)
{
	x->u = trawl__unit_new(&x->s, x->d, "page", n, NULL);
}

static void line(doc *x, const char *t)
{
	trawl__unit_text(&x->s, x->u, t, strlen(t));
	trawl__unit_text(&x->s, x->u, "\n", 1);
}

static void row(doc *x)
{
	trawl__unit_row_begin(&x->s, x->u);
}

static void c(doc *x, const char *t, uint32_t rs, uint32_t cs)
{
	trawl__unit_cell_span(&x->s, x->u, t, strlen(t), rs, cs);
}

typedef struct got {
	trawl__vec facts;    /* trawl__fact */
	trawl__vec attrs;    /* char * */
} got;

static int collect(void *u, uint32_t unit, const trawl__fact *f)
{
	got *g = u;
	trawl__fact *o = trawl__vec_push(&g->facts);
	char **a = trawl__vec_push(&g->attrs);
	(void)unit;
	if (!o || !a)
		return 1;
	*o = *f;
	*a = f->attrs ? strdup(f->attrs) : NULL;
	o->attrs = *a;
	return 0;
}

static void got_release(got *g)
{
	for (size_t i = 0; i < g->attrs.n; i++)
		free(TRAWL_VEC_AT(&g->attrs, char *, i));
	trawl__vec_release(&g->facts);
	trawl__vec_release(&g->attrs);
}

static int run(doc *x, got *g)
{
	trawl__vec_init(&g->facts, sizeof(trawl__fact));
	trawl__vec_init(&g->attrs, sizeof(char *));
	if (x->s.rc)
		return x->s.rc;
	return trawl__budget_facts(x->d, collect, g);
}

/* Attribute k of fact i ("" when it has none). */
static const char *attr(const got *g, size_t i, const char *k)
{
	static char out[512];
	const trawl__fact *f = &TRAWL_VEC_AT(&g->facts, trawl__fact, i);
	cJSON *o = f->attrs ? cJSON_Parse(f->attrs) : NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	snprintf(out, sizeof out, "%s", cJSON_IsString(v) ? v->valuestring :
	         cJSON_IsTrue(v) ? "true" : "");
	cJSON_Delete(o);
	return out;
}

/* The n-th fact of a kind, or -1. */
static long nth(const got *g, trawl__fkind k, size_t n)
{
	for (size_t i = 0; i < g->facts.n; i++)
		if (TRAWL_VEC_AT(&g->facts, trawl__fact, i).kind == k && !n--)
			return (long)i;
	return -1;
}

static size_t count(const got *g, trawl__fkind k)
{
	size_t n = 0;
	for (size_t i = 0; i < g->facts.n; i++)
		n += TRAWL_VEC_AT(&g->facts, trawl__fact, i).kind == k;
	return n;
}

/* The template of the Ministry of Finance: project, funds, goal, then the
 * indicators under a header row, level cells merged over their rows.
 * With `cut`, the table stops after the first indicator row and the rest
 * is on the next page, without a header (as a PDF page break leaves it). */
static void perf_table(doc *x, int cut)
{
	line(x, "2024年项目支出绩效目标表");
	trawl__unit_table_begin(&x->s, x->u);
	row(x); c(x, "项目名称", 1, 1); c(x, "“三非”外国人查处及遣送遣返", 1, 5);
	row(x); c(x, "项目资金(万元)", 3, 1); c(x, "年度资金总额", 1, 2); c(x, "103.92", 1, 3);
	row(x); c(x, "其中:财政拨款", 1, 2); c(x, "103.92", 1, 3);
	row(x); c(x, "其他资金", 1, 2); c(x, "0.00", 1, 3);
	row(x); c(x, "年度绩效目标", 1, 1); c(x, "依法查处“三非”人员", 1, 5);
	row(x); c(x, "绩效指标", 6, 1); c(x, "一级指标", 1, 1); c(x, "二级指标", 1, 1);
	c(x, "三级指标", 1, 1); c(x, "指标值", 1, 1); c(x, "分值", 1, 1);
	row(x); c(x, "产出指标", 4, 1); c(x, "数量指标", 2, 1);
	c(x, "承担任务的边境派出所(队)数量", 1, 1); c(x, "18个", 1, 1); c(x, "10", 1, 1);
	if (cut) {
		trawl__unit_table_end(&x->s, x->u);
		page(x, 2);
		trawl__unit_table_begin(&x->s, x->u);
		row(x); c(x, "", 1, 1); c(x, "", 1, 1); c(x, "", 1, 1);
	} else {
		row(x);
	}
	c(x, "每所查获“三非”人员数", 1, 1); c(x, "≥10人", 1, 1); c(x, "10", 1, 1);
	row(x); if (cut) { c(x, "", 1, 1); c(x, "", 1, 1); }
	c(x, "质量指标", 1, 1); c(x, "遣返率", 1, 1); c(x, "≥95%", 1, 1); c(x, "10", 1, 1);
	row(x); if (cut) { c(x, "", 1, 1); c(x, "", 1, 1); }
	c(x, "时效指标", 1, 1); c(x, "单次遣返办理时限", 1, 1); c(x, "≤30天", 1, 1); c(x, "10", 1, 1);
	row(x); if (cut) c(x, "", 1, 1);
	c(x, "效益指标", 1, 1); c(x, "社会效益指标", 1, 1); c(x, "“三非”问题", 1, 1);
	c(x, "有效遏制", 1, 1); c(x, "20", 1, 1);
	trawl__unit_table_end(&x->s, x->u);
}

TEST(indicators_through_merged_cells)
{
	doc x;
	got g;
	long i;

	doc_init(&x, "budget");
	page(&x, 1);
	perf_table(&x, 0);
	CHECK_INT(run(&x, &g), TRAWL_OK);
	CHECK_INT(count(&g, TRAWL__F_INDICATOR), 5);
	i = nth(&g, TRAWL__F_INDICATOR, 2);
	CHECK(i >= 0);
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).label, "遣返率");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).value, "95");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).comparator, ">=");
	CHECK_STR(attr(&g, (size_t)i, "level1"), "产出指标");
	CHECK_STR(attr(&g, (size_t)i, "level2"), "质量指标");
	CHECK_STR(attr(&g, (size_t)i, "target"), "≥95%");
	CHECK_STR(attr(&g, (size_t)i, "points"), "10");
	CHECK_STR(attr(&g, (size_t)i, "project"), "“三非”外国人查处及遣送遣返");
	CHECK_STR(attr(&g, (size_t)i, "funds"), "1039200");
	CHECK_STR(attr(&g, (size_t)i, "funding"), "财政拨款");
	/* the second row of a level-2 cell merged over two */
	i = nth(&g, TRAWL__F_INDICATOR, 1);
	CHECK_STR(attr(&g, (size_t)i, "level2"), "数量指标");
	CHECK_STR(attr(&g, (size_t)i, "target"), "≥10人");
	/* a qualitative target */
	i = nth(&g, TRAWL__F_INDICATOR, 4);
	CHECK_STR(attr(&g, (size_t)i, "level1"), "效益指标");
	CHECK_STR(attr(&g, (size_t)i, "qualitative"), "true");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).value, "有效遏制");
	/* the citation is the indicator's row, from its name on */
	{
		const trawl__fact *f = &TRAWL_VEC_AT(&g.facts, trawl__fact, nth(&g, TRAWL__F_INDICATOR, 2));
		CHECK_INT(f->end - f->start, strlen("遣返率\t≥95%\t10"));
		CHECK(!memcmp(x.u->nt.text.data + f->start, "遣返率\t≥95%\t10", f->end - f->start));
	}
	/* and the project, once */
	CHECK_INT(count(&g, TRAWL__F_PROJECT), 1);
	i = nth(&g, TRAWL__F_PROJECT, 0);
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).label, "“三非”外国人查处及遣送遣返");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).value, "1039200");
	got_release(&g);
	trawl__docset_release(&x.s);
}

TEST(indicators_continue_on_the_next_page)
{
	doc x;
	got g;
	long i;

	doc_init(&x, "budget");
	page(&x, 1);
	perf_table(&x, 1);
	CHECK_INT(run(&x, &g), TRAWL_OK);
	CHECK_INT(count(&g, TRAWL__F_INDICATOR), 5);
	i = nth(&g, TRAWL__F_INDICATOR, 2);
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).label, "遣返率");
	CHECK_STR(attr(&g, (size_t)i, "level1"), "产出指标");
	CHECK_STR(attr(&g, (size_t)i, "project"), "“三非”外国人查处及遣送遣返");
	CHECK_STR(attr(&g, (size_t)i, "points"), "10");
	i = nth(&g, TRAWL__F_INDICATOR, 1);
	CHECK_STR(attr(&g, (size_t)i, "level2"), "数量指标");
	got_release(&g);
	trawl__docset_release(&x.s);
}

TEST(indicators_with_split_target_columns)
{
	doc x;
	got g;
	long i;

	doc_init(&x, "other");
	page(&x, 1);
	line(&x, "部门整体支出绩效目标表");
	trawl__unit_table_begin(&x.s, x.u);
	row(&x); c(&x, "一级指标", 1, 1); c(&x, "二级指标", 1, 1); c(&x, "三级指标", 1, 1);
	c(&x, "指标性质", 1, 1); c(&x, "指标值", 1, 1); c(&x, "度量单位", 1, 1);
	c(&x, "权重(分)", 1, 1);
	row(&x); c(&x, "产出指标", 2, 1); c(&x, "时效指标", 2, 1); c(&x, "结案率", 1, 1);
	c(&x, "≥", 1, 1); c(&x, "98", 1, 1); c(&x, "%", 1, 1); c(&x, "15", 1, 1);
	row(&x); c(&x, "办理时限", 1, 1); c(&x, "≤", 1, 1); c(&x, "15", 1, 1); c(&x, "工作日", 1, 1);
	c(&x, "10", 1, 1);
	trawl__unit_table_end(&x.s, x.u);
	CHECK_INT(run(&x, &g), TRAWL_OK);
	CHECK_INT(count(&g, TRAWL__F_INDICATOR), 2);
	i = nth(&g, TRAWL__F_INDICATOR, 1);
	CHECK_STR(attr(&g, (size_t)i, "target"), "≤15工作日");
	CHECK_STR(attr(&g, (size_t)i, "level2"), "时效指标");
	CHECK_STR(attr(&g, (size_t)i, "points"), "10");
	CHECK_STR(attr(&g, (size_t)i, "project"), "");
	CHECK_STR(attr(&g, (size_t)i, "table"), "部门整体支出绩效目标表");
	/* not a budget: no project facts from tables */
	CHECK_INT(count(&g, TRAWL__F_PROJECT), 0);
	got_release(&g);
	trawl__docset_release(&x.s);
}

TEST(projects_from_tables_and_prose)
{
	doc x;
	got g;
	long i;

	doc_init(&x, "budget");
	page(&x, 1);
	line(&x, "(一)“三非”外国人查处及遣送遣返项目");
	line(&x, "该项目为2024年新增项目,预算103.92万元。");
	line(&x, "边境巡逻管控为延续项目。");
	line(&x, "表三 2024年项目支出表");
	line(&x, "单位:万元");
	trawl__unit_table_begin(&x.s, x.u);
	row(&x); c(&x, "项目名称", 2, 1); c(&x, "科目编码", 2, 1); c(&x, "金额", 1, 3);
	row(&x); c(&x, "合计", 1, 1); c(&x, "财政拨款", 1, 1); c(&x, "其他资金", 1, 1);
	row(&x); c(&x, "边境巡逻管控", 1, 1); c(&x, "2040202", 1, 1); c(&x, "186.40", 1, 1);
	c(&x, "186.40", 1, 1); c(&x, "0.00", 1, 1);
	row(&x); c(&x, "“三非”外国人查处及遣送遣返", 1, 1); c(&x, "2040299", 1, 1);
	c(&x, "103.92", 1, 1); c(&x, "80.00", 1, 1); c(&x, "23.92", 1, 1);
	row(&x); c(&x, "合计", 1, 1); c(&x, "", 1, 1); c(&x, "290.32", 1, 1); c(&x, "266.40", 1, 1);
	c(&x, "23.92", 1, 1);
	trawl__unit_table_end(&x.s, x.u);
	CHECK_INT(run(&x, &g), TRAWL_OK);
	CHECK_INT(count(&g, TRAWL__F_PROJECT), 2);
	i = nth(&g, TRAWL__F_PROJECT, 0);
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).label, "边境巡逻管控");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).value, "1864000");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).code, "2040202");
	CHECK_STR(attr(&g, (size_t)i, "status"), "continuing");
	CHECK_STR(attr(&g, (size_t)i, "funding"), "财政拨款");
	i = nth(&g, TRAWL__F_PROJECT, 1);
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).label, "“三非”外国人查处及遣送遣返");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).value, "1039200");
	CHECK_STR(TRAWL_VEC_AT(&g.facts, trawl__fact, i).unit, "万元");
	CHECK_STR(attr(&g, (size_t)i, "status"), "new");
	CHECK_STR(attr(&g, (size_t)i, "status_text"), "该项目为2024年新增项目,预算103.92万元");
	CHECK_STR(attr(&g, (size_t)i, "funding"), "财政拨款、其他资金");
	got_release(&g);
	trawl__docset_release(&x.s);
}

TEST(grid_headers_of_merged_cells)
{
	doc x;
	trawl__grid g;
	uint32_t ord[64];
	char h[256];
	size_t n;

	doc_init(&x, "budget");
	page(&x, 1);
	trawl__unit_table_begin(&x.s, x.u);
	row(&x); c(&x, "项目", 2, 1); c(&x, "收入预算", 1, 3);
	row(&x); c(&x, "合计", 1, 1); c(&x, "财政拨款收入", 1, 1); c(&x, "其他收入", 1, 1);
	row(&x); c(&x, "公共安全支出", 2, 1); c(&x, "10.00", 1, 1); c(&x, "10.00", 1, 1);
	c(&x, "0.00", 1, 1);
	row(&x); c(&x, "5.00", 1, 1); c(&x, "5.00", 1, 1); c(&x, "0.00", 1, 1);
	trawl__unit_table_end(&x.s, x.u);
	n = x.u->cells.n;
	CHECK(n < 64);
	for (size_t i = 0; i < n; i++)
		ord[i] = (uint32_t)i;
	CHECK_INT(trawl__grid_build(&g, x.u->nt.text.data, x.u->cells.items, ord, n), TRAWL_OK);
	CHECK_INT(g.nrows, 4);
	CHECK_INT(g.ncols, 4);
	/* a merged header heads every column it spans */
	trawl__grid_col_header(&g, 0, 2, 2, h, sizeof h);
	CHECK_STR(h, "收入预算/财政拨款收入");
	trawl__grid_col_header(&g, 0, 2, 0, h, sizeof h);
	CHECK_STR(h, "项目");
	/* a merged label to the left heads every row it spans */
	trawl__grid_row_header(&g, 3, 2, h, sizeof h);
	CHECK_STR(h, "公共安全支出");
	trawl__grid_text(&g, 3, 0, h, sizeof h);
	CHECK_STR(h, "公共安全支出");
	CHECK(trawl__grid_at(&g, 3, 0) == trawl__grid_at(&g, 2, 0));
	trawl__grid_release(&g);
	trawl__docset_release(&x.s);
}

/* The whole facts stage keeps each indicator's attributes with it. */
TEST(extract_doc_keeps_attrs)
{
	doc x;
	size_t n = 0;

	doc_init(&x, "");
	page(&x, 1);
	line(&x, "东滨市公安局边境管理支队2024年部门预算");
	perf_table(&x, 0);
	CHECK_INT(x.s.rc, TRAWL_OK);
	CHECK_INT(trawl__extract_doc(x.d, "budget.pdf", NULL), TRAWL_OK);
	for (size_t i = 0; i < x.d->facts.n; i++) {
		const trawl__dfact *df = &TRAWL_VEC_AT(&x.d->facts, trawl__dfact, i);
		const char *a = trawl__dfact_str(x.d, df, TRAWL__FS_ATTRS);
		if (df->kind != TRAWL__F_INDICATOR)
			continue;
		n++;
		CHECK(strstr(a, "\"level1\":") != NULL);
	}
	CHECK_INT(n, 5);
	trawl__docset_release(&x.s);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(target_forms);
	RUN(target_columns_and_words);
	RUN(indicators_through_merged_cells);
	RUN(indicators_continue_on_the_next_page);
	RUN(indicators_with_split_target_columns);
	RUN(projects_from_tables_and_prose);
	RUN(grid_headers_of_merged_cells);
	RUN(extract_doc_keeps_attrs);
	return failures ? 1 : 0;
}
