/* Reading parts of a zip (DOCX, XLSX) from memory with bounded inflate. */
#ifndef TRAWL_ZIPREAD_H
#define TRAWL_ZIPREAD_H
#include <zip.h>
#include "util/buf.h"

typedef struct trawl__zip {
	zip_t *za;
	zip_source_t *src;
	size_t budget;   /* bytes still allowed to be inflated, all parts together */
	size_t limit;    /* the budget it started with */
	const char *path;
	/* the entry being streamed by trawl__zip_xml (one at a time) */
	zip_file_t *cur;
	const char *cur_name;
	int over;        /* the stream hit the budget */
	int damaged;     /* the stream failed to inflate */
	int huge;        /* libxml2 refused a text node over its size limit */
	int nomem;       /* libxml2 ran out of memory (not the file's fault) */
	char xml_error[160]; /* libxml2's first complaint about the stream */
} trawl__zip;

/* Opens the zip in data[0..len) (not copied: keep it alive). */
trawl_err trawl__zip_open(trawl__zip *z, const char *data, size_t len,
                          size_t budget, const char *path, trawl_diag *d);
void trawl__zip_close(trawl__zip *z);
/* 1 when the archive has an entry called name. */
int trawl__zip_has(trawl__zip *z, const char *name);
/* Reads entry name whole into out (reset first; its own cap applies),
 * counted against the budget: TRAWL_ENOTFOUND when absent, TRAWL_ETOOBIG
 * past the budget (or out's cap), TRAWL_EFORMAT when it fails to inflate,
 * TRAWL_ENOMEM. On failure out is empty. */
trawl_err trawl__zip_read(trawl__zip *z, const char *name, trawl__buf *out);
/* A streaming XML reader over entry name: the entry is inflated as it is
 * parsed, so memory stays small whatever its size; past the budget the
 * stream fails and z->over is set. NULL with *rc set when absent
 * (TRAWL_ENOTFOUND) or unreadable. Free with trawl__zip_xml_end(). */
struct _xmlTextReader;
struct _xmlTextReader *trawl__zip_xml(trawl__zip *z, const char *name, trawl_diag *d,
                                      trawl_err *rc);
/* Frees the reader; returns TRAWL_ETOOBIG (with d set) if the stream hit
 * the budget, TRAWL_ENOMEM if libxml2 ran out of memory on it, else
 * TRAWL_OK. */
trawl_err trawl__zip_xml_end(trawl__zip *z, struct _xmlTextReader *r, trawl_diag *d);

/* "docx", "xlsx", "pptx" or "ofd" from the parts a zip holds, NULL for another zip
 * (an archive of files); *rc is set (and d says why) when the zip can't be
 * opened, or when it is a package of a format trawl does not read (another
 * Office Open XML package, an OpenDocument file). */
const char *trawl__zip_format(const char *data, size_t len, const char *path,
                              trawl_diag *d, trawl_err *rc);
#endif
