/* DOCX: paragraphs and tables of word/document.xml, read with a streaming
 * XML reader. Tables become grids (doc.h): w:gridBefore leaves columns
 * empty, w:gridSpan and w:vMerge make merged cells; a table nested in a
 * cell is flattened into that cell's text, as are its paragraphs. */
#include <stdlib.h>
#include <string.h>
#include "ingest/reader.h"
#include "ingest/sheetgrid.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))

/* Title from docProps/core.xml (dc:title), when there is one (DOCX and
 * PPTX). */
void trawl__ooxml_core_title(trawl__zip *z, trawl__docset *s, trawl__doc *d)
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
		trawl__diag_set(dg, path, "%s declares a DTD/entities, which OOXML and OFD never do "
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

/* A w:val that is a small count (gridSpan, gridBefore), else 1 or 0. */
static unsigned count_val(xmlTextReaderPtr r, unsigned dflt)
{
	char *v = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val",
		(const xmlChar *)"http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	char *end;
	unsigned long k;

	if (!v)
		v = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"w:val");
	if (!v)
		return dflt;
	k = strtoul(v, &end, 10);
	if (end == v || k > 1000)
		k = dflt;
	free(v);
	return (unsigned)k;
}

/* A w:vMerge: 1 restarts a vertical merge, 2 continues the one above. */
static int vmerge_val(xmlTextReaderPtr r)
{
	char *v = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val",
		(const xmlChar *)"http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	int k;

	if (!v)
		v = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"w:val");
	k = v && !strcmp(v, "restart") ? 1 : 2;
	free(v);
	return k;
}

/* The top-level table being read: its cells, and each grid column's open
 * vertical merge. */
typedef struct vchain { uint32_t r1, r2, span; int open; } vchain;

typedef struct dtable {
	trawl__sgrid g;
	unsigned long ncells;
	uint32_t row, col;          /* the current row, the next grid column */
	unsigned span, before;      /* of the current cell, row */
	int vm;                     /* of the current cell: 0, 1 restart, 2 continue */
	int started;                /* a row has begun */
	vchain *chains;
	size_t nchains;
} dtable;

static void chain_close(dtable *t, uint32_t col, trawl_err *rc)
{
	vchain *c;

	if (col >= t->nchains || !t->chains[col].open)
		return;
	c = &t->chains[col];
	if (c->r2 > c->r1 || c->span > 1)
		trawl__sgrid_merge(&t->g, c->r1, col, c->r2, col + c->span - 1, rc);
	c->open = 0;
}

/* A top-level cell ends: its text (in cell) goes to the grid, and its
 * vertical merge starts, goes on or ends. */
static void table_cell(dtable *t, const trawl__buf *cell, trawl_err *rc)
{
	uint32_t col = t->col, span = t->span ? t->span : 1;
	long c;

	if (*rc)
		return;
	if (col + span > t->nchains && col + span < TRAWL__GRID_MAX_COLS) {
		size_t n = col + span + 16;
		vchain *nc = trawl__reallocn(t->chains, n, sizeof *nc);
		if (!nc) {
			*rc = TRAWL_ENOMEM;
			return;
		}
		memset(nc + t->nchains, 0, (n - t->nchains) * sizeof *nc);
		t->chains = nc;
		t->nchains = n;
	}
	if (col >= t->nchains) {
		/* past the grid's last column: the grid keeps the text, no merge */
	} else if (t->vm == 2 && t->chains[col].open && t->chains[col].r2 + 1 == t->row) {
		t->chains[col].r2 = t->row;  /* goes on: its text joins the top cell's */
	} else {
		chain_close(t, col, rc);
		t->chains[col].r1 = t->chains[col].r2 = t->row;
		t->chains[col].span = span;
		t->chains[col].open = 1;
	}
	c = trawl__sgrid_begin(&t->g, t->row, col, rc);
	if (c >= 0) {
		/* paragraphs and nested cells were joined by spaces: one each */
		size_t i, start = t->g.txt.len;
		int space = 1;
		for (i = 0; i < cell->len && !*rc; i++) {
			char ch = cell->data[i];
			int ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
			if (ws && !space)
				*rc = trawl__buf_addc(&t->g.txt, ' ');
			else if (!ws)
				*rc = trawl__buf_addc(&t->g.txt, ch);
			space = ws;
		}
		if (t->g.txt.len > start && t->g.txt.data[t->g.txt.len - 1] == ' ')
			t->g.txt.data[--t->g.txt.len] = '\0';
		trawl__sgrid_end(&t->g, c, rc);
	}
	t->col += span;
}

static void table_end(dtable *t, trawl__docset *s, trawl__unit *u, trawl_err *rc)
{
	size_t k;

	for (k = 0; k < t->nchains; k++)
		chain_close(t, (uint32_t)k, rc);
	trawl__sgrid_emit(&t->g, s, u, rc);
	if (t->g.over)
		trawl__docset_warn(s, "a table has over %lu cells; the rest are skipped",
		                   TRAWL__SHEET_MAX_CELLS);
	trawl__sgrid_release(&t->g);
	free(t->chains);
	memset(t, 0, sizeof *t);
}

static trawl_err read_docx(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__zip z;
	trawl__buf cell, para;
	xmlTextReaderPtr r;
	trawl__doc *d;
	trawl__unit *u;
	dtable t;
	int tbl = 0, in_t = 0, in_tc = 0, ret = 0;
	trawl_err rc;

	memset(&t, 0, sizeof t);
	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__buf_init(&cell, s->max_text);
	trawl__buf_init(&para, s->max_text);
	d = trawl__doc_new(s, NULL);
	trawl__ooxml_core_title(&z, s, d);
	r = trawl__ooxml_open(&z, "word/document.xml", in->path, dg, &rc);
	if (!r)
		goto out;
	u = trawl__unit_new(s, d, "section", 1, NULL);
	while (!s->rc && !rc && (ret = trawl__xml_read(r)) == 1) {
		int ty = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		trawl__buf *dst = tbl ? &cell : &para;
		if (ty == XML_READER_TYPE_ELEMENT) {
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
					trawl__sgrid_init(&t.g, s->max_text, &t.ncells);
				}
				tbl++;
			} else if (tbl == 1 && !strcmp(n, "tr")) {
				t.row += t.started;
				t.started = 1;
				t.col = 0;
				t.before = 0;
			} else if (tbl == 1 && !strcmp(n, "gridBefore")) {
				t.before = count_val(r, 0);
				t.col += t.before;
			} else if (tbl == 1 && !strcmp(n, "tc")) {
				trawl__buf_reset(&cell);
				t.span = 1;
				t.vm = 0;
				in_tc = 1;
				if (empty) {
					table_cell(&t, &cell, &rc);
					in_tc = 0;
				}
			} else if (tbl == 1 && in_tc && !strcmp(n, "gridSpan")) {
				t.span = count_val(r, 1);
			} else if (tbl == 1 && in_tc && !strcmp(n, "vMerge")) {
				t.vm = vmerge_val(r);
			}
		} else if (ty == XML_READER_TYPE_END_ELEMENT) {
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
			} else if (tbl > 1 && (!strcmp(n, "tc") || !strcmp(n, "tr"))) {
				trawl__buf_addc(&cell, ' ');
			} else if (tbl == 1 && !strcmp(n, "tc") && in_tc) {
				table_cell(&t, &cell, &rc);
				trawl__buf_reset(&cell);
				in_tc = 0;
			} else if (!strcmp(n, "tbl") && tbl > 0) {
				if (--tbl == 0)
					table_end(&t, s, u, &rc);
			}
		} else if (in_t && (ty == XML_READER_TYPE_TEXT ||
		                    ty == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		                    ty == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(dst, v))
				s->rc = trawl__buf_err(dst);
		}
	}
	if (tbl > 0) {
		/* cut short: the table so far */
		if (in_tc)
			table_cell(&t, &cell, &rc);
		table_end(&t, s, u, &rc);
	}
	if (rc) {
		trawl__zip_xml_end(&z, r, dg);
		goto out;
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
	if (t.chains || t.g.cells.items)
		table_end(&t, s, NULL, &rc);
	trawl__buf_release(&cell);
	trawl__buf_release(&para);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_docx = {
	TRAWL__READER_VERSION, "docx", 0, read_docx,
};
