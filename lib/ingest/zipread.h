/* Reading parts of a zip (DOCX, XLSX) from memory with bounded inflate. */
#ifndef TRAWL_ZIPREAD_H
#define TRAWL_ZIPREAD_H
#include <zip.h>
#include "util/buf.h"

typedef struct trawl__zip {
	zip_t *za;
	zip_source_t *src;
	size_t budget;   /* bytes still allowed to be inflated, all parts together */
	const char *path;
} trawl__zip;

/* Opens the zip in data[0..len) (not copied: keep it alive). */
trawl_err trawl__zip_open(trawl__zip *z, const char *data, size_t len,
                          size_t budget, const char *path, trawl_diag *d);
void trawl__zip_close(trawl__zip *z);
/* 1 when the archive has an entry called name. */
int trawl__zip_has(trawl__zip *z, const char *name);
/* Inflates entry name into out, stopping with TRAWL_ETOOBIG at the cap or
 * the remaining budget, whichever is smaller; TRAWL_ENOTFOUND if absent. */
trawl_err trawl__zip_read(trawl__zip *z, const char *name, trawl__buf *out,
                          trawl_diag *d);
/* "docx" or "xlsx" from the parts a zip holds, NULL for another zip;
 * *rc is set (and d says why) when the zip can't be opened. */
const char *trawl__zip_format(const char *data, size_t len, const char *path,
                              trawl_diag *d, trawl_err *rc);
#endif
