#include <string.h>
#include "ingest/zipread.h"
#include "util/diag.h"
#include "util/banned.h"

trawl_err trawl__zip_open(trawl__zip *z, const char *data, size_t len,
                          size_t budget, const char *path, trawl_diag *d)
{
	zip_error_t ze;
	int flags = ZIP_RDONLY | ZIP_CHECKCONS;

	memset(z, 0, sizeof *z);
	z->budget = budget;
	z->path = path;
	zip_error_init(&ze);
	z->src = zip_source_buffer_create(data, len, 0, &ze);
	if (!z->src) {
		zip_error_fini(&ze);
		return TRAWL_ENOMEM;
	}
	z->za = zip_open_from_source(z->src, flags, &ze);
	if (!z->za) {
		trawl__diag_set(d, path, "corrupt zip archive: %s", zip_error_strerror(&ze));
		zip_source_free(z->src);
		z->src = NULL;
		zip_error_fini(&ze);
		return TRAWL_EFORMAT;
	}
	zip_error_fini(&ze);
	return TRAWL_OK;
}

void trawl__zip_close(trawl__zip *z)
{
	if (z->za)
		zip_discard(z->za); /* also frees the source */
	z->za = NULL;
	z->src = NULL;
}

int trawl__zip_has(trawl__zip *z, const char *name)
{
	return zip_name_locate(z->za, name, 0) >= 0;
}

trawl_err trawl__zip_read(trawl__zip *z, const char *name, trawl__buf *out,
                          trawl_diag *d)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t idx = zip_name_locate(z->za, name, 0);
	trawl_err rc = TRAWL_OK;
	size_t start = out->len;

	if (idx < 0)
		return TRAWL_ENOTFOUND;
	zip_stat_init(&st);
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) &&
	    (st.size > z->budget || st.size > out->max - out->len)) {
		trawl__diag_set(d, z->path, "zip entry %s would inflate to %llu bytes, over the "
		                "limit (zip bomb?)", name, (unsigned long long)st.size);
		return TRAWL_ETOOBIG;
	}
	f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!f) {
		trawl__diag_set(d, z->path, "zip entry %s can't be read: %s", name,
		                zip_strerror(z->za));
		return TRAWL_EFORMAT;
	}
	for (;;) {
		zip_int64_t n;
		/* the stated size may lie: the cap holds on what really inflates */
		if (out->len - start >= z->budget) {
			trawl__diag_set(d, z->path, "zip entry %s inflates past the limit of %zu MiB "
			                "(zip bomb?)", name, z->budget >> 20);
			rc = TRAWL_ETOOBIG;
			break;
		}
		rc = trawl__buf_grow(out, 65536);
		if (rc) {
			trawl__diag_set(d, z->path, "zip entry %s inflates past the limit of %zu MiB "
			                "(zip bomb?)", name, out->max >> 20);
			break;
		}
		n = zip_fread(f, out->data + out->len, 65536);
		if (n < 0) {
			trawl__diag_set(d, z->path, "zip entry %s is damaged: %s", name,
			                zip_file_strerror(f));
			rc = TRAWL_EFORMAT;
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	zip_fclose(f);
	if (!rc)
		z->budget -= out->len - start;
	return rc;
}

const char *trawl__zip_format(const char *data, size_t len, const char *path,
                              trawl_diag *d, trawl_err *rc)
{
	trawl__zip z;
	const char *fmt = NULL;

	*rc = trawl__zip_open(&z, data, len, 0, path, d);
	if (*rc)
		return NULL;
	if (trawl__zip_has(&z, "word/document.xml"))
		fmt = "docx";
	else if (trawl__zip_has(&z, "xl/workbook.xml"))
		fmt = "xlsx";
	trawl__zip_close(&z);
	return fmt;
}
