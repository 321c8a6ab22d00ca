/* A table's grid, read back for the facts stage: which cell covers each
 * position (a merged cell covers every position of its span, not only
 * its anchor), and each cell's headers: the header cells above it in its
 * column, and the label cells to its left in its row, merged cells
 * included, whatever reader made the grid (lib/ingest/doc.h). */
#ifndef TRAWL_GRID_H
#define TRAWL_GRID_H
#include <stddef.h>
#include <stdint.h>
#include "ingest/doc.h"

/* Grids larger than this many positions are not built (the facts that
 * need one are left out for that table). */
#define TRAWL__GRID_MAX_POS ((size_t)1 << 22)

typedef struct trawl__grid {
	const char *text;          /* the unit's text */
	const trawl__cell *cells;  /* the unit's cells */
	const uint32_t *ord;       /* this table's cells, indexes into cells */
	size_t n;
	uint32_t nrows, ncols;
	uint32_t *at;              /* nrows * ncols: 1 + index into ord of the
	                              cell covering the position, 0 for none */
} trawl__grid;

/* Builds g for the table made of cells[ord[0..n)]. Returns TRAWL_OK,
 * TRAWL_ENOMEM, or TRAWL_ETOOBIG when the grid has more positions than
 * TRAWL__GRID_MAX_POS (g is then empty). Release with trawl__grid_release. */
trawl_err trawl__grid_build(trawl__grid *g, const char *text, const trawl__cell *cells,
                            const uint32_t *ord, size_t n);
void trawl__grid_release(trawl__grid *g);

/* The cell covering (row, col), or NULL (a gap, or outside the grid). */
const trawl__cell *trawl__grid_at(const trawl__grid *g, uint32_t row, uint32_t col);

/* The text of the cell covering (row, col), trimmed, into out (cut at a
 * character boundary to fit); "" for none. Returns its length. */
size_t trawl__grid_text(const trawl__grid *g, uint32_t row, uint32_t col, char *out,
                        size_t outsz);

/* The column header of position (row, col): the texts of the cells
 * covering column col in rows [from, to), top to bottom, each once,
 * joined by "/" (收入预算/财政拨款收入); a merged header heads every
 * column it spans. Returns its length. */
size_t trawl__grid_col_header(const trawl__grid *g, uint32_t from, uint32_t to, uint32_t col,
                              char *out, size_t outsz);

/* The row header of position (row, col): the texts of the cells covering
 * row `row` in columns [0, col) that hold no number, left to right, each
 * once, joined by "/" (产出指标/数量指标); a merged label to the left
 * heads every row it spans. Returns its length. */
size_t trawl__grid_row_header(const trawl__grid *g, uint32_t row, uint32_t col, char *out,
                              size_t outsz);
#endif
