/* XLSX: every sheet, in workbook order (hidden ones too), as a grid of
 * cells at the positions their references give, merged cells as spans.
 * Shared strings (rich runs joined, phonetic runs left out) and inline
 * strings are resolved; numbers are written as their number format shows
 * them (numfmt.h). */
#include <stdlib.h>
#include <string.h>
#include "ingest/numfmt.h"
#include "ingest/reader.h"
#include "ingest/sheetgrid.h"
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
		           (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		            ty == XML_READER_TYPE_WHITESPACE)) {
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

/* Number formats: styles.xml's custom codes and each cell style's id. */
typedef struct styles {
	trawl__vec fmts;   /* struct fmt */
	trawl__buf codes;
	trawl__vec xf;     /* unsigned: numFmtId of each cellXfs entry */
	int date1904;
} styles;

struct fmt { unsigned id; size_t off, len; };

static trawl_err load_styles(trawl__zip *z, const char *path, styles *st, trawl__docset *s,
                            trawl_diag *dg)
{
	xmlTextReaderPtr r;
	int ret = 0, in_xfs = 0;
	trawl_err rc;

	r = trawl__zip_xml(z, "xl/styles.xml", dg, &rc);
	if (!r)
		return rc == TRAWL_ENOTFOUND ? TRAWL_OK : rc;
	while (!rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_END_ELEMENT && !strcmp(n, "cellXfs"))
			in_xfs = 0;
		if (ty != XML_READER_TYPE_ELEMENT)
			continue;
		if (!strcmp(n, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (!strcmp(n, "numFmt")) {
			char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
			struct fmt *f;
			if (id && code && (f = trawl__vec_push(&st->fmts))) {
				f->id = (unsigned)strtoul(id, NULL, 10);
				f->off = st->codes.len;
				rc = trawl__buf_adds(&st->codes, code);
				f->len = st->codes.len - f->off;
			} else if (id && code) {
				rc = TRAWL_ENOMEM;
			}
			free(id);
			free(code);
		} else if (in_xfs && !strcmp(n, "xf")) {
			char *id = attr(r, "numFmtId");
			unsigned *x = trawl__vec_push(&st->xf);
			if (!x)
				rc = TRAWL_ENOMEM;
			else
				*x = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			free(id);
		}
	}
	if (rc) {
		trawl__zip_xml_end(z, r, dg);
		return rc;
	}
	return trawl__ooxml_close(z, r, ret, "xl/styles.xml", s, path, dg);
}

/* The format code of cell style xf (NULL: General). */
static const char *style_format(const styles *st, unsigned long xf, size_t *len)
{
	unsigned id;
	size_t i;
	const char *b;

	*len = 0;
	if (xf >= st->xf.n)
		return NULL;
	id = TRAWL_VEC_AT(&st->xf, unsigned, xf);
	for (i = st->fmts.n; i-- > 0;) {
		const struct fmt *f = &TRAWL_VEC_AT(&st->fmts, struct fmt, i);
		if (f->id == id) {
			*len = f->len;
			return st->codes.data + f->off;
		}
	}
	b = trawl__numfmt_builtin(id);
	*len = b ? strlen(b) : 0;
	return b;
}

/* A cell reference such as "AB12": 0-based column and row; each is -1
 * when absent or out of a worksheet's range. */
static void parse_ref(const char *ref, long *col, long *row)
{
	long c = 0, r = 0;
	int k = 0, d = 0;

	*col = *row = -1;
	if (!ref)
		return;
	for (; *ref >= 'A' && *ref <= 'Z' && k < 4; ref++, k++)
		c = c * 26 + (*ref - 'A' + 1);
	for (; *ref >= '0' && *ref <= '9' && d < 8; ref++, d++)
		r = r * 10 + (*ref - '0');
	if (k && c <= 16384)
		*col = c - 1;
	if (d && r >= 1 && r <= 1048576)
		*row = r - 1;
}

typedef struct sheetstate {
	trawl__sgrid g;
	const sst *strings;
	const styles *st;
	unsigned long bad_sst;
	unsigned long no_result;  /* formulas saved without their result */
} sheetstate;

/* One cell's value, as its type and style show it. */
static void put_cell(sheetstate *ss, long row, long col, const char *type,
                     unsigned long xf, const trawl__buf *val, trawl_err *rc)
{
	const char *v = val->len ? val->data : "";
	long c;

	if (!val->len)
		return;
	c = trawl__sgrid_begin(&ss->g, (uint32_t)row, (uint32_t)col, rc);
	if (c < 0)
		return;
	if (type && !strcmp(type, "s")) {
		char *end;
		long i = strtol(v, &end, 10);
		if (end != v && i >= 0 && (size_t)i < ss->strings->offs.n) {
			const size_t *o = &TRAWL_VEC_AT(&ss->strings->offs, size_t, 2 * (size_t)i);
			*rc = trawl__buf_add(&ss->g.txt, ss->strings->text.data + o[0], o[1] - o[0]);
		} else {
			ss->bad_sst++;
		}
	} else if (type && !strcmp(type, "b")) {
		*rc = trawl__buf_adds(&ss->g.txt, v[0] == '1' ? "TRUE" : "FALSE");
	} else if (!type || !strcmp(type, "n")) {
		size_t fl;
		const char *f = style_format(ss->st, xf, &fl);
		*rc = trawl__numfmt_text(&ss->g.txt, val->data, val->len, f, fl, ss->st->date1904);
	} else {
		/* inlineStr, str (a formula's text), e (an error), d (ISO date) */
		*rc = trawl__buf_add(&ss->g.txt, val->data, val->len);
	}
	trawl__sgrid_end(&ss->g, c, rc);
}

/* Reads a worksheet into u. Returns the last trawl__xml_read result; the
 * number of cells with text is in *ntext. */
static int read_sheet(trawl__docset *s, trawl__unit *u, xmlTextReaderPtr r, sheetstate *ss,
                      size_t *ntext)
{
	trawl__buf val;
	char *type = NULL;
	long row = -1, col = -1, next_col = 0;
	unsigned long xf = 0;
	int in_v = 0, in_t = 0, in_rph = 0, in_c = 0, has_f = 0, ret = 0;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&val, s->max_text);
	while (!rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (!strcmp(n, "row")) {
				char *rr = attr(r, "r");
				char *end;
				long k = rr ? strtol(rr, &end, 10) : 0;
				/* a row without a number follows the one before */
				row = rr && end != rr && k >= 1 && k <= 1048576 ? k - 1 : row + 1;
				free(rr);
				next_col = 0;
			} else if (!strcmp(n, "c")) {
				char *ref = attr(r, "r"), *sx = attr(r, "s");
				long rc_row;
				free(type);
				type = attr(r, "t");
				parse_ref(ref, &col, &rc_row);
				/* the reference, not the element's place, decides */
				if (col < 0)
					col = next_col;
				if (rc_row >= 0)
					row = rc_row;
				if (row < 0)
					row = 0;
				xf = sx ? strtoul(sx, NULL, 10) : 0;
				free(ref);
				free(sx);
				trawl__buf_reset(&val);
				in_c = !empty;
				has_f = 0;
				next_col = col + 1;
			} else if (!strcmp(n, "f")) {
				has_f = 1;
			} else if (!strcmp(n, "v")) {
				in_v = !empty;
			} else if (!strcmp(n, "t")) {
				in_t = !empty;
			} else if (!strcmp(n, "rPh")) {
				in_rph = !empty;
			} else if (!strcmp(n, "mergeCell")) {
				char *ref = attr(r, "ref");
				char *colon = ref ? strchr(ref, ':') : NULL;
				long c1, r1, c2, r2;
				if (colon) {
					*colon = '\0';
					parse_ref(ref, &c1, &r1);
					parse_ref(colon + 1, &c2, &r2);
					if (c1 >= 0 && r1 >= 0 && c2 >= 0 && r2 >= 0)
						trawl__sgrid_merge(&ss->g, (uint32_t)r1, (uint32_t)c1,
						                   (uint32_t)r2, (uint32_t)c2, &rc);
				}
				free(ref);
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(n, "v")) {
				in_v = 0;
			} else if (!strcmp(n, "t")) {
				in_t = 0;
			} else if (!strcmp(n, "rPh")) {
				in_rph = 0;
			} else if (!strcmp(n, "c") && in_c) {
				if (has_f && !val.len)
					ss->no_result++;
				put_cell(ss, row, col, type, xf, &val, &rc);
				in_c = 0;
			}
		} else if (in_c && (in_v || (in_t && !in_rph)) &&
		           (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		            ty == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(&val, v))
				rc = trawl__buf_err(&val);
		}
	}
	free(type);
	trawl__buf_release(&val);
	*ntext = trawl__sgrid_emit(&ss->g, s, u, &rc);
	if (rc && !s->rc)
		s->rc = rc;
	return ret;
}

static trawl_err list_sheets(trawl__zip *z, const char *path, trawl__vec *sheets,
                             int *date1904, trawl__docset *s, trawl_diag *dg)
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
		    !strcmp(LNAME(r), "workbookPr")) {
			char *v = attr(r, "date1904");
			*date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
			free(v);
		} else if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
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
	styles st;
	trawl__doc *d;
	trawl__buf empties;
	unsigned long ncells = 0, bad_sst = 0, no_result = 0;
	size_t i, nread = 0, nempty = 0;
	int over = 0, merges_cut = 0;
	trawl_err rc;

	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__vec_init(&sheets, sizeof(sheet_ref));
	trawl__buf_init(&strings.text, s->max_text);
	trawl__vec_init(&strings.offs, 2 * sizeof(size_t));
	memset(&st, 0, sizeof st);
	trawl__vec_init(&st.fmts, sizeof(struct fmt));
	trawl__buf_init(&st.codes, (size_t)16 << 20);
	trawl__vec_init(&st.xf, sizeof(unsigned));
	trawl__buf_init(&empties, 4096);
	rc = list_sheets(&z, in->path, &sheets, &st.date1904, s, dg);
	if (!rc)
		rc = load_sst(&z, in->path, &strings, s, dg);
	if (!rc)
		rc = load_styles(&z, in->path, &st, s, dg);
	if (rc)
		goto out;
	if (!sheets.n) {
		trawl__diag_set(dg, in->path, "the workbook lists no sheets (damaged?)");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	d = trawl__doc_new(s, NULL);
	for (i = 0; i < sheets.n && !s->rc; i++) {
		sheet_ref *sr = &TRAWL_VEC_AT(&sheets, sheet_ref, i);
		char fallback[64];
		const char *target = sr->target;
		const char *name = sr->name ? sr->name : "?";
		sheetstate ss;
		trawl__unit *u;
		xmlTextReaderPtr r;
		size_t ntext = 0;
		int ret;
		if (!target) {
			snprintf(fallback, sizeof fallback, "xl/worksheets/sheet%zu.xml", i + 1);
			target = fallback;
		}
		r = trawl__zip_xml(&z, target, dg, &rc);
		if (rc == TRAWL_ENOTFOUND) {
			/* a chart sheet has no worksheet part: nothing to read */
			if (!strstr(target, "chartsheets/"))
				trawl__docset_warn(s, "sheet \"%s\" has no part %s", name, target);
			rc = TRAWL_OK;
			continue;
		}
		if (rc)
			goto out;
		if (strstr(target, "chartsheets/")) {
			trawl__zip_xml_end(&z, r, dg);
			continue;
		}
		u = trawl__unit_new(s, d, "sheet", (int)i + 1, sr->name);
		memset(&ss, 0, sizeof ss);
		trawl__sgrid_init(&ss.g, s->max_text, &ncells);
		ss.strings = &strings;
		ss.st = &st;
		ret = read_sheet(s, u, r, &ss, &ntext);
		over |= ss.g.over;
		merges_cut |= ss.g.merges_cut;
		bad_sst += ss.bad_sst;
		no_result += ss.no_result;
		trawl__sgrid_release(&ss.g);
		rc = trawl__ooxml_close(&z, r, ret, target, s, in->path, dg);
		if (rc)
			goto out;
		nread++;
		if (!ntext) {
			trawl__buf_addf(&empties, "%s\"%s\"", nempty ? ", " : "", name);
			nempty++;
		}
	}
	if (d && !d->title)
		trawl__doc_title_sheet(s, d, sheets.n ? TRAWL_VEC_AT(&sheets, sheet_ref, 0).name : NULL);
	trawl__sgrid_warn_empty(s, &empties, nempty, nread);
	if (bad_sst)
		trawl__docset_warn(s, "%lu cell(s) refer to shared strings that the workbook "
		                   "does not have (damaged?); they are left out", bad_sst);
	if (no_result)
		trawl__docset_warn(s, "%lu formula cell(s) were saved without their result (by a "
		                   "program that does not compute them); they are left empty",
		                   no_result);
	if (over)
		trawl__docset_warn(s, "the workbook has over %lu cells; the rest are skipped",
		                   TRAWL__SHEET_MAX_CELLS);
	if (merges_cut)
		trawl__docset_warn(s, "the workbook has too many merged areas; some were read "
		                   "as separate cells");
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
	trawl__vec_release(&st.fmts);
	trawl__buf_release(&st.codes);
	trawl__vec_release(&st.xf);
	trawl__buf_release(&empties);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_xlsx = {
	TRAWL__READER_VERSION, "xlsx", 0, read_xlsx,
};
