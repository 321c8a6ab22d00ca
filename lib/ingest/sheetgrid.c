#include <stdlib.h>
#include <string.h>
#include "ingest/sheetgrid.h"
#include "util/banned.h"

/* Merged areas per sheet at most (Excel's own files hold a few hundred). */
#define MAX_MERGES 65536

typedef struct gcell {
	uint32_t row, col, seq, len;
	size_t off;
	uint32_t rs, cs;
	uint8_t dead;
} gcell;

typedef struct gmerge { uint32_t r1, c1, r2, c2; } gmerge;

void trawl__sgrid_init(trawl__sgrid *g, size_t max_text, unsigned long *ncells)
{
	memset(g, 0, sizeof *g);
	trawl__buf_init(&g->txt, max_text);
	trawl__vec_init(&g->cells, sizeof(gcell));
	trawl__vec_init(&g->merges, sizeof(gmerge));
	g->ncells = ncells;
}

void trawl__sgrid_release(trawl__sgrid *g)
{
	trawl__buf_release(&g->txt);
	trawl__vec_release(&g->cells);
	trawl__vec_release(&g->merges);
}

long trawl__sgrid_begin(trawl__sgrid *g, uint32_t row, uint32_t col, trawl_err *rc)
{
	gcell *c;

	if (*rc)
		return -1;
	if (*g->ncells >= TRAWL__SHEET_MAX_CELLS) {
		g->over = 1;
		return -1;
	}
	c = trawl__vec_push(&g->cells);
	if (!c) {
		*rc = TRAWL_ENOMEM;
		return -1;
	}
	(*g->ncells)++;
	c->row = row;
	c->col = col;
	c->seq = g->seq++;
	c->off = g->txt.len;
	c->rs = c->cs = 1;
	return (long)(g->cells.n - 1);
}

void trawl__sgrid_end(trawl__sgrid *g, long cell, trawl_err *rc)
{
	gcell *c;

	if (cell < 0 || (size_t)cell >= g->cells.n)
		return;
	c = &TRAWL_VEC_AT(&g->cells, gcell, (size_t)cell);
	if (g->txt.len - c->off > UINT32_MAX) {
		if (!*rc)
			*rc = TRAWL_ETOOBIG;
		return;
	}
	c->len = (uint32_t)(g->txt.len - c->off);
}

void trawl__sgrid_restart(trawl__sgrid *g, long cell)
{
	if (cell >= 0 && (size_t)cell < g->cells.n)
		TRAWL_VEC_AT(&g->cells, gcell, (size_t)cell).off = g->txt.len;
}

void trawl__sgrid_merge(trawl__sgrid *g, uint32_t r1, uint32_t c1, uint32_t r2,
                        uint32_t c2, trawl_err *rc)
{
	gmerge *m;

	if (*rc || r1 > r2 || c1 > c2 || (r1 == r2 && c1 == c2) || g->merges.n >= MAX_MERGES)
		return;
	m = trawl__vec_push(&g->merges);
	if (!m) {
		*rc = TRAWL_ENOMEM;
		return;
	}
	m->r1 = r1;
	m->c1 = c1;
	m->r2 = r2;
	m->c2 = c2;
}

static int cell_cmp(const void *a, const void *b)
{
	const gcell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The first cell at or after (row, col) among the sorted v[0..n). */
static size_t lower(const gcell *v, size_t n, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].row < row || (v[mid].row == row && v[mid].col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Appends the text of covered cell k to anchor a, after a space, at the
 * end of the buffer (grown first: the copies read from it). */
static void take_text(trawl__sgrid *g, size_t a, size_t k, trawl_err *rc)
{
	gcell *v = g->cells.items;
	size_t start = g->txt.len;

	*rc = trawl__buf_grow(&g->txt, (size_t)v[a].len + 1 + v[k].len);
	if (*rc)
		return;
	memcpy(g->txt.data + g->txt.len, g->txt.data + v[a].off, v[a].len);
	g->txt.len += v[a].len;
	if (v[a].len)
		g->txt.data[g->txt.len++] = ' ';
	memcpy(g->txt.data + g->txt.len, g->txt.data + v[k].off, v[k].len);
	g->txt.len += v[k].len;
	g->txt.data[g->txt.len] = '\0';
	v[a].off = start;
	v[a].len = (uint32_t)(g->txt.len - start);
}

/* The cells must be sorted, and the later of two at a position dead. */
static void apply_merges(trawl__sgrid *g, trawl_err *rc)
{
	size_t k, n0 = g->cells.n, budget = 16 * n0 + ((size_t)1 << 20);

	for (k = 0; k < g->merges.n && !*rc; k++) {
		const gmerge *m = &TRAWL_VEC_AT(&g->merges, gmerge, k);
		gcell *v = g->cells.items;
		size_t i = lower(v, n0, m->r1, m->c1), a;
		if (i < n0 && v[i].row == m->r1 && v[i].col == m->c1 && !v[i].dead) {
			a = i;
		} else if (i < n0 && v[i].row == m->r1 && v[i].col == m->c1) {
			continue; /* the top-left cell is inside an earlier area */
		} else {
			/* an empty top-left cell: made, so that the area is known */
			long c = trawl__sgrid_begin(g, m->r1, m->c1, rc);
			if (c < 0)
				return;
			trawl__sgrid_end(g, c, rc);
			a = (size_t)c;
			v = g->cells.items;
		}
		if (v[a].rs != 1 || v[a].cs != 1)
			continue; /* an area given twice */
		v[a].rs = m->r2 - m->r1 + 1;
		v[a].cs = m->c2 - m->c1 + 1;
		for (; i < n0 && v[i].row <= m->r2 && !*rc; i++) {
			if (budget-- == 0) {
				g->merges_cut = 1;
				return;
			}
			if (v[i].col < m->c1) {
				i = lower(v, n0, v[i].row, m->c1) - 1;
				continue;
			}
			if (v[i].col > m->c2) {
				i = lower(v, n0, v[i].row + 1, m->c1) - 1;
				continue;
			}
			if (i == a || v[i].dead)
				continue;
			v[i].dead = 1;
			if (v[i].len)
				take_text(g, a, i, rc);
		}
	}
}

size_t trawl__sgrid_emit(trawl__sgrid *g, trawl__docset *s, trawl__unit *u, trawl_err *rc)
{
	size_t i, n = 0;

	if (!*rc && g->cells.n) {
		qsort(g->cells.items, g->cells.n, sizeof(gcell), cell_cmp);
		for (i = 1; i < g->cells.n; i++) {
			gcell *a = &TRAWL_VEC_AT(&g->cells, gcell, i - 1);
			gcell *b = &TRAWL_VEC_AT(&g->cells, gcell, i);
			if (a->row == b->row && a->col == b->col)
				a->dead = 1;
		}
		apply_merges(g, rc);
		qsort(g->cells.items, g->cells.n, sizeof(gcell), cell_cmp);
	}
	if (*rc || s->rc || !u)
		return 0;
	trawl__unit_table_begin(s, u);
	for (i = 0; i < g->cells.n && !s->rc; i++) {
		const gcell *c = &TRAWL_VEC_AT(&g->cells, gcell, i);
		if (c->dead || (!c->len && c->rs == 1 && c->cs == 1))
			continue;
		n += c->len > 0;
		trawl__unit_cell_at(s, u, c->row, c->col, g->txt.data + c->off, c->len,
		                    c->rs, c->cs);
	}
	trawl__unit_table_end(s, u);
	return n;
}

void trawl__sgrid_warn_empty(trawl__docset *s, const trawl__buf *names, size_t nempty,
                             size_t nsheets)
{
	trawl__docset_check(s, names);
	if (s->rc || !nempty)
		return;
	if (nempty == nsheets)
		trawl__docset_warn(s, "the workbook has no cells with text: %s %s %s empty",
		                   nempty == 1 ? "its sheet" : "its sheets", names->data,
		                   nempty == 1 ? "is" : "are");
	else
		trawl__docset_warn(s, "%s %s %s no cells", nempty == 1 ? "sheet" : "sheets",
		                   names->data, nempty == 1 ? "has" : "have");
}
