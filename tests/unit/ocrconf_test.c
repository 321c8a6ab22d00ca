/* A fact read by OCR carries the confidence of its own words: the words'
 * places kept through the page's writing (pdftable.c, put_seg), and the
 * stamp the facts stage puts on a fact's attrs (ingest/ocrconf.h). */
#include <stdlib.h>
#include "test.h"
#include "ingest/doc.h"
#include "ingest/ocrconf.h"
#include "ingest/pdftable.h"
#include "facts/extract.h"

int test_failed;

/* Adds a line of words to pg: each word's text, confidence, and whether a
 * wide gap (a new segment) comes before it. */
static void add_line(trawl__pdfpage *pg, float y, const char *const *w, const float *conf,
                     const int *gap, size_t n)
{
	trawl__pdfline *l = trawl__vec_push(&pg->lines);
	trawl__pdfseg *g = NULL;
	uint32_t li = (uint32_t)pg->lines.n - 1, seg0 = (uint32_t)pg->segs.n;
	float x = 50;

	l->start = (uint32_t)pg->text.len;
	l->seg = seg0;
	for (size_t i = 0; i < n; i++) {
		trawl__pdfword *pw;
		uint32_t at;
		if (!g || gap[i]) {
			if (g)
				(void)trawl__buf_addc(&pg->text, ' ');
			g = trawl__vec_push(&pg->segs);
			memset(g, 0, sizeof *g);
			g->line = li;
			g->start = (uint32_t)pg->text.len;
			g->w0 = (uint32_t)pg->words.n;
			g->x0 = x; g->y0 = y; g->y1 = y + 10; g->size = 10;
		}
		at = (uint32_t)pg->text.len;
		(void)trawl__buf_add(&pg->text, w[i], strlen(w[i]));
		pw = trawl__vec_push(&pg->words);
		*pw = (trawl__pdfword){ at - g->start, (uint32_t)strlen(w[i]), conf[i] };
		g->nw++;
		g->end = (uint32_t)pg->text.len;
		x += 60;
		g->x1 = x - 10;
	}
	l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, li);
	l->end = (uint32_t)pg->text.len;
	l->nseg = (uint32_t)pg->segs.n - seg0;
	l->x0 = 50; l->x1 = x; l->y0 = y; l->y1 = y + 10;
}

/* The unit text a word of confidence conf landed on, or "". */
static const char *word_with(const trawl__unit *u, float conf, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < u->wconf.n; i++) {
		const trawl__wconf *w = &TRAWL_VEC_AT(&u->wconf, trawl__wconf, i);
		if (w->conf == conf)
			snprintf(out, n, "%.*s", (int)(w->end - w->start), u->nt.text.data + w->start);
	}
	return out;
}

/* A page read by OCR as the readers write it: a fullwidth figure (which
 * normalizing shortens) read at 50% between words read at 95%. */
static trawl__doc *ocr_doc(trawl__docset *s)
{
	static const char *const w1[] = { "合计金额：", "９９５４.２２", "元，", "其中", "货物", "120.00元" };
	static const float c1[] = { 95, 50, 94, 93, 92, 91 };
	static const int g1[] = { 0, 0, 0, 0, 0, 0 };
	trawl__pdfpage pg;
	trawl__doc *d;
	trawl__unit *u;

	trawl__docset_init(s, 0);
	d = trawl__doc_new(s, NULL);
	u = trawl__unit_new(s, d, "page", 1, NULL);
	trawl__pdfpage_init(&pg);
	add_line(&pg, 100, w1, c1, g1, 6);
	trawl__pdftable_emit(s, u, &pg);
	trawl__pdfpage_release(&pg);
	u->ocr = 1;
	u->ocr_conf = 90;
	return d;
}

TEST(ocrconf_words_placed_in_unit_text)
{
	trawl__docset s;
	trawl__doc *d = ocr_doc(&s);
	trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
	char w[64];

	CHECK_INT(s.rc, TRAWL_OK);
	/* the text is as if the segment were written at once */
	CHECK_STR(u->nt.text.data, "合计金额:9954.22元,其中货物120.00元\n");
	CHECK_INT(u->wconf.n, 6);
	CHECK_STR(word_with(u, 50, w, sizeof w), "9954.22");
	CHECK_STR(word_with(u, 95, w, sizeof w), "合计金额:");
	CHECK_STR(word_with(u, 91, w, sizeof w), "120.00元");
	trawl__docset_release(&s);
}

TEST(ocrconf_fact_takes_its_words_confidence)
{
	trawl__docset s;
	trawl__doc *d = ocr_doc(&s);
	int low = -1, high = -1, conf, unsure;
	const char *rest;

	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		const char *v = trawl__dfact_str(d, f, TRAWL__FS_VALUE);
		CHECK(trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &conf, &unsure, &rest));
		if (f->kind == TRAWL__F_MONEY && !strcmp(v, "9954.22"))
			low = conf;
		if (f->kind == TRAWL__F_MONEY && !strcmp(v, "120"))
			high = conf;
	}
	/* the doubtful figure at its own word's 50%, not the page's 90% */
	CHECK_INT(low, 50);
	CHECK_INT(high, 91);
	trawl__docset_release(&s);
}

TEST(ocrconf_born_digital_facts_unstamped)
{
	trawl__docset s;
	trawl__doc *d;
	trawl__unit *u;
	static const char t[] = "合计金额:9954.22元\n";

	trawl__docset_init(&s, 0);
	d = trawl__doc_new(&s, NULL);
	u = trawl__unit_new(&s, d, "page", 1, NULL);
	trawl__unit_text(&s, u, t, sizeof t - 1);
	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK(d->facts.n > 0);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	for (size_t i = 0; i < d->facts.n; i++)
		CHECK_STR(trawl__dfact_str(d, &TRAWL_VEC_AT(&d->facts, trawl__dfact, i),
		                           TRAWL__FS_ATTRS), "");
	trawl__docset_release(&s);
}

/* A fact's own attrs (an indicator's) are kept behind the stamp. */
TEST(ocrconf_stamp_keeps_attrs)
{
	trawl__docset s;
	trawl__doc *d = ocr_doc(&s);
	trawl__dfact *f;
	int conf = -1, unsure = -1;
	const char *rest = NULL;

	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK(d->facts.n > 0);
	f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, 0);
	(void)trawl__buf_add(&d->fstrings, "{\"target\":\"95%\"}", 17);
	f->str[TRAWL__FS_ATTRS] = (uint32_t)(d->fstrings.len - 17) + 1;
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK(trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &conf, &unsure, &rest));
	CHECK(rest != NULL);
	CHECK_STR(rest, "\"target\":\"95%\"}");
	trawl__docset_release(&s);
}

/* The fact index of the money fact of value v, or -1. */
static long money_at(const trawl__doc *d, const char *v)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		if (f->kind == TRAWL__F_MONEY && !strcmp(trawl__dfact_str(d, f, TRAWL__FS_VALUE), v))
			return (long)i;
	}
	return -1;
}

/* A document's own amount is never an uncertain figure, nor a sum taken
 * where one is; a sure figure stays. */
TEST(ocrconf_unsure_amount_not_the_documents)
{
	trawl__docset s;
	trawl__doc *d = ocr_doc(&s);
	trawl__docmeta m;
	long bad, good;

	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK((bad = money_at(d, "9954.22")) >= 0);
	CHECK((good = money_at(d, "120")) >= 0);
	/* the doubtful figure as the amount */
	memset(&m, 0, sizeof m);
	snprintf(m.amount, sizeof m.amount, "9954.22");
	snprintf(m.currency, sizeof m.currency, "CNY");
	m.amount_src = "total";
	m.amount_fact = (uint32_t)bad + 1;
	trawl__ocr_unsure_amount(&s, d, &m);
	CHECK_STR(m.amount, "");
	CHECK(m.amount_src == NULL);
	CHECK_INT(m.amount_fact, 0);
	CHECK(s.warnings.len > 0);
	CHECK(strstr(s.warnings.data, "page 1: the figure 9954.22 was read by OCR with low "
	                              "confidence (50%)") != NULL);
	/* a sure figure */
	trawl__buf_reset(&s.warnings);
	memset(&m, 0, sizeof m);
	snprintf(m.amount, sizeof m.amount, "120");
	m.amount_fact = (uint32_t)good + 1;
	trawl__ocr_unsure_amount(&s, d, &m);
	CHECK_STR(m.amount, "120");
	CHECK_INT(m.amount_fact, (uint32_t)good + 1);
	CHECK_INT(s.warnings.len, 0);
	/* a sum (its value is no one fact's) of a document with a doubtful figure */
	snprintf(m.amount, sizeof m.amount, "10074.22");
	trawl__ocr_unsure_amount(&s, d, &m);
	CHECK_STR(m.amount, "");
	trawl__docset_release(&s);
}

/* A page read by OCR holding one table under 单位：万元: its header row
 * (NULL: lost, as a shaded band on a coarse scan loses it) read at hconf,
 * then two rows of a label, two amounts and a rate, each word at 92%. */
static trawl__doc *ocr_table_doc(trawl__docset *s, const char *const *head, float hconf)
{
	static const char *const rows[2][4] = { { "税收收入", "990.93", "959.29", "91.2" },
		{ "非税收入", "5,007.75", "4,037.83", "98.8" } };
	static const char unit[] = "单位:万元\n";
	trawl__doc *d;
	trawl__unit *u;

	trawl__docset_init(s, 0);
	d = trawl__doc_new(s, NULL);
	u = trawl__unit_new(s, d, "page", 1, NULL);
	trawl__unit_text(s, u, unit, sizeof unit - 1);
	trawl__unit_table_begin(s, u);
	for (int r = head ? -1 : 0; r < 2; r++) {
		trawl__unit_row_begin(s, u);
		for (int c = 0; c < 4; c++) {
			const char *t = r < 0 ? head[c] : rows[r][c];
			trawl__wconf *w;
			trawl__unit_cell(s, u, t, strlen(t));
			w = trawl__vec_push(&u->wconf);
			w->conf = r < 0 ? hconf : 92;
			w->start = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).start;
			w->end = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).end;
		}
		trawl__unit_row_end(s, u);
	}
	trawl__unit_table_end(s, u);
	u->ocr = 1;
	u->ocr_conf = 90;
	return d;
}

/* The money facts of d: how many, and how many are uncertain (below
 * TRAWL_OCR_UNSURE or with the guess mark); whether any
 * is of value v. 0 when one has no stamp or words other than the cells'. */
static int money_marks(const trawl__doc *d, int *n, int *unsure, const char *v, int *has_v)
{
	*n = *unsure = *has_v = 0;
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		int conf, u = 0;
		const char *rest;
		if (f->kind != TRAWL__F_MONEY)
			continue;
		if (!trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &conf, &u, &rest) ||
		    conf != 92)
			return 0;
		u |= conf < TRAWL_OCR_UNSURE;
		(*n)++;
		*unsure += u;
		*has_v |= !strcmp(trawl__dfact_str(d, f, TRAWL__FS_VALUE), v);
	}
	return 1;
}

/* A scanned table's figures are sure only when its header was read: with
 * the header row lost, the rate column (完成率%) reads as money in 万元
 * from words read at 92%; such figures, of columns judged by their look
 * alone, are uncertain, and so are those under a header misread (junk
 * below 80%). A header read surely, even one that says nothing or a blank
 * cell in it, is the page's own. */
TEST(ocrconf_headerless_scanned_table_uncertain)
{
	static const char *const head[] = { "项目", "预算数", "决算数", "完成率%" };
	static const char *const junk[] = { "ep", "人", "4园", "占逐疝" };
	trawl__docset s;
	trawl__doc *d;
	int n, unsure, rate;

	/* the header read: the rates are no money, the amounts sure */
	d = ocr_table_doc(&s, head, 95);
	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK(money_marks(d, &n, &unsure, "912000", &rate));
	CHECK_INT(n, 4);
	CHECK_INT(unsure, 0);
	CHECK_INT(rate, 0);
	trawl__docset_release(&s);
	/* the header lost: every figure is money, and each is uncertain */
	d = ocr_table_doc(&s, NULL, 0);
	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK(money_marks(d, &n, &unsure, "912000", &rate));
	CHECK_INT(n, 6);
	CHECK_INT(unsure, 6);
	CHECK_INT(rate, 1);
	trawl__docset_release(&s);
	/* read as junk at 40%: the same */
	d = ocr_table_doc(&s, junk, 40);
	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK(money_marks(d, &n, &unsure, "912000", &rate));
	CHECK_INT(n, 6);
	CHECK_INT(unsure, 6);
	trawl__docset_release(&s);
	/* a header row read with a blank cell over amounts: the page's own
	 * (a blank header is common; a lost cell of a row read, rarer) */
	{
		static const char *const blank[] = { "项目", "", "决算数", "完成率%" };
		d = ocr_table_doc(&s, blank, 95);
		CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
		CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
		CHECK(money_marks(d, &n, &unsure, "912000", &rate));
		CHECK_INT(n, 4);
		CHECK_INT(unsure, 0);
		CHECK_INT(rate, 0);
		trawl__docset_release(&s);
	}
	/* the same words read at 95%: the page's own header, as if born
	 * digital */
	d = ocr_table_doc(&s, junk, 95);
	CHECK_INT(trawl__extract_doc(d, "x.pdf", NULL), TRAWL_OK);
	CHECK_INT(trawl__ocr_fact_confs(d), TRAWL_OK);
	CHECK(money_marks(d, &n, &unsure, "912000", &rate));
	CHECK_INT(n, 6);
	CHECK_INT(unsure, 0);
	trawl__docset_release(&s);
}

/* A page of one line of words (text, confidence, a wide gap before), its
 * facts stamped. */
static trawl__doc *ocr_line_doc(trawl__docset *s, const char *const *w, const float *c,
                                const int *g, size_t n)
{
	trawl__pdfpage pg;
	trawl__doc *d;
	trawl__unit *u;

	trawl__docset_init(s, 0);
	d = trawl__doc_new(s, NULL);
	u = trawl__unit_new(s, d, "page", 1, NULL);
	trawl__pdfpage_init(&pg);
	add_line(&pg, 100, w, c, g, n);
	trawl__pdftable_emit(s, u, &pg);
	trawl__pdfpage_release(&pg);
	u->ocr = 1;
	u->ocr_conf = 90;
	if (trawl__extract_doc(d, "x.pdf", NULL) || trawl__ocr_fact_confs(d))
		s->rc = TRAWL_ENOMEM;
	return d;
}

/* The stamp of the money fact of value v: its confidence and marks; 0
 * when there is none. */
static int money_stamp(const trawl__doc *d, const char *v, int *conf, int *marks)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		const char *rest;
		if (f->kind == TRAWL__F_MONEY && !strcmp(trawl__dfact_str(d, f, TRAWL__FS_VALUE), v))
			return trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), conf,
			                             marks, &rest);
	}
	return 0;
}

/* ¥16,998,531.47 scanned: chi_sim reads "¥1" as one Chinese character at
 * 0% (罚, 翌, 昼: any), glued to the rest of the figure, 6,998,531.47, at
 * 89%. The figure's own words are sure; the unreadable word glued to it
 * may hold its first digits, so the figure is as unsure as that word. A
 * word glued to it that OCR read surely (为, 合计) changes nothing. */
TEST(ocrconf_figure_glued_to_unreadable_word)
{
	static const char *const w[] = { "成交金额:人民币", "罚", "6,998,531.47", "元。" };
	static const float bad[] = { 93, 0, 89, 93 }, good[] = { 93, 92, 89, 93 },
		after[] = { 93, 95, 89, 40 };
	static const int g[] = { 0, 0, 0, 0 }, apart[] = { 0, 0, 1, 0 };
	trawl__docset s;
	trawl__doc *d;
	int conf = -1, marks = -1;

	d = ocr_line_doc(&s, w, bad, g, 4);
	CHECK_INT(s.rc, TRAWL_OK);
	CHECK(money_stamp(d, "6998531.47", &conf, &marks));
	CHECK_INT(conf, 0);
	CHECK_INT(marks, 0);
	trawl__docset_release(&s);
	d = ocr_line_doc(&s, w, good, g, 4);
	CHECK(money_stamp(d, "6998531.47", &conf, &marks));
	CHECK_INT(conf, 89);
	trawl__docset_release(&s);
	/* its unit read at 40% glued after it: as unsure (元 or 万元?) */
	d = ocr_line_doc(&s, w, after, g, 4);
	CHECK(money_stamp(d, "6998531.47", &conf, &marks));
	CHECK_INT(conf, 40);
	trawl__docset_release(&s);
	/* the unreadable word apart from it, across a blank: its own 89% */
	d = ocr_line_doc(&s, w, bad, apart, 4);
	CHECK(money_stamp(d, "6998531.47", &conf, &marks));
	CHECK_INT(conf, 89);
	trawl__docset_release(&s);
}

/* 448.40万元 in fullwidth digits at 150 dpi: OCR reads "448 ,4 0万元",
 * three pieces at 91-92%, and the pieces are figures of their own (0万元).
 * A figure with another piece of a number across spaces beside it is
 * marked split, whatever its confidence; one whose neighbour across a tab
 * is a misread cell (.4087.51 for 4,087.51) is not: the cell is the
 * wrong one. */
TEST(ocrconf_split_figure_marked)
{
	static const char *const w[] = { "预算总额448", ",4", "0万元。" };
	static const char *const w2[] = { "预算总额535", ".60万元。" };
	static const char *const whole[] = { "预算总额448.40万元,", "其中", "120.00元。" };
	static const float c[] = { 92, 91, 92 };
	static const int g[] = { 0, 1, 1 }, g2[] = { 0, 1 }, g0[] = { 0, 0, 1 };
	trawl__docset s;
	trawl__doc *d;
	int conf = -1, marks = -1;

	d = ocr_line_doc(&s, w, c, g, 3);
	CHECK_INT(s.rc, TRAWL_OK);
	CHECK_STR(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->nt.text.data,
	          "预算总额448 ,4 0万元。\n");
	CHECK(money_stamp(d, "0", &conf, &marks));
	CHECK_INT(conf, 92);
	CHECK_INT(marks, TRAWL__OCR_MARK_SPLIT);
	trawl__docset_release(&s);
	/* "535 .60万元": the figure 0.60万元 (6000) and whatever 535 is */
	d = ocr_line_doc(&s, w2, c, g2, 2);
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		const char *rest;
		if (f->kind != TRAWL__F_MONEY && f->kind != TRAWL__F_ITEM)
			continue;
		CHECK(trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &conf, &marks,
		                            &rest));
		CHECK_INT(marks, TRAWL__OCR_MARK_SPLIT);
	}
	trawl__docset_release(&s);
	/* the rule itself, on text: figure [start, end) */
	{
		static const char row[] = "科学技术支出\t8,793.52\t.4087.51\t1,331.85";
		size_t at = strlen("科学技术支出\t");
		/* a table row: cells apart by tabs, a misread cell beside */
		CHECK(!trawl__ocr_split_figure(row, sizeof row - 1, (uint32_t)at, (uint32_t)at + 8));
		CHECK(trawl__ocr_split_figure("448 ,4 0万元", 15, 7, 8));
		CHECK(trawl__ocr_split_figure("448 ,4 0万元", 15, 0, 3));
		CHECK(trawl__ocr_split_figure("535 .60万元", 14, 0, 3));
		CHECK(trawl__ocr_split_figure("448. 40万元", 14, 5, 13));
		CHECK(trawl__ocr_split_figure("合计 16,998,531.47 2,329,442.40", 35, 7, 20));
		CHECK(!trawl__ocr_split_figure("448.40万元", 13, 0, 6));
		CHECK(!trawl__ocr_split_figure("2023年 448万元", 17, 8, 17));
		CHECK(!trawl__ocr_split_figure("共 448万元, 其中", 21, 4, 13));
		CHECK(!trawl__ocr_split_figure("448\t40", 6, 0, 3));
		/* (no digits: no figure) */
		CHECK(!trawl__ocr_split_figure("万元 1", 8, 0, 6));
	}
	/* whole figures, a word between them: no mark */
	d = ocr_line_doc(&s, whole, c, g0, 3);
	CHECK(money_stamp(d, "4484000", &conf, &marks));
	CHECK_INT(marks, 0);
	CHECK(money_stamp(d, "120", &conf, &marks));
	CHECK_INT(marks, 0);
	trawl__docset_release(&s);
}

TEST(ocrconf_attrs_parse)
{
	int conf = -1, guess = -1;
	const char *rest = "x";

	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":50}", &conf, &guess, &rest));
	CHECK_INT(conf, 50);
	CHECK_INT(guess, 0);
	CHECK(rest == NULL);
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":100,\"a\":1}", &conf, &guess, &rest));
	CHECK_INT(conf, 100);
	CHECK_INT(guess, 0);
	CHECK_STR(rest, "\"a\":1}");
	/* a figure whose column's header was not read: the guess mark, sure
	 * words */
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":91,\"ocr_guess\":1}", &conf, &guess, &rest));
	CHECK_INT(conf, 91);
	CHECK_INT(guess, 1);
	CHECK(rest == NULL);
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":91,\"ocr_guess\":1,\"a\":1}", &conf, &guess,
	                            &rest));
	CHECK_INT(guess, 1);
	CHECK_STR(rest, "\"a\":1}");
	/* (a fact's own field of a like name is no mark) */
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":91,\"ocr_guess\":10}", &conf, &guess, &rest));
	CHECK_INT(guess, 0);
	CHECK_STR(rest, "\"ocr_guess\":10}");
	/* a figure OCR may have split: the split mark, after the guess mark */
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":91,\"ocr_split\":1}", &conf, &guess, &rest));
	CHECK_INT(guess, TRAWL__OCR_MARK_SPLIT);
	CHECK(rest == NULL);
	CHECK(trawl__ocr_attrs_conf("{\"ocr_conf\":91,\"ocr_guess\":1,\"ocr_split\":1,\"a\":1}",
	                            &conf, &guess, &rest));
	CHECK_INT(guess, TRAWL__OCR_MARK_GUESS | TRAWL__OCR_MARK_SPLIT);
	CHECK_STR(rest, "\"a\":1}");
	CHECK(!trawl__ocr_attrs_conf("{\"a\":1}", &conf, &guess, &rest));
	CHECK(!trawl__ocr_attrs_conf("{\"ocr_conf\":}", &conf, &guess, &rest));
	CHECK(!trawl__ocr_attrs_conf("{\"ocr_conf\":101}", &conf, &guess, &rest));
	CHECK(!trawl__ocr_attrs_conf("{\"ocr_conf\":1000}", &conf, &guess, &rest));
	CHECK(!trawl__ocr_attrs_conf(NULL, &conf, &guess, &rest));
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(ocrconf_words_placed_in_unit_text);
	RUN(ocrconf_headerless_scanned_table_uncertain);
	RUN(ocrconf_fact_takes_its_words_confidence);
	RUN(ocrconf_born_digital_facts_unstamped);
	RUN(ocrconf_stamp_keeps_attrs);
	RUN(ocrconf_unsure_amount_not_the_documents);
	RUN(ocrconf_figure_glued_to_unreadable_word);
	RUN(ocrconf_split_figure_marked);
	RUN(ocrconf_attrs_parse);
	return failures ? 1 : 0;
}
