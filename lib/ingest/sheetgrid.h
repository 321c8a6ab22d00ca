/* A spreadsheet's cells as they are read (any order, the same position
 * twice, merged areas listed apart), put in order and written to a unit
 * as a grid (doc.h). Shared by the XLS and XLSX readers. */
#ifndef TRAWL_SHEETGRID_H
#define TRAWL_SHEETGRID_H
#include <stdint.h>
#include "ingest/doc.h"

/* Cells per workbook at most: a hostile file may hold millions of tiny
 * cells. */
#define TRAWL__SHEET_MAX_CELLS (8UL << 20)

typedef struct trawl__sgrid {
	trawl__buf txt;          /* cell text; a cell's text is appended here */
	trawl__vec cells;        /* private */
	trawl__vec merges;       /* private */
	uint32_t seq;
	unsigned long *ncells;   /* the workbook's count, against the limit */
	int over;                /* a cell was refused: the limit was reached */
	int merges_cut;          /* some merged areas were too costly to apply */
} trawl__sgrid;

/* ncells counts the cells of the whole workbook (the caller's, shared by
 * its sheets). No allocation. */
void trawl__sgrid_init(trawl__sgrid *g, size_t max_text, unsigned long *ncells);
void trawl__sgrid_release(trawl__sgrid *g);

/* Begins the cell at (row, col): its text is what the caller appends to
 * g->txt until trawl__sgrid_end. Returns the cell's handle, or -1 when the
 * workbook's limit is reached (g->over is set) or memory ran out (*rc). */
long trawl__sgrid_begin(trawl__sgrid *g, uint32_t row, uint32_t col, trawl_err *rc);
void trawl__sgrid_end(trawl__sgrid *g, long cell, trawl_err *rc);
/* Restarts a cell's text at the end of g->txt (for text that comes later,
 * such as a formula's string result); end it with trawl__sgrid_end. */
void trawl__sgrid_restart(trawl__sgrid *g, long cell);
/* A merged area, first and last rows and columns included. */
void trawl__sgrid_merge(trawl__sgrid *g, uint32_t r1, uint32_t c1, uint32_t r2,
                        uint32_t c2, trawl_err *rc);

/* Writes the cells to u as one table: in reading order, the later of two
 * cells at one position winning, each merged area's top-left cell
 * spanning it (an empty one is made when the area has none) and holding
 * the text of any covered cell after its own. Returns the number of
 * cells with text written. */
size_t trawl__sgrid_emit(trawl__sgrid *g, trawl__docset *s, trawl__unit *u, trawl_err *rc);

/* The warning a workbook gets when nempty of its nsheets sheets have no
 * cell with text; names: their names ("\"a\", \"b\""), a failed append to
 * which is the docset's failure. */
void trawl__sgrid_warn_empty(trawl__docset *s, const trawl__buf *names, size_t nempty,
                             size_t nsheets);
#endif
