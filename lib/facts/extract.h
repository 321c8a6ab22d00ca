/* The facts stage: runs every extractor over a document's units (prose
 * and table cells, each cell with its table's declared unit) and builds
 * line items from table rows. */
#ifndef TRAWL_EXTRACT_H
#define TRAWL_EXTRACT_H
#include "facts/fact.h"
#include "ingest/doc.h"

/* The text fields of a fact (trawl__fact's char arrays, by name). */
enum {
	TRAWL__FS_VALUE, TRAWL__FS_VALUE_HI, TRAWL__FS_CURRENCY, TRAWL__FS_UNIT,
	TRAWL__FS_UNIT_SOURCE, TRAWL__FS_COMPARATOR, TRAWL__FS_PRECISION, TRAWL__FS_ROLE,
	TRAWL__FS_CODE, TRAWL__FS_LABEL, TRAWL__FS_COLUMN, TRAWL__FS_CAPTION, TRAWL__FS_PARTY,
	TRAWL__FS_ATTRS, TRAWL__FS_N
};

/* A fact of a document until it is stored: compact, because a document
 * may have a million (a spreadsheet); its text fields are in the
 * document's string pool (trawl__doc.fstrings). */
typedef struct trawl__dfact {
	uint32_t unit;           /* index of the unit in the document (0-based) */
	uint32_t start, end;     /* the source text: bytes in the unit's text */
	uint32_t cstart, cend;   /* the same in characters */
	uint8_t kind;            /* trawl__fkind */
	uint8_t negative;
	uint8_t guessed;         /* a table's amount judged money (and given
	                            its unit) from the figures alone: the table
	                            has no header row, or its column's header
	                            says nothing and was read by OCR from words
	                            below TRAWL_OCR_UNSURE; on a page read by
	                            OCR, where the header was most likely lost,
	                            it is uncertain (ingest/ocrconf.h) */
	uint32_t str[TRAWL__FS_N]; /* 1 + offset in the pool, or 0 for "" */
} trawl__dfact;

/* Text field k of fact df of document d ("" when empty). */
static inline const char *trawl__dfact_str(const trawl__doc *d, const trawl__dfact *df, int k)
{
	return df->str[k] ? d->fstrings.data + df->str[k] - 1 : "";
}

/* What the user stated about a file's amounts (trawl add --unit 千元
 * --currency TWD, or a sidecar): the unit of amounts whose unit the
 * document does not state, and the currency of those that name none
 * (a bare 元). NULL or "" when not stated. */
typedef struct trawl__facts_opts {
	const char *unit;
	const char *currency;
} trawl__facts_opts;

/* Fills d->facts, sorted by unit and position, and d->kind. path only
 * helps to tell the year and kind; o (may be NULL) is what the user
 * stated. Returns TRAWL_ENOMEM or TRAWL_OK; extraction itself never fails
 * a file. */
trawl_err trawl__extract_doc(trawl__doc *d, const char *path, const trawl__facts_opts *o);
#endif
