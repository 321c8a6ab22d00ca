/* XLSX: every sheet, in workbook order, as rows of cells. Shared strings
 * and inline strings are resolved; numbers are kept as written. */
#include <stdlib.h>
#include <string.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "util/diag.h"
#include "util/banned.h"

#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))

xmlTextReaderPtr trawl__ooxml_open(trawl__zip *z, const char *name, const char *path,
                                   trawl_diag *dg, trawl_err *rc);
trawl_err trawl__ooxml_close(trawl__zip *z, xmlTextReaderPtr r, int ret, const char *name,
                             trawl__docset *s, const char *path, trawl_diag *dg);

typedef struct sheet_ref { char *name, *rid, *target; } sheet_ref;

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* Shared strings: offsets into one buffer. */
typedef struct sst {
	trawl__buf text;
	trawl__vec offs; /* size_t start, end */
} sst;

static trawl_err load_sst(trawl__zip *z, const char *path, sst *t, trawl__docset *s,
                         trawl_diag *dg)
{
	xmlTextReaderPtr r;
	int in_t = 0, in_rph = 0, ret = 0;
	size_t *cur = NULL;
	trawl_err rc;

	r = trawl__zip_xml(z, "xl/sharedStrings.xml", dg, &rc);
	if (!r)
		return rc == TRAWL_ENOTFOUND ? TRAWL_OK : rc;
	while (!rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_ELEMENT) {
			if (!strcmp(n, "si")) {
				cur = trawl__vec_push(&t->offs);
				if (!cur) { rc = TRAWL_ENOMEM; break; }
				cur[0] = cur[1] = t->text.len;
				if (xmlTextReaderIsEmptyElement(r))
					cur = NULL;
			} else if (!strcmp(n, "t")) {
				in_t = !xmlTextReaderIsEmptyElement(r);
			} else if (!strcmp(n, "rPh")) {
				in_rph = !xmlTextReaderIsEmptyElement(r);
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(n, "t")) in_t = 0;
			else if (!strcmp(n, "rPh")) in_rph = 0;
			else if (!strcmp(n, "si")) cur = NULL;
		} else if (in_t && !in_rph && cur &&
		           (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				rc = trawl__buf_adds(&t->text, v);
			cur[1] = t->text.len;
		}
	}
	if (rc) {
		trawl__zip_xml_end(z, r, dg);
		return rc;
	}
	return trawl__ooxml_close(z, r, ret, "xl/sharedStrings.xml", s, path, dg);
}

/* Column number (0-based) of a cell reference such as "AB12", or -1. */
static long ref_col(const char *ref)
{
	long c = 0;
	int k = 0;

	if (!ref)
		return -1;
	for (; *ref >= 'A' && *ref <= 'Z' && k < 4; ref++, k++)
		c = c * 26 + (*ref - 'A' + 1);
	return k ? c - 1 : -1;
}

/* Returns the last trawl__xml_read result. */
static int read_sheet(trawl__docset *s, trawl__unit *u, xmlTextReaderPtr r,
                      const sst *strings)
{
	trawl__buf val;
	char *type = NULL;
	long col = -1, next_col = 0;
	int in_v = 0, in_is_t = 0, in_row = 0, ret = 0;

	trawl__buf_init(&val, s->max_text);
	trawl__unit_table_begin(s, u);
	while (!s->rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_ELEMENT) {
			if (!strcmp(n, "row")) {
				trawl__unit_row_begin(s, u);
				next_col = 0;
				in_row = !xmlTextReaderIsEmptyElement(r);
				if (!in_row)
					trawl__unit_row_end(s, u);
			} else if (!strcmp(n, "c") && in_row) {
				char *ref = attr(r, "r");
				free(type);
				type = attr(r, "t");
				col = ref_col(ref);
				free(ref);
				if (col < 0)
					col = next_col;
				/* fill skipped columns so positions stay true (bounded) */
				while (next_col < col && next_col - col < 16384 && !s->rc &&
				       col - next_col < 1024) {
					trawl__unit_cell(s, u, "", 0);
					next_col++;
				}
				trawl__buf_reset(&val);
				if (xmlTextReaderIsEmptyElement(r)) {
					trawl__unit_cell(s, u, "", 0);
					next_col = col + 1;
				}
			} else if (!strcmp(n, "v")) {
				in_v = !xmlTextReaderIsEmptyElement(r);
			} else if (!strcmp(n, "t")) {
				in_is_t = !xmlTextReaderIsEmptyElement(r);
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(n, "v")) {
				in_v = 0;
			} else if (!strcmp(n, "t")) {
				in_is_t = 0;
			} else if (!strcmp(n, "c") && in_row) {
				if (type && !strcmp(type, "s")) {
					char *end;
					long i = strtol(val.data, &end, 10);
					if (end != val.data && i >= 0 && (size_t)i < strings->offs.n) {
						const size_t *o = &TRAWL_VEC_AT(&strings->offs, size_t, 2 * (size_t)i);
						trawl__unit_cell(s, u, strings->text.data + o[0], o[1] - o[0]);
					} else {
						trawl__unit_cell(s, u, "", 0);
					}
				} else if (type && !strcmp(type, "b")) {
					trawl__unit_cell(s, u, val.data[0] == '1' ? "TRUE" : "FALSE",
					                 val.data[0] == '1' ? 4 : 5);
				} else {
					trawl__unit_cell(s, u, val.data, val.len);
				}
				next_col = col + 1;
			} else if (!strcmp(n, "row") && in_row) {
				trawl__unit_row_end(s, u);
				in_row = 0;
			}
		} else if ((in_v || in_is_t) &&
		           (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(&val, v))
				s->rc = trawl__buf_err(&val);
		}
	}
	trawl__unit_table_end(s, u);
	free(type);
	trawl__buf_release(&val);
	return ret;
}

static trawl_err list_sheets(trawl__zip *z, const char *path, trawl__vec *sheets,
                             trawl__docset *s, trawl_diag *dg)
{
	xmlTextReaderPtr r;
	trawl_err rc;
	size_t i;
	int ret = 0;

	r = trawl__ooxml_open(z, "xl/workbook.xml", path, dg, &rc);
	if (!r)
		return rc;
	while ((ret = trawl__xml_read(r)) == 1) {
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    !strcmp(LNAME(r), "sheet")) {
			sheet_ref *sr = trawl__vec_push(sheets);
			if (!sr) {
				trawl__zip_xml_end(z, r, dg);
				return TRAWL_ENOMEM;
			}
			sr->name = attr(r, "name");
			sr->rid = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
				(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
			if (!sr->rid)
				sr->rid = attr(r, "r:id");
		}
	}
	rc = trawl__ooxml_close(z, r, ret, "xl/workbook.xml", s, path, dg);
	if (rc)
		return rc;
	r = trawl__zip_xml(z, "xl/_rels/workbook.xml.rels", NULL, &rc);
	if (!r) /* sheets fall back to their usual part names */
		return rc == TRAWL_ENOMEM ? rc : TRAWL_OK;
	while ((ret = trawl__xml_read(r)) == 1) {
		char *id, *target;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(LNAME(r), "Relationship"))
			continue;
		id = attr(r, "Id");
		target = attr(r, "Target");
		for (i = 0; id && target && i < sheets->n; i++) {
			sheet_ref *sr = &TRAWL_VEC_AT(sheets, sheet_ref, i);
			if (sr->rid && !sr->target && !strcmp(sr->rid, id)) {
				trawl__buf t;
				trawl__buf_init(&t, 4096);
				if (target[0] == '/')
					trawl__buf_adds(&t, target + 1);
				else
					trawl__buf_addf(&t, "xl/%s", target);
				sr->target = trawl__buf_detach(&t, NULL);
				if (!sr->target && !s->rc)
					s->rc = TRAWL_ENOMEM;
			}
		}
		free(id);
		free(target);
	}
	rc = trawl__ooxml_close(z, r, ret, "xl/_rels/workbook.xml.rels", s, path, dg);
	return rc ? rc : s->rc;
}

static trawl_err read_xlsx(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__zip z;
	trawl__vec sheets;
	sst strings;
	trawl__doc *d;
	trawl_err rc;
	size_t i;

	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__vec_init(&sheets, sizeof(sheet_ref));
	trawl__buf_init(&strings.text, s->max_text);
	trawl__vec_init(&strings.offs, 2 * sizeof(size_t));
	rc = list_sheets(&z, in->path, &sheets, s, dg);
	if (!rc)
		rc = load_sst(&z, in->path, &strings, s, dg);
	if (rc)
		goto out;
	d = trawl__doc_new(s, NULL);
	for (i = 0; i < sheets.n && !s->rc; i++) {
		sheet_ref *sr = &TRAWL_VEC_AT(&sheets, sheet_ref, i);
		char fallback[64];
		const char *target = sr->target;
		trawl__unit *u;
		xmlTextReaderPtr r;
		int ret;
		if (!target) {
			snprintf(fallback, sizeof fallback, "xl/worksheets/sheet%zu.xml", i + 1);
			target = fallback;
		}
		r = trawl__zip_xml(&z, target, dg, &rc);
		if (rc == TRAWL_ENOTFOUND) {
			trawl__docset_warn(s, "sheet \"%s\" has no part %s", sr->name ? sr->name : "?", target);
			rc = TRAWL_OK;
			continue;
		}
		if (rc)
			goto out;
		u = trawl__unit_new(s, d, "sheet", (int)i + 1, sr->name);
		ret = read_sheet(s, u, r, &strings);
		rc = trawl__ooxml_close(&z, r, ret, target, s, in->path, dg);
		if (rc)
			goto out;
	}
	if (d && !d->title && sheets.n && TRAWL_VEC_AT(&sheets, sheet_ref, 0).name) {
		const char *nm = TRAWL_VEC_AT(&sheets, sheet_ref, 0).name;
		trawl__doc_title(s, d, nm, strlen(nm));
	}
	rc = s->rc;
out:
	for (i = 0; i < sheets.n; i++) {
		sheet_ref *sr = &TRAWL_VEC_AT(&sheets, sheet_ref, i);
		free(sr->name);
		free(sr->rid);
		free(sr->target);
	}
	trawl__vec_release(&sheets);
	trawl__buf_release(&strings.text);
	trawl__vec_release(&strings.offs);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_xlsx = {
	TRAWL__READER_VERSION, "xlsx", 0, read_xlsx,
};
