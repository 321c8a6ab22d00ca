/* Tables from positioned PDF text (see pdftable.h).
 *
 * 1. Visual lines: text lines whose boxes overlap vertically by half the
 *    smaller height form one visual line (MuPDF may cut a table row into
 *    several lines, or join two cells into one).
 * 2. Blocks: a run of visual lines with two or more segments each that
 *    land in the same x-ranges, with single-segment lines between them
 *    kept when they fit inside one of those ranges (a wrapped cell, a row
 *    with one filled cell). A line crossing the ranges (a title, prose)
 *    or a wide vertical gap ends the block.
 * 3. Columns: the x-ranges covered by the block's segments; a range is cut
 *    where only one or two segments bridge it while several segments lie
 *    wholly on each side (a header cell spanning two columns); two
 *    neighbouring ranges never filled on the same line, one of them on at
 *    most two lines, are one column (a centred header over short
 *    right-aligned numbers).
 * 4. Rows: a visual line starts a new row unless it continues the one
 *    above: no number in a numeric column already filled, and either
 *    complementary cells (numbers centred between two lines of a wrapped
 *    label) or a line spacing tighter than between rows. When a table has
 *    such open cases, the page's ruling lines are asked for, and decide
 *    when they part its plain rows.
 * A table needs two rows with two filled cells; two wide columns without
 * numbers are taken for two-column prose, not a table. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "ingest/pdftable.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MAXCOLS 64

void trawl__pdfpage_init(trawl__pdfpage *pg)
{
	trawl__buf_init(&pg->text, (size_t)64 << 20);
	trawl__vec_init(&pg->lines, sizeof(trawl__pdfline));
	trawl__vec_init(&pg->segs, sizeof(trawl__pdfseg));
	trawl__vec_init(&pg->rules, sizeof(trawl__pdfrule));
}

void trawl__pdfpage_reset(trawl__pdfpage *pg)
{
	trawl__buf_reset(&pg->text);
	pg->lines.n = 0;
	pg->segs.n = 0;
	pg->rules.n = 0;
}

void trawl__pdfpage_release(trawl__pdfpage *pg)
{
	trawl__buf_release(&pg->text);
	trawl__vec_release(&pg->lines);
	trawl__vec_release(&pg->segs);
	trawl__vec_release(&pg->rules);
}

/* ---- text helpers ---- */

static uint32_t utf8_at(const unsigned char *p, size_t n, size_t *len)
{
	if (n >= 3 && (p[0] & 0xF0) == 0xE0) {
		*len = 3;
		return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		       (p[2] & 0x3F);
	}
	if (n >= 2 && (p[0] & 0xE0) == 0xC0) {
		*len = 2;
		return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if (n >= 4 && (p[0] & 0xF8) == 0xF0) {
		*len = 4;
		return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		       ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	}
	*len = 1;
	return p[0];
}

static uint32_t utf8_last(const char *s, size_t n)
{
	size_t i = n, len;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return 0;
	i--;
	return utf8_at((const unsigned char *)s + i, n - i, &len);
}

static uint32_t utf8_first(const char *s, size_t n)
{
	size_t len;
	return n ? utf8_at((const unsigned char *)s, n, &len) : 0;
}

/* CJK and fullwidth characters: pieces of a wrapped cell join without a
 * space when either side is one. */
static int is_wide(uint32_t c)
{
	return c >= 0x2E80;
}

/* An amount, a code, a percentage, or a dash standing for nothing. */
static int is_numeric(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	int digits = 0, dashes = 0, other = 0;

	while (i < n) {
		uint32_t c = utf8_at(p + i, n - i, &len);
		i += len;
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0; /* fullwidth ASCII */
		if (c >= '0' && c <= '9')
			digits++;
		else if (c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2212)
			dashes++;
		else if (c == ',' || c == '.' || c == '%' || c == '(' || c == ')' ||
		         c == '+' || c == 0xA5 || c == 0xFFE5)
			other++;
		else
			return 0;
	}
	return digits > 0 || (dashes > 0 && !other);
}

/* ---- sorting ---- */

typedef struct key { float a, b; uint32_t i; } key;

static int key_cmp(const void *x, const void *y)
{
	const key *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* ---- the page model ---- */

typedef struct vline {
	float y0, y1, size;
	uint32_t s0, ns;        /* its segments in ctx.vs, by x */
	int32_t table;
	uint32_t row;
	uint64_t filled, num;   /* columns with text, with a number */
} vline;

typedef struct ptable {
	uint32_t v0, v1;
	uint32_t ncols, nrows;
	float cx0[MAXCOLS], cx1[MAXCOLS];
} ptable;

typedef struct ctx {
	trawl__pdfpage *pg;
	trawl__pdfrules_fn load_rules;
	void *arg;
	int rules_loaded;
	const trawl__pdfseg *seg;
	const trawl__pdfline *line;
	size_t nseg, nline;
	vline *v;
	size_t nv;
	uint32_t *vs;           /* segment indices grouped by visual line */
	int32_t *vl_of_line;
	uint32_t *col;          /* column of each segment in its table */
	ptable *t;
	size_t nt;
	key *keys;              /* scratch for sorting */
} ctx;

static float vl_h(const vline *v)
{
	return v->y1 - v->y0;
}

static int build_vlines(ctx *c)
{
	size_t i, n = 0, k;
	uint32_t nvs = 0;

	for (i = 0; i < c->nline; i++) {
		const trawl__pdfline *l = &c->line[i];
		c->vl_of_line[i] = -1;
		if (l->plain || !l->nseg)
			continue;
		c->keys[n].a = (l->y0 + l->y1) / 2;
		c->keys[n].b = l->x0;
		c->keys[n].i = (uint32_t)i;
		n++;
	}
	qsort(c->keys, n, sizeof *c->keys, key_cmp);
	c->nv = 0;
	for (k = 0; k < n; k++) {
		const trawl__pdfline *l = &c->line[c->keys[k].i];
		vline *v = c->nv ? &c->v[c->nv - 1] : NULL;
		if (v) {
			float ov = fminf(v->y1, l->y1) - fmaxf(v->y0, l->y0);
			float h = fminf(v->y1 - v->y0, l->y1 - l->y0);
			if (ov >= 0.5f * h) {
				v->y0 = fminf(v->y0, l->y0);
				v->y1 = fmaxf(v->y1, l->y1);
				c->vl_of_line[c->keys[k].i] = (int32_t)(c->nv - 1);
				continue;
			}
		}
		v = &c->v[c->nv];
		memset(v, 0, sizeof *v);
		v->y0 = l->y0;
		v->y1 = l->y1;
		v->table = -1;
		c->vl_of_line[c->keys[k].i] = (int32_t)c->nv++;
	}
	/* segments of each visual line, sorted by x */
	n = 0;
	for (i = 0; i < c->nseg; i++) {
		int32_t vi = c->vl_of_line[c->seg[i].line];
		if (vi < 0)
			continue;
		c->keys[n].a = (float)vi;
		c->keys[n].b = c->seg[i].x0;
		c->keys[n].i = (uint32_t)i;
		n++;
	}
	qsort(c->keys, n, sizeof *c->keys, key_cmp);
	for (k = 0; k < n; k++) {
		vline *v = &c->v[(size_t)c->keys[k].a];
		const trawl__pdfseg *g = &c->seg[c->keys[k].i];
		if (!v->ns)
			v->s0 = nvs;
		v->ns++;
		if (g->size > v->size)
			v->size = g->size;
		c->vs[nvs++] = c->keys[k].i;
	}
	return 0;
}

/* Pages with more lines than this are written line by line. */
#define MAX_TABLE_LINES 50000
/* A block ends after this many lines in a row with one segment each. */
#define MAX_SINGLES 60

/* ---- blocks ---- */

typedef struct ivs { float x0[MAXCOLS], x1[MAXCOLS]; int n; } ivs;

static void ivs_add(ivs *m, float x0, float x1)
{
	int i, j;

	/* merge with every interval it overlaps */
	for (i = 0; i < m->n; i++) {
		if (x1 < m->x0[i] || x0 > m->x1[i])
			continue;
		x0 = fminf(x0, m->x0[i]);
		x1 = fmaxf(x1, m->x1[i]);
		for (j = i; j + 1 < m->n; j++) {
			m->x0[j] = m->x0[j + 1];
			m->x1[j] = m->x1[j + 1];
		}
		m->n--;
		i = -1;
	}
	if (m->n == MAXCOLS)
		return;
	for (i = m->n; i > 0 && m->x0[i - 1] > x0; i--) {
		m->x0[i] = m->x0[i - 1];
		m->x1[i] = m->x1[i - 1];
	}
	m->x0[i] = x0;
	m->x1[i] = x1;
	m->n++;
}

/* How many intervals [x0,x1] overlaps; *first gets the first. */
static int ivs_hits(const ivs *m, float x0, float x1, int *first)
{
	int i, n = 0;

	*first = -1;
	for (i = 0; i < m->n; i++) {
		if (x1 <= m->x0[i] || x0 >= m->x1[i])
			continue;
		if (!n)
			*first = i;
		n++;
	}
	return n;
}

/* A line with several segments fits the block when at least two of them
 * each stay within one interval (or fall between intervals: a column
 * empty so far, a number narrower than its centred header). */
static int fits(const ctx *c, const ivs *m, const vline *v)
{
	int clean = 0;

	for (uint32_t k = 0; k < v->ns; k++) {
		const trawl__pdfseg *s = &c->seg[c->vs[v->s0 + k]];
		int first;
		clean += ivs_hits(m, s->x0, s->x1, &first) <= 1;
	}
	return clean >= 2;
}

/* A line with one segment stays in the block when it keeps within one
 * interval, or between intervals. */
static int single_fits(const ctx *c, const ivs *m, const vline *v)
{
	const trawl__pdfseg *s = &c->seg[c->vs[v->s0]];
	int first;

	return ivs_hits(m, s->x0, s->x1, &first) <= 1;
}

/* Only segments within one interval widen the intervals: one bridging
 * two columns (a header over both) would merge them. */
static void ivs_add_line(const ctx *c, ivs *m, const vline *v)
{
	for (uint32_t k = 0; k < v->ns; k++) {
		const trawl__pdfseg *s = &c->seg[c->vs[v->s0 + k]];
		int first;
		if (ivs_hits(m, s->x0, s->x1, &first) <= 1)
			ivs_add(m, s->x0, s->x1);
	}
}

/* A wrapped cell's next line sits closer than rows do. */
static int tight(const vline *a, const vline *b)
{
	float size = fmaxf(fminf(a->size, b->size), 1.0f);
	return b->y0 - a->y1 < 0.3f * size;
}

/* ---- columns ---- */

typedef struct ev { float x; int d; } ev;

static int ev_cmp(const void *x, const void *y)
{
	const ev *p = x, *q = y;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return q->d - p->d; /* starts first: touching segments overlap */
}

/* Columns of table t from the segments of its lines with several
 * segments. Returns the number found (0: not a table). */
static int find_columns(ctx *c, ptable *t, ev *e)
{
	size_t n = 0, i;
	int depth = 0, ncols = 0, nmulti = 0;
	float gx0[MAXCOLS], gx1[MAXCOLS];

	for (uint32_t vi = t->v0; vi <= t->v1; vi++) {
		const vline *v = &c->v[vi];
		if (v->ns < 2)
			continue;
		nmulti++;
		for (uint32_t k = 0; k < v->ns; k++) {
			const trawl__pdfseg *s = &c->seg[c->vs[v->s0 + k]];
			e[n].x = s->x0; e[n++].d = 1;
			e[n].x = s->x1; e[n++].d = -1;
		}
	}
	qsort(e, n, sizeof *e, ev_cmp);
	/* covered ranges; gaps under half a point do not part columns */
	for (i = 0; i < n; i++) {
		if (e[i].d > 0 && depth++ == 0) {
			if (ncols && e[i].x - gx1[ncols - 1] < 0.5f)
				ncols--;
			else if (ncols == MAXCOLS)
				return 0;
			else
				gx0[ncols] = e[i].x;
		} else if (e[i].d < 0 && --depth == 0) {
			gx1[ncols++] = e[i].x;
		}
	}
	/* cut a range where few segments bridge it and several lie on each
	 * side: a header cell spanning two columns */
	t->ncols = 0;
	for (int g = 0; g < ncols; g++) {
		float from = gx0[g];
		int bridge_max = nmulti >= 16 ? 2 : 1;
		depth = 0;
		for (i = 0; i + 1 < n; i++) {
			float p, q;
			depth += e[i].d;
			p = e[i].x;
			q = e[i + 1].x;
			if (p < from + 1.0f || q > gx1[g] || q - p < 1.0f || depth > bridge_max ||
			    depth == 0)
				continue;
			{
				int left = 0, right = 0;
				for (uint32_t vi = t->v0; vi <= t->v1; vi++) {
					const vline *v = &c->v[vi];
					if (v->ns < 2)
						continue;
					for (uint32_t k = 0; k < v->ns; k++) {
						const trawl__pdfseg *s = &c->seg[c->vs[v->s0 + k]];
						if (s->x0 < from || s->x1 > gx1[g])
							continue;
						left += s->x1 <= p;
						right += s->x0 >= q;
					}
				}
				if (left < 2 || right < 2)
					continue;
			}
			if (t->ncols + 1 >= MAXCOLS)
				return 0;
			t->cx0[t->ncols] = from;
			t->cx1[t->ncols++] = p;
			from = q;
		}
		if (t->ncols == MAXCOLS)
			return 0;
		t->cx0[t->ncols] = from;
		t->cx1[t->ncols++] = gx1[g];
	}
	return (int)t->ncols;
}

static uint32_t column_of(const ptable *t, const trawl__pdfseg *s)
{
	uint32_t best = 0;
	float best_ov = -1e30f;

	for (uint32_t k = 0; k < t->ncols; k++) {
		float ov = fminf(s->x1, t->cx1[k]) - fmaxf(s->x0, t->cx0[k]);
		if (ov > best_ov) {
			best_ov = ov;
			best = k;
		}
	}
	return best;
}

/* ---- rows ---- */

static int rule_between(const ctx *c, const vline *a, const vline *b)
{
	const trawl__pdfrule *r = c->pg->rules.items;
	float ya = (a->y0 + a->y1) / 2, yb = (b->y0 + b->y1) / 2;
	float bx0 = c->seg[c->vs[b->s0]].x0, bx1 = c->seg[c->vs[b->s0 + b->ns - 1]].x1;

	for (size_t i = 0; i < c->pg->rules.n; i++) {
		if (r[i].y1 - r[i].y0 > 2.0f)
			continue; /* vertical */
		if (r[i].y0 > ya && r[i].y1 < yb && r[i].x0 < bx1 && r[i].x1 > bx0)
			return 1;
	}
	return 0;
}

static int float_cmp(const void *x, const void *y)
{
	float p = *(const float *)x, q = *(const float *)y;
	return p < q ? -1 : p > q;
}

static int popcount64(uint64_t x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Puts each segment of t in a column, and says which columns each visual
 * line fills. */
static void assign(ctx *c, ptable *t, uint32_t *nfill, uint32_t *nnum, float *wsum)
{
	memset(nfill, 0, MAXCOLS * sizeof *nfill);
	memset(nnum, 0, MAXCOLS * sizeof *nnum);
	memset(wsum, 0, MAXCOLS * sizeof *wsum);
	for (uint32_t vi = t->v0; vi <= t->v1; vi++) {
		vline *v = &c->v[vi];
		uint64_t nonnum = 0;
		v->filled = v->num = 0;
		for (uint32_t k = 0; k < v->ns; k++) {
			uint32_t si = c->vs[v->s0 + k];
			const trawl__pdfseg *s = &c->seg[si];
			uint32_t col = column_of(t, s);
			uint64_t bit = (uint64_t)1 << col;
			c->col[si] = col;
			v->filled |= bit;
			wsum[col] += s->x1 - s->x0;
			if (is_numeric(c->pg->text.data + s->start, s->end - s->start))
				v->num |= bit;
			else
				nonnum |= bit;
		}
		v->num &= ~nonnum;
		for (uint32_t k = 0; k < t->ncols; k++) {
			nfill[k] += (v->filled >> k) & 1;
			nnum[k] += (v->num >> k) & 1;
		}
	}
}

/* Two neighbouring columns never filled on the same line, one of them on
 * at most two lines: a header centred over a column of short right-aligned
 * numbers it does not overlap. Returns the column to merge with the next,
 * or -1. */
static int lone_pair(const ctx *c, const ptable *t, const uint32_t *nfill)
{
	for (uint32_t k = 0; k + 1 < t->ncols; k++) {
		uint64_t both = ((uint64_t)1 << k) | ((uint64_t)1 << (k + 1));
		uint32_t vi;
		if (nfill[k] > 2 && nfill[k + 1] > 2)
			continue;
		for (vi = t->v0; vi <= t->v1; vi++)
			if ((c->v[vi].filled & both) == both)
				break;
		if (vi > t->v1)
			return (int)k;
	}
	return -1;
}

/* Assigns columns and rows; returns 0 when t is no table after all. */
static int make_rows(ctx *c, ptable *t, float *gaps)
{
	uint64_t numcols = 0, rfilled = 0;
	uint32_t nfill[MAXCOLS], nnum[MAXCOLS];
	float wsum[MAXCOLS], rowgap = -1;
	uint32_t vi, row, good = 0, nconf = 0, nconf_ruled = 0, nruled = 0;
	int ruled, pair;

	assign(c, t, nfill, nnum, wsum);
	while (t->ncols > 2 && (pair = lone_pair(c, t, nfill)) >= 0) {
		t->cx1[pair] = t->cx1[pair + 1];
		for (uint32_t j = (uint32_t)pair + 1; j + 1 < t->ncols; j++) {
			t->cx0[j] = t->cx0[j + 1];
			t->cx1[j] = t->cx1[j + 1];
		}
		t->ncols--;
		assign(c, t, nfill, nnum, wsum);
	}
	for (uint32_t k = 0; k < t->ncols; k++)
		if (nnum[k] && nnum[k] * 2 >= nfill[k])
			numcols |= (uint64_t)1 << k;
	/* two wide columns of words: prose set in columns */
	if (!numcols) {
		float width = t->cx1[t->ncols - 1] - t->cx0[0];
		uint32_t wide = 0;
		for (uint32_t k = 0; k < t->ncols; k++)
			wide += nfill[k] && wsum[k] / (float)nfill[k] >= 0.3f * width;
		if (wide == t->ncols)
			return 0;
	}
	/* a line that does not plainly start a row: the rules may tell */
	for (vi = t->v0 + 1; vi <= t->v1 && !c->rules_loaded; vi++) {
		if (!(c->v[vi].num & numcols & c->v[vi - 1].filled) && c->load_rules) {
			c->rules_loaded = 1;
			c->load_rules(c->arg, c->pg);
		}
	}
	/* how far apart rows are, and whether rules part them */
	for (vi = t->v0 + 1; vi <= t->v1; vi++) {
		const vline *a = &c->v[vi - 1], *b = &c->v[vi];
		int r = c->pg->rules.n ? rule_between(c, a, b) : 0;
		nruled += r;
		if (b->num & numcols & a->filled) {
			gaps[nconf++] = b->y0 - a->y1;
			nconf_ruled += r;
		}
	}
	if (nconf >= 2) {
		qsort(gaps, nconf, sizeof *gaps, float_cmp);
		rowgap = gaps[nconf / 2];
	}
	ruled = nconf ? nconf_ruled * 5 >= nconf * 4 : nruled > 0;
	row = 0;
	c->v[t->v0].row = 0;
	rfilled = c->v[t->v0].filled;
	for (vi = t->v0 + 1; vi <= t->v1; vi++) {
		vline *a = &c->v[vi - 1], *b = &c->v[vi];
		float gap = b->y0 - a->y1, size = fmaxf(fminf(a->size, b->size), 1.0f);
		int fresh;
		if (b->num & numcols & rfilled)
			fresh = 1;
		else if (ruled)
			fresh = rule_between(c, a, b);
		else if (!(b->filled & rfilled))
			fresh = gap >= 0.5f * size;
		else if (rowgap >= 0)
			fresh = gap >= 0.5f * rowgap || gap >= 0.6f * size;
		else
			fresh = !tight(a, b);
		if (fresh) {
			good += popcount64(rfilled) >= 2;
			row++;
			rfilled = 0;
		}
		rfilled |= b->filled;
		b->row = row;
	}
	good += popcount64(rfilled) >= 2;
	t->nrows = row + 1;
	return good >= 2;
}

/* ---- finding tables ---- */

static int find_tables(ctx *c, trawl__vec *tables, ev *e, float *gaps)
{
	size_t i = 0, done = 0; /* visual lines before done are taken */

	while (i < c->nv) {
		ivs m = { .n = 0 };
		size_t j, last, start, end;
		int nmulti = 1;
		ptable *t;

		if (c->v[i].ns < 2) {
			i++;
			continue;
		}
		ivs_add_line(c, &m, &c->v[i]);
		last = i;
		for (j = i + 1; j < c->nv && j - last <= MAX_SINGLES; j++) {
			const vline *a = &c->v[j - 1], *b = &c->v[j];
			float h = fmaxf(vl_h(a), vl_h(b)), gap = b->y0 - a->y1;
			if (gap > 2.5f * h)
				break;
			if (b->ns >= 2) {
				if (!fits(c, &m, b))
					break;
				ivs_add_line(c, &m, b);
				last = j;
				nmulti++;
			} else if (gap > 1.5f * h || !single_fits(c, &m, b)) {
				break; /* a title, a note, prose */
			}
		}
		if (nmulti < 2) {
			i++;
			continue;
		}
		end = last;
		while (end + 1 < c->nv && c->v[end + 1].ns == 1 &&
		       tight(&c->v[end], &c->v[end + 1]) && single_fits(c, &m, &c->v[end + 1]))
			end++;
		start = i;
		while (start > done && c->v[start - 1].ns == 1 &&
		       tight(&c->v[start - 1], &c->v[start]) && single_fits(c, &m, &c->v[start - 1]))
			start--;
		t = trawl__vec_push(tables);
		if (!t)
			return -1;
		t->v0 = (uint32_t)start;
		t->v1 = (uint32_t)end;
		if (find_columns(c, t, e) < 2 || !make_rows(c, t, gaps)) {
			tables->n--;
			i = last + 1;
			continue;
		}
		for (size_t vi = start; vi <= end; vi++)
			c->v[vi].table = (int32_t)(tables->n - 1);
		done = end + 1;
		i = end + 1;
	}
	return 0;
}

/* ---- writing ---- */

static void emit_line(trawl__docset *s, trawl__unit *u, const ctx *c,
                      const trawl__pdfline *l)
{
	const char *txt = c->pg->text.data;
	uint32_t pos = l->start;

	if (!l->nseg)
		return;
	for (uint32_t k = l->seg; k < l->seg + l->nseg; k++) {
		const trawl__pdfseg *g = &c->seg[k];
		uint32_t st;
		trawl__unit_text(s, u, txt + pos, g->start - pos);
		st = (uint32_t)u->nt.text.len;
		trawl__unit_text(s, u, txt + g->start, g->end - g->start);
		trawl__unit_span(s, u, st, (uint32_t)u->nt.text.len, g->x0, g->y0, g->x1, g->y1);
		pos = g->end;
	}
	trawl__unit_text(s, u, txt + pos, l->end - pos);
	trawl__unit_text(s, u, "\n", 1);
}

/* Text printed twice a little apart (a bold face faked so) is kept once. */
static int overprint(const ctx *c, const trawl__pdfseg *a, const trawl__pdfseg *b)
{
	const char *txt = c->pg->text.data;
	float ov = fminf(a->x1, b->x1) - fmaxf(a->x0, b->x0);
	float oy = fminf(a->y1, b->y1) - fmaxf(a->y0, b->y0);

	return a->end - a->start == b->end - b->start &&
	       ov > 0.8f * (a->x1 - a->x0) && oy > 0.8f * (a->y1 - a->y0) &&
	       !memcmp(txt + a->start, txt + b->start, a->end - a->start);
}

static void emit_table(trawl__docset *s, trawl__unit *u, const ctx *c, const ptable *t)
{
	const char *txt = c->pg->text.data;
	uint32_t vi = t->v0;

	trawl__unit_table_begin(s, u);
	for (uint32_t r = 0; r < t->nrows && !s->rc; r++) {
		uint32_t v_end = vi;
		while (v_end <= t->v1 && c->v[v_end].row == r)
			v_end++;
		trawl__unit_row_begin(s, u);
		for (uint32_t col = 0; col < t->ncols && !s->rc; col++) {
			uint32_t last = 0;
			int pieces = 0;
			for (uint32_t w = vi; w < v_end; w++) {
				const vline *v = &c->v[w];
				for (uint32_t k = 0; k < v->ns; k++) {
					uint32_t si = c->vs[v->s0 + k], st;
					const trawl__pdfseg *g = &c->seg[si];
					if (c->col[si] != col)
						continue;
					if (pieces && overprint(c, &c->seg[last], g))
						continue;
					if (!pieces++) {
						trawl__unit_cell(s, u, txt + g->start, g->end - g->start);
						if (s->rc)
							return;
						st = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).start;
					} else {
						const trawl__pdfseg *pg = &c->seg[last];
						if (!is_wide(utf8_last(txt + pg->start, pg->end - pg->start)) &&
						    !is_wide(utf8_first(txt + g->start, g->end - g->start)))
							trawl__unit_text(s, u, " ", 1);
						st = (uint32_t)u->nt.text.len;
						trawl__unit_text(s, u, txt + g->start, g->end - g->start);
						if (s->rc)
							return;
						TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).end =
							(uint32_t)u->nt.text.len;
					}
					trawl__unit_span(s, u, st, (uint32_t)u->nt.text.len,
					                 g->x0, g->y0, g->x1, g->y1);
					last = si;
				}
			}
			if (!pieces)
				trawl__unit_cell(s, u, "", 0);
		}
		trawl__unit_row_end(s, u);
		vi = v_end;
	}
	trawl__unit_table_end(s, u);
}

void trawl__pdftable_emit(trawl__docset *s, trawl__unit *u, trawl__pdfpage *pg,
                          trawl__pdfrules_fn load_rules, void *arg)
{
	ctx c = { 0 };
	trawl__vec tables;
	unsigned char *emitted = NULL;
	ev *e = NULL;
	float *gaps = NULL;
	size_t i;

	if (s->rc || !u)
		return;
	trawl__vec_init(&tables, sizeof(ptable));
	c.pg = pg;
	c.load_rules = load_rules;
	c.arg = arg;
	c.seg = pg->segs.items;
	c.line = pg->lines.items;
	c.nseg = pg->segs.n;
	c.nline = pg->lines.n;
	if (c.nline && c.nline <= MAX_TABLE_LINES) {
		size_t nk = c.nline > c.nseg ? c.nline : c.nseg;
		c.v = trawl__mallocn(c.nline, sizeof *c.v);
		c.vs = trawl__mallocn((size_t)c.nseg + 1, sizeof *c.vs);
		c.vl_of_line = trawl__mallocn(c.nline, sizeof *c.vl_of_line);
		c.col = calloc(c.nseg + 1, sizeof *c.col);
		c.keys = trawl__mallocn(nk, sizeof *c.keys);
		e = trawl__mallocn(2 * (size_t)c.nseg + 1, sizeof *e);
		gaps = trawl__mallocn(c.nline, sizeof *gaps);
		if (!c.v || !c.vs || !c.vl_of_line || !c.col || !c.keys || !e || !gaps)
			goto oom;
		build_vlines(&c);
		if (find_tables(&c, &tables, e, gaps))
			goto oom;
		c.t = tables.items;
		c.nt = tables.n;
		emitted = calloc(c.nt + 1, 1);
		if (!emitted)
			goto oom;
	}
	for (i = 0; i < c.nline && !s->rc; i++) {
		int32_t vl = c.vl_of_line ? c.vl_of_line[i] : -1;
		int32_t ti = vl >= 0 ? c.v[vl].table : -1;
		if (ti < 0) {
			emit_line(s, u, &c, &c.line[i]);
			continue;
		}
		if (!emitted[ti]) {
			emitted[ti] = 1;
			emit_table(s, u, &c, &c.t[ti]);
		}
	}
	goto out;
oom:
	s->rc = TRAWL_ENOMEM;
out:
	free(emitted);
	free(gaps);
	free(e);
	free(c.keys);
	free(c.col);
	free(c.vl_of_line);
	free(c.vs);
	free(c.v);
	trawl__vec_release(&tables);
}
