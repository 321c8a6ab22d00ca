/* The facts stage: runs every extractor over a document's units (prose
 * and table cells, each cell with its table's declared unit) and builds
 * line items from table rows. */
#ifndef TRAWL_EXTRACT_H
#define TRAWL_EXTRACT_H
#include "facts/fact.h"
#include "ingest/doc.h"

typedef struct trawl__dfact {
	uint32_t unit;     /* index of the unit in the document (0-based) */
	uint32_t cstart, cend; /* f.start and f.end in characters */
	trawl__fact f;
} trawl__dfact;

/* Fills d->facts, sorted by unit and position, and d->kind. path only helps to tell the year and kind.
 * Returns TRAWL_ENOMEM or TRAWL_OK; extraction itself never fails a file. */
trawl_err trawl__extract_doc(trawl__doc *d, const char *path);
#endif
