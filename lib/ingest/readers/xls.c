/* OLE2 (Office 97-2003) files: Excel 97-2003 and 5.0/95 workbooks (.xls;
 * WPS Spreadsheets' .et is the same BIFF) and Word 97-2003 documents
 * (.doc; WPS Writer's .wps is the same format). The container is opened
 * from memory with libgsf; a workbook stream's records are read by
 * biff.c, a Word document's streams by word97.c. An OLE2 file that holds
 * something else (a PowerPoint .ppt, an encrypted .docx/.xlsx) is named
 * for what it is. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include "ingest/biff.h"
#include "ingest/reader.h"
#include "ingest/word97.h"
#include "util/diag.h"
#include "util/banned.h"

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                      gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

/* libgsf registers its GObject types on first use without a lock (its
 * GSF_CLASS macro), and two threads opening their first workbooks at once
 * crash there; so libgsf is used by one thread at a time. Only the OLE2
 * part is under the lock: the records are read outside it. */
static pthread_mutex_t gsf_lock = PTHREAD_MUTEX_INITIALIZER;

/* libgsf says what it dislikes in a damaged file on stderr through GLib's
 * log; the library never prints, and the reader says it in d. */
static void quiet_glib(void)
{
	g_log_set_default_handler(quiet_log, NULL);
}

/* What an OLE2 file's top-level streams say it is. */
typedef enum { OLE_WORKBOOK, OLE_BOOK5, OLE_DOC, OLE_PPT, OLE_ENCRYPTED, OLE_OTHER } ole_kind;

static ole_kind classify(GsfInfile *root, int *which, char *names, size_t cap)
{
	int i, n = gsf_infile_num_children(root), book = -1, book5 = -1;
	int doc = 0, ppt = 0, enc = 0;
	size_t used = 0;

	names[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *nm = gsf_infile_name_by_index(root, i);
		if (!nm)
			continue;
		if (!strcasecmp(nm, "Workbook"))
			book = i;
		else if (!strcasecmp(nm, "Book"))
			book5 = i;
		else if (!strcasecmp(nm, "WordDocument"))
			doc = 1;
		else if (!strcasecmp(nm, "PowerPoint Document"))
			ppt = 1;
		else if (!strcasecmp(nm, "EncryptedPackage") || !strcasecmp(nm, "EncryptionInfo"))
			enc = 1;
		if (used + 1 < cap && (unsigned char)nm[0] >= 0x20) {
			int w = snprintf(names + used, cap - used, "%s%s", used ? ", " : "", nm);
			used = w < 0 ? used : used + (size_t)w < cap ? used + (size_t)w : cap - 1;
		}
	}
	if (book >= 0) {
		*which = book;
		return OLE_WORKBOOK;
	}
	if (book5 >= 0) {
		*which = book5;
		return OLE_BOOK5;
	}
	return enc ? OLE_ENCRYPTED : doc ? OLE_DOC : ppt ? OLE_PPT : OLE_OTHER;
}

/* Reads stream `name` of root into *data (the caller frees it), or says
 * why not; what names the file's kind in messages. */
static trawl_err read_child(GsfInfile *root, const char *name, const trawl__input *in,
                            const char *what, unsigned char **data, size_t *len,
                            trawl_diag *dg)
{
	GsfInput *stream = gsf_infile_child_by_name(root, name);
	gsf_off_t size = stream ? gsf_input_size(stream) : -1;
	trawl_err rc = TRAWL_OK;

	if (size < 0 || (uint64_t)size > in->len) {
		trawl__diag_set(dg, in->path, "damaged %s: its %s stream can't be read", what, name);
		rc = TRAWL_EFORMAT;
	} else if (!(*data = malloc(size ? (size_t)size : 1))) {
		rc = TRAWL_ENOMEM;
	} else if (size && !gsf_input_read(stream, (size_t)size, *data)) {
		trawl__diag_set(dg, in->path, "damaged %s: its %s stream ends before its %lld "
		                "bytes (truncated?)", what, name, (long long)size);
		free(*data);
		*data = NULL;
		rc = TRAWL_EFORMAT;
	} else {
		*len = (size_t)size;
	}
	if (stream)
		g_object_unref(stream);
	return rc;
}

/* A Word document's streams: WordDocument and the table stream its FIB
 * names. */
static trawl_err word_streams(GsfInfile *root, const trawl__input *in, unsigned char **word,
                              size_t *wlen, unsigned char **table, size_t *tlen,
                              trawl_diag *dg)
{
	trawl_err rc = read_child(root, "WordDocument", in, "Word document", word, wlen, dg);
	unsigned flags;

	if (rc)
		return rc;
	if (*wlen < TRAWL__W97_FLAGS + 2) {
		trawl__diag_set(dg, in->path, "damaged Word document: its WordDocument stream is "
		                "%zu bytes", *wlen);
		return TRAWL_EFORMAT;
	}
	if ((*word)[0] != 0xEC || (*word)[1] != 0xA5) {
		trawl__diag_set(dg, in->path, "damaged Word document: its WordDocument stream has "
		                "no file information block");
		return TRAWL_EFORMAT;
	}
	/* (nFib: Word 97 and later write 0xC1 or more; Word 6.0 and 95 have
	 * another file information block) */
	if (((*word)[2] | (*word)[3] << 8) < 0xC1) {
		trawl__diag_set(dg, in->path, "a Word 6.0/95 document is not supported; save it as "
		                ".doc (Word 97-2003) or .docx to read it");
		return TRAWL_EUNSUPPORTED;
	}
		flags = (unsigned)((*word)[TRAWL__W97_FLAGS] | (*word)[TRAWL__W97_FLAGS + 1] << 8);
	if (flags & TRAWL__W97_ENCRYPTED) {
		trawl__diag_set(dg, in->path, "an encrypted (password-protected) Word document; "
		                "trawl can't read it without the password");
		return TRAWL_EENCRYPTED;
	}
	return read_child(root, flags & TRAWL__W97_WHICH_TABLE ? "1Table" : "0Table", in,
	                  "Word document", table, tlen, dg);
}

/* Reads the workbook stream of the OLE2 file in[] into *data (the caller
 * frees it), or a Word document's streams into *data and *table (*table
 * set says which), or says why not. */
static trawl_err ole_stream(const trawl__input *in, unsigned char **data, size_t *len,
                            unsigned char **table, size_t *tlen, int *biff5,
                            trawl_diag *dg)
{
	GsfInput *mem = NULL, *stream = NULL;
	GsfInfile *root = NULL;
	GError *err = NULL;
	char names[256];
	gsf_off_t size;
	ole_kind kind;
	int which = -1;
	trawl_err rc = TRAWL_OK;

	mem = gsf_input_memory_new((const guint8 *)in->data, (gsf_off_t)in->len, FALSE);
	if (!mem)
		return TRAWL_ENOMEM;
	root = gsf_infile_msole_new(mem, &err);
	if (!root) {
		trawl__diag_set(dg, in->path, "damaged OLE2 (Office 97-2003) file: %s",
		                err && err->message ? err->message : "can't read its directory");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	kind = classify(root, &which, names, sizeof names);
	switch (kind) {
	case OLE_WORKBOOK: case OLE_BOOK5:
		break;
	case OLE_DOC:
		rc = word_streams(root, in, data, len, table, tlen, dg);
		if (rc) {
			free(*data);
			free(*table);
			*data = *table = NULL;
		}
		goto out;
	case OLE_PPT:
		trawl__diag_set(dg, in->path, "PowerPoint 97-2003 presentation (.ppt) is not "
		                "supported");
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	case OLE_ENCRYPTED:
		trawl__diag_set(dg, in->path, "an encrypted (password-protected) Office "
		                "document; trawl can't read it without the password");
		rc = TRAWL_EENCRYPTED;
		goto out;
	default:
		trawl__diag_set(dg, in->path, "an OLE2 file that is not a workbook (streams: %s)",
		                names[0] ? names : "none");
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	}
	*biff5 = kind == OLE_BOOK5;
	stream = gsf_infile_child_by_index(root, which);
	size = stream ? gsf_input_size(stream) : -1;
	/* (a stream can't hold more than the file) */
	if (size < 0 || (uint64_t)size > in->len) {
		trawl__diag_set(dg, in->path, "damaged workbook: its %s stream can't be read",
		                *biff5 ? "Book" : "Workbook");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	*data = malloc(size ? (size_t)size : 1);
	if (!*data) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (size && !gsf_input_read(stream, (size_t)size, *data)) {
		trawl__diag_set(dg, in->path, "damaged workbook: its %s stream ends before its "
		                "%lld bytes (truncated?)", *biff5 ? "Book" : "Workbook",
		                (long long)size);
		free(*data);
		*data = NULL;
		rc = TRAWL_EFORMAT;
		goto out;
	}
	*len = (size_t)size;
out:
	if (stream)
		g_object_unref(stream);
	if (root)
		g_object_unref(root);
	g_object_unref(mem);
	if (err)
		g_error_free(err);
	return rc;
}

/* path ends with ext (any case) */
static int ext_is(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	return n > e && !strcasecmp(path + n - e, ext);
}

static trawl_err read_xls(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	unsigned char *data = NULL, *table = NULL;
	size_t len = 0, tlen = 0;
	int biff5 = 0;
	trawl_err rc;

	pthread_once(&once, quiet_glib);
	pthread_mutex_lock(&gsf_lock);
	rc = ole_stream(in, &data, &len, &table, &tlen, &biff5, dg);
	pthread_mutex_unlock(&gsf_lock);
	if (!rc && table) {
		snprintf(s->format, sizeof s->format, "%s", ext_is(in->path, ".wps") ? "wps" : "doc");
		rc = trawl__word97_read(data, len, table, tlen, s, in->path, dg);
	} else if (!rc) {
		if (ext_is(in->path, ".et"))
			snprintf(s->format, sizeof s->format, "et");
		rc = trawl__biff_read(data, len, biff5, s, in->path, dg);
	}
	free(data);
	free(table);
	return rc;
}

const trawl__reader trawl__reader_xls = {
	TRAWL__READER_VERSION, "xls", 0, read_xls,
};
