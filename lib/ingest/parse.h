/* One file's bytes to documents: the parse path shared by the ingest
 * workers, the sandboxed reader processes and the fuzz targets. */
#ifndef TRAWL_PARSE_H
#define TRAWL_PARSE_H
#include <stddef.h>
#include <stdint.h>
#include "ingest/doc.h"
#include "ingest/ocr.h"

typedef struct trawl__parse_opts {
	const char *tmp_dir;    /* a private folder for readers that need a file */
	uint64_t max_file;      /* the file size limit (decoded text may be 4x) */
	size_t max_inflate;     /* cap on bytes decompressed from a container */
	int no_facts;           /* skip the facts stage */
	const char *unit;       /* the user's unit and currency for amounts */
	const char *currency;   /* (trawl__facts_opts), or NULL */
	trawl__ocr_opts ocr;    /* OCR of scanned pages and images */
} trawl__parse_opts;

/* Detects the format of data[0..len) from its content (path only breaks
 * ties and names the file in messages), decodes text, runs the reader
 * and, unless o->no_facts, the facts stage. ds must have been set up with
 * trawl__docset_init(); it is filled (format, encoding, documents,
 * warnings) and stays the caller's to release, on failure too. On failure
 * d says why. */
trawl_err trawl__parse(const trawl__parse_opts *o, const char *path, const char *data,
                       size_t len, trawl__docset *ds, trawl_diag *d);
#endif
