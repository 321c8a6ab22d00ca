/* What a reader produces: a set of documents (one per file, except OCDS
 * packages, which give one per release), each an ordered list of units
 * (page, sheet, section, release) of normalized text, with tables kept as
 * cells that point into the unit's text, and positioned spans for PDFs. */
#ifndef TRAWL_DOC_H
#define TRAWL_DOC_H
#include <stdint.h>
#include "text/text.h"
#include "util/buf.h"

typedef struct trawl__cell {
	uint32_t table, row, col;
	uint32_t start, end; /* byte offsets into the unit's normalized text */
} trawl__cell;

typedef struct trawl__span {
	uint32_t start, end;      /* a line of text in the unit */
	float x0, y0, x1, y1;     /* its box on the page, in points */
} trawl__span;

typedef struct trawl__unit {
	char kind[12];
	int number;
	char *name;
	trawl__ntext nt;
	trawl__vec cells;  /* trawl__cell */
	trawl__vec spans;  /* trawl__span */
	/* table-building state */
	uint32_t ntables;
	int in_table, row_open;
	uint32_t row, col;
} trawl__unit;

typedef struct trawl__field {
	char *key, *value;
} trawl__field;

typedef struct trawl__doc {
	char *ext_id;   /* e.g. the OCDS release id; NULL for a whole file */
	char *title;
	trawl__vec units;   /* trawl__unit * */
	trawl__vec fields;  /* trawl__field */
	/* filled by the facts stage (facts/extract.h) */
	trawl__vec facts;   /* trawl__dfact: plain data */
	trawl__buf fstrings; /* their text fields, NUL-terminated */
	char kind[16];      /* budget, award, ... or "" */
} trawl__doc;

typedef struct trawl__docset {
	trawl__vec docs;         /* trawl__doc * */
	char format[12];
	char encoding[24];
	trawl__buf warnings;     /* "; "-separated, for the user */
	size_t text_bytes, max_text;
	trawl_err rc;            /* sticky: the first failure while building */
} trawl__docset;

void trawl__docset_init(trawl__docset *s, size_t max_text);
void trawl__docset_release(trawl__docset *s);
void trawl__docset_warn(trawl__docset *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Makes a failed append to b (a reader's own buffer, checked once when
 * done with it) the docset's failure. */
void trawl__docset_check(trawl__docset *s, const trawl__buf *b);

/* All of these are sticky on s->rc: after a failure they do nothing and
 * return NULL, and the reader finishes by returning s->rc. */
trawl__doc *trawl__doc_new(trawl__docset *s, const char *ext_id);
trawl__unit *trawl__unit_new(trawl__docset *s, trawl__doc *d, const char *kind,
                             int number, const char *name);
void trawl__doc_title(trawl__docset *s, trawl__doc *d, const char *t, size_t n);
void trawl__doc_field(trawl__docset *s, trawl__doc *d, const char *key,
                      const char *value);
/* Appends UTF-8 text (normalized on the way in). */
void trawl__unit_text(trawl__docset *s, trawl__unit *u, const char *t, size_t n);
/* Ensures the unit text ends with a newline (unless empty). */
void trawl__unit_newline(trawl__docset *s, trawl__unit *u);
/* Tables: rows of cells. Cells in a row are separated by a tab in the
 * text, rows end with a newline. */
void trawl__unit_table_begin(trawl__docset *s, trawl__unit *u);
void trawl__unit_row_begin(trawl__docset *s, trawl__unit *u);
void trawl__unit_cell(trawl__docset *s, trawl__unit *u, const char *t, size_t n);
void trawl__unit_row_end(trawl__docset *s, trawl__unit *u);
void trawl__unit_table_end(trawl__docset *s, trawl__unit *u);
void trawl__unit_span(trawl__docset *s, trawl__unit *u, uint32_t start,
                      uint32_t end, float x0, float y0, float x1, float y1);
#endif
