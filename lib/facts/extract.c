#include <stdlib.h>
#include <string.h>
#include "facts/extract.h"
#include "facts/docyear.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct xctx {
	trawl__doc *d;
	uint32_t unit;
	uint32_t base;       /* offset of the text given to the extractor */
	trawl_err rc;
	uint32_t seen[64];   /* pool offsets + 1 of recent strings, by hash: the
	                        same currency, unit, column and caption recur */
} xctx;

/* Appends s to the document's string pool: 1 + its offset, 0 for "". */
static uint32_t pool_str(xctx *x, const char *s)
{
	trawl__buf *b = &x->d->fstrings;
	size_t off = b->len, l = strlen(s);
	uint32_t h = 2166136261u, *slot;

	if (!l)
		return 0;
	for (size_t i = 0; i < l; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	slot = &x->seen[h & 63];
	if (*slot && !strcmp(b->data + *slot - 1, s))
		return *slot;
	if (off >= UINT32_MAX - l - 1 || trawl__buf_add(b, s, l + 1)) {
		x->rc = TRAWL_ENOMEM;
		return 0;
	}
	return *slot = (uint32_t)off + 1;
}

static int add_fact(void *u, const trawl__fact *f)
{
	xctx *x = u;
	const char *const fields[TRAWL__FS_N] = { f->value, f->value_hi, f->currency, f->unit,
		f->unit_source, f->comparator, f->precision, f->role, f->code, f->label, f->column,
		f->caption, f->party };
	trawl__dfact *df = trawl__vec_push(&x->d->facts);

	if (!df) {
		x->rc = TRAWL_ENOMEM;
		return 1;
	}
	df->unit = x->unit;
	df->start = f->start + x->base;
	df->end = f->end + x->base;
	df->kind = (uint8_t)f->kind;
	df->negative = f->negative != 0;
	for (int k = 0; k < TRAWL__FS_N; k++)
		df->str[k] = pool_str(x, fields[k]);
	return x->rc != TRAWL_OK;
}

static void copy_trim(char *out, size_t outsz, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	if (n >= outsz) {
		n = outsz - 1;
		/* don't cut a UTF-8 sequence */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

static int has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return 1;
	return 0;
}

/* A header naming amounts of money. */
static int money_header(const char *h)
{
	static const char *const w[] = { "金额", "預算", "预算", "决算", "決算", "合计", "合計",
		"小计", "总计", "支出", "收入", "经费", "费用", "价", "元", "执行数", "批复数",
		"调整数", "拨款", "资金", "金額",
		"amount", "Amount", "AMOUNT", "budget", "Budget", "total", "Total", "value",
		"Value", "price", "Price", "cost", "Cost", NULL };
	return has_any(h, w);
}

/* A header naming an item code (科目编码, 项目代码, code). */
static int code_header(const char *h)
{
	static const char *const w[] = { "编码", "代码", "編碼", "代碼", "编号", "編號", "科目号",
		"code", "Code", "CODE", NULL };
	return has_any(h, w);
}

/* The whole cell is one number (an optional minus sign, then a number). */
static int numeric_cell(const char *s, size_t n)
{
	char v[TRAWL__DEC_MAX];
	size_t k;

	while (n && (*s == ' ')) s++, n--;
	while (n && s[n - 1] == ' ') n--;
	if (n && (*s == '-' || *s == '+'))
		s++, n--;
	if (!n || !((*s >= '0' && *s <= '9') || *s == '.'))
		return 0;
	k = trawl__parse_number(s, n, v);
	return k == n;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The line (trimmed of nothing) that ends before byte `at`, skipping
 * `skip` non-empty lines. */
static int line_before(const char *t, size_t at, int skip, const char **ls, size_t *ln)
{
	size_t e = at;

	while (e > 0) {
		size_t b;
		if (t[e - 1] == '\n')
			e--;
		b = e;
		while (b > 0 && t[b - 1] != '\n')
			b--;
		if (e > b && strspn(t + b, " \t") < e - b && skip-- == 0) {
			*ls = t + b;
			*ln = e - b;
			return 1;
		}
		e = b;
	}
	return 0;
}

/* Caption and declared unit of the table that starts at byte `start`:
 * up to three non-empty lines above it. */
static void table_context(const char *t, size_t start, char *caption, size_t capsz,
                          char unit[16], char cur[4])
{
	int i;

	caption[0] = '\0';
	for (i = 0; i < 3; i++) {
		const char *ls;
		size_t ln;
		if (!line_before(t, start, i, &ls, &ln))
			break;
		if (!unit[0] && trawl__find_table_unit(ls, ln, unit, cur) && ln < 40)
			continue; /* a line that only declares the unit is no caption */
		if (!caption[0] && ln >= 4 && ln < 400)
			copy_trim(caption, capsz, ls, ln);
		if (caption[0] && unit[0])
			break;
	}
}

typedef struct first_money {
	trawl__fact f;
	int found;
} first_money;

static int take_first(void *u, const trawl__fact *f)
{
	first_money *m = u;
	if (!m->found) {
		m->f = *f;
		m->found = 1;
	}
	return 1;
}

/* The amount in one cell: with an inline or the table's unit, else the
 * number as written with unit_source "unknown". 0 if not an amount. */
static int cell_amount(const char *s, size_t n, const trawl__fctx *c, trawl__fact *out)
{
	first_money m;
	const char *p = s;
	size_t k = n;

	memset(&m, 0, sizeof m);
	trawl__extract_money_cell(s, n, c, take_first, &m);
	if (m.found) {
		*out = m.f;
		return 1;
	}
	memset(out, 0, sizeof *out);
	if (k && (*p == '-' || *p == '+')) {
		out->negative = *p == '-';
		p++, k--;
	}
	if (!k || trawl__parse_number(p, k, out->value) != k)
		return 0;
	out->kind = TRAWL__F_MONEY;
	out->start = 0;
	out->end = (uint32_t)n;
	memcpy(out->unit_source, "unknown", 8);
	return 1;
}

/* A unit stated in a column header: "成交金额(元)", "预算数(万元)", "金额/万元". */
static int column_unit(const char *hdr, char unit[16])
{
	static const char *const units[] = { "亿元", "万元", "千元", "百万元", "元", NULL };
	const char *p = strrchr(hdr, '(');
	int i;

	for (i = 0; units[i]; i++) {
		size_t n = strlen(units[i]);
		if ((p && !strncmp(p + 1, units[i], n) && p[1 + n] == ')') ||
		    (strlen(hdr) > n + 1 && !strcmp(hdr + strlen(hdr) - n, units[i]) &&
		     hdr[strlen(hdr) - n - 1] == '/')) {
			memcpy(unit, units[i], n + 1);
			return 1;
		}
	}
	return 0;
}

/* Letters and digits with at least one digit, like 391101A000. */
static int alnum_code(const char *s, size_t n)
{
	size_t i, digits = 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		           s[i] == '-' || s[i] == '.'))
			return 0;
	}
	return digits > 0 && n >= 2;
}

/* What a column's header says, worked out once per column. */
typedef struct colinfo {
	char hdr[128];        /* the header text ("" if none) */
	char unit[16];        /* a unit it states: 成交金额(元) -> "元", or "" */
	unsigned char code, money;  /* it names an item code / an amount */
} colinfo;

/* An item code: digits (or letters and digits) in a column headed as a
 * code, or a long run of digits in a column that is not about money. */
static int is_code(const char *s, size_t len, const colinfo *ci)
{
	if (len >= 16)
		return 0;
	if (ci->code)
		return alnum_code(s, len);
	return all_digits(s, len) && len >= 5 && !ci->money;
}

/* One table: money in every cell (a bare number only with the table's
 * declared unit), and a line item for each amount in a row that has a
 * label. ord[0..m) are the indexes of the table's cells in the unit, by
 * row, and in their order within a row. */
static void table_pass(xctx *x, const trawl__unit *u, const uint32_t *ord, size_t m,
                       const trawl__fctx *base)
{
	const char *t = u->nt.text.data;
	const trawl__cell *cells = u->cells.items;
#define NONE ((size_t)-1)
	size_t i, j, first = NONE, rs = 0, re = 0, code_cell = NONE, *prev = NULL, *next = NULL;
	uint32_t maxcol = 0, maxrow = 0, hdr_rows;
	char caption[256], unit[16] = "", cur[4] = "", *kind = NULL;
	colinfo *col = NULL;
	int ordered = 1;
	trawl__fctx c = *base;

	for (i = 0; i < m; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		if (ord[i] < first)
			first = ord[i];
		if (cl->col > maxcol) maxcol = cl->col;
		if (cl->row > maxrow) maxrow = cl->row;
	}
	if (!m || maxcol > 4096)
		return;
	table_context(t, cells[first].start, caption, sizeof caption, unit, cur);
	/* the header: the rows before the first row holding a number */
	hdr_rows = maxrow + 1;
	for (i = 0; i < m; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		if (!unit[0])
			trawl__find_table_unit(t + cl->start, cl->end - cl->start, unit, cur);
		if (cl->row < hdr_rows && numeric_cell(t + cl->start, cl->end - cl->start))
			hdr_rows = cl->row;
	}
	col = calloc((size_t)maxcol + 1, sizeof *col);
	if (!col) {
		x->rc = TRAWL_ENOMEM;
		return;
	}
	/* a column's header is its text in the last header row that has any */
	for (i = 0; i < m; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		char u2[16], c2[4];
		if (cl->row >= hdr_rows || cl->end == cl->start)
			continue;
		if (trawl__find_table_unit(t + cl->start, cl->end - cl->start, u2, c2) &&
		    cl->end - cl->start < 24)
			continue;
		copy_trim(col[cl->col].hdr, sizeof col[0].hdr, t + cl->start, cl->end - cl->start);
	}
	for (i = 0; i <= maxcol; i++) {
		col[i].code = (unsigned char)code_header(col[i].hdr);
		col[i].money = (unsigned char)money_header(col[i].hdr);
		if (!column_unit(col[i].hdr, col[i].unit))
			col[i].unit[0] = '\0';
	}
	c.table_unit = unit[0] ? unit : NULL;
	c.table_currency = cur[0] ? cur : base->table_currency;
	/* money, cell by cell (codes such as 2040299 are no amounts) */
	for (i = 0; i < m && !x->rc; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		const char *s = t + cl->start;
		size_t len = cl->end - cl->start;
		trawl__fctx cc = c;
		if (!len || is_code(s, len, &col[cl->col]))
			continue;
		if (cl->row < hdr_rows)
			cc.table_unit = NULL, cc.table_currency = base->table_currency;
		else if (col[cl->col].unit[0])
			cc.table_unit = col[cl->col].unit, cc.table_currency = base->table_currency;
		x->base = cl->start;
		trawl__extract_money_cell(s, len, &cc, add_fact, x);
	}
	x->base = 0;
	/* line items: each amount with the label nearest to its left, else the
	 * first to its right (year, code, amount, name, ...), and the row's
	 * first code. Worked out once per row: rs..re is the row in ord, kind[]
	 * says what each of its cells is, prev[]/next[] the nearest text cells */
	kind = malloc(m);
	prev = trawl__mallocn(m, sizeof *prev);
	next = trawl__mallocn(m, sizeof *next);
	if (!kind || !prev || !next) {
		x->rc = TRAWL_ENOMEM;
		m = 0;
	}
	for (i = 0; i < m && !x->rc && hdr_rows <= maxrow; i++) {
		const trawl__cell *cl = &cells[ord[i]], *lab = NULL;
		const char *s = t + cl->start;
		size_t len = cl->end - cl->start;
		trawl__fact f;
		trawl__fctx cc = c;
		if (i == 0 || cells[ord[i - 1]].row != cl->row) {
			size_t last = NONE;
			rs = i;
			code_cell = NONE;
			ordered = 1;
			for (re = rs; re < m && cells[ord[re]].row == cl->row; re++) {
				const trawl__cell *o = &cells[ord[re]];
				size_t ol = o->end - o->start;
				kind[re] = !ol ? 0 : is_code(t + o->start, ol, &col[o->col]) ? 1 :
				           numeric_cell(t + o->start, ol) ? 0 : 2;
				if (kind[re] == 1 && code_cell == NONE)
					code_cell = re;
				if (re > rs && cells[ord[re - 1]].col >= o->col)
					ordered = 0;
				prev[re] = last;
				if (kind[re] == 2)
					last = re;
			}
			for (last = NONE, j = re; j-- > rs;) {
				next[j] = last;
				if (kind[j] == 2)
					last = j;
			}
		}
		if (cl->row < hdr_rows || !len || kind[i] == 1)
			continue;
		if (col[cl->col].unit[0])
			cc.table_unit = col[cl->col].unit, cc.table_currency = base->table_currency;
		if (!cc.table_unit && !col[cl->col].money)
			continue;
		if (!numeric_cell(s, len) && !cc.table_unit)
			continue;
		if (!cell_amount(s, len, &cc, &f) || f.end - f.start < len / 2)
			continue;
		/* (an amount with words in it is not its own label) */
		if (ordered) {
			j = prev[i] != NONE ? prev[i] : next[i];
			lab = j != NONE ? &cells[ord[j]] : NULL;
		} else {
			for (j = rs; j < re; j++) {
				const trawl__cell *o = &cells[ord[j]];
				if (kind[j] == 2 && j != i && (o->col < cl->col || !lab))
					lab = o;
			}
		}
		if (!lab)
			continue;
		f.kind = TRAWL__F_ITEM;
		f.start = cl->start;
		f.end = cl->end;
		copy_trim(f.label, sizeof f.label, t + lab->start, lab->end - lab->start);
		copy_trim(f.column, sizeof f.column, col[cl->col].hdr, strlen(col[cl->col].hdr));
		copy_trim(f.caption, sizeof f.caption, caption, strlen(caption));
		f.code[0] = '\0';
		if (code_cell != NONE)
			copy_trim(f.code, sizeof f.code, t + cells[ord[code_cell]].start,
			          cells[ord[code_cell]].end - cells[ord[code_cell]].start);
		add_fact(x, &f);
	}
	free(kind);
	free(prev);
	free(next);
	free(col);
#undef NONE
}

/* Orders a unit's cells (arg) by table, then row, then their place in the
 * unit. */
static int cell_order_r(const void *a, const void *b, void *arg)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const trawl__cell *cells = arg, *x = &cells[i], *y = &cells[j];
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Every table of the unit, each in one pass over its own cells. */
static void table_passes(xctx *x, const trawl__unit *u, const trawl__fctx *base)
{
	const trawl__cell *cells = u->cells.items;
	size_t n = u->cells.n, i, a;
	uint32_t *ord;

	if (!n)
		return;
	ord = trawl__mallocn(n, sizeof *ord);
	if (!ord) {
		x->rc = TRAWL_ENOMEM;
		return;
	}
	for (i = 0; i < n; i++)
		ord[i] = (uint32_t)i;
	/* cells are nearly always in order already; sort only when not */
	for (i = 1; i < n; i++) {
		const trawl__cell *p = &cells[i - 1], *q = &cells[i];
		if (p->table > q->table || (p->table == q->table && p->row > q->row))
			break;
	}
	if (i < n)
		qsort_r(ord, n, sizeof *ord, cell_order_r, (void *)cells);
	for (a = 0; a < n && !x->rc; a = i) {
		for (i = a + 1; i < n && cells[ord[i]].table == cells[ord[a]].table; i++)
			;
		table_pass(x, u, ord + a, i - a, base);
	}
	free(ord);
}

/* OCDS releases: "awards[0].value.amount: 26500000" with its currency
 * line, and the named parties. */
static void ocds_facts(xctx *x, const trawl__unit *u)
{
	const char *t = u->nt.text.data, *p = t, *e = t + u->nt.text.len;

	while (p < e && !x->rc) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && colon + 2 <= le) {
			size_t klen = (size_t)(colon - p);
			const char *v = colon + 2;
			trawl__fact f;
			memset(&f, 0, sizeof f);
			if (klen > 13 && !memcmp(colon - 13, ".value.amount", 13) &&
			    trawl__parse_number(v, (size_t)(le - v), f.value) == (size_t)(le - v)) {
				/* the currency is on the sibling line */
				const char *q = le + 1;
				f.kind = TRAWL__F_MONEY;
				f.start = (uint32_t)(v - t);
				f.end = (uint32_t)(le - t);
				memcpy(f.unit_source, "inline", 7);
				if (q < e && !strncmp(q, p, klen - 6) && !strncmp(q + klen - 6, "currency: ", 10))
					copy_trim(f.currency, sizeof f.currency, q + klen + 4, 3);
				copy_trim(f.label, sizeof f.label, p, klen);
				add_fact(x, &f);
			} else if (klen > 5 && !memcmp(colon - 5, ".name", 5) && le > v) {
				const char *role = NULL;
				if (!strncmp(p, "buyer.", 6) || strstr(p, "procuringEntity.") == p + 7)
					role = "buyer";
				else if (!strncmp(p, "awards[", 7) && memmem(p, klen, "suppliers[", 10))
					role = "vendor";
				else if (!strncmp(p, "tender.procuringEntity.", 23))
					role = "agency";
				if (role) {
					f.kind = TRAWL__F_PARTY;
					f.start = (uint32_t)(v - t);
					f.end = (uint32_t)(le - t);
					copy_trim(f.value, sizeof f.value, v, (size_t)(le - v));
					copy_trim(f.role, sizeof f.role, role, strlen(role));
					add_fact(x, &f);
				}
			}
		}
		p = le + 1;
	}
}

static int span_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Quantities, told where this unit's money and dates are (facts from
 * index `from` on), so that no span is reported twice. */
static void quantities(xctx *x, const char *t, size_t len, const trawl__fctx *c, size_t from)
{
	trawl__fctx q = *c;
	uint32_t (*spans)[2] = NULL;
	size_t n = 0, i;

	if (x->d->facts.n > from) {
		spans = trawl__mallocn(x->d->facts.n - from, sizeof *spans);
		if (!spans) {
			x->rc = TRAWL_ENOMEM;
			return;
		}
		for (i = from; i < x->d->facts.n; i++) {
			const trawl__dfact *df = &((const trawl__dfact *)x->d->facts.items)[i];
			if (df->kind != TRAWL__F_MONEY && df->kind != TRAWL__F_DATE)
				continue;
			spans[n][0] = df->start;
			spans[n][1] = df->end;
			n++;
		}
		qsort(spans, n, sizeof *spans, span_cmp);
	}
	/* an empty list is a list: nothing is taken */
	q.spans = spans ? (const uint32_t (*)[2])spans : (const uint32_t (*)[2])"";
	q.nspans = n;
	trawl__extract_quantities(t, len, &q, add_fact, x);
	free(spans);
}

static int roc_document(const trawl__doc *d)
{
	static const char *const w[] = { "民國", "中華民國", "新臺幣", "新台幣", "行政院", NULL };
	size_t i;

	if (d->title && has_any(d->title, w))
		return 1;
	for (i = 0; i < d->units.n && i < 2; i++) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, i);
		if (has_any(u->nt.text.data, w))
			return 1;
	}
	return 0;
}

/* Past spaces, a time of day (17:05, 09:30:00) and spaces after it. */
static const char *after_time(const char *p)
{
	const char *q;
	while (*p == ' ' || *p == '\t')
		p++;
	q = p;
	if (q[0] >= '0' && q[0] <= '9') {
		q += q[1] >= '0' && q[1] <= '9' ? 2 : 1;
		if (q[0] == ':' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9') {
			q += 3;
			if (q[0] == ':' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9')
				q += 3;
			p = q;
			while (*p == ' ' || *p == '\t')
				p++;
		}
	}
	return p;
}

/* Marks the document's publication date (role "published"): a date after
 * a label such as 公告日期 or 发布时间, else a date alone on the last line
 * that has one (the signature of a notice). */
static trawl_err published_date(trawl__doc *d)
{
	static const char *const labels[] = { "公告日期", "发布日期", "发布时间", "公示日期",
		"发文日期", "成文日期", "公告时间", "发布于", "Date:", "Published:", NULL };
	/* the start of a publicity period: only when nothing else says */
	static const char *const weak[] = { "公示时间", "公示期", "公示日期为", NULL };
	trawl__dfact *fs = d->facts.items, *found = NULL, *last_alone = NULL, *weak_hit = NULL;
	size_t i;

	for (i = 0; i < d->facts.n && !found; i++) {
		trawl__dfact *df = &fs[i];
		const trawl__unit *u;
		const char *t, *ls, *le;
		size_t from;
		int k;
		if (df->kind != TRAWL__F_DATE || df->unit >= d->units.n)
			continue;
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, df->unit);
		t = u->nt.text.data;
		from = df->start > 32 ? df->start - 32 : 0;
		for (k = 0; labels[k] && !found; k++) {
			const char *hit = memmem(t + from, df->start - from, labels[k], strlen(labels[k]));
			if (hit && !memchr(hit, '\n', (size_t)(t + df->start - hit)))
				found = df;
		}
		if (found)
			break;
		for (k = 0; weak[k] && !weak_hit; k++) {
			const char *hit = memmem(t + from, df->start - from, weak[k], strlen(weak[k]));
			if (hit && !memchr(hit, '\n', (size_t)(t + df->start - hit)))
				weak_hit = df;
		}
		/* alone on its line (a time of day after it, or the page's
		 * "来源: ..." after that, may follow)? */
		ls = t + df->start;
		while (ls > t && ls[-1] != '\n')
			ls--;
		le = after_time(t + df->end);
		if (strspn(ls, " \t") == (size_t)(t + df->start - ls) &&
		    (*le == '\n' || !*le || !strncmp(le, "来源", 6) || !strncmp(le, "信息来源", 12)))
			last_alone = df;
	}
	if (!found)
		found = last_alone ? last_alone : weak_hit;
	if (found) {
		xctx x = { .d = d, .rc = TRAWL_OK };
		found->str[TRAWL__FS_ROLE] = pool_str(&x, "published");
		return x.rc;
	}
	return TRAWL_OK;
}

typedef struct fact_key {
	uint32_t unit, start, idx;
} fact_key;

static int fact_order(const void *a, const void *b)
{
	const fact_key *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* ties keep the order they were found in */
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static size_t count_chars(const char *s, size_t from, size_t to)
{
	size_t k = 0;
	for (size_t i = from; i < to; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Sorts the facts by unit and start and gives each its character offsets,
 * counting each unit's text once (here, in the worker thread, not in the
 * store's single writer). Their keys are sorted, then the facts are moved
 * in place. */
static trawl_err cite_chars(trawl__doc *d)
{
	trawl__dfact *fs = d->facts.items, tmp;
	fact_key *keys;
	size_t i, j, n = d->facts.n;

	if (!n)
		return TRAWL_OK;
	keys = trawl__mallocn(n, sizeof *keys);
	if (!keys)
		return TRAWL_ENOMEM;
	for (i = 0; i < n; i++) {
		keys[i].unit = fs[i].unit;
		keys[i].start = fs[i].start;
		keys[i].idx = (uint32_t)i;
	}
	qsort(keys, n, sizeof *keys, fact_order);
	/* position i takes the fact at keys[i].idx: move them along each
	 * cycle of that permutation (a placed one gets idx = its position) */
	for (i = 0; i < n; i++) {
		if (keys[i].idx == i)
			continue;
		tmp = fs[i];
		for (j = i; keys[j].idx != i; ) {
			size_t src = keys[j].idx;
			fs[j] = fs[src];
			keys[j].idx = (uint32_t)j;
			j = src;
		}
		fs[j] = tmp;
		keys[j].idx = (uint32_t)j;
	}
	free(keys);
	for (i = 0; i < n;) {
		uint32_t unit = fs[i].unit;
		const trawl__unit *u = unit < d->units.n ?
		                       TRAWL_VEC_AT(&d->units, trawl__unit *, unit) : NULL;
		size_t pos = 0, chars = 0;
		for (; i < n && fs[i].unit == unit; i++) {
			trawl__dfact *df = &fs[i];
			size_t len = u ? u->nt.text.len : 0;
			if (!u || df->start > df->end || df->end > len) {
				df->cstart = df->cend = 0;
				continue;
			}
			chars += count_chars(u->nt.text.data, pos, df->start);
			pos = df->start;
			df->cstart = (uint32_t)chars;
			df->cend = (uint32_t)(chars + count_chars(u->nt.text.data, df->start, df->end));
		}
	}
	return TRAWL_OK;
}

trawl_err trawl__extract_doc(trawl__doc *d, const char *path)
{
	xctx x = { .d = d, .rc = TRAWL_OK };
	trawl__fctx c = { 0 };
	char *mask = NULL;
	size_t k, i, first_fact;

	trawl__vec_release(&d->facts);
	trawl__vec_init(&d->facts, sizeof(trawl__dfact));
	trawl__buf_reset(&d->fstrings);
	{
		const trawl__unit *u0 = d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, 0) : NULL;
		const char *kind = trawl__doc_kind(d->title ? d->title : "", u0 ? u0->nt.text.data : "",
		                                   u0 ? (u0->nt.text.len < 1500 ? u0->nt.text.len : 1500) : 0);
		copy_trim(d->kind, sizeof d->kind, kind ? kind : "", kind ? strlen(kind) : 0);
	}
	(void)path;
	c.roc_years = roc_document(d);
	/* in a Taiwan government document a bare 元 is New Taiwan dollars */
	if (c.roc_years)
		c.table_currency = "TWD";
	for (k = 0; k < d->units.n && !x.rc; k++) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
		const char *t = u->nt.text.data;
		size_t len = u->nt.text.len;
		x.unit = (uint32_t)k;
		x.base = 0;
		if (!strcmp(u->kind, "release")) {
			ocds_facts(&x, u);
			trawl__extract_dates(t, len, &c, add_fact, &x);
			continue;
		}
		/* prose money: the text with table cells blanked out, so each cell
		 * is read once, with its table's unit */
		first_fact = x.d->facts.n;
		mask = malloc(len + 1);
		if (!mask) {
			x.rc = TRAWL_ENOMEM;
			break;
		}
		memcpy(mask, t, len + 1);
		for (i = 0; i < u->cells.n; i++) {
			const trawl__cell *cl = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
			memset(mask + cl->start, ' ', cl->end - cl->start);
		}
		{
			/* the numerals of the masked and of the whole text, found once
			 * for the extractors that read each */
			uint32_t (*runs)[2] = NULL, (*mruns)[2] = NULL;
			size_t nr = trawl__find_numerals(t, len, &runs), nm = nr;
			trawl__fctx uc = c, mc = c;
			if (u->cells.n && nr != (size_t)-1)
				nm = trawl__find_numerals(mask, len, &mruns);
			else
				mruns = NULL;
			if (nr == (size_t)-1 || nm == (size_t)-1) {
				free(runs);
				free(mruns);
				free(mask);
				x.rc = TRAWL_ENOMEM;
				break;
			}
			/* (an empty list is a list: no numeral anywhere; too many for
			 * a list (size_t)-2: none given, the extractors search) */
			if (nr != (size_t)-2) {
				uc.numerals = runs ? (const uint32_t (*)[2])runs : (const uint32_t (*)[2])"";
				uc.nnumerals = nr;
			}
			if (!u->cells.n) {
				mc.numerals = uc.numerals;
				mc.nnumerals = uc.nnumerals;
			} else if (nm != (size_t)-2) {
				mc.numerals = mruns ? (const uint32_t (*)[2])mruns : (const uint32_t (*)[2])"";
				mc.nnumerals = nm;
			}
			trawl__extract_money(mask, len, &mc, add_fact, &x);
			free(mask);
			trawl__extract_dates(t, len, &uc, add_fact, &x);
			quantities(&x, t, len, &uc, first_fact);
			free(runs);
			free(mruns);
		}
		trawl__extract_parties(t, len, &c, add_fact, &x);
		trawl__extract_places(t, len, &c, add_fact, &x);
		if (!x.rc)
			table_passes(&x, u, &c);
	}
	if (!x.rc)
		x.rc = published_date(d);
	if (!x.rc)
		x.rc = cite_chars(d);
	return x.rc;
}
