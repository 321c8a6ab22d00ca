/* Tables from positioned PDF text (see pdftable.h).
 *
 * Ruled tables first (the grid their borders draw):
 * R1. The page's rules, horizontal and vertical, snapped to shared
 *     coordinates; rules that touch or cross form one table.
 * R2. Its borders: the distinct x of its vertical rules and y of its
 *     horizontal ones (plus the ends of the rules, for a table drawn with
 *     no outer side borders). A position of the grid lies between two
 *     neighbouring borders each way.
 * R3. Cells: a position joins its right (lower) neighbour when no rule
 *     draws most of the border between them; the joined positions make a
 *     merged cell, taken greedily from the top left as rectangles.
 * R4. Text: every line whose middle lies inside the table belongs to it,
 *     and each of its segments (the reader cuts them at vertical rules)
 *     to the cell under its middle; a cell's pieces are read line by
 *     line, top down, left to right.
 * A ruled table needs two columns and two cells with text; a column no
 * text is in is dropped (at the table's edge, a thin one only); a table
 * whose cells hold numbers beside other text or on two lines lacks
 * borders, and is read by positions.
 *
 * The rest of the page, by the positions of its text:
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
 *    label) or a line spacing tighter than between rows. Horizontal rules
 *    decide when they part the table's plain rows.
 * A table needs two rows with two filled cells; two wide columns without
 * numbers are taken for two-column prose, not a table. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "ingest/pdftable.h"
#include "facts/docmeta.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MAXCOLS 64

void trawl__pdfpage_init(trawl__pdfpage *pg)
{
	trawl__buf_init(&pg->text, (size_t)64 << 20);
	trawl__vec_init(&pg->lines, sizeof(trawl__pdfline));
	trawl__vec_init(&pg->segs, sizeof(trawl__pdfseg));
	trawl__vec_init(&pg->rules, sizeof(trawl__pdfrule));
	trawl__vec_init(&pg->words, sizeof(trawl__pdfword));
}

void trawl__pdfpage_reset(trawl__pdfpage *pg)
{
	trawl__buf_reset(&pg->text);
	pg->lines.n = 0;
	pg->segs.n = 0;
	pg->rules.n = 0;
	pg->words.n = 0;
	memset(pg->turn, 0, sizeof pg->turn);
	pg->width = 0;
}

void trawl__pdfpage_release(trawl__pdfpage *pg)
{
	trawl__buf_release(&pg->text);
	trawl__vec_release(&pg->lines);
	trawl__vec_release(&pg->segs);
	trawl__vec_release(&pg->rules);
	trawl__vec_release(&pg->words);
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
	const int32_t *line_lat; /* the ruled table each line went to, or -1 */
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
		if (l->plain || !l->nseg || (c->line_lat && c->line_lat[i] >= 0))
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

/* A wrapped cell's next line sits closer than rows do (line boxes are
 * the em box: lines set 1.45 apart or closer). */
static int tight(const vline *a, const vline *b)
{
	float size = fmaxf(fminf(a->size, b->size), 1.0f);
	return b->y0 - a->y1 < 0.45f * size;
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
 * at most two lines and the other mostly numbers: a header centred over a
 * column of short right-aligned numbers it does not overlap. Returns the column to merge with the next,
 * or -1. */
static int lone_pair(const ctx *c, const ptable *t, const uint32_t *nfill,
                     const uint32_t *nnum)
{
	for (uint32_t k = 0; k + 1 < t->ncols; k++) {
		uint64_t both = ((uint64_t)1 << k) | ((uint64_t)1 << (k + 1));
		uint32_t vi, big = nfill[k] > nfill[k + 1] ? k : k + 1;
		if (nfill[k] > 2 && nfill[k + 1] > 2)
			continue;
		/* (words beside a column of words are a label of rows, such as
		 * 绩效指标 to the left of the indicators, not its header) */
		if (nnum[big] * 2 < nfill[big])
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
	while (t->ncols > 2 && (pair = lone_pair(c, t, nfill, nnum)) >= 0) {
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
			fresh = gap >= 0.75f * rowgap || gap >= 0.7f * size;
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

/* ---- ruled tables ---- */

/* Borders closer than this (points) are one: a double line, a border
 * drawn twice, or rules that meet with a little play. */
#define SNAP 3.0f
/* An empty column narrower than this (points) is a sliver between two
 * rules, not a column. */
#define THIN_COL 10.0f
/* Positions of one ruled table at most (a larger grid is read by the
 * positions of its text). */
#define LAT_MAX_POS ((size_t)1 << 20)

typedef struct lrule {
	float at, from, to;      /* y of a horizontal rule, x of a vertical one */
	uint32_t comp;           /* its table, while they are found */
} lrule;

typedef struct lpiece {
	uint32_t cell, seg;
	float y0, y1, x0;
} lpiece;

typedef struct lcell {
	uint32_t row, col, rs, cs;
	uint32_t p0, np;         /* its pieces in lattice.pieces */
} lcell;

typedef struct lattice {
	float *xs, *ys;          /* borders: columns lie between xs[k], xs[k+1] */
	uint32_t nx, ny;
	lcell *cells;            /* anchors, row by row, left to right */
	uint32_t ncells;
	lpiece *pieces;          /* by cell, in reading order */
	uint32_t npieces;
} lattice;

static void lattice_release(lattice *l)
{
	free(l->xs);
	free(l->ys);
	free(l->cells);
	free(l->pieces);
	memset(l, 0, sizeof *l);
}

static int lrule_cmp(const void *a, const void *b)
{
	const lrule *p = a, *q = b;
	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->from < q->from ? -1 : p->from > q->from;
}

static int lrule_comp_cmp(const void *a, const void *b)
{
	const lrule *p = a, *q = b;
	if (p->comp != q->comp)
		return p->comp < q->comp ? -1 : 1;
	return lrule_cmp(a, b);
}

/* Snaps coordinates within a cluster to its first, then merges rules on
 * one coordinate that touch. Returns the new count. */
static size_t snap_merge(lrule *r, size_t n)
{
	size_t i, k = 0;
	float base = 0, last = 0;

	if (!n)
		return 0;
	qsort(r, n, sizeof *r, lrule_cmp);
	for (i = 0; i < n; i++) {
		/* a chain of close coordinates (each within SNAP/2 of the one
		 * before) shares the first one */
		if (i == 0 || r[i].at - last > SNAP / 2)
			base = r[i].at;
		last = r[i].at;
		r[i].at = base;
	}
	qsort(r, n, sizeof *r, lrule_cmp);
	for (i = 1; i < n; i++) {
		if (r[i].at == r[k].at && r[i].from <= r[k].to + SNAP) {
			if (r[i].to > r[k].to)
				r[k].to = r[i].to;
			continue;
		}
		r[++k] = r[i];
	}
	return k + 1;
}

static uint32_t uf_find(uint32_t *up, uint32_t i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];
		i = up[i];
	}
	return i;
}

static int float_cmp2(const void *x, const void *y)
{
	float p = *(const float *)x, q = *(const float *)y;
	return p < q ? -1 : p > q;
}

/* Sorted distinct coordinates (SNAP apart at least) of rules r[0..n),
 * plus lo and hi when they lie beyond them; *out is malloc'd. */
static uint32_t borders(const lrule *r, size_t n, float lo, float hi, float **out)
{
	float *v = trawl__mallocn(n + 2, sizeof *v);
	uint32_t k = 0;
	size_t i;

	*out = NULL;
	if (!v)
		return 0;
	for (i = 0; i < n; i++)
		v[i] = r[i].at;
	qsort(v, n, sizeof *v, float_cmp2);
	for (i = 0; i < n; i++)
		if (!k || v[i] - v[k - 1] >= SNAP)
			v[k++] = v[i];
	if (k && lo < v[0] - SNAP) {
		memmove(v + 1, v, k * sizeof *v);
		v[0] = lo;
		k++;
	}
	if (k && hi > v[k - 1] + SNAP)
		v[k++] = hi;
	*out = v;
	return k;
}

/* The index of the border nearest to x (within SNAP), or -1. */
static int32_t border_at(const float *b, uint32_t n, float x)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t m = (lo + hi) / 2;
		if (b[m] < x)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < n && b[lo] - x <= SNAP)
		return (int32_t)lo;
	if (lo > 0 && x - b[lo - 1] <= SNAP)
		return (int32_t)lo - 1;
	return -1;
}

/* The slot (0 .. n-2) between borders that holds x, clamped. */
static uint32_t slot_of(const float *b, uint32_t n, float x)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t m = (lo + hi) / 2;
		if (b[m] <= x)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo == 0)
		return 0;
	return lo - 1 < n - 2 ? lo - 1 : n - 2;
}

/* How much of [a, b] the rules cover, per border and slot: cov[border *
 * nslots + slot]. Rules near no border add nothing. */
static void coverage(const lrule *r, size_t n, const float *bd, uint32_t nb, const float *sl,
                     uint32_t ns, float *cov)
{
	for (size_t i = 0; i < n; i++) {
		int32_t k = border_at(bd, nb, r[i].at);
		if (k < 0)
			continue;
		for (uint32_t j = slot_of(sl, ns, r[i].from); j + 1 < ns; j++) {
			float ov = fminf(r[i].to, sl[j + 1]) - fmaxf(r[i].from, sl[j]);
			if (sl[j] > r[i].to)
				break;
			if (ov > 0)
				cov[(size_t)k * (ns - 1) + j] += ov;
		}
	}
}

static int piece_cmp(const void *a, const void *b)
{
	const lpiece *p = a, *q = b;
	float pm = (p->y0 + p->y1) / 2, qm = (q->y0 + q->y1) / 2;
	if (p->cell != q->cell)
		return p->cell < q->cell ? -1 : 1;
	if (pm != qm)
		return pm < qm ? -1 : 1;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int piece_x_cmp(const void *a, const void *b)
{
	const lpiece *p = a, *q = b;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* Puts the pieces of each cell in reading order: by line (pieces whose
 * heights overlap by half are on one line), then left to right. */
static void order_pieces(lattice *l)
{
	uint32_t i = 0;

	qsort(l->pieces, l->npieces, sizeof *l->pieces, piece_cmp);
	while (i < l->npieces) {
		uint32_t j = i + 1;
		float y0 = l->pieces[i].y0, y1 = l->pieces[i].y1;
		while (j < l->npieces && l->pieces[j].cell == l->pieces[i].cell) {
			const lpiece *q = &l->pieces[j];
			float ov = fminf(y1, q->y1) - fmaxf(y0, q->y0);
			if (ov < 0.5f * fminf(y1 - y0, q->y1 - q->y0))
				break;
			y0 = fminf(y0, q->y0);
			y1 = fmaxf(y1, q->y1);
			j++;
		}
		if (j - i > 1)
			qsort(l->pieces + i, j - i, sizeof *l->pieces, piece_x_cmp);
		i = j;
	}
}

/* Cells that hold what must be two cells: a number beside other text on
 * one line (a column border the table does not draw), or numbers on two
 * lines (row borders it does not draw: rules around the header and the
 * box only). Such a table is read by the positions of its text. */
static size_t missing_borders(const trawl__pdfpage *pg, const lattice *l)
{
	const trawl__pdfseg *segs = pg->segs.items;
	size_t bad = 0, i = 0;

	while (i < l->npieces) {
		uint32_t cell = l->pieces[i].cell;
		int nums = 0, beside = 0;
		float line_y0 = -1e30f, line_y1 = -1e30f;
		size_t on_line = 0;
		for (; i < l->npieces && l->pieces[i].cell == cell; i++) {
			const lpiece *p = &l->pieces[i];
			const trawl__pdfseg *g = &segs[p->seg];
			float ov = fminf(line_y1, p->y1) - fmaxf(line_y0, p->y0);
			int num = is_numeric(pg->text.data + g->start, g->end - g->start);
			if (ov < 0.5f * fminf(line_y1 - line_y0, p->y1 - p->y0)) {
				/* a new line of the cell */
				line_y0 = p->y0;
				line_y1 = p->y1;
				on_line = 0;
			}
			if (num && on_line)
				beside = 1;
			nums += num;
			on_line++;
		}
		bad += beside || nums >= 2;
	}
	return bad;
}

/* Builds the grid of one table from its rules h (horizontal) and v
 * (vertical), takes the page's lines inside it (line_lat[i] = id), and
 * fills l. Returns 1 for a table, 0 when it is none (nothing taken), -1
 * when out of memory. */
static int lattice_build(const trawl__pdfpage *pg, const lrule *h, size_t nh, const lrule *v,
                         size_t nv, int32_t id, int32_t *line_lat, lattice *l)
{
	const trawl__pdfline *lines = pg->lines.items;
	const trawl__pdfseg *segs = pg->segs.items;
	float hx0 = 1e30f, hx1 = -1e30f, vy0 = 1e30f, vy1 = -1e30f, *vcov = NULL, *hcov = NULL;
	uint32_t *owner = NULL, ncols, nrows, r, c, *lines_of = NULL;
	size_t i, npos, ntext = 0, nlines = 0;
	int ret = -1;

	memset(l, 0, sizeof *l);
	for (i = 0; i < nh; i++) {
		hx0 = fminf(hx0, h[i].from);
		hx1 = fmaxf(hx1, h[i].to);
	}
	for (i = 0; i < nv; i++) {
		vy0 = fminf(vy0, v[i].from);
		vy1 = fmaxf(vy1, v[i].to);
	}
	l->nx = borders(v, nv, hx0, hx1, &l->xs);
	l->ny = borders(h, nh, vy0, vy1, &l->ys);
	if (!l->xs || !l->ys)
		goto out;
	ret = 0;
	if (l->nx < 3 || l->ny < 2)
		goto out;
	ncols = l->nx - 1;
	nrows = l->ny - 1;
	npos = (size_t)ncols * nrows;
	if (npos > LAT_MAX_POS)
		goto out;
	ret = -1;
	vcov = calloc((size_t)l->nx * nrows, sizeof *vcov);
	hcov = calloc((size_t)l->ny * ncols, sizeof *hcov);
	owner = trawl__mallocn(npos, sizeof *owner);
	l->cells = trawl__mallocn(npos, sizeof *l->cells);
	if (!vcov || !hcov || !owner || !l->cells)
		goto out;
	coverage(v, nv, l->xs, l->nx, l->ys, l->ny, vcov);
	coverage(h, nh, l->ys, l->ny, l->xs, l->nx, hcov);
	/* a border is drawn between two positions when rules cover half of it;
	 * the table's outer borders always are */
#define VDRAWN(col, row) ((col) == 0 || (col) == ncols || \
	vcov[(size_t)(col) * nrows + (row)] >= 0.5f * (l->ys[(row) + 1] - l->ys[row]))
#define HDRAWN(row, col) ((row) == 0 || (row) == nrows || \
	hcov[(size_t)(row) * ncols + (col)] >= 0.5f * (l->xs[(col) + 1] - l->xs[col]))
	for (i = 0; i < npos; i++)
		owner[i] = UINT32_MAX;
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++) {
			uint32_t cs = 1, rs = 1, k;
			lcell *lc;
			if (owner[(size_t)r * ncols + c] != UINT32_MAX)
				continue;
			while (c + cs < ncols && !VDRAWN(c + cs, r) &&
			       owner[(size_t)r * ncols + c + cs] == UINT32_MAX)
				cs++;
			for (;;) {
				if (r + rs >= nrows)
					break;
				for (k = 0; k < cs; k++)
					if (HDRAWN(r + rs, c + k) ||
					    owner[(size_t)(r + rs) * ncols + c + k] != UINT32_MAX)
						break;
				if (k < cs)
					break;
				/* the merged rows must not be cut inside by a border */
				for (k = 1; k < cs; k++)
					if (VDRAWN(c + k, r + rs))
						break;
				if (k < cs)
					break;
				rs++;
			}
			if (rs > TRAWL__SPAN_MAX)
				rs = TRAWL__SPAN_MAX;
			if (cs > TRAWL__SPAN_MAX)
				cs = TRAWL__SPAN_MAX;
			for (uint32_t a = 0; a < rs; a++)
				for (k = 0; k < cs; k++)
					owner[(size_t)(r + a) * ncols + c + k] = l->ncells;
			lc = &l->cells[l->ncells++];
			lc->row = r;
			lc->col = c;
			lc->rs = rs;
			lc->cs = cs;
			lc->p0 = lc->np = 0;
		}
	}
#undef VDRAWN
#undef HDRAWN
	/* the lines inside: each segment to the cell under its middle */
	l->pieces = trawl__mallocn(pg->segs.n + 1, sizeof *l->pieces);
	lines_of = calloc((size_t)l->ncells + 1, sizeof *lines_of);
	if (!l->pieces || !lines_of)
		goto out;
	for (i = 0; i < pg->lines.n; i++) {
		const trawl__pdfline *ln = &lines[i];
		float mx = (ln->x0 + ln->x1) / 2, my = (ln->y0 + ln->y1) / 2;
		if (line_lat[i] >= 0 || !ln->nseg || mx < l->xs[0] - 1 || mx > l->xs[ncols] + 1 ||
		    my < l->ys[0] - 1 || my > l->ys[nrows] + 1)
			continue;
		nlines++;
		for (uint32_t k = ln->seg; k < ln->seg + ln->nseg; k++) {
			const trawl__pdfseg *g = &segs[k];
			uint32_t sc = slot_of(l->xs, l->nx, (g->x0 + g->x1) / 2);
			uint32_t sr = slot_of(l->ys, l->ny, (g->y0 + g->y1) / 2);
			lpiece *p = &l->pieces[l->npieces++];
			p->cell = owner[(size_t)sr * ncols + sc];
			p->seg = k;
			p->y0 = g->y0;
			p->y1 = g->y1;
			p->x0 = g->x0;
			lines_of[p->cell]++;
		}
	}
	for (i = 0; i < l->ncells; i++)
		ntext += lines_of[i] > 0;
	ret = 0;
	/* two cells with text; a single row of a few huge cells is a frame
	 * around prose, not a table */
	if (ntext < 2 || (nrows == 1 && nlines > 6 * (size_t)ntext))
		goto out;
	order_pieces(l);
	if (missing_borders(pg, l) >= 2)
		goto out;
	for (i = 0; i < l->npieces; i++) {
		lcell *lc = &l->cells[l->pieces[i].cell];
		if (!lc->np)
			lc->p0 = (uint32_t)i;
		lc->np++;
	}
	/* a column no text is in, between two that have text (a spacer, a
	 * stray rule's sliver), is none; at the table's edge only a thin one
	 * is (a wide one may be the rest of a merged label cut by a page
	 * break, and the page after keeps its columns) */
	{
		unsigned char *used = calloc(ncols + 1, 1);
		uint32_t *newcol = trawl__mallocn((size_t)ncols + 1, sizeof *newcol), k = 0;
		if (!used || !newcol) {
			free(used);
			free(newcol);
			ret = -1;
			goto out;
		}
		for (i = 0; i < l->ncells; i++)
			if (l->cells[i].np)
				for (c = l->cells[i].col; c < l->cells[i].col + l->cells[i].cs; c++)
					used[c] = 1;
		for (c = 0; c <= ncols; c++) {
			newcol[c] = k;
			k += c < ncols && (used[c] || ((c == 0 || c + 1 == ncols) &&
			                               l->xs[c + 1] - l->xs[c] >= THIN_COL));
		}
		for (i = 0; i < l->ncells; i++) {
			lcell *lc = &l->cells[i];
			uint32_t from = newcol[lc->col], to = newcol[lc->col + lc->cs];
			if (to == from) {
				lc->rs = 0; /* wholly in empty columns: written as no cell */
				continue;
			}
			lc->col = from;
			lc->cs = to - from;
		}
		free(used);
		free(newcol);
	}
	for (i = 0; i < pg->lines.n; i++) {
		const trawl__pdfline *ln = &lines[i];
		float mx = (ln->x0 + ln->x1) / 2, my = (ln->y0 + ln->y1) / 2;
		if (line_lat[i] < 0 && ln->nseg && mx >= l->xs[0] - 1 && mx <= l->xs[ncols] + 1 &&
		    my >= l->ys[0] - 1 && my <= l->ys[nrows] + 1)
			line_lat[i] = id;
	}
	ret = 1;
out:
	free(lines_of);
	free(owner);
	free(vcov);
	free(hcov);
	if (ret != 1)
		lattice_release(l);
	return ret;
}

/* Finds the ruled tables of the page (R1-R4 above) into *out (lattice),
 * marking their lines in line_lat. Returns -1 when out of memory. */
static int find_lattices(const trawl__pdfpage *pg, int32_t *line_lat, trawl__vec *out)
{
	const trawl__pdfrule *pr = pg->rules.items;
	size_t n = pg->rules.n, nh = 0, nv = 0, i, j, a;
	lrule *h = NULL, *v = NULL;
	uint32_t *up = NULL;
	int ret = -1;

	if (!n)
		return 0;
	h = trawl__mallocn(n, sizeof *h);
	v = trawl__mallocn(n, sizeof *v);
	if (!h || !v)
		goto out;
	for (i = 0; i < n; i++) {
		if (pr[i].x1 - pr[i].x0 >= pr[i].y1 - pr[i].y0) {
			h[nh].at = (pr[i].y0 + pr[i].y1) / 2;
			h[nh].from = pr[i].x0;
			h[nh++].to = pr[i].x1;
		} else {
			v[nv].at = (pr[i].x0 + pr[i].x1) / 2;
			v[nv].from = pr[i].y0;
			v[nv++].to = pr[i].y1;
		}
	}
	nh = snap_merge(h, nh);
	nv = snap_merge(v, nv);
	ret = 0;
	if (!nh || !nv)
		goto out;
	ret = -1;
	up = trawl__mallocn(nh + nv, sizeof *up);
	if (!up)
		goto out;
	for (i = 0; i < nh + nv; i++)
		up[i] = (uint32_t)i;
	/* R1: a vertical rule joins the horizontal ones it meets (h is sorted
	 * by y: those within its height are one run) */
	for (j = 0; j < nv; j++) {
		size_t lo = 0, hi = nh;
		while (lo < hi) {
			size_t m = (lo + hi) / 2;
			if (h[m].at < v[j].from - SNAP)
				lo = m + 1;
			else
				hi = m;
		}
		for (i = lo; i < nh && h[i].at <= v[j].to + SNAP; i++) {
			if (v[j].at >= h[i].from - SNAP && v[j].at <= h[i].to + SNAP) {
				uint32_t x = uf_find(up, (uint32_t)i), y = uf_find(up, (uint32_t)(nh + j));
				if (x != y)
					up[x] = y;
			}
		}
	}
	for (i = 0; i < nh; i++)
		h[i].comp = uf_find(up, (uint32_t)i);
	for (j = 0; j < nv; j++)
		v[j].comp = uf_find(up, (uint32_t)(nh + j));
	qsort(h, nh, sizeof *h, lrule_comp_cmp);
	qsort(v, nv, sizeof *v, lrule_comp_cmp);
	/* each table: its horizontal rules h[a..i), vertical v[j0..j) */
	for (a = 0, j = 0; a < nh; a = i) {
		size_t j0;
		lattice l, *slot;
		int r;
		for (i = a; i < nh && h[i].comp == h[a].comp; i++)
			;
		while (j < nv && v[j].comp < h[a].comp)
			j++;
		for (j0 = j; j < nv && v[j].comp == h[a].comp; j++)
			;
		if (j == j0)
			continue;
		/* (each run keeps its order by coordinate: borders() sorts anyway) */
		r = lattice_build(pg, h + a, i - a, v + j0, j - j0, (int32_t)out->n, line_lat, &l);
		if (r < 0)
			goto out;
		if (!r)
			continue;
		slot = trawl__vec_push(out);
		if (!slot) {
			lattice_release(&l);
			goto out;
		}
		*slot = l;
	}
	ret = 0;
out:
	free(up);
	free(h);
	free(v);
	return ret;
}

/* ---- writing ---- */

/* The span of segment g, ending at end: its box, turned back onto the
 * page as it is when it was read on the page turned straight. */
static void seg_span(trawl__docset *s, trawl__unit *u, const ctx *c, uint32_t st, uint32_t end,
                     const trawl__pdfseg *g)
{
	const float *t = c->pg->turn;
	float xs[4] = { g->x0, g->x1, g->x0, g->x1 }, ys[4] = { g->y0, g->y0, g->y1, g->y1 };
	float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;

	if (!g->turned) {
		trawl__unit_span(s, u, st, end, g->x0, g->y0, g->x1, g->y1);
		return;
	}
	for (int k = 0; k < 4; k++) {
		float dx = xs[k] - t[2], dy = ys[k] - t[3];
		float x = t[2] + dx * t[0] + dy * t[1], y = t[3] - dx * t[1] + dy * t[0];
		x0 = x < x0 ? x : x0; x1 = x > x1 ? x : x1;
		y0 = y < y0 ? y : y0; y1 = y > y1 ? y : y1;
	}
	trawl__unit_span(s, u, st, end, x0, y0, x1, y1);
}

/* How the first piece of a segment's text goes into the unit: as text, as
 * a new cell (trawl__unit_cell), a cell at a position, or more of the
 * last cell; the pieces after it are more text (a cell's end is then
 * moved by the caller, or by trawl__unit_cell_more). */
enum { PUT_TEXT, PUT_CELL, PUT_CELL_AT, PUT_MORE };

/* Writes segment g's text into u. An OCR'd segment is written word by
 * word, each word's place in the unit's text kept with its confidence
 * (u->wconf): normalizing may change a word's length, so its place is
 * known only by writing it on its own. at: row, col, rowspan, colspan
 * for PUT_CELL_AT. */
static void put_seg(trawl__docset *s, trawl__unit *u, const ctx *c, const trawl__pdfseg *g,
                    int how, const uint32_t at[4])
{
	const char *txt = c->pg->text.data + g->start;
	uint32_t n = g->end - g->start, pos = 0, k = 0;
	const trawl__pdfword *w = c->pg->words.items;
	uint32_t nw = g->nw;

	if (!nw || g->w0 > c->pg->words.n || nw > c->pg->words.n - g->w0)
		nw = 0;
	if (!n && how == PUT_CELL)
		trawl__unit_cell(s, u, "", 0);
	else if (!n && how == PUT_CELL_AT)
		trawl__unit_cell_at(s, u, at[0], at[1], "", 0, at[2], at[3]);
	while (pos < n && !s->rc) {
		/* the next piece: the text up to the next word, the word, or
		 * (past the last word) the rest */
		uint32_t e = n, before = (uint32_t)u->nt.text.len, start;
		float conf = -1;
		if (k < 2 * nw) {
			const trawl__pdfword *pw = &w[g->w0 + k / 2];
			uint32_t ps = pw->off, pe = pw->off + pw->len;
			ps = ps < pos ? pos : ps > n ? n : ps;
			pe = pe < ps ? ps : pe > n ? n : pe;
			if (k % 2) {
				e = pe;
				conf = pw->conf;
			} else {
				e = ps;
			}
			k++;
			if (e <= pos)
				continue;
		}
		if (!pos && how == PUT_CELL)
			trawl__unit_cell(s, u, txt + pos, e - pos);
		else if (!pos && how == PUT_CELL_AT)
			trawl__unit_cell_at(s, u, at[0], at[1], txt + pos, e - pos, at[2], at[3]);
		else if (how == PUT_CELL_AT || how == PUT_MORE)
			trawl__unit_cell_more(s, u, txt + pos, e - pos);
		else
			trawl__unit_text(s, u, txt + pos, e - pos);
		if (s->rc)
			return;
		/* (a cell's text may come after the tabs that place it) */
		start = before;
		if (!pos && how != PUT_TEXT && u->cells.n) {
			uint32_t cs = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).start;
			start = cs > start ? cs : start;
		}
		if (conf >= 0 && u->nt.text.len > start) {
			trawl__wconf *wc = trawl__vec_push(&u->wconf);
			if (!wc) {
				s->rc = TRAWL_ENOMEM;
				return;
			}
			*wc = (trawl__wconf){ start, (uint32_t)u->nt.text.len, conf };
		}
		pos = e;
	}
	if (how == PUT_CELL && !s->rc && u->cells.n)
		TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).end = (uint32_t)u->nt.text.len;
}

/* A Han character (not a punctuation mark): a line of Chinese wraps
 * between two of them anywhere, in a word (人脸识|别) or a figure
 * (贰仟陆|佰伍拾万元整). */
static int is_han(uint32_t ch)
{
	return (ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0x3400 && ch <= 0x4DBF) ||
	       (ch >= 0xF900 && ch <= 0xFAFF);
}

/* Whether the text at t (n bytes) begins an item of its own: a number
 * or a Chinese numeral with 、 . ) after it (3.本项目, 二、, 10)), or a
 * bracket ((一), （三）). */
static int item_start(const char *t, size_t n)
{
	size_t i = 0, len;
	uint32_t ch;

	if (n && (t[0] == '(' || (n >= 3 && !memcmp(t, "（", 3))))
		return 1;
	while (i < n && t[i] >= '0' && t[i] <= '9')
		i++;
	if (!i) {
		static const char *const zh = "一二三四五六七八九十";
		while (i + 3 <= n && memmem(zh, strlen(zh), t + i, 3) && (i % 3) == 0)
			i += 3;
	}
	if (!i || i >= n)
		return 0;
	ch = utf8_at((const unsigned char *)t + i, n - i, &len);
	return ch == '.' || ch == ')' || ch == 0x3001 /* 、 */ || ch == 0xFF0E /* ． */ ||
	       ch == 0xFF09 /* ） */ || ch == 0xFF0C /* ， */;
}

/* Whether plain line a runs on into line b, the next one: a wrapped line
 * of Chinese. a must be a full line, from the text's left edge to its
 * right margin (within a character and a half of the furthest end of a
 * line, and within two and a half of the page's width less the left
 * margin: a line set ragged stops short by up to a character), and end
 * with a Han
 * character; b is the
 * next line of the same column (just below, not indented, not an item of
 * its own: 3.…, 二、…, （一）…) and begins with a Han character or a digit.
 * Such lines are joined with nothing between them, as the text was
 * written: a search for 人脸识别 finds it, and 贰仟陆佰伍拾万元整 is one
 * figure, not 贰仟陆 (2,600, of no unit). A heading, a short line, a line
 * ending in punctuation or a number, a right-aligned signature, and the
 * lines of a page of no full line (a list, a form) stay lines of their
 * own. */
static int wraps(const ctx *c, const trawl__pdfline *a, const trawl__pdfline *b, float margin,
                 float left)
{
	const char *txt = c->pg->text.data;
	float h = a->y1 - a->y0, hb = b->y1 - b->y0;
	uint32_t s0 = a->start, e0 = a->end, s1 = b->start, e1 = b->end;

	if (margin <= 0 || c->pg->width <= 0 || a->plain || b->plain || !a->nseg || !b->nseg || h <= 0 || hb <= 0)
		return 0;
	if (hb > h * 1.3f || h > hb * 1.3f)
		return 0;   /* another size of type: a heading, a note */
	if (a->x1 < margin - 1.5f * h || a->x1 < c->pg->width - left - 2.5f * h)
		return 0;   /* a short line: it ends where its text does, short of
		               the page's text width (its margins taken alike) */
	if (a->x0 > left + 2.5f * h)
		return 0;   /* centred or set right (a title, a signature) */
	if (b->y0 < a->y0 + 0.5f * h || b->y0 - a->y1 > 0.9f * h)
		return 0;   /* not the next line down */
	if (b->x0 > a->x0 + 0.5f * h || b->x0 < a->x0 - 3.0f * h)
		return 0;   /* indented (a new paragraph), or in another column */
	while (e0 > s0 && (txt[e0 - 1] == ' ' || txt[e0 - 1] == '\t'))
		e0--;
	while (s1 < e1 && (txt[s1] == ' ' || txt[s1] == '\t'))
		s1++;
	if (e0 == s0 || s1 == e1 || item_start(txt + s1, e1 - s1))
		return 0;
	{
		uint32_t last = utf8_last(txt + s0, e0 - s0), first = utf8_first(txt + s1, e1 - s1);
		return is_han(last) && (is_han(first) || (first >= '0' && first <= '9'));
	}
}

static void emit_line(trawl__docset *s, trawl__unit *u, const ctx *c,
                      const trawl__pdfline *l, int joined, int continued)
{
	const char *txt = c->pg->text.data;
	uint32_t pos = l->start;

	if (!l->nseg)
		return;
	/* (the line before runs on into this one: its leading blanks go) */
	while (continued && pos < c->seg[l->seg].start && (txt[pos] == ' ' || txt[pos] == '\t'))
		pos++;
	for (uint32_t k = l->seg; k < l->seg + l->nseg; k++) {
		const trawl__pdfseg *g = &c->seg[k];
		uint32_t st;
		trawl__unit_text(s, u, txt + pos, g->start - pos);
		st = (uint32_t)u->nt.text.len;
		put_seg(s, u, c, g, PUT_TEXT, NULL);
		seg_span(s, u, c, st, (uint32_t)u->nt.text.len, g);
		pos = g->end;
	}
	if (joined) {
		/* (its trailing blanks too: the next line goes on the word) */
		uint32_t e = l->end;
		while (e > pos && (txt[e - 1] == ' ' || txt[e - 1] == '\t'))
			e--;
		trawl__unit_text(s, u, txt + pos, e - pos);
		return;
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
						put_seg(s, u, c, g, PUT_CELL, NULL);
						if (s->rc)
							return;
						st = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).start;
					} else {
						const trawl__pdfseg *pg = &c->seg[last];
						if (!is_wide(utf8_last(txt + pg->start, pg->end - pg->start)) &&
						    !is_wide(utf8_first(txt + g->start, g->end - g->start)))
							trawl__unit_text(s, u, " ", 1);
						st = (uint32_t)u->nt.text.len;
						put_seg(s, u, c, g, PUT_TEXT, NULL);
						if (s->rc)
							return;
						TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).end =
							(uint32_t)u->nt.text.len;
					}
					seg_span(s, u, c, st, (uint32_t)u->nt.text.len, g);
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

/* A ruled table: every cell at its grid position with its spans, even an
 * empty one (the grid is what the borders draw). */
static void emit_lattice(trawl__docset *s, trawl__unit *u, const ctx *c, const lattice *l)
{
	const char *txt = c->pg->text.data;

	trawl__unit_table_begin(s, u);
	for (uint32_t k = 0; k < l->ncells && !s->rc; k++) {
		const lcell *lc = &l->cells[k];
		const trawl__pdfseg *prev = NULL;
		if (!lc->rs)
			continue; /* in a column with no text */
		if (!lc->np) {
			trawl__unit_cell_at(s, u, lc->row, lc->col, "", 0, lc->rs, lc->cs);
			continue;
		}
		for (uint32_t p = lc->p0; p < lc->p0 + lc->np && !s->rc; p++) {
			const trawl__pdfseg *g = &c->seg[l->pieces[p].seg];
			uint32_t st;
			if (!prev) {
				const uint32_t at[4] = { lc->row, lc->col, lc->rs, lc->cs };
				put_seg(s, u, c, g, PUT_CELL_AT, at);
				if (s->rc)
					return;
				st = TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).start;
			} else {
				if (overprint(c, prev, g))
					continue;
				/* a space between pieces unless a Chinese character meets
				 * the break (a wrapped line, or a gap MuPDF made no space) */
				if (!is_wide(utf8_last(txt + prev->start, prev->end - prev->start)) &&
				    !is_wide(utf8_first(txt + g->start, g->end - g->start)))
					trawl__unit_cell_more(s, u, " ", 1);
				st = (uint32_t)u->nt.text.len;
				put_seg(s, u, c, g, PUT_MORE, NULL);
				if (s->rc)
					return;
			}
			seg_span(s, u, c, st, (uint32_t)u->nt.text.len, g);
			prev = g;
		}
	}
	trawl__unit_table_end(s, u);
}

void trawl__pdftable_emit(trawl__docset *s, trawl__unit *u, trawl__pdfpage *pg)
{
	ctx c = { 0 };
	trawl__vec tables, lats;
	unsigned char *emitted = NULL, *lemitted = NULL;
	int32_t *line_lat = NULL;
	ev *e = NULL;
	float *gaps = NULL, margin = 0, left = 0;
	int continued = 0;
	size_t i;

	if (s->rc || !u)
		return;
	trawl__vec_init(&tables, sizeof(ptable));
	trawl__vec_init(&lats, sizeof(lattice));
	c.pg = pg;
	c.seg = pg->segs.items;
	c.line = pg->lines.items;
	c.nseg = pg->segs.n;
	c.nline = pg->lines.n;
	if (c.nline && c.nline <= MAX_TABLE_LINES) {
		size_t nk = c.nline > c.nseg ? c.nline : c.nseg;
		line_lat = trawl__mallocn(c.nline, sizeof *line_lat);
		if (!line_lat)
			goto oom;
		for (i = 0; i < c.nline; i++)
			line_lat[i] = -1;
		if (find_lattices(pg, line_lat, &lats))
			goto oom;
		c.line_lat = line_lat;
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
		lemitted = calloc(lats.n + 1, 1);
		if (!emitted || !lemitted)
			goto oom;
	}
	/* the right margin and left edge of the running text: its lines'
	 * furthest end and start */
	{
		left = -1;
		for (i = 0; i < c.nline; i++) {
			int32_t vl = c.vl_of_line ? c.vl_of_line[i] : -1;
			if ((vl >= 0 && c.v[vl].table >= 0) || (line_lat && line_lat[i] >= 0) ||
			    c.line[i].plain || !c.line[i].nseg)
				continue;
			if (c.line[i].x1 > margin)
				margin = c.line[i].x1;
			if (left < 0 || c.line[i].x0 < left)
				left = c.line[i].x0;
		}
	}
	for (i = 0; i < c.nline && !s->rc; i++) {
		int32_t vl = c.vl_of_line ? c.vl_of_line[i] : -1;
		int32_t ti = vl >= 0 ? c.v[vl].table : -1;
		if (line_lat && line_lat[i] >= 0) {
			if (!lemitted[line_lat[i]]) {
				lemitted[line_lat[i]] = 1;
				emit_lattice(s, u, &c, &TRAWL_VEC_AT(&lats, lattice, line_lat[i]));
			}
			continue;
		}
		if (ti < 0) {
			int joined = 0;
			if (i + 1 < c.nline && !(line_lat && line_lat[i + 1] >= 0)) {
				int32_t vn = c.vl_of_line ? c.vl_of_line[i + 1] : -1;
				joined = !(vn >= 0 && c.v[vn].table >= 0) &&
				         wraps(&c, &c.line[i], &c.line[i + 1], margin, left);
			}
			emit_line(s, u, &c, &c.line[i], joined, continued);
			continued = joined;
			continue;
		}
		continued = 0;
		if (!emitted[ti]) {
			emitted[ti] = 1;
			emit_table(s, u, &c, &c.t[ti]);
		}
	}
	goto out;
oom:
	s->rc = TRAWL_ENOMEM;
out:
	for (i = 0; i < lats.n; i++)
		lattice_release(&TRAWL_VEC_AT(&lats, lattice, i));
	trawl__vec_release(&lats);
	free(lemitted);
	free(line_lat);
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

void trawl__title_from_text(trawl__docset *s, trawl__doc *d)
{
	for (size_t k = 0; d && !d->title && k < d->units.n && !s->rc; k++) {
		trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
		const char *t = u->nt.text.data, *e = t + u->nt.text.len, *nl = NULL;
		char h[160];
		size_t hn;
		while (t < e && (nl = memchr(t, '\n', (size_t)(e - t))) &&
		       memchr(t, '\t', (size_t)(nl - t)))
			t = nl + 1;
		/* an invoice's heading and number, not its first line (机器编号,
		 * 密码区, the buyer's 名称), unless that line says what the
		 * document is (关于开具发票的通知, a 磋商公告 that asks for one) */
		if (k == 0 && (hn = trawl__invoice_title(u->nt.text.data, u->nt.text.len, h,
		                                         sizeof h)) != 0) {
			char line[300];
			size_t ln = t < e && nl && nl > t && nl - t < 300 ? (size_t)(nl - t) : 0;
			memcpy(line, t, ln);
			line[ln] = '\0';
			if (!ln || (!strcmp(trawl__doc_kind(line, NULL, 0), "other") &&
			            !trawl__invoice_about(line))) {
				trawl__doc_title(s, d, h, hn);
				continue;
			}
		}
		if (t < e && nl && nl > t && nl - t < 300)
			trawl__doc_title(s, d, t, (size_t)(nl - t));
	}
}
