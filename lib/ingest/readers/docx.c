/* DOCX: paragraphs and tables of word/document.xml, read with a streaming
 * XML reader. A table nested in a cell is flattened into that cell. */
#include <string.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "util/diag.h"
#include "util/banned.h"

#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))

/* Title from docProps/core.xml (dc:title), when there is one. */
static void core_title(trawl__zip *z, trawl__docset *s, trawl__doc *d)
{
	trawl_err rc;
	xmlTextReaderPtr r = trawl__zip_xml(z, "docProps/core.xml", NULL, &rc);
	int in_title = 0;

	if (!r) {
		if (rc == TRAWL_ENOMEM && !s->rc)
			s->rc = rc;
		return;
	}
	while (trawl__xml_read(r) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_ELEMENT && !strcmp(LNAME(r), "title"))
			in_title = !xmlTextReaderIsEmptyElement(r);
		else if (t == XML_READER_TYPE_END_ELEMENT)
			in_title = 0;
		else if (in_title && t == XML_READER_TYPE_TEXT) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				trawl__doc_title(s, d, v, strlen(v));
		}
	}
	if ((rc = trawl__zip_xml_end(z, r, NULL)) == TRAWL_ENOMEM && !s->rc)
		s->rc = rc;
}

/* Opens an OOXML part as a stream; says so in dg when it is missing. */
xmlTextReaderPtr trawl__ooxml_open(trawl__zip *z, const char *name, const char *path,
                                   trawl_diag *dg, trawl_err *rc)
{
	xmlTextReaderPtr r = trawl__zip_xml(z, name, dg, rc);
	if (*rc == TRAWL_ENOTFOUND)
		trawl__diag_set(dg, path, "zip has no %s part", name);
	return r;
}

/* Closes a part stream and turns how reading it ended into an error or a
 * warning: ret is the last trawl__xml_read result. */
trawl_err trawl__ooxml_close(trawl__zip *z, xmlTextReaderPtr r, int ret, const char *name,
                             trawl__docset *s, const char *path, trawl_diag *dg)
{
	int damaged = z->damaged;
	trawl_err rc;

	if (ret == -1 && z->xml_error[0] == '\0')
		snprintf(z->xml_error, sizeof z->xml_error, "parse error");
	rc = trawl__zip_xml_end(z, r, dg);

	if (rc)
		return rc;
	if (ret == -2) {
		trawl__diag_set(dg, path, "%s declares a DTD/entities, which OOXML never does "
		                "(entity-expansion attack?); refused", name);
		return TRAWL_EFORMAT;
	}
	if (ret == -1 && damaged) {
		trawl__diag_set(dg, path, "zip entry %s is damaged and can't be inflated", name);
		return TRAWL_EFORMAT;
	}
	if (ret == -1)
		trawl__docset_warn(s, "%s is malformed XML (%s); text up to the error kept", name,
		                   z->xml_error[0] ? z->xml_error : "parse error");
	return TRAWL_OK;
}

static trawl_err read_docx(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__zip z;
	trawl__buf cell, para;
	xmlTextReaderPtr r;
	trawl__doc *d;
	trawl__unit *u;
	int tbl = 0, in_t = 0, ret = 0;
	trawl_err rc;

	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__buf_init(&cell, s->max_text);
	trawl__buf_init(&para, s->max_text);
	d = trawl__doc_new(s, NULL);
	core_title(&z, s, d);
	r = trawl__ooxml_open(&z, "word/document.xml", in->path, dg, &rc);
	if (!r)
		goto out;
	u = trawl__unit_new(s, d, "section", 1, NULL);
	while (!s->rc && (ret = trawl__xml_read(r)) == 1) {
		int t = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		trawl__buf *dst = tbl ? &cell : &para;
		if (t == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (!strcmp(n, "t")) {
				in_t = !empty;
			} else if (!strcmp(n, "tab")) {
				trawl__buf_addc(dst, tbl ? ' ' : '\t');
			} else if (!strcmp(n, "br") || !strcmp(n, "cr")) {
				trawl__buf_addc(dst, tbl ? ' ' : '\n');
			} else if (!strcmp(n, "tbl") && !empty) {
				if (tbl == 0) {
					trawl__unit_text(s, u, para.data, para.len);
					trawl__buf_reset(&para);
					trawl__unit_table_begin(s, u);
				}
				tbl++;
			} else if (!strcmp(n, "tr") && tbl == 1) {
				trawl__unit_row_begin(s, u);
			} else if (!strcmp(n, "tc") && tbl == 1) {
				trawl__buf_reset(&cell);
				if (empty)
					trawl__unit_cell(s, u, "", 0);
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(n, "t")) {
				in_t = 0;
			} else if (!strcmp(n, "p")) {
				if (tbl) {
					trawl__buf_addc(&cell, ' ');
				} else {
					trawl__buf_addc(&para, '\n');
					trawl__unit_text(s, u, para.data, para.len);
					trawl__buf_reset(&para);
				}
			} else if (!strcmp(n, "tc") && tbl == 1) {
				trawl__unit_cell(s, u, cell.data, cell.len);
				trawl__buf_reset(&cell);
			} else if (!strcmp(n, "tr") && tbl == 1) {
				trawl__unit_row_end(s, u);
			} else if (!strcmp(n, "tbl") && tbl > 0) {
				if (--tbl == 0)
					trawl__unit_table_end(s, u);
			}
		} else if (in_t && (t == XML_READER_TYPE_TEXT ||
		                    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		                    t == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(dst, v))
				s->rc = trawl__buf_err(dst);
		}
	}
	rc = trawl__ooxml_close(&z, r, ret, "word/document.xml", s, in->path, dg);
	if (rc)
		goto out;
	trawl__unit_text(s, u, para.data, para.len);
	if (d && !d->title && u && u->nt.text.len) {
		const char *nl = memchr(u->nt.text.data, '\n', u->nt.text.len);
		size_t len = nl ? (size_t)(nl - u->nt.text.data) : u->nt.text.len;
		if (len > 0 && len < 300)
			trawl__doc_title(s, d, u->nt.text.data, len);
	}
	trawl__docset_check(s, &cell);
	trawl__docset_check(s, &para);
	rc = s->rc;
out:
	trawl__buf_release(&cell);
	trawl__buf_release(&para);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_docx = {
	TRAWL__READER_VERSION, "docx", 0, read_docx,
};
