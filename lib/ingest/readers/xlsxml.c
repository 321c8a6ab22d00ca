/* XML Spreadsheet 2003 (SpreadsheetML): the workbook Excel 2002-2003 saves
 * as XML, and the .xls many agencies' systems still export (a template the
 * server fills in). Every worksheet, hidden ones too, as a grid of cells at
 * the positions ss:Index gives, merged areas (ss:MergeAcross, ss:MergeDown)
 * as spans; numbers as their style's ss:Format shows them (numfmt.h),
 * dates as ISO 8601. Comments are left out, as in XLSX. */
#include <stdlib.h>
#include <string.h>
#include "ingest/numfmt.h"
#include "ingest/reader.h"
#include "ingest/sheetgrid.h"
#include "ingest/xmlsafe.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

#define SS_NS "urn:schemas-microsoft-com:office:spreadsheet"
#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))
#define MAX_ROW 1048576L
#define MAX_COL 16384L
/* vertical merges kept to place the cells of the rows they cover */
#define MAX_ACTIVE 4096

/* An attribute of the spreadsheet namespace (ss:Index), or one written
 * without it. */
static char *ss_attr(xmlTextReaderPtr r, const char *name)
{
	char *v = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)name,
	                                               (const xmlChar *)SS_NS);
	return v ? v : (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* A small count attribute: -1 when absent or not a number in [0, max]. */
static long num_attr(xmlTextReaderPtr r, const char *name, long max)
{
	char *v = ss_attr(r, name), *end;
	long k;

	if (!v)
		return -1;
	k = strtol(v, &end, 10);
	if (end == v || k < 0 || k > max)
		k = -2;
	free(v);
	return k;
}

typedef struct style {
	char *id, *parent, *format;
} style;

/* The format code of a style's ss:Format (its own or its parent's), NULL
 * for General. The named formats are Excel's; a currency symbol depends on
 * the machine that opens the file, so none is written. */
static const char *style_format(const trawl__vec *styles, const char *id)
{
	static const char *const named[][2] = {
		{ "General", NULL }, { "General Number", NULL }, { "Fixed", "0.00" },
		{ "Standard", "#,##0.00" }, { "Percent", "0.00%" }, { "Scientific", "0.00E+00" },
		{ "Currency", "#,##0.00" }, { "Euro Currency", "#,##0.00" },
		{ "General Date", "yyyy-mm-dd hh:mm" }, { "Long Date", "yyyy-mm-dd" },
		{ "Medium Date", "yyyy-mm-dd" }, { "Short Date", "yyyy-mm-dd" },
		{ "Long Time", "hh:mm:ss" }, { "Medium Time", "hh:mm" }, { "Short Time", "hh:mm" },
	};
	for (int depth = 0; id && depth < 8; depth++) {
		const style *st = NULL;
		for (size_t i = 0; i < styles->n && !st; i++)
			if (!strcmp(TRAWL_VEC_AT(styles, style, i).id, id))
				st = &TRAWL_VEC_AT(styles, style, i);
		if (!st)
			return NULL;
		if (st->format) {
			for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
				if (!strcmp(st->format, named[k][0]))
					return named[k][1];
			return st->format;
		}
		id = st->parent;
	}
	return NULL;
}

/* A DateTime value (2024-03-15T14:30:00.000) as ISO 8601: the date alone
 * at midnight, the time alone on Excel's day 0 (1899-12-31), seconds only
 * when there are some. */
static trawl_err put_datetime(trawl__buf *b, const char *v, size_t n)
{
	const char *t = memchr(v, 'T', n);
	size_t dn = t ? (size_t)(t - v) : n, tn = t ? n - dn - 1 : 0, keep;
	int day0, zero_time;

	if (dn != 10 || v[4] != '-' || v[7] != '-' || (t && (tn < 5 || t[3] != ':')))
		return trawl__buf_add(b, v, n);
	/* t + 1: HH:MM, then :SS at t + 6 */
	keep = tn >= 8 && t[6] == ':' && memcmp(t + 7, "00", 2) ? 8 : 5;
	zero_time = !t || (!memcmp(t + 1, "00:00", 5) && keep == 5);
	day0 = !memcmp(v, "1899-12-31", 10) || !memcmp(v, "1899-12-30", 10);
	if (!zero_time && day0)
		return trawl__buf_add(b, t + 1, keep);
	trawl__buf_add(b, v, 10);
	if (!zero_time) {
		trawl__buf_addc(b, ' ');
		trawl__buf_add(b, t + 1, keep);
	}
	return trawl__buf_err(b);
}

typedef struct merge {
	long r1, r2, c1, c2;
} merge;

typedef struct sheetstate {
	trawl__sgrid g;
	const trawl__vec *styles;
	trawl__vec active;            /* merge: vertical merges still below */
	unsigned long outside;        /* cells past a worksheet's end */
	unsigned long no_result;      /* formulas saved without their result */
	int active_full;
} sheetstate;

/* The first column from col on that no merge from a row above covers. */
static long free_col(sheetstate *ss, long row, long col)
{
	int moved = 1;
	while (moved) {
		moved = 0;
		for (size_t i = 0; i < ss->active.n; i++) {
			const merge *m = &TRAWL_VEC_AT(&ss->active, merge, i);
			if (m->r1 < row && row <= m->r2 && m->c1 <= col && col <= m->c2) {
				col = m->c2 + 1;
				moved = 1;
			}
		}
	}
	return col;
}

/* Drops the merges that end above row. */
static void prune(sheetstate *ss, long row)
{
	size_t k = 0;
	for (size_t i = 0; i < ss->active.n; i++)
		if (TRAWL_VEC_AT(&ss->active, merge, i).r2 >= row)
			TRAWL_VEC_AT(&ss->active, merge, k++) = TRAWL_VEC_AT(&ss->active, merge, i);
	ss->active.n = k;
}

static void put_cell(sheetstate *ss, long row, long col, const char *type, const char *sid,
                     const trawl__buf *val, trawl_err *rc)
{
	const char *v = val->len ? val->data : "";
	long c;

	if (!val->len)
		return;
	c = trawl__sgrid_begin(&ss->g, (uint32_t)row, (uint32_t)col, rc);
	if (c < 0)
		return;
	if (type && !strcmp(type, "Number")) {
		/* (a cell without a style has the workbook's Default) */
		const char *f = style_format(ss->styles, sid ? sid : "Default");
		*rc = trawl__numfmt_text(&ss->g.txt, val->data, val->len, f, f ? strlen(f) : 0, 0);
	} else if (type && !strcmp(type, "DateTime")) {
		*rc = put_datetime(&ss->g.txt, val->data, val->len);
	} else if (type && !strcmp(type, "Boolean")) {
		*rc = trawl__buf_adds(&ss->g.txt, v[0] == '1' ? "TRUE" : "FALSE");
	} else {
		/* String, Error */
		*rc = trawl__buf_add(&ss->g.txt, val->data, val->len);
	}
	trawl__sgrid_end(&ss->g, c, rc);
}

/* Reads one Worksheet element's rows into u; the reader is on the
 * Worksheet's start. Returns the last trawl__xml_read result; the number of
 * cells with text is in *ntext. */
static int read_sheet(trawl__docset *s, trawl__unit *u, xmlTextReaderPtr r, sheetstate *ss,
                      size_t *ntext)
{
	trawl__buf val;
	char *type = NULL, *sid = NULL, *row_sid = NULL;
	long row = -1, col = -1, next_col = 0, row_span = 0;
	int depth = xmlTextReaderDepth(r), in_cell = 0, in_data = 0, in_comment = 0;
	int has_formula = 0, ret = 0;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&val, s->max_text);
	while (!rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
			break;
		if (ty == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (in_comment) {
				/* (a comment's own Data is not the cell's) */
			} else if (!strcmp(n, "Row")) {
				long k = num_attr(r, "Index", MAX_ROW);
				row = k >= 1 ? k - 1 : row + 1 + row_span;
				if (k == -2 || row >= MAX_ROW)
					row = MAX_ROW;  /* past the end: its cells are left out */
				row_span = num_attr(r, "Span", MAX_ROW);
				if (row_span < 0)
					row_span = 0;
				free(row_sid);
				row_sid = ss_attr(r, "StyleID");
				next_col = 0;
				prune(ss, row);
			} else if (!strcmp(n, "Cell")) {
				long k = num_attr(r, "Index", MAX_COL), across, down;
				char *f;
				if (row < 0)
					row = 0;
				col = k >= 1 ? k - 1 : free_col(ss, row, next_col);
				if (k == -2)
					col = MAX_COL;
				across = num_attr(r, "MergeAcross", MAX_COL);
				down = num_attr(r, "MergeDown", MAX_ROW);
				free(sid);
				sid = ss_attr(r, "StyleID");
				if (!sid && row_sid)
					sid = trawl__strdup(row_sid);
				f = ss_attr(r, "Formula");
				has_formula = f != NULL;
				free(f);
				free(type);
				type = NULL;
				trawl__buf_reset(&val);
				in_cell = !empty;
				if (row >= MAX_ROW || col >= MAX_COL) {
					ss->outside++;
					in_cell = 0;
					next_col = MAX_COL;
					continue;
				}
				if (across < 0)
					across = 0;
				if (down < 0)
					down = 0;
				if (col + across >= MAX_COL)
					across = MAX_COL - 1 - col;
				if (row + down >= MAX_ROW)
					down = MAX_ROW - 1 - row;
				if (across || down)
					trawl__sgrid_merge(&ss->g, (uint32_t)row, (uint32_t)col,
					                   (uint32_t)(row + down), (uint32_t)(col + across), &rc);
				if (down) {
					merge *m = ss->active.n < MAX_ACTIVE ? trawl__vec_push(&ss->active) : NULL;
					if (m)
						*m = (merge){ row, row + down, col, col + across };
					else if (ss->active.n < MAX_ACTIVE)
						rc = TRAWL_ENOMEM;
					else
						ss->active_full = 1;
				}
				next_col = col + across + 1;
				if (empty && has_formula)
					ss->no_result++;
			} else if (in_cell && !strcmp(n, "Comment")) {
				in_comment = !empty;
			} else if (in_cell && !strcmp(n, "Data") && !in_data) {
				free(type);
				type = ss_attr(r, "Type");
				in_data = !empty;
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT) {
			if (in_comment) {
				if (!strcmp(n, "Comment"))
					in_comment = 0;
			} else if (in_data && !strcmp(n, "Data")) {
				in_data = 0;
			} else if (in_cell && !strcmp(n, "Cell")) {
				if (has_formula && !val.len)
					ss->no_result++;
				put_cell(ss, row, col, type, sid, &val, &rc);
				in_cell = 0;
			}
		} else if (in_data && !in_comment &&
		           (ty == XML_READER_TYPE_TEXT || ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		            ty == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(&val, v))
				rc = trawl__buf_err(&val);
		}
	}
	free(type);
	free(sid);
	free(row_sid);
	trawl__buf_release(&val);
	*ntext = trawl__sgrid_emit(&ss->g, s, u, &rc);
	if (rc && !s->rc)
		s->rc = rc;
	return ret;
}

/* The styles' ids, parents and number formats; the reader is on the
 * Styles element's start. */
static int read_styles(xmlTextReaderPtr r, trawl__vec *styles, trawl_err *rc)
{
	int depth = xmlTextReaderDepth(r), ret = 0;
	style *cur = NULL;

	while (!*rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
			break;
		if (ty != XML_READER_TYPE_ELEMENT)
			continue;
		if (!strcmp(n, "Style")) {
			char *id = ss_attr(r, "ID");
			cur = NULL;
			if (!id)
				continue;
			if (styles->n >= 65536 || !(cur = trawl__vec_push(styles))) {
				free(id);
				if (styles->n < 65536)
					*rc = TRAWL_ENOMEM;
				continue;
			}
			cur->id = id;
			cur->parent = ss_attr(r, "Parent");
			cur->format = NULL;
		} else if (cur && !strcmp(n, "NumberFormat") && !cur->format) {
			cur->format = ss_attr(r, "Format");
		}
	}
	return ret;
}

static trawl_err read_xlsxml(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	xmlTextReaderPtr r;
	trawl__vec styles;
	trawl__doc *d = NULL;
	trawl__buf empties, title;
	unsigned long ncells = 0, outside = 0, no_result = 0;
	size_t nsheets = 0, nempty = 0;
	int ret = 0, over = 0, merges_cut = 0, active_full = 0, in_title = 0, workbook = 0;
	char *first_name = NULL;
	trawl_err rc = TRAWL_OK;

	if (trawl__xml_has_doctype(in->text, in->text_len)) {
		trawl__diag_set(dg, in->path, "the spreadsheet declares a DTD/entities, which "
		                "SpreadsheetML never does (entity-expansion attack?); refused");
		return TRAWL_EFORMAT;
	}
	/* the text is UTF-8 already, whatever its declaration says */
	r = trawl__xml_reader_enc(in->text, in->text_len, "UTF-8");
	if (!r)
		return TRAWL_ENOMEM;
	trawl__vec_init(&styles, sizeof(style));
	trawl__buf_init(&empties, 4096);
	trawl__buf_init(&title, 4096);
	while (!rc && !s->rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		if (ty == XML_READER_TYPE_ELEMENT) {
			if (!strcmp(n, "Workbook")) {
				workbook = 1;
			} else if (!strcmp(n, "Title") && xmlTextReaderDepth(r) == 2 && !title.len) {
				in_title = !xmlTextReaderIsEmptyElement(r);
			} else if (!strcmp(n, "Styles")) {
				if (!xmlTextReaderIsEmptyElement(r) &&
				    (ret = read_styles(r, &styles, &rc)) != 1)
					break;
			} else if (!strcmp(n, "Worksheet")) {
				char *name = ss_attr(r, "Name");
				sheetstate ss;
				trawl__unit *u;
				size_t ntext = 0;
				if (!d && !(d = trawl__doc_new(s, NULL))) {
					free(name);
					break;
				}
				nsheets++;
				u = trawl__unit_new(s, d, "sheet", (int)nsheets, name);
				if (!first_name && name)
					first_name = trawl__strdup(name);
				if (xmlTextReaderIsEmptyElement(r)) {
					trawl__buf_addf(&empties, "%s\"%s\"", nempty ? ", " : "", name ? name : "?");
					nempty++;
					free(name);
					continue;
				}
				memset(&ss, 0, sizeof ss);
				trawl__sgrid_init(&ss.g, s->max_text, &ncells);
				trawl__vec_init(&ss.active, sizeof(merge));
				ss.styles = &styles;
				ret = u ? read_sheet(s, u, r, &ss, &ntext) : 1;
				over |= ss.g.over;
				merges_cut |= ss.g.merges_cut;
				active_full |= ss.active_full;
				outside += ss.outside;
				no_result += ss.no_result;
				trawl__sgrid_release(&ss.g);
				trawl__vec_release(&ss.active);
				if (!ntext) {
					trawl__buf_addf(&empties, "%s\"%s\"", nempty ? ", " : "",
					                name ? name : "?");
					nempty++;
				}
				free(name);
				if (ret != 1)
					break;
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT && in_title) {
			in_title = 0;
		} else if (in_title && ty == XML_READER_TYPE_TEXT) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				trawl__buf_adds(&title, v);
		}
	}
	xmlFreeTextReader(r);
	if (ret == -2) {
		trawl__diag_set(dg, in->path, "the spreadsheet declares a DTD/entities, which "
		                "SpreadsheetML never does (entity-expansion attack?); refused");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (!rc)
		rc = s->rc;
	if (trawl__buf_err(&title))  /* (a title past 4 KiB: the sheet's name) */
		title.len = 0;
	if (rc)
		goto out;
	if (!nsheets) {
		trawl__diag_set(dg, in->path, "%s", !workbook ? "not an XML spreadsheet (no Workbook)" :
		                ret == -1 ? "the XML spreadsheet is malformed before its first "
		                            "worksheet" : "the workbook has no worksheets");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (title.len)
		trawl__doc_title(s, d, title.data, title.len);
	else
		trawl__doc_title_sheet(s, d, first_name);
	if (ret == -1)
		trawl__docset_warn(s, "the workbook is malformed XML (cut short?); the cells up to "
		                   "the error are kept");
	trawl__sgrid_warn_empty(s, &empties, nempty, nsheets);
	if (no_result)
		trawl__docset_warn(s, "%lu formula cell(s) were saved without their result; they "
		                   "are left empty", no_result);
	if (outside)
		trawl__docset_warn(s, "%lu cell(s) placed past a worksheet's last row or column "
		                   "(damaged?) are left out", outside);
	if (over)
		trawl__docset_warn(s, "the workbook has over %lu cells; the rest are skipped",
		                   TRAWL__SHEET_MAX_CELLS);
	if (merges_cut || active_full)
		trawl__docset_warn(s, "the workbook has too many merged areas; some were read "
		                   "as separate cells");
	rc = s->rc;
out:
	for (size_t i = 0; i < styles.n; i++) {
		style *st = &TRAWL_VEC_AT(&styles, style, i);
		free(st->id);
		free(st->parent);
		free(st->format);
	}
	trawl__vec_release(&styles);
	trawl__buf_release(&empties);
	trawl__buf_release(&title);
	free(first_name);
	return rc;
}

const trawl__reader trawl__reader_xlsxml = {
	TRAWL__READER_VERSION, "xlsxml", 1, read_xlsxml,
};
