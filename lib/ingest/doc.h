/* What a reader produces: a set of documents (one per file, except OCDS
 * packages, which give one per release), each an ordered list of units
 * (page, sheet, section, release) of normalized text, with tables kept as
 * cells that point into the unit's text, and positioned spans for PDFs. */
#ifndef TRAWL_DOC_H
#define TRAWL_DOC_H
#include <stdint.h>
#include "text/text.h"
#include "util/buf.h"

/* A table cell on the grid. A merged cell is one cell, its anchor (top
 * left), spanning rowspan x colspan grid positions; the positions it covers
 * hold no cell of their own. row and col are true grid positions (0-based),
 * whatever merged cells lie before them. */
typedef struct trawl__cell {
	uint32_t table, row, col;
	uint32_t start, end; /* byte offsets into the unit's normalized text */
	uint16_t rowspan, colspan; /* 1 for an ordinary cell */
} trawl__cell;

/* Grid limits: spans past them are cut (HTML's own limits are lower), and
 * a cell that would land past the last column keeps its text in the row,
 * without a cell, and the docset says so once. */
#define TRAWL__SPAN_MAX 65534u
#define TRAWL__GRID_MAX_COLS 65536u

/* Which grid column is taken, and until when, by a cell spanning down from
 * a row above (or across from the left, in the current row). */
typedef struct trawl__cover {
	uint32_t until; /* the first row no longer covered */
	uint32_t cell;  /* the covering cell, an index into the unit's cells */
} trawl__cover;

typedef struct trawl__span {
	uint32_t start, end;      /* a line of text in the unit */
	float x0, y0, x1, y1;     /* its box on the page, in points */
} trawl__span;

/* A word read by OCR, at [start, end) of its unit's text, and the
 * engine's confidence in it (0-100). */
typedef struct trawl__wconf {
	uint32_t start, end;
	float conf;
} trawl__wconf;

typedef struct trawl__unit {
	char kind[12];
	int number;
	char *name;
	trawl__ntext nt;
	trawl__vec cells;  /* trawl__cell */
	trawl__vec spans;  /* trawl__span */
	int ocr;           /* its text was read by OCR (a scanned page, an image) */
	float ocr_conf;    /* then the mean confidence of its words, 0-100 */
	trawl__vec wconf;  /* then its words (trawl__wconf), in text order; kept
	                      in the reader's process only, for the facts stage
	                      (ingest/ocrconf.h), never stored */
	/* table-building state */
	uint32_t ntables;
	int in_table, row_open;
	uint32_t row, col;      /* the current row; the next column to try */
	uint32_t last_col;      /* grid column of the row's last cell in the text */
	uint32_t row_fields;    /* cells written in the current row */
	size_t row_cell0;       /* index of the current row's first cell */
	trawl__cover *cover;    /* one per grid column seen in this table */
	uint32_t ncover, cover_cap;
} trawl__unit;

typedef struct trawl__field {
	char *key, *value;
} trawl__field;

/* A fact a reader read from its file's own structure (an OFD e-invoice's
 * seller, total, date), cited at [start, end) of the text of unit `unit`
 * (0-based). The facts stage keeps it as given, in place of what its
 * extractors find in the same text. */
typedef struct trawl__rfact {
	uint32_t unit, start, end;
	char kind[12];          /* money, date or party */
	char value[256];        /* as a fact's value: exact decimal, ISO date, name */
	char role[16], label[64], code[32], currency[4], unit_name[16], precision[8];
} trawl__rfact;

typedef struct trawl__doc {
	char *ext_id;   /* e.g. the OCDS release id; NULL for a whole file */
	char *title;
	trawl__vec units;   /* trawl__unit * */
	trawl__vec fields;  /* trawl__field */
	trawl__vec rfacts;  /* trawl__rfact: facts its reader knows */
	/* filled by the facts stage (facts/extract.h) */
	trawl__vec facts;   /* trawl__dfact: plain data */
	trawl__buf fstrings; /* their text fields, NUL-terminated */
	char kind[16];      /* budget, award, ... or "" */
} trawl__doc;

/* A file inside an archive (readers/archive.c), handed back to be read as
 * a file of its own, cited as ARCHIVE!name. An archive gives at most
 * TRAWL__MAX_MEMBERS. */
#define TRAWL__MAX_MEMBERS 10000
#define TRAWL__MAX_MEMBERS_S "10000"
typedef struct trawl__member {
	char *name;              /* its path in the archive, UTF-8, relative */
	char *data;              /* its bytes */
	size_t len;
} trawl__member;

typedef struct trawl__docset {
	trawl__vec docs;         /* trawl__doc * */
	trawl__vec members;      /* trawl__member: an archive's files */
	size_t member_bytes;     /* their bytes, all together */
	char format[12];
	char encoding[24];
	trawl__buf warnings;     /* "; "-separated, for the user */
	size_t text_bytes, max_text;
	trawl_err rc;            /* sticky: the first failure while building */
	/* Limits: past max_text, text is dropped; past max_cells, table text
	 * is kept as text but not as cells. Each is said in a warning, with
	 * where it happened. */
	size_t cells, max_cells;
	int text_capped, cells_capped;
	char text_capped_at[40], cells_capped_at[40]; /* "page 12", "sheet 2 row 7" */
	int grid_warned;         /* the too-wide-table warning was given */
} trawl__docset;

#define TRAWL__MAX_CELLS (8UL << 20) /* as a workbook's (sheetgrid.h) */

/* max_text 0 means 256 MiB. */
void trawl__docset_init(trawl__docset *s, size_t max_text);
void trawl__docset_release(trawl__docset *s);
void trawl__docset_warn(trawl__docset *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Makes a failed append to b (a reader's own buffer, checked once when
 * done with it) the docset's failure. */
void trawl__docset_check(trawl__docset *s, const trawl__buf *b);

/* Keeps a copy of an archive's member; sticky on s->rc. */
void trawl__docset_member(trawl__docset *s, const char *name, const char *data, size_t len);
/* Non-zero when name may name a member: relative, no "." or ".." segment,
 * no empty segment, no control character. */
int trawl__member_name_ok(const char *name);

/* All of these are sticky on s->rc: after a failure they do nothing and
 * return NULL, and the reader finishes by returning s->rc. */
trawl__doc *trawl__doc_new(trawl__docset *s, const char *ext_id);
trawl__unit *trawl__unit_new(trawl__docset *s, trawl__doc *d, const char *kind,
                             int number, const char *name);
void trawl__doc_title(trawl__docset *s, trawl__doc *d, const char *t, size_t n);
/* A workbook's title, where it states none: its first sheet's title row
 * (a first line of one cell, of words: 某县公安局2023年度部门决算总表, not
 * 单位：万元), which says more than a sheet's name (Sheet1, 收支总表); else
 * that sheet's name (sheet; NULL: none). Call it once the units are read. */
void trawl__doc_title_sheet(trawl__docset *s, trawl__doc *d, const char *sheet);
/* Whether the n bytes at t could be a title: one line of four Chinese
 * letters or more (or Latin words), not a unit caption (单位：万元) nor a
 * table's number (公开01表). */
int trawl__title_row(const char *t, size_t n);
void trawl__doc_field(trawl__docset *s, trawl__doc *d, const char *key,
                      const char *value);
/* Keeps a copy of f for the facts stage. */
void trawl__doc_rfact(trawl__docset *s, trawl__doc *d, const trawl__rfact *f);
/* Appends UTF-8 text (normalized on the way in). */
void trawl__unit_text(trawl__docset *s, trawl__unit *u, const char *t, size_t n);
/* Ensures the unit text ends with a newline (unless empty). */
void trawl__unit_newline(trawl__docset *s, trawl__unit *u);
/* Tables: a grid of cells, written into the unit's text as rows: the
 * cells of a row separated by tabs, one tab per grid column (so a cell at
 * column 3 is the fourth tab-separated field, even after a merged cell or
 * a gap), and each row ending with a newline. A cell's own newlines and
 * tabs become spaces. A merged cell's text is written once, at its
 * anchor; the positions it covers are empty fields.
 *
 * Two ways to place cells, which may be mixed within a table:
 *   - in reading order (HTML, DOCX, CSV): trawl__unit_row_begin, then
 *     trawl__unit_cell_span for each cell, which lands on the next column
 *     of the row not covered by a cell spanning down from a row above
 *     (the HTML table model);
 *   - at known positions (XLSX, XLS, PDF): trawl__unit_cell_at.
 * A table ends with trawl__unit_table_end (a new table_begin ends the one
 * before). Spans that reach past the end of their row group or table are
 * cut to end there, so that every cell's span lies inside the grid. */
void trawl__unit_table_begin(trawl__docset *s, trawl__unit *u);
/* Starts the next row (ending an open one). */
void trawl__unit_row_begin(trawl__docset *s, trawl__unit *u);
/* An ordinary cell: trawl__unit_cell_span(s, u, t, n, 1, 1). */
void trawl__unit_cell(trawl__docset *s, trawl__unit *u, const char *t, size_t n);
/* A cell of rowspan x colspan positions, in the current row (one is begun
 * when none is open), at the first column from the last cell's end that
 * no cell from a row above covers. rowspan 0 means to the end of the row
 * group; colspan 0 means 1. A colspan is cut short where it would run into
 * a covered column, and both are cut to TRAWL__SPAN_MAX. */
void trawl__unit_cell_span(trawl__docset *s, trawl__unit *u, const char *t, size_t n,
                           uint32_t rowspan, uint32_t colspan);
/* A cell at grid position (row, col), for readers that know positions.
 * Positions must come in reading order (row by row, left to right): rows
 * with no cells are not written to the text, but rows and columns keep
 * their numbers. A position that is taken (covered by a merged cell, or
 * not right of the row's last cell) moves to the next free column of the
 * current row, as in trawl__unit_cell_span. */
void trawl__unit_cell_at(trawl__docset *s, trawl__unit *u, uint32_t row, uint32_t col,
                         const char *t, size_t n, uint32_t rowspan, uint32_t colspan);
/* Appends text to the last cell placed (text that wraps onto another line
 * of the same cell; the caller gives any space between); starts a cell
 * when the row has none, or when other text came after the last cell. */
void trawl__unit_cell_more(trawl__docset *s, trawl__unit *u, const char *t, size_t n);
void trawl__unit_row_end(trawl__docset *s, trawl__unit *u);
/* Ends a row group (HTML's thead, tbody, tfoot): spans reaching past its
 * last row are cut there, and rowspan 0 cells end there. */
void trawl__unit_rowgroup_end(trawl__docset *s, trawl__unit *u);
void trawl__unit_table_end(trawl__docset *s, trawl__unit *u);
void trawl__unit_span(trawl__docset *s, trawl__unit *u, uint32_t start,
                      uint32_t end, float x0, float y0, float x1, float y1);
#endif
