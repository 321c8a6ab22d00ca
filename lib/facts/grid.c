/* A table's grid for the facts stage (see grid.h). */
#include <stdlib.h>
#include <string.h>
#include "facts/grid.h"
#include "facts/fact.h"
#include "facts/scan.h"
#include "util/banned.h"

trawl_err trawl__grid_build(trawl__grid *g, const char *text, const trawl__cell *cells,
                            const uint32_t *ord, size_t n)
{
	uint32_t maxrow = 0, maxcol = 0;
	size_t i, npos;

	memset(g, 0, sizeof *g);
	g->text = text;
	g->cells = cells;
	g->ord = ord;
	g->n = n;
	if (!n)
		return TRAWL_OK;
	for (i = 0; i < n; i++) {
		const trawl__cell *c = &cells[ord[i]];
		uint32_t r = c->row + (c->rowspan ? c->rowspan : 1);
		uint32_t k = c->col + (c->colspan ? c->colspan : 1);
		if (r > maxrow)
			maxrow = r;
		if (k > maxcol)
			maxcol = k;
	}
	npos = (size_t)maxrow * maxcol;
	if (maxrow && npos / maxrow != maxcol)
		return TRAWL_ETOOBIG;
	if (npos > TRAWL__GRID_MAX_POS) {
		g->n = 0;
		return TRAWL_ETOOBIG;
	}
	g->at = calloc(npos ? npos : 1, sizeof *g->at);
	if (!g->at) {
		g->n = 0;
		return TRAWL_ENOMEM;
	}
	g->nrows = maxrow;
	g->ncols = maxcol;
	for (i = 0; i < n; i++) {
		const trawl__cell *c = &cells[ord[i]];
		uint32_t rs = c->rowspan ? c->rowspan : 1, cs = c->colspan ? c->colspan : 1;
		for (uint32_t r = c->row; r < c->row + rs; r++)
			for (uint32_t k = c->col; k < c->col + cs; k++)
				if (!g->at[(size_t)r * maxcol + k])
					g->at[(size_t)r * maxcol + k] = (uint32_t)i + 1;
	}
	return TRAWL_OK;
}

void trawl__grid_release(trawl__grid *g)
{
	free(g->at);
	memset(g, 0, sizeof *g);
}

const trawl__cell *trawl__grid_at(const trawl__grid *g, uint32_t row, uint32_t col)
{
	uint32_t k;

	if (!g->at || row >= g->nrows || col >= g->ncols)
		return NULL;
	k = g->at[(size_t)row * g->ncols + col];
	return k ? &g->cells[g->ord[k - 1]] : NULL;
}

size_t trawl__grid_text(const trawl__grid *g, uint32_t row, uint32_t col, char *out,
                        size_t outsz)
{
	const trawl__cell *c = trawl__grid_at(g, row, col);

	if (!c) {
		if (outsz)
			out[0] = '\0';
		return 0;
	}
	return copy_trim(out, outsz, g->text + c->start, c->end - c->start);
}

/* Appends cell c's text to out (len so far) after a "/", unless it is
 * empty or the cell given last (*last). */
static size_t join(const trawl__grid *g, const trawl__cell *c, const trawl__cell **last,
                   char *out, size_t outsz, size_t len)
{
	size_t k;

	if (!c || c == *last || c->end == c->start || len + 2 >= outsz)
		return len;
	*last = c;
	if (len)
		out[len++] = '/';
	k = copy_trim(out + len, outsz - len, g->text + c->start, c->end - c->start);
	if (!k && len)
		len--;
	out[len + k] = '\0';
	return len + k;
}

size_t trawl__grid_col_header(const trawl__grid *g, uint32_t from, uint32_t to, uint32_t col,
                              char *out, size_t outsz)
{
	const trawl__cell *last = NULL;
	size_t len = 0;

	if (!outsz)
		return 0;
	out[0] = '\0';
	for (uint32_t r = from; r < to && r < g->nrows; r++)
		len = join(g, trawl__grid_at(g, r, col), &last, out, outsz, len);
	return len;
}

/* A cell that holds one number (an amount, a count) labels nothing. */
static int numeric(const char *s, size_t n)
{
	char v[TRAWL__DEC_MAX];

	while (n && *s == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (n && (*s == '-' || *s == '+'))
		s++, n--;
	return n && trawl__parse_number(s, n, v) == n;
}

size_t trawl__grid_row_header(const trawl__grid *g, uint32_t row, uint32_t col, char *out,
                              size_t outsz)
{
	const trawl__cell *last = NULL;
	size_t len = 0;

	if (!outsz)
		return 0;
	out[0] = '\0';
	for (uint32_t k = 0; k < col && k < g->ncols; k++) {
		const trawl__cell *c = trawl__grid_at(g, row, k);
		if (c && c->col + (c->colspan ? c->colspan : 1) > col)
			break; /* the cell itself, spanning from the left */
		if (c && !numeric(g->text + c->start, c->end - c->start))
			len = join(g, c, &last, out, outsz, len);
	}
	return len;
}
