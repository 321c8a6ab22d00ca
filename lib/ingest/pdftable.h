/* Tables rebuilt from positioned PDF text. The PDF reader hands over a
 * page as lines of text split into segments (runs of characters without a
 * wide horizontal gap, nor a vertical rule between them) with their boxes,
 * and the ruling lines drawn on the page; this module finds the tables
 * among them and writes the page's unit: prose line by line as it came,
 * each table as a grid of cells (lib/ingest/doc.h), a merged cell as one
 * cell with its rowspan and colspan, the way the other readers write
 * tables. Coordinates are in points, y growing downwards (MuPDF's). */
#ifndef TRAWL_PDFTABLE_H
#define TRAWL_PDFTABLE_H
#include <stdint.h>
#include "ingest/doc.h"
#include "util/buf.h"

typedef struct trawl__pdfseg {
	float x0, y0, x1, y1;
	float size;              /* font size in points */
	uint32_t start, end;     /* its text: bytes of trawl__pdfpage.text */
	uint32_t line;           /* the line it belongs to */
	int turned;              /* its box is on the page turned straight
	                            (trawl__pdfpage.turn) */
	uint32_t w0, nw;         /* OCR: its words, in trawl__pdfpage.words
	                            (nw 0: none kept, a text layer's) */
} trawl__pdfseg;

/* A word read by OCR: where it lies in its segment's text (bytes from
 * the segment's start, so that moving a segment moves its words) and how
 * sure the engine was of it. Kept so that a fact read from the page can
 * carry the confidence of its own words (ingest/ocrconf.h). */
typedef struct trawl__pdfword {
	uint32_t off, len;
	float conf;              /* 0-100 */
} trawl__pdfword;

typedef struct trawl__pdfline {
	float x0, y0, x1, y1;
	uint32_t start, end;     /* the whole line as extracted, spaces included */
	uint32_t seg, nseg;      /* its segments, in order, in trawl__pdfpage.segs */
	int plain;               /* rotated or vertical: never part of a table */
} trawl__pdfline;

typedef struct trawl__pdfrule {
	float x0, y0, x1, y1;    /* a horizontal or vertical ruling line */
} trawl__pdfrule;

/* One page in reading order. Segment text never holds tabs or newlines.
 * A skewed scan is read turned straight (ocr.h): its lines, segments and
 * rules are on the page so turned, where rows run level and tables are
 * found; turn says how to turn a box of a segment marked turned back onto
 * the page as it is (cos, sin of the angle, the centre, in points), which
 * trawl__pdftable_emit does for its spans. */
typedef struct trawl__pdfpage {
	trawl__buf text;
	trawl__vec lines;        /* trawl__pdfline */
	trawl__vec segs;         /* trawl__pdfseg */
	trawl__vec rules;        /* trawl__pdfrule */
	trawl__vec words;        /* trawl__pdfword: an OCR'd page's */
	float turn[4];
	float width;             /* the page's width in points; 0: not known
	                            (then no line is taken for a wrapped one) */
} trawl__pdfpage;

void trawl__pdfpage_init(trawl__pdfpage *pg);
/* Empties the page for reuse, keeping its memory. */
void trawl__pdfpage_reset(trawl__pdfpage *pg);
void trawl__pdfpage_release(trawl__pdfpage *pg);

/* Writes the page into u: its text, one span per segment (and for an
 * OCR'd page each word's place in the unit's text with its confidence,
 * u->wconf), and the cells of
 * the tables found: from the ruling lines where they draw a grid (each
 * cell bounded by its borders, a missing border inside a table joining
 * two positions into one merged cell), else from the positions of the
 * text. Sticky on s->rc like the other unit calls; scratch memory
 * failures also end up in s->rc. */
void trawl__pdftable_emit(trawl__docset *s, trawl__unit *u, trawl__pdfpage *pg);

/* A title for d when its file named none: the first line of its text that
 * is no table row (those hold tabs) and not too long. */
void trawl__title_from_text(trawl__docset *s, trawl__doc *d);
#endif
