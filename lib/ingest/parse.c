/* The parse path: format detection from content, text decoding, the
 * reader, then the facts stage. */
#include <stdio.h>
#include <string.h>
#include "ingest/parse.h"
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "facts/extract.h"
#include "util/diag.h"
#include "util/banned.h"

#define HEAD_BYTES 65536

trawl_err trawl__parse(const trawl__parse_opts *o, const char *path, const char *data,
                       size_t len, trawl__docset *ds, trawl_diag *dg)
{
	const char *what = NULL, *fmt = NULL;
	trawl__kind kind = trawl__detect_head(data, len < HEAD_BYTES ? len : HEAD_BYTES, &what);
	trawl__input in;
	trawl__buf text;
	trawl__decoded dec;
	const trawl__reader *rd;
	trawl_err rc = TRAWL_OK;

	memset(&in, 0, sizeof in);
	in.path = path;
	in.data = data;
	in.len = len;
	in.tmp_dir = o->tmp_dir;
	in.max_inflate = o->max_inflate;
	trawl__buf_init(&text, (size_t)o->max_file * 4 + 16);
	switch (kind) {
	case TRAWL__KIND_PDF: fmt = "pdf"; break;
	case TRAWL__KIND_OLE: fmt = "xls"; break;
	case TRAWL__KIND_BINARY:
		trawl__diag_set(dg, path, "unsupported format: %s", what ? what : "binary data");
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	case TRAWL__KIND_ZIP:
		fmt = trawl__zip_format(data, len, path, dg, &rc);
		if (rc)
			goto out;
		if (!fmt) {
			trawl__diag_set(dg, path, "unsupported format: a zip archive that is not "
			                "DOCX or XLSX");
			rc = TRAWL_EUNSUPPORTED;
			goto out;
		}
		break;
	case TRAWL__KIND_TEXT: {
		char declared[64];
		int has_decl = trawl__sniff_declared_charset(data, len, declared,
		                                             sizeof declared);
		rc = trawl__decode(data, len, has_decl ? declared : NULL, &text, &dec);
		if (rc == TRAWL_EUNSUPPORTED) {
			trawl__diag_set(dg, path, "unknown text encoding");
			goto out;
		}
		if (rc) {
			trawl__diag_set(dg, path, "can't decode: %s", trawl_strerror(rc));
			goto out;
		}
		snprintf(ds->encoding, sizeof ds->encoding, "%s", dec.encoding);
		if (dec.invalid)
			trawl__docset_warn(ds, "invalid %s%s: %zu byte(s) replaced with U+FFFD, "
			                   "the first at byte %zu", dec.encoding,
			                   dec.declared ? " (as declared)" : "", dec.invalid,
			                   dec.first_invalid);
		in.text = text.data;
		in.text_len = text.len;
		fmt = trawl__detect_text(text.data, text.len, path);
		break;
	}
	}
	rd = trawl__reader_find(fmt);
	if (!rd) {
		trawl__diag_set(dg, path, "no reader for %s", fmt);
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	}
	snprintf(ds->format, sizeof ds->format, "%s", rd->name);
	trawl__xml_oom_take();
	rc = rd->read(&in, ds, dg);
	if (!rc && trawl__xml_oom_take()) {
		trawl__diag_set(dg, path, "%s: out of memory", rd->name);
		rc = TRAWL_ENOMEM;
	}
	if (rc && !dg->msg[0])
		trawl__diag_set(dg, path, "%s: %s", rd->name, trawl_strerror(rc));
	if (!rc && ds->docs.n == 0) {
		trawl__diag_set(dg, path, "%s: no document in the file", rd->name);
		rc = TRAWL_EFORMAT;
	}
	/* the facts stage, here in the worker thread */
	for (size_t k = 0; !rc && !o->no_facts && k < ds->docs.n; k++) {
		trawl__facts_opts fo = { o->unit, o->currency };
		rc = trawl__extract_doc(TRAWL_VEC_AT(&ds->docs, trawl__doc *, k), path, &fo);
	}
out:
	trawl__buf_release(&text);
	return rc;
}
