/* PPTX: the text of each slide (its a:t runs in document order, one line
 * a paragraph; a:tbl tables as tables), one unit a slide in the order of
 * the presentation's slide list, and the speaker notes of a slide, when it
 * has any, as a "notes" unit of the same number. */
#include <string.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "ingest/zippath.h"
#include "ingest/pdftable.h"
#include "util/diag.h"
#include "util/banned.h"

#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))
#define MAX_SLIDES 10000
#define PART_MAX 512

/* docx.c: opening and closing OOXML parts, with their errors */
xmlTextReaderPtr trawl__ooxml_open(trawl__zip *z, const char *name, const char *path,
                                   trawl_diag *dg, trawl_err *rc);
trawl_err trawl__ooxml_close(trawl__zip *z, xmlTextReaderPtr r, int ret, const char *name,
                             trawl__docset *s, const char *path, trawl_diag *dg);
void trawl__ooxml_core_title(trawl__zip *z, trawl__docset *s, trawl__doc *d);

typedef struct rel {
	char id[64];
	char target[PART_MAX];
	int notes;        /* a notesSlide relationship */
} rel;

static int attr_eq(xmlTextReaderPtr r, const char *name, const char *want)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	int eq = v && !strcmp((const char *)v, want);
	xmlFree(v);
	return eq;
}

static void attr_copy(xmlTextReaderPtr r, const char *name, char *out, size_t n)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	snprintf(out, n, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* The relationships of part `of` (its _rels/NAME.rels), targets resolved. */
static trawl_err read_rels(trawl__zip *z, const char *of, trawl__vec *out, trawl__docset *s,
                           const char *path, trawl_diag *dg)
{
	char name[PART_MAX + 16];
	const char *slash = strrchr(of, '/');
	xmlTextReaderPtr r;
	trawl_err rc;
	int ret;

	if (slash)
		snprintf(name, sizeof name, "%.*s/_rels/%s.rels", (int)(slash - of), of, slash + 1);
	else
		snprintf(name, sizeof name, "_rels/%s.rels", of);
	r = trawl__zip_xml(z, name, dg, &rc);
	if (!r)
		return rc == TRAWL_ENOTFOUND ? TRAWL_OK : rc;
	while ((ret = trawl__xml_read(r)) == 1) {
		char target[PART_MAX], type[256];
		rel *rl;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(LNAME(r), "Relationship") || attr_eq(r, "TargetMode", "External"))
			continue;
		rl = trawl__vec_push(out);
		if (!rl) {
			trawl__zip_xml_end(z, r, NULL);
			return TRAWL_ENOMEM;
		}
		attr_copy(r, "Id", rl->id, sizeof rl->id);
		attr_copy(r, "Target", target, sizeof target);
		attr_copy(r, "Type", type, sizeof type);
		rl->notes = strlen(type) >= 11 && !strcmp(type + strlen(type) - 11, "/notesSlide");
		if (!trawl__zip_resolve(of, target, rl->target, sizeof rl->target))
			out->n--;
	}
	return trawl__ooxml_close(z, r, ret, name, s, path, dg);
}

static const rel *find_rel(const trawl__vec *rels, const char *id)
{
	for (size_t i = 0; i < rels->n; i++)
		if (!strcmp(TRAWL_VEC_AT(rels, rel, i).id, id))
			return &TRAWL_VEC_AT(rels, rel, i);
	return NULL;
}

/* Reads one slide (or notes) part into a new unit. With body_only, only
 * the shapes of the notes' body placeholder count (not the slide image
 * or the slide number). */
static trawl_err read_slide(trawl__zip *z, const char *part, const char *kind, int number,
                            int body_only, trawl__docset *s, trawl__doc *d,
                            const char *path, trawl_diag *dg)
{
	xmlTextReaderPtr r;
	trawl__unit *u = NULL;
	trawl__buf para, cell;
	int in_t = 0, tbl = 0, keep = !body_only, ret = 0;
	trawl_err rc;

	r = trawl__ooxml_open(z, part, path, dg, &rc);
	if (!r)
		return rc;
	trawl__buf_init(&para, s->max_text);
	trawl__buf_init(&cell, s->max_text);
	if (!body_only)
		u = trawl__unit_new(s, d, kind, number, NULL);
	while (!s->rc && (ret = trawl__xml_read(r)) == 1) {
		int t = xmlTextReaderNodeType(r);
		const char *n = LNAME(r);
		trawl__buf *dst = tbl ? &cell : &para;
		if (t == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (!strcmp(n, "sp") && !empty) {
				if (body_only)
					keep = 0;
			} else if (!strcmp(n, "ph") && body_only) {
				keep = attr_eq(r, "type", "body");
			} else if (!strcmp(n, "t")) {
				in_t = !empty;
			} else if (!strcmp(n, "br")) {
				trawl__buf_addc(dst, tbl ? ' ' : '\n');
			} else if (!strcmp(n, "tab")) {
				trawl__buf_addc(dst, ' ');
			} else if (!strcmp(n, "tbl") && !empty && keep) {
				if (tbl++ == 0) {
					trawl__unit_text(s, u, para.data, para.len);
					trawl__buf_reset(&para);
					trawl__unit_table_begin(s, u);
				}
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
			} else if (!strcmp(n, "sp") && body_only) {
				keep = 0;
			} else if (!strcmp(n, "p") && keep) {
				if (tbl) {
					trawl__buf_addc(&cell, ' ');
				} else if (para.len) {
					trawl__buf_addc(&para, '\n');
					if (!u)
						u = trawl__unit_new(s, d, kind, number, NULL);
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
		} else if (in_t && keep && (t == XML_READER_TYPE_TEXT ||
		                            t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		                            t == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && trawl__buf_adds(dst, v))
				s->rc = TRAWL_ETOOBIG;
		}
	}
	rc = trawl__ooxml_close(z, r, ret, part, s, path, dg);
	if (!rc && para.len) {
		if (!u)
			u = trawl__unit_new(s, d, kind, number, NULL);
		trawl__unit_text(s, u, para.data, para.len);
	}
	trawl__buf_release(&para);
	trawl__buf_release(&cell);
	return rc;
}

static trawl_err read_pptx(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	static const char pres[] = "ppt/presentation.xml";
	trawl__zip z;
	trawl__vec prels, order;
	xmlTextReaderPtr r;
	trawl__doc *d;
	trawl_err rc;
	int ret = 0, nslides = 0, skipped = 0;

	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__vec_init(&prels, sizeof(rel));
	trawl__vec_init(&order, sizeof(rel));
	d = trawl__doc_new(s, NULL);
	trawl__ooxml_core_title(&z, s, d);
	rc = read_rels(&z, pres, &prels, s, in->path, dg);
	if (rc)
		goto out;
	/* the slides in the order of the slide list */
	r = trawl__ooxml_open(&z, pres, in->path, dg, &rc);
	if (!r)
		goto out;
	while ((ret = trawl__xml_read(r)) == 1) {
		char id[64];
		const rel *rl;
		rel *o;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || strcmp(LNAME(r), "sldId"))
			continue;
		attr_copy(r, "r:id", id, sizeof id);
		if (!id[0]) {
			xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
				(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
			snprintf(id, sizeof id, "%s", v ? (const char *)v : "");
			xmlFree(v);
		}
		rl = find_rel(&prels, id);
		if (!rl) {
			skipped++;
			continue;
		}
		if (order.n >= MAX_SLIDES || !(o = trawl__vec_push(&order))) {
			skipped++;
			continue;
		}
		*o = *rl;
	}
	rc = trawl__ooxml_close(&z, r, ret, pres, s, in->path, dg);
	if (rc)
		goto out;
	for (size_t i = 0; i < order.n && !s->rc; i++) {
		const rel *sl = &TRAWL_VEC_AT(&order, rel, i);
		trawl__vec srels;
		trawl_diag sd;
		memset(&sd, 0, sizeof sd);
		nslides++;
		rc = read_slide(&z, sl->target, "slide", nslides, 0, s, d, in->path, &sd);
		if (rc == TRAWL_ETOOBIG || rc == TRAWL_ENOMEM) {
			*dg = sd;
			goto out;
		}
		if (rc) {
			/* one damaged slide costs that slide */
			trawl__docset_warn(s, "slide %d (%s) can't be read: %s", nslides, sl->target,
			                   sd.msg[0] ? sd.msg : trawl_strerror(rc));
			rc = TRAWL_OK;
			continue;
		}
		trawl__vec_init(&srels, sizeof(rel));
		if (read_rels(&z, sl->target, &srels, s, in->path, &sd) == TRAWL_OK) {
			for (size_t k = 0; k < srels.n; k++) {
				const rel *nr = &TRAWL_VEC_AT(&srels, rel, k);
				if (nr->notes && trawl__zip_has(&z, nr->target)) {
					read_slide(&z, nr->target, "notes", nslides, 1, s, d, in->path, &sd);
					break;
				}
			}
		}
		trawl__vec_release(&srels);
	}
	if (skipped)
		trawl__docset_warn(s, "%d slide(s) of the slide list name no slide part", skipped);
	if (!nslides)
		trawl__docset_warn(s, "the presentation has no slides");
	if (d && !d->title)
		trawl__title_from_text(s, d);
	rc = s->rc;
out:
	trawl__vec_release(&prels);
	trawl__vec_release(&order);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_pptx = {
	TRAWL__READER_VERSION, "pptx", 0, read_pptx,
};
