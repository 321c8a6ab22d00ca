#include <string.h>
#include "ingest/zipread.h"
#include "ingest/xmlsafe.h"
#include "util/diag.h"
#include "util/banned.h"

#define ZLIB_MEM_ERROR (-4) /* zlib's Z_MEM_ERROR */

/* libzip (and zlib under it) out of memory: not a damaged archive, which
 * would be stored short or refused for good */
static int zip_nomem(zip_error_t *e)
{
	int c = zip_error_code_zip(e);
	return c == ZIP_ER_MEMORY || (c == ZIP_ER_ZLIB && zip_error_code_system(e) == ZLIB_MEM_ERROR);
}

trawl_err trawl__zip_open(trawl__zip *z, const char *data, size_t len,
                          size_t budget, const char *path, trawl_diag *d)
{
	zip_error_t ze;
	int flags = ZIP_RDONLY | ZIP_CHECKCONS;

	memset(z, 0, sizeof *z);
	z->budget = z->limit = budget;
	z->path = path;
	zip_error_init(&ze);
	z->src = zip_source_buffer_create(data, len, 0, &ze);
	if (!z->src) {
		zip_error_fini(&ze);
		return TRAWL_ENOMEM;
	}
	z->za = zip_open_from_source(z->src, flags, &ze);
	if (!z->za) {
		int nomem = zip_nomem(&ze);
		if (!nomem)
			trawl__diag_set(d, path, "corrupt zip archive: %s", zip_error_strerror(&ze));
		zip_source_free(z->src);
		z->src = NULL;
		zip_error_fini(&ze);
		return nomem ? TRAWL_ENOMEM : TRAWL_EFORMAT;
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

trawl_err trawl__zip_read(trawl__zip *z, const char *name, trawl__buf *out)
{
	zip_file_t *f;
	zip_int64_t idx = zip_name_locate(z->za, name, 0);
	trawl_err rc = TRAWL_OK;

	trawl__buf_reset(out);
	if (idx < 0)
		return TRAWL_ENOTFOUND;
	f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!f)
		return zip_nomem(zip_get_error(z->za)) ? TRAWL_ENOMEM : TRAWL_EFORMAT;
	for (;;) {
		char chunk[16384];
		zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			rc = zip_nomem(zip_file_get_error(f)) ? TRAWL_ENOMEM : TRAWL_EFORMAT;
			break;
		}
		if (n == 0)
			break;
		if ((size_t)n > z->budget) {
			z->over = 1;
			rc = TRAWL_ETOOBIG;
			break;
		}
		z->budget -= (size_t)n;
		if ((rc = trawl__buf_add(out, chunk, (size_t)n)))
			break;
	}
	zip_fclose(f);
	if (rc)
		trawl__buf_reset(out);
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
	else if (trawl__zip_has(&z, "ppt/presentation.xml"))
		fmt = "pptx";
	else if (trawl__zip_has(&z, "OFD.xml"))
		fmt = "ofd";
	/* packages of other document formats: not archives of files (their
	 * parts would be read as so many text files) */
	else if (trawl__zip_has(&z, "[Content_Types].xml")) {
		trawl__diag_set(d, path, "unsupported format: an Office Open XML package that is not "
		                "DOCX, XLSX or PPTX");
		*rc = TRAWL_EUNSUPPORTED;
	} else if (trawl__zip_has(&z, "mimetype") && trawl__zip_has(&z, "META-INF/manifest.xml")) {
		trawl__diag_set(d, path, "unsupported format: an OpenDocument (.odt, .ods, .odp) "
		                "package; save it as .docx or .xlsx to read it");
		*rc = TRAWL_EUNSUPPORTED;
	}
	trawl__zip_close(&z);
	return fmt;
}

static int stream_read(void *ctx, char *buf, int len)
{
	trawl__zip *z = ctx;
	zip_int64_t n;

	if (!z->cur || len <= 0)
		return 0;
	if (z->budget == 0) {
		/* one more byte means the entry is over the budget */
		char extra;
		if (zip_fread(z->cur, &extra, 1) > 0) {
			z->over = 1;
			return -1;
		}
		return 0;
	}
	if ((size_t)len > z->budget)
		len = (int)z->budget;
	n = zip_fread(z->cur, buf, (zip_uint64_t)len);
	if (n < 0) {
		if (zip_nomem(zip_file_get_error(z->cur)))
			z->nomem = 1;
		else
			z->damaged = 1;
		return -1;
	}
	z->budget -= (size_t)n;
	return (int)n;
}

static int stream_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* libxml2's complaints are kept, never printed. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	trawl__zip *z = ctx;
	size_t n;

	/* kept apart: a part cut short by memory is not "malformed" */
	if (e && e->code == XML_ERR_NO_MEMORY)
		z->nomem = 1;
	if (!e || z->xml_error[0])
		return;
	snprintf(z->xml_error, sizeof z->xml_error, "%s", e->message ? e->message : "error");
	n = strlen(z->xml_error);
	while (n && (z->xml_error[n - 1] == '\n' || z->xml_error[n - 1] == ' '))
		z->xml_error[--n] = '\0';
	if (strstr(z->xml_error, "huge"))
		z->huge = 1;
}

xmlTextReaderPtr trawl__zip_xml(trawl__zip *z, const char *name, trawl_diag *d, trawl_err *rc)
{
	zip_int64_t idx = zip_name_locate(z->za, name, 0);
	xmlTextReaderPtr r;

	*rc = TRAWL_OK;
	if (idx < 0) {
		*rc = TRAWL_ENOTFOUND;
		return NULL;
	}
	z->cur = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!z->cur) {
		if (zip_nomem(zip_get_error(z->za))) {
			*rc = TRAWL_ENOMEM;
			return NULL;
		}
		trawl__diag_set(d, z->path, "zip entry %s can't be read: %s", name,
		                zip_strerror(z->za));
		*rc = TRAWL_EFORMAT;
		return NULL;
	}
	z->cur_name = name;
	z->over = z->damaged = z->huge = z->nomem = 0;
	z->xml_error[0] = '\0';
	trawl__xml_init_thread();
	r = xmlReaderForIO(stream_read, stream_close, z, NULL, NULL, TRAWL__XML_OPTS);
	if (!r) {
		zip_fclose(z->cur);
		z->cur = NULL;
		*rc = TRAWL_ENOMEM;
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, z);
	return r;
}

trawl_err trawl__zip_xml_end(trawl__zip *z, xmlTextReaderPtr r, trawl_diag *d)
{
	trawl_err rc = TRAWL_OK;

	if (r)
		xmlFreeTextReader(r);
	if (z->cur)
		zip_fclose(z->cur);
	z->cur = NULL;
	if (z->over) {
		trawl__diag_set(d, z->path, "zip entry %s inflates past the limit of %zu MiB "
		                "(zip bomb?)", z->cur_name ? z->cur_name : "?", z->limit >> 20);
		rc = TRAWL_ETOOBIG;
	} else if (z->huge) {
		trawl__diag_set(d, z->path, "zip entry %s holds a text run over libxml2's 10 MB "
		                "limit (zip bomb?); refused", z->cur_name ? z->cur_name : "?");
		rc = TRAWL_ETOOBIG;
	} else if (z->nomem) {
		trawl__diag_set(d, z->path, "out of memory while reading zip entry %s",
		                z->cur_name ? z->cur_name : "?");
		rc = TRAWL_ENOMEM;
	}
	return rc;
}
