/* OFD (GB/T 33190-2016), the national fixed-layout format: a zip of XML.
 * OFD.xml names each document (DocBody: its DocInfo and its DocRoot);
 * Document.xml lists the pages and the templates; a page's Content.xml
 * holds TextObjects whose TextCodes place each character (X/Y, DeltaX/
 * DeltaY, in millimetres, within the object's Boundary and through its
 * CTM), and PathObjects (among them a table's ruling lines).
 *
 * Each page becomes a unit: its characters (the page's own and its
 * templates') are grouped into lines by their baselines, cut into
 * segments at wide gaps, and handed to the table builder (pdftable.h) in
 * points, as PDF text is, so tables are rebuilt the same way and every
 * segment keeps its box as a span. DocInfo becomes fields (title, author,
 * dates, keywords, custom data) and the title.
 *
 * An e-invoice's fields (seller, buyer, their tax ids, amount, tax, total,
 * date, number) come from its custom tags (Tags/CustomTag.xml: which text
 * objects hold which field), from DocInfo's custom data (发票号码 ...) and,
 * when neither says, from the labels of its positioned text; each becomes a
 * fact cited where it is printed on the page. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "ingest/zippath.h"
#include "ingest/pdftable.h"
#include "ingest/fitz.h"
#include "ingest/glyphmap.h"
#include "util/diag.h"
#include "util/banned.h"

#define LNAME(r) ((const char *)xmlTextReaderConstLocalName(r))
#define PART_MAX 512
#define MAX_PAGES 100000
#define MAX_TEMPLATES 256
/* characters placed on one page (a hostile file could place billions) */
#define MAX_CHARS (1u << 21)
#define MAX_RULES 20000
#define MM_PT (72.0f / 25.4f)
/* a gap of this many ems between two characters of a line parts segments
 * (pdf.c does the same) */
#define SEG_GAP 0.5f

/* docx.c: closing a part's stream and saying how reading it ended */
trawl_err trawl__ooxml_close(trawl__zip *z, xmlTextReaderPtr r, int ret, const char *name,
                             trawl__docset *s, const char *path, trawl_diag *dg);

/* ---- package ---- */

typedef struct ref {
	char id[32];
	char part[PART_MAX];
} ref;

/* The zip entry that ref (found in part `from`) names; OFD writers differ
 * in the case of folder names (Tpls, TPLS), so a second try ignores case. */
static int part_name(trawl__zip *z, const char *from, const char *r, char *out, size_t n)
{
	char want[PART_MAX];
	zip_int64_t idx;
	const char *name;

	if (!trawl__zip_resolve(from, r, want, sizeof want))
		return 0;
	if (trawl__zip_has(z, want)) {
		snprintf(out, n, "%s", want);
		return 1;
	}
	idx = zip_name_locate(z->za, want, ZIP_FL_NOCASE);
	name = idx >= 0 ? zip_get_name(z->za, (zip_uint64_t)idx, 0) : NULL;
	if (!name || strlen(name) >= n)
		return 0;
	snprintf(out, n, "%s", name);
	return 1;
}

/* The part a resource file names (a MediaFile's, a FontFile's): BaseLoc/file,
 * else the file alone (writers differ); 0 when neither is in the package. */
static int res_part(trawl__zip *z, const char *res, const char *base, const char *file,
                    char *part, size_t n)
{
	char want[PART_MAX * 2];

	snprintf(want, sizeof want, "%s%s%s", file[0] == '/' ? "" : base,
	         file[0] == '/' || !base[0] ? "" : "/", file);
	return strlen(want) < PART_MAX &&
	       (part_name(z, res, want, part, n) || part_name(z, res, file, part, n));
}

static void attr_copy(xmlTextReaderPtr r, const char *name, char *out, size_t n)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	snprintf(out, n, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* Reads up to n numbers from s (blank separated); returns how many. */
static int numbers(const char *s, float *out, int n)
{
	int k = 0;

	while (s && *s && k < n) {
		char *e;
		float v = strtof(s, &e);
		if (e == s) {
			s++;
			continue;
		}
		if (isfinite(v))
			out[k++] = v;
		s = e;
	}
	return k;
}

static int attr_numbers(xmlTextReaderPtr r, const char *name, float *out, int n)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	int k = v ? numbers((const char *)v, out, n) : 0;
	xmlFree(v);
	return k;
}

/* The text of the element the reader is on (its text children), in buf. */
static void element_text(xmlTextReaderPtr r, trawl__buf *buf)
{
	int depth = xmlTextReaderDepth(r);

	trawl__buf_reset(buf);
	if (xmlTextReaderIsEmptyElement(r))
		return;
	while (trawl__xml_read(r) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
			return;
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		    t == XML_READER_TYPE_CDATA) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				trawl__buf_adds(buf, v);
		}
	}
}

/* ---- one page's content ---- */

typedef struct ochar {
	float x0, y0, x1, y1;    /* points */
	float base, size;        /* baseline and font size, points */
	uint32_t cp;
	uint32_t obj;            /* index in the page's objects */
	uint8_t space_before;    /* the file put a blank before it */
	uint8_t oconf;           /* read by OCR from its glyph: 1 + the
	                            confidence (0-100); 0 not */
} ochar;

/* A character drawn by a glyph whose text neither the file nor its font
 * says (ochar.cp 0): how to draw it again, for OCR. */
typedef struct oghost {
	uint32_t ch;             /* its ochar */
	char fid[32];            /* its object's Font */
	uint32_t raw;            /* what the file says it is */
	uint32_t font;           /* in ofddoc.fonts, once found */
	uint32_t gid;            /* its glyph (CGTransform), 0 unsaid */
	float trm[6];            /* glyph space (1 em) -> page points */
} oghost;

/* characters of one page read by OCR from their glyphs (each is matched
 * against the others: quadratic) */
#define MAX_GHOSTS 8000

struct ofddoc;

/* A text object of the page, for finding an e-invoice's fields. */
typedef struct oobj {
	char id[24];
	float x0, y0, x1, y1;    /* points */
	uint32_t text, len;      /* its text in page.otext */
} oobj;

/* A run of text set vertically or turned: one line of its own. */
typedef struct oplain {
	float x0, y0, x1, y1;
	uint32_t start, end;     /* in page.ptext */
} oplain;

/* An image object of a page: the picture it draws (a resource) and where
 * (its unit square placed). */
typedef struct oimg {
	char id[32];
	float m[6];              /* its place (see place) */
} oimg;

#define MAX_IMAGES 1000

typedef struct opage {
	trawl__vec imgs;         /* oimg */
	trawl__vec chars;        /* ochar */
	trawl__vec objs;         /* oobj */
	trawl__vec plains;       /* oplain */
	trawl__buf otext, ptext;
	trawl__vec rules;        /* trawl__pdfrule */
	int too_many;            /* MAX_CHARS reached */
	/* the document's fonts, for text drawn by glyph id */
	trawl__zip *z;
	struct ofddoc *od;
	trawl__docset *s;
	const char *path;
	trawl__vec ghosts;       /* oghost */
	uint32_t lost;           /* characters whose text is unknown */
	uint32_t ocred;          /* characters read by OCR from their glyphs */
} opage;

static void opage_init(opage *p)
{
	trawl__vec_init(&p->imgs, sizeof(oimg));
	trawl__vec_init(&p->chars, sizeof(ochar));
	trawl__vec_init(&p->objs, sizeof(oobj));
	trawl__vec_init(&p->plains, sizeof(oplain));
	trawl__vec_init(&p->rules, sizeof(trawl__pdfrule));
	trawl__vec_init(&p->ghosts, sizeof(oghost));
	p->z = NULL;
	p->od = NULL;
	p->s = NULL;
	p->lost = p->ocred = 0;
	trawl__buf_init(&p->otext, (size_t)64 << 20);
	trawl__buf_init(&p->ptext, (size_t)64 << 20);
	p->too_many = 0;
}

static void opage_reset(opage *p)
{
	p->chars.n = p->objs.n = p->plains.n = p->rules.n = p->imgs.n = p->ghosts.n = 0;
	p->lost = p->ocred = 0;
	trawl__buf_reset(&p->otext);
	trawl__buf_reset(&p->ptext);
	p->too_many = 0;
}

static void opage_release(opage *p)
{
	trawl__vec_release(&p->imgs);
	trawl__vec_release(&p->chars);
	trawl__vec_release(&p->objs);
	trawl__vec_release(&p->plains);
	trawl__vec_release(&p->rules);
	trawl__vec_release(&p->ghosts);
	trawl__buf_release(&p->otext);
	trawl__buf_release(&p->ptext);
}

/* An object's placement, object space -> page (millimetres), as an affine
 * map x' = m0 x + m2 y + m4, y' = m1 x + m3 y + m5: its CTM, then its
 * Boundary's origin, then whatever holds it (an annotation's appearance,
 * a composite object drawing a graphic unit). */
typedef struct place {
	float m[6];
} place;

static const place identity = { { 1, 0, 0, 1, 0, 0 } };

static void to_page(const place *pl, float x, float y, float *px, float *py)
{
	*px = (pl->m[0] * x + pl->m[2] * y + pl->m[4]) * MM_PT;
	*py = (pl->m[1] * x + pl->m[3] * y + pl->m[5]) * MM_PT;
}

/* out = outer after inner */
static void compose(const place *outer, const place *inner, place *out)
{
	const float *o = outer->m, *i = inner->m;
	place r;

	r.m[0] = o[0] * i[0] + o[2] * i[1];
	r.m[1] = o[1] * i[0] + o[3] * i[1];
	r.m[2] = o[0] * i[2] + o[2] * i[3];
	r.m[3] = o[1] * i[2] + o[3] * i[3];
	r.m[4] = o[0] * i[4] + o[2] * i[5] + o[4];
	r.m[5] = o[1] * i[4] + o[3] * i[5] + o[5];
	*out = r;
}

/* The placement of the object the reader is on, within base. */
static void read_place(xmlTextReaderPtr r, const place *base, place *pl)
{
	float b[4] = { 0, 0, 0, 0 };
	place local = identity;

	attr_numbers(r, "Boundary", b, 4);
	if (attr_numbers(r, "CTM", local.m, 6) != 6)
		local = identity;
	local.m[4] += b[0];
	local.m[5] += b[1];
	compose(base, &local, pl);
}

/* DeltaX / DeltaY: numbers, "g N V" meaning N times V. */
static size_t deltas(const char *s, float *out, size_t max)
{
	size_t k = 0;

	while (s && *s && k < max) {
		char *e;
		float v;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		if (*s == 'g') {
			long cnt = strtol(s + 1, &e, 10);
			float w;
			char *e2;
			if (e == s + 1)
				break;
			w = strtof(e, &e2);
			if (e2 == e)
				break;
			for (long i = 0; i < cnt && k < max; i++)
				out[k++] = isfinite(w) ? w : 0;
			s = e2;
			continue;
		}
		v = strtof(s, &e);
		if (e == s)
			break;
		out[k++] = isfinite(v) ? v : 0;
		s = e;
	}
	return k;
}

static uint32_t utf8_next(const unsigned char **p, const unsigned char *e)
{
	const unsigned char *s = *p;
	uint32_t c = *s++;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;

	if (more)
		c &= 0x3F >> more;
	while (more-- && s < e && (*s & 0xC0) == 0x80)
		c = (c << 6) | (*s++ & 0x3F);
	*p = s;
	return c;
}

static int is_wide(uint32_t c)
{
	return c >= 0x2E80;
}

static int is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000;
}

/* The state of the TextObject being read. */
typedef struct tobj {
	place pl;
	float size;              /* mm */
	float x, y;              /* where the next TextCode goes on, object space */
	uint32_t obj;
	int hidden;
	trawl__buf *seen;        /* in an annotation: the texts of the page's
	                            annotations so far, each between newlines
	                            (NULL elsewhere) */
	char font[32];           /* its Font (a resource id) */
	uint32_t *gids;          /* CGTransform: the glyph of each of its
	                            characters (0: none said), ngids of them */
	size_t ngids;
	size_t code;             /* characters of its TextCodes read so far */
} tobj;

/* Text the file gives that is no character (private use, control, U+FFFD):
 * a font of its own decides what it draws. */
static int suspect(uint32_t c)
{
	return c != '\t' && c != '\n' && c != '\r' && trawl__glyph_cp_unusable(c);
}

static trawl_err put_utf8(trawl__buf *b, uint32_t c);

/* A CGTransform: characters CodePosition.. (CodeCount of them) of the
 * object's TextCodes are drawn by the glyphs it lists. Only a one-to-one
 * mapping is kept (a ligature's glyph is no one character). */
#define MAX_GIDS 65536

static trawl_err cg_transform(tobj *to, xmlTextReaderPtr r, trawl__buf *tmp)
{
	float v[3];
	long pos, cnt, gc;
	const char *p;

	if (attr_numbers(r, "CodePosition", v, 1) != 1)
		v[0] = 0;
	pos = (long)v[0];
	cnt = attr_numbers(r, "CodeCount", v + 1, 1) == 1 ? (long)v[1] : 1;
	gc = attr_numbers(r, "GlyphCount", v + 2, 1) == 1 ? (long)v[2] : cnt;
	element_text(r, tmp);
	if (pos < 0 || cnt <= 0 || cnt != gc || pos > MAX_GIDS - cnt)
		return TRAWL_OK;
	if ((size_t)(pos + cnt) > to->ngids) {
		uint32_t *g = realloc(to->gids, (size_t)(pos + cnt) * sizeof *g);
		if (!g)
			return TRAWL_ENOMEM;
		memset(g + to->ngids, 0, ((size_t)(pos + cnt) - to->ngids) * sizeof *g);
		to->gids = g;
		to->ngids = (size_t)(pos + cnt);
	}
	p = tmp->data;
	for (long k = 0; k < cnt && p && *p; k++) {
		char *e;
		unsigned long gid = strtoul(p, &e, 10);
		if (e == p)
			break;
		to->gids[pos + k] = gid <= 0xFFFF ? (uint32_t)gid : 0;
		p = e;
	}
	return TRAWL_OK;
}

/* Places the characters of one TextCode. */
static trawl_err text_code(opage *pg, tobj *to, xmlTextReaderPtr r, trawl__buf *tmp)
{
	float xy[1];
	float *dx = NULL, *dy = NULL;
	size_t ndx = 0, ndy = 0, nch = 0, i;
	xmlChar *sdx, *sdy;
	const unsigned char *p, *e;
	float x, y, sz = to->size > 0 ? to->size : 3.5f;
	int vertical, turned, space = 0;
	uint32_t pstart = (uint32_t)pg->ptext.len;
	oplain pl = { 1e30f, 1e30f, -1e30f, -1e30f, 0, 0 };
	trawl__buf clean;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&clean, (size_t)16 << 20);
	x = attr_numbers(r, "X", xy, 1) ? xy[0] : to->x;
	y = attr_numbers(r, "Y", xy, 1) ? xy[0] : to->y;
	sdx = xmlTextReaderGetAttribute(r, (const xmlChar *)"DeltaX");
	sdy = xmlTextReaderGetAttribute(r, (const xmlChar *)"DeltaY");
	element_text(r, tmp);
	if (to->seen && !to->hidden && tmp->len && !memchr(tmp->data, '\n', tmp->len)) {
		/* annotations that repeat a text over the page (a watermark's
		 * tiles) say it once */
		char *at = to->seen->len ? strstr(to->seen->data, tmp->data) : NULL;
		while (at && !(at > to->seen->data && at[-1] == '\n' && at[tmp->len] == '\n'))
			at = strstr(at + 1, tmp->data);
		if (at)
			goto out;
		/* the list is capped (a few kilobytes: each text is looked up in
		 * it); once full, later texts are only said as often as drawn */
		if (!to->seen->len)
			trawl__buf_add_rc(&rc, to->seen, "\n", 1);
		trawl__buf_add_rc(&rc, to->seen, tmp->data, tmp->len);
		trawl__buf_add_rc(&rc, to->seen, "\n", 1);
		rc = TRAWL_OK;
	}
	for (p = (const unsigned char *)tmp->data, e = p + tmp->len; p < e; utf8_next(&p, e))
		nch++;
	if (nch && (dx = calloc(nch, sizeof *dx)) && (dy = calloc(nch, sizeof *dy))) {
		ndx = deltas((const char *)sdx, dx, nch);
		ndy = deltas((const char *)sdy, dy, nch);
	} else if (nch) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	/* set downwards (DeltaY only) or turned by its CTM: a line of its own */
	turned = fabsf(to->pl.m[1]) > 0.05f * fabsf(to->pl.m[0]) ||
	         fabsf(to->pl.m[2]) > 0.05f * fabsf(to->pl.m[3]);
	vertical = 0;
	for (i = 0; i + 1 < nch && i < ndy; i++)
		if (dy[i] != 0 && (i >= ndx || fabsf(dx[i]) < fabsf(dy[i])))
			vertical = 1;
	i = 0;
	for (p = (const unsigned char *)tmp->data, e = p + tmp->len; p < e && !rc; i++) {
		uint32_t c = utf8_next(&p, e), ci = (uint32_t)(to->code + i);
		float w = is_wide(c) ? sz : 0.55f * sz;
		float cx[4], cy[4];
		/* no character: its font says which later (resolve_ghosts;
		 * not now, the zip is being read) */
		int unknown = suspect(c);
		if (!unknown)
			rc = put_utf8(&clean, c);
		to_page(&to->pl, x, y - 0.88f * sz, &cx[0], &cy[0]);
		to_page(&to->pl, x + w, y - 0.88f * sz, &cx[1], &cy[1]);
		to_page(&to->pl, x, y + 0.12f * sz, &cx[2], &cy[2]);
		to_page(&to->pl, x + w, y + 0.12f * sz, &cx[3], &cy[3]);
		if (!to->hidden && unknown && (vertical || turned)) {
			pg->lost++; /* said in the warning */
		} else if (!to->hidden && (vertical || turned)) {
			rc = put_utf8(&pg->ptext, c);
			for (int k = 0; k < 4 && !is_blank(c); k++) {
				pl.x0 = fminf(pl.x0, cx[k]); pl.x1 = fmaxf(pl.x1, cx[k]);
				pl.y0 = fminf(pl.y0, cy[k]); pl.y1 = fmaxf(pl.y1, cy[k]);
			}
		} else if (!to->hidden && is_blank(c)) {
			space = 1;
		} else if (!to->hidden) {
			ochar *oc;
			float bx, by;
			if (pg->chars.n >= MAX_CHARS) {
				pg->too_many = 1;
				break;
			}
			oc = trawl__vec_push(&pg->chars);
			if (!oc) {
				rc = TRAWL_ENOMEM;
				break;
			}
			oc->x0 = fminf(fminf(cx[0], cx[1]), fminf(cx[2], cx[3]));
			oc->x1 = fmaxf(fmaxf(cx[0], cx[1]), fmaxf(cx[2], cx[3]));
			oc->y0 = fminf(fminf(cy[0], cy[1]), fminf(cy[2], cy[3]));
			oc->y1 = fmaxf(fmaxf(cy[0], cy[1]), fmaxf(cy[2], cy[3]));
			to_page(&to->pl, x, y, &bx, &by);
			oc->base = by;
			oc->size = oc->y1 - oc->y0;
			oc->cp = unknown ? 0 : c;
			oc->oconf = 0;
			oc->obj = to->obj;
			oc->space_before = (uint8_t)space;
			space = 0;
			if (unknown && pg->ghosts.n >= MAX_GHOSTS) {
				pg->chars.n--; /* past the cap: left out, counted */
				pg->lost++;
			} else if (unknown) {
				/* drawn again for OCR: 1 em of glyph space (y up) at
				 * the pen, through the object's place */
				oghost *g = trawl__vec_push(&pg->ghosts);
				float k = sz * MM_PT;
				if (!g) {
					rc = TRAWL_ENOMEM;
					break;
				}
				g->ch = (uint32_t)pg->chars.n - 1;
				snprintf(g->fid, sizeof g->fid, "%s", to->font);
				g->raw = c;
				g->font = 0;
				g->gid = ci < to->ngids ? to->gids[ci] : 0;
				g->trm[0] = to->pl.m[0] * k;
				g->trm[1] = to->pl.m[1] * k;
				g->trm[2] = -to->pl.m[2] * k;
				g->trm[3] = -to->pl.m[3] * k;
				g->trm[4] = bx;
				g->trm[5] = by;
			}
		}
		/* the next character: its delta, else the glyph's width */
		if (i < ndx || i < ndy) {
			x += i < ndx ? dx[i] : 0;
			y += i < ndy ? dy[i] : 0;
		} else {
			x += w;
		}
	}
	if (!rc && (vertical || turned) && pg->ptext.len > pstart && pl.x1 >= pl.x0) {
		oplain *o = trawl__vec_push(&pg->plains);
		if (!o)
			rc = TRAWL_ENOMEM;
		else {
			*o = pl;
			o->start = pstart;
			o->end = (uint32_t)pg->ptext.len;
		}
	}
	to->x = x;
	to->y = y;
	to->code += nch;
	/* the object's text, for e-invoice fields */
	if (!rc && to->obj < pg->objs.n) {
		oobj *ob = &TRAWL_VEC_AT(&pg->objs, oobj, to->obj);
		if (ob->len)
			rc = trawl__buf_addc(&pg->otext, ' ');
		if (!rc && clean.len)
			rc = trawl__buf_add(&pg->otext, clean.data, clean.len);
		if (!rc)
			ob->len = (uint32_t)pg->otext.len - ob->text;
	}
out:
	trawl__buf_release(&clean);
	free(dx);
	free(dy);
	xmlFree(sdx);
	xmlFree(sdy);
	return rc;
}

static void add_rule(opage *pg, float x0, float y0, float x1, float y1)
{
	trawl__pdfrule *r;
	float w = fabsf(x1 - x0), h = fabsf(y1 - y0);

	if (pg->rules.n >= MAX_RULES || !((h <= 2.5f && w > 3.0f) || (w <= 2.5f && h > 3.0f)))
		return;
	r = trawl__vec_push(&pg->rules);
	if (!r)
		return; /* fewer rules: tables fall back on positions */
	r->x0 = fminf(x0, x1); r->x1 = fmaxf(x0, x1);
	r->y0 = fminf(y0, y1); r->y1 = fmaxf(y0, y1);
}

/* A PathObject's straight axis-aligned edges (AbbreviatedData: M L B Q A C
 * commands) are the ruling lines of tables. */
static void path_rules(opage *pg, const place *pl, const char *d)
{
	float cx = 0, cy = 0, sx = 0, sy = 0, v[7];
	const char *p = d;

	while (p && *p) {
		char cmd = *p++;
		int need = cmd == 'M' || cmd == 'S' || cmd == 'L' ? 2 : cmd == 'Q' ? 4 :
		           cmd == 'B' ? 6 : cmd == 'A' ? 7 : 0;
		const char *q = p;
		int k = 0;
		if (cmd == ' ' || cmd == '\n' || cmd == '\t' || cmd == '\r')
			continue;
		if (cmd == 'C') {
			float ax, ay, bx, by;
			to_page(pl, cx, cy, &ax, &ay);
			to_page(pl, sx, sy, &bx, &by);
			add_rule(pg, ax, ay, bx, by);
			cx = sx;
			cy = sy;
			continue;
		}
		if (!need)
			continue;
		/* the command's numbers */
		while (k < need) {
			char *e;
			float f = strtof(q, &e);
			if (e == q)
				break;
			v[k++] = isfinite(f) ? f : 0;
			q = e;
		}
		p = q;
		if (k < need)
			break;
		if (cmd == 'L') {
			float ax, ay, bx, by;
			to_page(pl, cx, cy, &ax, &ay);
			to_page(pl, v[0], v[1], &bx, &by);
			add_rule(pg, ax, ay, bx, by);
		}
		if (cmd == 'M' || cmd == 'S') {
			sx = v[0];
			sy = v[1];
		}
		cx = v[need - 2];
		cy = v[need - 1];
	}
}

/* A composite object of a page: the graphic unit it draws (a resource)
 * and where. */
typedef struct cref {
	char id[32];
	place pl;
} cref;

#define MAX_COMPOSITES 20000

/* Reads the page objects under the element the reader is on (to its end;
 * the whole part when depth is -1) into pg, placed within base: text,
 * paths (for ruling lines), annotations' appearances (within their
 * Boundary), template references of a page (ids into tpls, when not
 * NULL), composite objects (into comps, when not NULL: their graphic
 * units are read from the resources afterwards). */
static trawl_err read_objects(xmlTextReaderPtr r, int depth, const place *base, opage *pg,
                              trawl__vec *tpls, trawl__vec *comps, trawl__docset *s,
                              int *ret)
{
	trawl__buf tmp;
	tobj to;
	int in_text = 0, in_path = 0, app_depth = -1, hide_depth = -1, annot_depth = -1;
	place path_pl, cur = *base;
	trawl__buf seen;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&tmp, (size_t)16 << 20);
	trawl__buf_init(&seen, (size_t)8 << 10);
	memset(&to, 0, sizeof to);
	while (!s->rc && (*ret = trawl__xml_read(r)) == 1) {
		int t = xmlTextReaderNodeType(r), dp = xmlTextReaderDepth(r);
		const char *n = LNAME(r);
		if (t == XML_READER_TYPE_END_ELEMENT) {
			if (dp == depth)
				break;
			if (!strcmp(n, "TextObject"))
				in_text = 0;
			else if (!strcmp(n, "PathObject"))
				in_path = 0;
			else if (!strcmp(n, "Appearance") && dp == app_depth) {
				cur = *base;
				app_depth = -1;
			} else if (!strcmp(n, "Annot") && dp == annot_depth) {
				hide_depth = annot_depth = -1;
			}
			continue;
		}
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		if (!strcmp(n, "TextObject")) {
			xmlChar *vis = xmlTextReaderGetAttribute(r, (const xmlChar *)"Visible");
			float sz[1];
			oobj *ob;
			free(to.gids);
			memset(&to, 0, sizeof to);
			attr_copy(r, "Font", to.font, sizeof to.font);
			read_place(r, &cur, &to.pl);
			to.size = attr_numbers(r, "Size", sz, 1) && sz[0] > 0 ? sz[0] : 0;
			to.hidden = (vis && !strcmp((const char *)vis, "false")) || hide_depth >= 0;
			to.seen = annot_depth >= 0 ? &seen : NULL;
			xmlFree(vis);
			ob = trawl__vec_push(&pg->objs);
			if (!ob) {
				s->rc = TRAWL_ENOMEM;
				break;
			}
			attr_copy(r, "ID", ob->id, sizeof ob->id);
			ob->text = (uint32_t)pg->otext.len;
			ob->len = 0;
			{
				/* its Boundary on the page */
				float b[4] = { 0, 0, 0, 0 }, x[2], y[2];
				attr_numbers(r, "Boundary", b, 4);
				to_page(&cur, b[0], b[1], &x[0], &y[0]);
				to_page(&cur, b[0] + b[2], b[1] + b[3], &x[1], &y[1]);
				ob->x0 = fminf(x[0], x[1]); ob->x1 = fmaxf(x[0], x[1]);
				ob->y0 = fminf(y[0], y[1]); ob->y1 = fmaxf(y[0], y[1]);
			}
			to.obj = (uint32_t)pg->objs.n - 1;
			in_text = !xmlTextReaderIsEmptyElement(r);
		} else if (!strcmp(n, "CGTransform") && in_text) {
			if ((rc = cg_transform(&to, r, &tmp)))
				s->rc = rc;
		} else if (!strcmp(n, "TextCode") && in_text) {
			if ((rc = text_code(pg, &to, r, &tmp)))
				s->rc = rc;
		} else if (!strcmp(n, "PathObject")) {
			read_place(r, &cur, &path_pl);
			in_path = !xmlTextReaderIsEmptyElement(r);
		} else if (!strcmp(n, "AbbreviatedData") && in_path) {
			element_text(r, &tmp);
			path_rules(pg, &path_pl, tmp.data);
		} else if (!strcmp(n, "Annot") && !xmlTextReaderIsEmptyElement(r)) {
			/* an annotation not shown is not read */
			xmlChar *vis = xmlTextReaderGetAttribute(r, (const xmlChar *)"Visible");
			if (vis && !strcmp((const char *)vis, "false"))
				hide_depth = dp;
			xmlFree(vis);
			annot_depth = dp;
		} else if (!strcmp(n, "Appearance") && !xmlTextReaderIsEmptyElement(r)) {
			/* an annotation's look: its objects are placed within its
			 * Boundary */
			float b[4] = { 0, 0, 0, 0 };
			place off = identity;
			attr_numbers(r, "Boundary", b, 4);
			off.m[4] = b[0];
			off.m[5] = b[1];
			compose(base, &off, &cur);
			app_depth = dp;
		} else if (!strcmp(n, "ImageObject")) {
			/* a scanned page's picture: read by OCR when the page has
			 * no text */
			oimg *im = pg->imgs.n < MAX_IMAGES ? trawl__vec_push(&pg->imgs) : NULL;
			if (im) {
				place ip;
				attr_copy(r, "ResourceID", im->id, sizeof im->id);
				read_place(r, &cur, &ip);
				memcpy(im->m, ip.m, sizeof im->m);
			}
		} else if (!strcmp(n, "CompositeObject") && comps) {
			cref *c = comps->n < MAX_COMPOSITES ? trawl__vec_push(comps) : NULL;
			if (c) {
				attr_copy(r, "ResourceID", c->id, sizeof c->id);
				read_place(r, &cur, &c->pl);
			}
		} else if (!strcmp(n, "Template") && tpls) {
			ref *tr = tpls->n < MAX_TEMPLATES ? trawl__vec_push(tpls) : NULL;
			if (tr) {
				attr_copy(r, "TemplateID", tr->id, sizeof tr->id);
				tr->part[0] = '\0';
			}
		}
	}
	free(to.gids);
	trawl__buf_release(&tmp);
	trawl__buf_release(&seen);
	return s->rc;
}

/* Reads one content part (a page's, a template's, an annotation's) into
 * pg; see read_objects. */
static trawl_err read_content(trawl__zip *z, const char *part, opage *pg, trawl__vec *tpls,
                              trawl__vec *comps, trawl__docset *s, const char *path,
                              trawl_diag *dg)
{
	xmlTextReaderPtr r;
	int ret = 0;
	trawl_err rc;

	r = trawl__zip_xml(z, part, dg, &rc);
	if (!r) {
		if (rc == TRAWL_ENOTFOUND)
			trawl__diag_set(dg, path, "OFD part %s is missing", part);
		return rc;
	}
	read_objects(r, -1, &identity, pg, tpls, comps, s, &ret);
	rc = trawl__ooxml_close(z, r, ret, part, s, path, dg);
	return rc ? rc : s->rc;
}

/* The graphic units the page's composite objects draw, from the resource
 * part `part`: each unit found there is read once for each object that
 * draws it, placed by that object. */
static trawl_err read_composites(trawl__zip *z, const char *part, opage *pg,
                                 const trawl__vec *comps, trawl__docset *s, const char *path,
                                 trawl_diag *dg)
{
	xmlTextReaderPtr r;
	int ret;
	trawl_err rc;

	r = trawl__zip_xml(z, part, dg, &rc);
	if (!r)
		return rc == TRAWL_ENOTFOUND ? TRAWL_OK : rc; /* a resource part it lacks */
	while (!s->rc && (ret = trawl__xml_read(r)) == 1) {
		char id[32];
		xmlChar *outer;
		int used = 0;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(LNAME(r), "CompositeGraphicUnit") || xmlTextReaderIsEmptyElement(r))
			continue;
		attr_copy(r, "ID", id, sizeof id);
		for (size_t i = 0; i < comps->n && !used; i++)
			used = !strcmp(TRAWL_VEC_AT(comps, cref, i).id, id);
		if (!used)
			continue;
		/* the unit, replayed for each object that draws it (its
		 * namespace declared on it by libxml2) */
		outer = xmlTextReaderReadOuterXml(r);
		if (!outer) {
			s->rc = TRAWL_ENOMEM;
			break;
		}
		for (size_t i = 0; i < comps->n && !s->rc; i++) {
			const cref *c = &TRAWL_VEC_AT(comps, cref, i);
			xmlTextReaderPtr u;
			int uret = 0;
			if (strcmp(c->id, id))
				continue;
			u = trawl__xml_reader((const char *)outer, strlen((const char *)outer));
			if (!u) {
				s->rc = TRAWL_ENOMEM;
				break;
			}
			/* composite objects inside a unit are not followed (no
			 * loops, no blow-up) */
			read_objects(u, -1, &c->pl, pg, NULL, NULL, s, &uret);
			xmlFreeTextReader(u);
		}
		xmlFree(outer);
	}
	rc = trawl__ooxml_close(z, r, ret, part, s, path, dg);
	return rc ? rc : s->rc;
}

/* ---- characters into lines ---- */

typedef struct key { float a, b; uint32_t i; } key;

static int key_cmp(const void *x, const void *y)
{
	const key *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

typedef struct lref { float y, x; int plain; uint32_t a, b; } lref;

static int lref_cmp(const void *x, const void *y)
{
	const lref *p = x, *q = y;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->x < q->x ? -1 : p->x > q->x;
}

static trawl_err put_utf8(trawl__buf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	return trawl__buf_add(b, u, n);
}

/* One row of characters (ord[0..n) sorted by x) as a line of segments. */
/* A page some of whose characters were read by OCR from their glyphs
 * gives each segment its words (trawl__pdfword): runs of characters of
 * one confidence, the file's own text at 100, so that a fact read from it
 * carries the confidence of its own characters (ingest/ocrconf.h). */
static trawl_err put_word(trawl__pdfpage *pp, trawl__pdfseg *g, uint32_t at, const ochar *c)
{
	float conf = c->oconf ? (float)(c->oconf - 1) : 100.0f;
	uint32_t off = at - g->start, len = (uint32_t)pp->text.len - at;
	trawl__pdfword *w;

	if (g->nw) {
		w = &TRAWL_VEC_AT(&pp->words, trawl__pdfword, g->w0 + g->nw - 1);
		if (w->conf == conf && w->off + w->len == off) {
			w->len += len;
			return TRAWL_OK;
		}
	} else {
		g->w0 = (uint32_t)pp->words.n;
	}
	w = trawl__vec_push(&pp->words);
	if (!w)
		return TRAWL_ENOMEM;
	w->off = off;
	w->len = len;
	w->conf = conf;
	g->nw++;
	return TRAWL_OK;
}

static trawl_err put_row(trawl__pdfpage *pp, const ochar *ch, const uint32_t *ord, size_t n,
                         int words)
{
	trawl__pdfline *l = trawl__vec_push(&pp->lines);
	uint32_t li = (uint32_t)pp->lines.n - 1, seg0 = (uint32_t)pp->segs.n;
	trawl__pdfseg g;
	const ochar *prev = NULL;
	int open = 0;
	trawl_err rc = TRAWL_OK;

	if (!l)
		return TRAWL_ENOMEM;
	l->start = (uint32_t)pp->text.len;
	l->seg = seg0;
	l->plain = 0;
	memset(&g, 0, sizeof g);
	for (size_t k = 0; k < n && !rc; k++) {
		const ochar *c = &ch[ord[k]];
		float em = fmaxf(c->size, prev ? prev->size : 0);
		if (prev) {
			float gap = c->x0 - prev->x1;
			/* the same character printed twice (a faked bold) */
			if (c->cp == prev->cp && fabsf(c->x0 - prev->x0) < 0.3f * em)
				continue;
			if (gap > SEG_GAP * em) {
				trawl__pdfseg *out = trawl__vec_push(&pp->segs);
				if (!out) {
					rc = TRAWL_ENOMEM;
					break;
				}
				*out = g;
				open = 0;
				rc = trawl__buf_addc(&pp->text, ' ');
			} else if (c->space_before || (gap > 0.25f * em && !is_wide(c->cp) &&
			                               !is_wide(prev->cp))) {
				rc = trawl__buf_addc(&pp->text, ' ');
			}
			if (rc)
				break;
		}
		if (!open) {
			memset(&g, 0, sizeof g);
			g.line = li;
			g.start = (uint32_t)pp->text.len;
			g.x0 = c->x0; g.y0 = c->y0; g.x1 = c->x1; g.y1 = c->y1;
			open = 1;
		} else {
			g.x0 = fminf(g.x0, c->x0); g.y0 = fminf(g.y0, c->y0);
			g.x1 = fmaxf(g.x1, c->x1); g.y1 = fmaxf(g.y1, c->y1);
		}
		g.size = fmaxf(g.size, c->size);
		{
			uint32_t at = (uint32_t)pp->text.len;
			rc = put_utf8(&pp->text, c->cp);
			if (!rc && words)
				rc = put_word(pp, &g, at, c);
		}
		g.end = (uint32_t)pp->text.len;
		prev = c;
	}
	if (!rc && open) {
		trawl__pdfseg *out = trawl__vec_push(&pp->segs);
		if (!out)
			rc = TRAWL_ENOMEM;
		else
			*out = g;
	}
	if (rc)
		return rc;
	l = &TRAWL_VEC_AT(&pp->lines, trawl__pdfline, li);
	l->end = (uint32_t)pp->text.len;
	l->nseg = (uint32_t)pp->segs.n - seg0;
	for (uint32_t k = seg0; k < seg0 + l->nseg; k++) {
		const trawl__pdfseg *s = &TRAWL_VEC_AT(&pp->segs, trawl__pdfseg, k);
		if (k == seg0) {
			l->x0 = s->x0; l->y0 = s->y0; l->x1 = s->x1; l->y1 = s->y1;
		} else {
			l->x0 = fminf(l->x0, s->x0); l->y0 = fminf(l->y0, s->y0);
			l->x1 = fmaxf(l->x1, s->x1); l->y1 = fmaxf(l->y1, s->y1);
		}
	}
	return TRAWL_OK;
}

static trawl_err put_plain(trawl__pdfpage *pp, const opage *pg, const oplain *o)
{
	trawl__pdfline *l = trawl__vec_push(&pp->lines);
	trawl__pdfseg *g;
	trawl_err rc;

	if (!l)
		return TRAWL_ENOMEM;
	l->start = (uint32_t)pp->text.len;
	rc = trawl__buf_add(&pp->text, pg->ptext.data + o->start, o->end - o->start);
	if (rc)
		return rc;
	l = &TRAWL_VEC_AT(&pp->lines, trawl__pdfline, pp->lines.n - 1);
	l->end = (uint32_t)pp->text.len;
	l->x0 = o->x0; l->y0 = o->y0; l->x1 = o->x1; l->y1 = o->y1;
	l->seg = (uint32_t)pp->segs.n;
	l->nseg = 1;
	l->plain = 1;
	g = trawl__vec_push(&pp->segs);
	if (!g)
		return TRAWL_ENOMEM;
	g->x0 = o->x0; g->y0 = o->y0; g->x1 = o->x1; g->y1 = o->y1;
	g->start = l->start;
	g->end = l->end;
	g->line = (uint32_t)pp->lines.n - 1;
	g->size = fminf(o->x1 - o->x0, o->y1 - o->y0);
	return TRAWL_OK;
}

/* The page's characters as lines, top to bottom: characters whose
 * baselines lie within a third of an em of each other are one row. */
static trawl_err build_lines(const opage *pg, trawl__pdfpage *pp)
{
	const ochar *ch = pg->chars.items;
	size_t n = pg->chars.n, i, nrows = 0;
	key *k = malloc((n ? n : 1) * sizeof *k);
	uint32_t *ord = malloc((n ? n : 1) * sizeof *ord);
	lref *rows = malloc((n + pg->plains.n + 1) * sizeof *rows);
	trawl_err rc = TRAWL_OK;

	if (!k || !ord || !rows) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		k[i].a = ch[i].base;
		k[i].b = ch[i].x0;
		k[i].i = (uint32_t)i;
	}
	qsort(k, n, sizeof *k, key_cmp);
	for (i = 0; i < n; i++)
		ord[i] = k[i].i;
	for (i = 0; i < n;) {
		size_t j = i + 1;
		float base = ch[ord[i]].base, size = ch[ord[i]].size, x0 = ch[ord[i]].x0;
		while (j < n && ch[ord[j]].base - base <= 0.33f * fmaxf(size, ch[ord[j]].size)) {
			size = fmaxf(size, ch[ord[j]].size);
			x0 = fminf(x0, ch[ord[j]].x0);
			j++;
		}
		rows[nrows].y = base - size;
		rows[nrows].x = x0;
		rows[nrows].plain = 0;
		rows[nrows].a = (uint32_t)i;
		rows[nrows++].b = (uint32_t)j;
		i = j;
	}
	for (i = 0; i < pg->plains.n; i++) {
		const oplain *o = &TRAWL_VEC_AT(&pg->plains, oplain, i);
		rows[nrows].y = o->y0;
		rows[nrows].x = o->x0;
		rows[nrows].plain = 1;
		rows[nrows].a = (uint32_t)i;
		rows[nrows++].b = 0;
	}
	qsort(rows, nrows, sizeof *rows, lref_cmp);
	for (i = 0; i < nrows && !rc; i++) {
		if (rows[i].plain) {
			rc = put_plain(pp, pg, &TRAWL_VEC_AT(&pg->plains, oplain, rows[i].a));
			continue;
		}
		/* the row's characters by x */
		for (uint32_t a = rows[i].a; a < rows[i].b; a++) {
			k[a].a = ch[ord[a]].x0;
			k[a].b = ch[ord[a]].base;
			k[a].i = ord[a];
		}
		qsort(k + rows[i].a, rows[i].b - rows[i].a, sizeof *k, key_cmp);
		for (uint32_t a = rows[i].a; a < rows[i].b; a++)
			ord[a] = k[a].i;
		rc = put_row(pp, ch, ord + rows[i].a, rows[i].b - rows[i].a, pg->ocred != 0);
	}
	if (!rc)
		for (i = 0; i < pg->rules.n && !rc; i++) {
			trawl__pdfrule *r = trawl__vec_push(&pp->rules);
			if (!r)
				rc = TRAWL_ENOMEM;
			else
				*r = TRAWL_VEC_AT(&pg->rules, trawl__pdfrule, i);
		}
out:
	free(k);
	free(ord);
	free(rows);
	return rc;
}

/* ---- e-invoices ---- */

enum { F_NUMBER, F_CODE, F_DATE, F_BUYER, F_BUYER_ID, F_SELLER, F_SELLER_ID, F_AMOUNT,
       F_TAX, F_TOTAL, F_N };

static const struct {
	const char *tag;          /* its CustomTag element */
	const char *names[3];     /* DocInfo CustomData names, and labels on the page */
} fields[F_N] = {
	[F_NUMBER] = { "InvoiceNo", { "发票号码", NULL, NULL } },
	[F_CODE] = { "InvoiceCode", { "发票代码", NULL, NULL } },
	[F_DATE] = { "IssueDate", { "开票日期", NULL, NULL } },
	[F_BUYER] = { "BuyerName", { "购买方名称", "购买方", NULL } },
	[F_BUYER_ID] = { "BuyerTaxID", { "购买方纳税人识别号", "购买方统一社会信用代码", NULL } },
	[F_SELLER] = { "SellerName", { "销售方名称", "销售方", NULL } },
	[F_SELLER_ID] = { "SellerTaxID", { "销售方纳税人识别号", "销售方统一社会信用代码", NULL } },
	[F_AMOUNT] = { "TaxExclusiveTotalAmount", { "合计金额", NULL, NULL } },
	[F_TAX] = { "TaxTotalAmount", { "合计税额", NULL, NULL } },
	[F_TOTAL] = { "TaxInclusiveTotalAmount", { "价税合计", NULL, NULL } },
};

typedef struct invoice {
	char value[F_N][256];
	char objs[F_N][4][24];   /* the text objects a custom tag names */
	int nobjs[F_N];
	int any;
} invoice;

static void set_value(invoice *iv, int f, const char *v)
{
	const char *b = v;
	size_t n;

	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	n = strlen(b);
	while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\n' || b[n - 1] == '\r'))
		n--;
	if (!n || iv->value[f][0])
		return;
	if (n >= sizeof iv->value[f])
		n = sizeof iv->value[f] - 1;
	memcpy(iv->value[f], b, n);
	iv->value[f][n] = '\0';
	iv->any = 1;
}

static int field_by_tag(const char *tag)
{
	for (int f = 0; f < F_N; f++)
		if (!strcmp(fields[f].tag, tag))
			return f;
	return -1;
}

static int field_by_name(const char *name)
{
	for (int f = 0; f < F_N; f++)
		for (int k = 0; k < 3 && fields[f].names[k]; k++)
			if (!strcmp(fields[f].names[k], name))
				return f;
	return -1;
}

/* Tags/CustomTag.xml files: leaf elements holding ObjectRefs. */
static void read_tags(trawl__zip *z, const char *doc_part, const char *tags_ref, invoice *iv,
                      trawl__docset *s, const char *path)
{
	char part[PART_MAX], sub[PART_MAX];
	xmlTextReaderPtr r;
	trawl__vec files;
	trawl__buf tmp;
	trawl_err rc;
	int ret;

	if (!part_name(z, doc_part, tags_ref, part, sizeof part))
		return;
	trawl__vec_init(&files, sizeof(ref));
	trawl__buf_init(&tmp, 4096);
	r = trawl__zip_xml(z, part, NULL, &rc);
	while (r && (ret = trawl__xml_read(r)) == 1) {
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    !strcmp(LNAME(r), "FileLoc")) {
			element_text(r, &tmp);
			ref *f = files.n < 16 ? trawl__vec_push(&files) : NULL;
			if (f && !part_name(z, part, tmp.data, f->part, sizeof f->part))
				files.n--;
		}
	}
	/* a damaged tag file costs the tags, not a warning: the page's
	 * labels still give the fields */
	trawl__zip_xml_end(z, r, NULL);
	for (size_t i = 0; i < files.n; i++) {
		char cur[64] = "";
		snprintf(sub, sizeof sub, "%s", TRAWL_VEC_AT(&files, ref, i).part);
		r = trawl__zip_xml(z, sub, NULL, &rc);
		while (r && (ret = trawl__xml_read(r)) == 1) {
			int t = xmlTextReaderNodeType(r);
			const char *n = LNAME(r);
			int f;
			if (t != XML_READER_TYPE_ELEMENT)
				continue;
			if (strcmp(n, "ObjectRef")) {
				snprintf(cur, sizeof cur, "%s", n);
				continue;
			}
			f = field_by_tag(cur);
			element_text(r, &tmp);
			if (f >= 0 && iv->nobjs[f] < 4 && tmp.len && tmp.len < 24) {
				snprintf(iv->objs[f][iv->nobjs[f]++], 24, "%s", tmp.data);
				iv->any = 1;
			}
		}
		trawl__zip_xml_end(z, r, NULL);
	}
	trawl__vec_release(&files);
	trawl__buf_release(&tmp);
}

/* The text of the page objects a field's tag names, joined. */
static void tag_values(invoice *iv, const opage *pg)
{
	for (int f = 0; f < F_N; f++) {
		char v[256] = "";
		size_t n = 0;
		for (int k = 0; k < iv->nobjs[f]; k++)
			for (size_t i = 0; i < pg->objs.n; i++) {
				const oobj *o = &TRAWL_VEC_AT(&pg->objs, oobj, i);
				if (strcmp(o->id, iv->objs[f][k]) || !o->len)
					continue;
				if (n + o->len + 1 < sizeof v) {
					memcpy(v + n, pg->otext.data + o->text, o->len);
					n += o->len;
					v[n] = '\0';
				}
				break;
			}
		if (n && !iv->value[f][0])
			set_value(iv, f, v);
	}
}

/* ---- finding a value in a page's text ---- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An amount as an exact decimal: the digits of v without ¥, commas or
 * blanks ("¥4,449.00" -> "4449.00"); 0 when v holds no number. */
static int amount_of(const char *v, char *out, size_t n)
{
	size_t o = 0;
	int digits = 0, dot = 0;

	for (const char *p = v; *p && o + 1 < n; p++) {
		if (is_digit(*p)) {
			out[o++] = *p;
			digits++;
		} else if (*p == '.' && !dot && digits) {
			out[o++] = '.';
			dot = 1;
		} else if (*p == '-' && !o) {
			out[o++] = '-';
		} else if (*p == ',' || *p == ' ' || (unsigned char)*p >= 0x80) {
			/* separators, ¥ */
		} else if (digits) {
			break;
		}
	}
	out[o] = '\0';
	if (!digits)
		return 0;
	/* no trailing zeros after the point, no point alone */
	if (dot) {
		while (o && out[o - 1] == '0')
			out[--o] = '\0';
		if (o && out[o - 1] == '.')
			out[--o] = '\0';
	}
	return 1;
}

/* An ISO date from 2024年05月28日, 2024-05-28, 2024/5/28, 20240528. */
static int date_of(const char *v, char *out, size_t n)
{
	long y = 0, m = 0, d = 0;
	const char *p = v;
	char *e;

	while (*p && !is_digit(*p))
		p++;
	y = strtol(p, &e, 10);
	if (e - p == 8) {
		d = y % 100;
		m = y / 100 % 100;
		y /= 10000;
	} else {
		if (e == p)
			return 0;
		p = e;
		while (*p && !is_digit(*p))
			p++;
		m = strtol(p, &e, 10);
		if (e == p)
			return 0;
		p = e;
		while (*p && !is_digit(*p))
			p++;
		d = strtol(p, &e, 10);
		if (e == p)
			return 0;
	}
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(out, n, "%04ld-%02ld-%02ld", y, m, d);
	return 1;
}

/* Where needle (normalized like the unit's text) is printed in unit u:
 * within the box of object `ob` if it is there, else the first place (the
 * last with `last`: a total is printed after the items it sums). */
static int locate(const trawl__unit *u, const char *needle, const oobj *ob, int last,
                  uint32_t *start, uint32_t *end)
{
	trawl__ntext nt;
	const char *t = u->nt.text.data, *p;
	size_t tn = u->nt.text.len, nn;
	int found = 0;

	trawl__ntext_init(&nt, 4096);
	if (trawl__ntext_add(&nt, needle, strlen(needle)) || !nt.text.len) {
		trawl__ntext_release(&nt);
		return 0;
	}
	nn = nt.text.len;
	for (p = t; p + nn <= t + tn && (p = memmem(p, (size_t)(t + tn - p), nt.text.data, nn));
	     p++) {
		uint32_t at = (uint32_t)(p - t);
		int inside = 0;
		/* a number is not found inside a longer one */
		if (is_digit(nt.text.data[0]) && at > 0 && (is_digit(t[at - 1]) || t[at - 1] == '.'))
			continue;
		if (is_digit(nt.text.data[nn - 1]) && at + nn < tn && is_digit(t[at + nn]))
			continue;
		for (size_t k = 0; ob && k < u->spans.n && !inside; k++) {
			const trawl__span *sp = &TRAWL_VEC_AT(&u->spans, trawl__span, k);
			inside = sp->start <= at && at < sp->end && sp->x0 < ob->x1 + 1 &&
			         sp->x1 > ob->x0 - 1 && sp->y0 < ob->y1 + 1 && sp->y1 > ob->y0 - 1;
		}
		if (!found || inside || last) {
			*start = at;
			*end = at + (uint32_t)nn;
			found = 1;
		}
		if (inside)
			break;
		if (!last && !ob)
			break;
	}
	trawl__ntext_release(&nt);
	return found;
}

/* ---- labels on the page, when the file does not tag its fields ---- */

/* After the label at p (skipping blanks and a colon): the value, up to a
 * tab, a line's end, a wide gap or a blank before something that is no
 * word (the invoice's cipher area beside the buyer's name); into out. */
static void after_label(const char *p, const char *e, char *out, size_t n)
{
	size_t o = 0;

	while (p < e && (*p == ' ' || *p == ':' || *p == '\t'))
		p++;
	while (p < e && *p != '\n' && *p != '\t' && o + 1 < n) {
		if (*p == ' ' && (p + 1 >= e || p[1] == ' ' ||
		                  ((unsigned char)p[1] < 0x80 && !((p[1] >= 'a' && p[1] <= 'z') ||
		                                                  (p[1] >= 'A' && p[1] <= 'Z')))))
			break;
		out[o++] = *p++;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* A tax id after the label at p: the run of digits and capitals. */
static void id_after(const char *p, const char *e, char *out, size_t n)
{
	size_t o = 0;

	while (p < e && (*p == ' ' || *p == ':' || *p == '\t'))
		p++;
	while (p < e && o + 1 < n && ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
		out[o++] = *p++;
	out[o] = '\0';
}

/* label in t..e, its characters perhaps spaced out ("名 称"); *after gets
 * where the match ends. */
static const char *find_label(const char *t, const char *e, const char *label,
                              const char **after)
{
	size_t ln = strlen(label);

	for (const char *p = t; p && p < e; p++) {
		const char *q = p, *l = label;
		if (*p != *label)
			continue;
		while (l < label + ln && q < e) {
			size_t cl = ((unsigned char)*l >= 0xF0) ? 4 : ((unsigned char)*l >= 0xE0) ? 3 :
			            ((unsigned char)*l >= 0xC0) ? 2 : 1;
			if (l > label && (*q == ' ' || *q == '\t'))
				q++;
			if (q + cl > e || memcmp(q, l, cl))
				break;
			q += cl;
			l += cl;
		}
		if (l == label + ln) {
			*after = q;
			return p;
		}
	}
	return NULL;
}

static const char *find_from(const char *t, const char *e, const char *label)
{
	size_t n = strlen(label);
	return t < e ? memmem(t, (size_t)(e - t), label, n) : NULL;
}

/* The fields of an invoice from its printed labels: 发票号码, 开票日期, the
 * first 名称 and 纳税人识别号 (the buyer's block comes first) and the
 * second, 价税合计's figure. */
static void label_values(invoice *iv, const trawl__unit *u)
{
	const char *t = u->nt.text.data, *e = t + u->nt.text.len, *p, *q;
	char v[256];
	int nname = 0, nid = 0;

	if (!find_from(t, e, "发票") || (!find_from(t, e, "价税合计") && !find_from(t, e, "开票日期")))
		return;
	if ((p = find_from(t, e, "发票号码"))) {
		after_label(p + strlen("发票号码"), e, v, sizeof v);
		set_value(iv, F_NUMBER, v);
	}
	if ((p = find_from(t, e, "开票日期"))) {
		after_label(p + strlen("开票日期"), e, v, sizeof v);
		set_value(iv, F_DATE, v);
	}
	for (p = t; nname < 2 && (p = find_label(p, e, "名称", &q)); p = q) {
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= e || *q != ':')
			continue;
		after_label(q, e, v, sizeof v);
		set_value(iv, nname++ ? F_SELLER : F_BUYER, v);
	}
	for (p = t; nid < 2 && (p = find_label(p, e, "纳税人识别号", &q)); p = q) {
		int f;
		while (q < e && *q == ' ')
			q++;
		if (q >= e || *q != ':')
			continue;
		/* the first is the buyer's, even when it is blank (a person) */
		f = nid++ ? F_SELLER_ID : F_BUYER_ID;
		id_after(q, e, v, sizeof v);
		if (strlen(v) >= 15 && strcmp(v, iv->value[f == F_BUYER_ID ? F_SELLER_ID : F_BUYER_ID]))
			set_value(iv, f, v);
	}
	/* the 合计 row: the amount, then the tax */
	for (p = t; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e, *a;
		if (find_label(p, le, "合计", &q) == p) {
			int k = 0;
			for (a = q; a < le && k < 2; a++) {
				const char *b = a;
				if (!is_digit(*a) || (a > q && (is_digit(a[-1]) || a[-1] == '.')))
					continue;
				while (b < le && (is_digit(*b) || *b == '.' || *b == ','))
					b++;
				if (memchr(a, '.', (size_t)(b - a))) {
					snprintf(v, sizeof v, "%.*s", (int)(b - a), a);
					set_value(iv, k++ ? F_TAX : F_AMOUNT, v);
				}
				a = b;
			}
			break;
		}
		p = le + 1;
	}
	if ((p = find_from(t, e, "价税合计"))) {
		/* its figure: after 小写 or ¥ on the same line */
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		const char *lc = find_from(p, le, "小写");
		const char *y = find_from(lc ? lc : p, le, "\xC2\xA5");
		if (y) {
			after_label(y + 2, le, v, sizeof v);
			set_value(iv, F_TOTAL, v);
		}
	}
}

static void add_fact(trawl__docset *s, trawl__doc *d, uint32_t unit, const trawl__unit *u,
                     const char *kind, const char *shown, const oobj *ob, const char *value,
                     const char *role, const char *label, const char *code)
{
	trawl__rfact f;

	memset(&f, 0, sizeof f);
	if (!shown[0] || !value[0] ||
	    !locate(u, shown, ob, !strcmp(kind, "money"), &f.start, &f.end))
		return;
	f.unit = unit;
	snprintf(f.kind, sizeof f.kind, "%s", kind);
	snprintf(f.value, sizeof f.value, "%s", value);
	snprintf(f.role, sizeof f.role, "%s", role ? role : "");
	snprintf(f.label, sizeof f.label, "%s", label ? label : "");
	snprintf(f.code, sizeof f.code, "%s", code ? code : "");
	if (!strcmp(kind, "money")) {
		memcpy(f.currency, "CNY", 4);
		snprintf(f.unit_name, sizeof f.unit_name, "元");
	}
	if (!strcmp(kind, "date"))
		memcpy(f.precision, "day", 4);
	trawl__doc_rfact(s, d, &f);
}

/* The object a field's tag names on this page, if any. */
static const oobj *field_obj(const invoice *iv, int f, const opage *pg)
{
	for (int k = iv->nobjs[f] - 1; k >= 0; k--)
		for (size_t i = 0; i < pg->objs.n; i++) {
			const oobj *o = &TRAWL_VEC_AT(&pg->objs, oobj, i);
			if (!strcmp(o->id, iv->objs[f][k]))
				return o;
		}
	return NULL;
}

/* The invoice's facts, cited on the page unit u (index unit of d). */
static void invoice_facts(trawl__docset *s, trawl__doc *d, uint32_t unit, const invoice *iv,
                          const opage *pg)
{
	const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, unit);
	static const struct { int f; const char *label; } money[] = {
		{ F_AMOUNT, "合计金额(不含税)" }, { F_TAX, "合计税额" }, { F_TOTAL, "价税合计" },
	};
	const char *no = iv->value[F_NUMBER];
	char v[64];

	if (iv->value[F_BUYER][0])
		add_fact(s, d, unit, u, "party", iv->value[F_BUYER], field_obj(iv, F_BUYER, pg),
		         iv->value[F_BUYER], "buyer", "购买方", iv->value[F_BUYER_ID]);
	if (iv->value[F_SELLER][0])
		add_fact(s, d, unit, u, "party", iv->value[F_SELLER], field_obj(iv, F_SELLER, pg),
		         iv->value[F_SELLER], "vendor", "销售方", iv->value[F_SELLER_ID]);
	if (date_of(iv->value[F_DATE], v, sizeof v))
		add_fact(s, d, unit, u, "date", iv->value[F_DATE], field_obj(iv, F_DATE, pg), v,
		         "issued", "开票日期", no);
	for (size_t k = 0; k < sizeof money / sizeof money[0]; k++) {
		const char *raw = iv->value[money[k].f];
		char shown[64];
		size_t o = 0;
		if (!amount_of(raw, v, sizeof v))
			continue;
		/* cited at its digits as printed (the ¥ may be another object) */
		for (const char *p = raw; *p && o + 1 < sizeof shown; p++)
			if (is_digit(*p) || *p == '.' || *p == ',' || *p == '-')
				shown[o++] = *p;
		shown[o] = '\0';
		add_fact(s, d, unit, u, "money", shown, field_obj(iv, money[k].f, pg), v, NULL,
		         money[k].label, no);
	}
}

/* ---- the package ---- */

typedef struct docbody {
	char root[PART_MAX];
	trawl__vec fields;       /* trawl__field: key, value (owned) */
	char title[512];
} docbody;

static void body_field(docbody *b, const char *k, const char *v)
{
	trawl__field *f;

	if (!v || !*v)
		return;
	f = trawl__vec_push(&b->fields);
	if (!f)
		return;
	f->key = trawl__strdup(k);
	f->value = trawl__strdup(v);
	if (!f->key || !f->value) {
		free(f->key);
		free(f->value);
		b->fields.n--;
	}
}

static void body_release(docbody *b)
{
	for (size_t i = 0; i < b->fields.n; i++) {
		free(TRAWL_VEC_AT(&b->fields, trawl__field, i).key);
		free(TRAWL_VEC_AT(&b->fields, trawl__field, i).value);
	}
	trawl__vec_release(&b->fields);
}

/* OFD.xml: each DocBody's DocInfo and DocRoot. */
static trawl_err read_ofd_xml(trawl__zip *z, trawl__vec *bodies, trawl__docset *s,
                              const char *path, trawl_diag *dg)
{
	static const struct { const char *el, *key; } info[] = {
		{ "Title", "title" }, { "Author", "author" }, { "Subject", "subject" },
		{ "Abstract", "abstract" }, { "CreationDate", "created" }, { "ModDate", "modified" },
		{ "Creator", "creator" }, { "DocUsage", "usage" },
	};
	xmlTextReaderPtr r;
	trawl__buf tmp;
	docbody *b = NULL;
	trawl__buf keys;
	trawl_err rc;
	int ret;

	r = trawl__zip_xml(z, "OFD.xml", dg, &rc);
	if (!r) {
		if (rc == TRAWL_ENOTFOUND)
			trawl__diag_set(dg, path, "OFD has no OFD.xml");
		return rc;
	}
	trawl__buf_init(&tmp, 1 << 20);
	trawl__buf_init(&keys, 1 << 16);
	while ((ret = trawl__xml_read(r)) == 1) {
		const char *n;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		n = LNAME(r);
		if (!strcmp(n, "DocBody")) {
			if (b && keys.len)
				body_field(b, "keywords", keys.data);
			b = bodies->n < 64 ? trawl__vec_push(bodies) : NULL;
			if (b)
				trawl__vec_init(&b->fields, sizeof(trawl__field));
			trawl__buf_reset(&keys);
			continue;
		}
		if (!b)
			continue;
		if (!strcmp(n, "DocRoot")) {
			element_text(r, &tmp);
			snprintf(b->root, sizeof b->root, "%s", tmp.data ? tmp.data : "");
		} else if (!strcmp(n, "CustomData")) {
			char name[128];
			attr_copy(r, "Name", name, sizeof name);
			element_text(r, &tmp);
			if (name[0])
				body_field(b, name, tmp.data);
		} else if (!strcmp(n, "Keyword")) {
			element_text(r, &tmp);
			if (tmp.len) {
				if (keys.len)
					trawl__buf_adds(&keys, ", ");
				trawl__buf_adds(&keys, tmp.data);
			}
		} else {
			for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
				if (!strcmp(n, info[i].el)) {
					element_text(r, &tmp);
					body_field(b, info[i].key, tmp.data);
					if (i == 0 && tmp.len)
						snprintf(b->title, sizeof b->title, "%s", tmp.data);
				}
		}
	}
	if (b && keys.len)
		body_field(b, "keywords", keys.data);
	rc = trawl__ooxml_close(z, r, ret, "OFD.xml", s, path, dg);
	trawl__buf_release(&tmp);
	trawl__buf_release(&keys);
	return rc;
}

/* Document.xml: pages, templates, custom tags. */
typedef struct ofddoc {
	trawl__vec pages;        /* ref */
	trawl__vec tpls;         /* ref */
	trawl__vec annots;       /* ref: a page's id, an annotation part of it */
	char tags[PART_MAX];
	char res[4][PART_MAX];   /* DocumentRes and PublicRes parts */
	int nres;
	char annot_list[PART_MAX]; /* Annotations part, or "" */
	trawl__vec media;        /* ref: a multimedia resource's id, its part */
	trawl__vec fonts;        /* ofont */
	int media_read;
	char font_err[320];      /* the first font that could not be read */
} ofddoc;

/* A font the document embeds (Font ID, FontFile), read when a character
 * drawn by it needs it. */
typedef struct ofont {
	char id[32];
	char part[PART_MAX];
	int state;               /* 0 not read, 1 read, -1 can't be read */
	trawl__glyphmap gm;
	unsigned char *data;     /* the font file, for drawing its glyphs */
	size_t len;
	fz_font *fzf;            /* made from data in the page's MuPDF context */
} ofont;

#define MAX_FONTS 4096
#define FONT_MAX_BYTES ((size_t)64 << 20)

/* The multimedia resources (pictures) the resource parts list: each
 * MultiMedia's ID and its MediaFile, relative to the part's BaseLoc. */
static void read_media(trawl__zip *z, ofddoc *od, trawl__docset *s, const char *path)
{
	trawl__buf tmp;

	od->media_read = 1;
	trawl__buf_init(&tmp, 1 << 16);
	for (int k = 0; k < od->nres && !s->rc; k++) {
		xmlTextReaderPtr r;
		char base[PART_MAX] = "", id[32] = "";
		trawl_diag d;
		int ret;
		trawl_err rc;
		memset(&d, 0, sizeof d);
		r = trawl__zip_xml(z, od->res[k], &d, &rc);
		if (!r)
			continue; /* its pictures stay unknown: their pages untold */
		while ((ret = trawl__xml_read(r)) == 1) {
			const char *n;
			if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
				continue;
			n = LNAME(r);
			if (!strcmp(n, "Res")) {
				attr_copy(r, "BaseLoc", base, sizeof base);
			} else if (!strcmp(n, "MultiMedia") || !strcmp(n, "Font")) {
				attr_copy(r, "ID", id, sizeof id);
			} else if (!strcmp(n, "FontFile") && id[0] && od->fonts.n < MAX_FONTS) {
				char part[PART_MAX];
				ofont *f;
				element_text(r, &tmp);
				if (!tmp.data || !tmp.data[0] ||
				    !res_part(z, od->res[k], base, tmp.data, part, sizeof part))
					continue;
				f = trawl__vec_push(&od->fonts);
				if (!f) {
					s->rc = TRAWL_ENOMEM;
					break;
				}
				memset(f, 0, sizeof *f);
				snprintf(f->id, sizeof f->id, "%s", id);
				snprintf(f->part, sizeof f->part, "%s", part);
				id[0] = '\0';
			} else if (!strcmp(n, "MediaFile") && id[0] && od->media.n < MAX_IMAGES * 4) {
				char part[PART_MAX];
				ref *m;
				element_text(r, &tmp);
				if (!tmp.data || !tmp.data[0] ||
				    !res_part(z, od->res[k], base, tmp.data, part, sizeof part))
					continue;
				m = trawl__vec_push(&od->media);
				if (!m) {
					s->rc = TRAWL_ENOMEM;
					break;
				}
				snprintf(m->id, sizeof m->id, "%s", id);
				snprintf(m->part, sizeof m->part, "%s", part);
				id[0] = '\0';
			}
		}
		trawl__ooxml_close(z, r, ret, od->res[k], s, path, &d);
	}
	trawl__buf_release(&tmp);
}

static const trawl__glyphmap *font_map(opage *pg, const char *id, uint32_t *index)
{
	ofddoc *od = pg->od;
	trawl__buf data;
	trawl_err rc;

	if (!od->media_read)
		read_media(pg->z, od, pg->s, pg->path);
	for (size_t i = 0; i < od->fonts.n; i++) {
		ofont *f = &TRAWL_VEC_AT(&od->fonts, ofont, i);
		trawl_diag d;
		if (strcmp(f->id, id))
			continue;
		*index = (uint32_t)i;
		if (f->state)
			return f->state > 0 ? &f->gm : NULL;
		/* a font that can't be read leaves its characters unknown: the
		 * page's warning says how many */
		f->state = -1;
		memset(&d, 0, sizeof d);
		trawl__buf_init(&data, FONT_MAX_BYTES);
		rc = trawl__zip_read(pg->z, f->part, &data);
		if (!rc && !data.len)
			rc = TRAWL_EFORMAT;
		if (!rc)
			rc = trawl__glyphmap_load(&f->gm, data.data, data.len, &d);
		else
			trawl__diag_set(&d, NULL, "%s", trawl_strerror(rc));
		if (!rc) {
			f->data = (unsigned char *)trawl__buf_detach(&data, &f->len);
			f->state = f->data ? 1 : -1;
			if (!f->data)
				trawl__glyphmap_release(&f->gm);
		} else if (!od->font_err[0]) {
			snprintf(od->font_err, sizeof od->font_err, "font %.24s (%.80s) can't be read: %.80s",
			         f->id, f->part, d.msg[0] ? d.msg : trawl_strerror(rc));
		}
		trawl__buf_release(&data);
		return f->state > 0 ? &f->gm : NULL;
	}
	if (!od->font_err[0])
		snprintf(od->font_err, sizeof od->font_err, "font %.24s is not in the file", id);
	return NULL;
}

static void fonts_release(ofddoc *od, fz_context *ctx)
{
	for (size_t i = 0; i < od->fonts.n; i++) {
		ofont *f = &TRAWL_VEC_AT(&od->fonts, ofont, i);
		trawl__glyphmap_release(&f->gm);
		free(f->data);
		if (f->fzf && ctx)
			fz_drop_font(ctx, f->fzf);
	}
	trawl__vec_release(&od->fonts);
}

static const char *media_part(const ofddoc *od, const char *id)
{
	for (size_t i = 0; i < od->media.n; i++)
		if (!strcmp(TRAWL_VEC_AT(&od->media, ref, i).id, id))
			return TRAWL_VEC_AT(&od->media, ref, i).part;
	return NULL;
}

/* A picture smaller than this (inches, either side) is a seal, a logo, a
 * QR code: no scanned page. */
#define SCAN_MIN_INCHES 1.5f

/* The picture in data (PNG, JPEG, TIFF...) drawn in gray on white at pw x
 * ph pixels; NULL when it can't be decoded (d says why). */
static fz_pixmap *draw_picture(fz_context *ctx, const trawl__buf *data, int pw, int ph,
                               trawl_diag *d, const char *part)
{
	fz_buffer *fb = NULL;
	fz_image *img = NULL;
	fz_pixmap *pix = NULL;
	fz_device *dev = NULL;

	fz_var(fb);
	fz_var(img);
	fz_var(pix);
	fz_var(dev);
	fz_try(ctx) {
		fb = fz_new_buffer_from_copied_data(ctx, (const unsigned char *)data->data, data->len);
		img = fz_new_image_from_buffer(ctx, fb);
		pix = fz_new_pixmap(ctx, fz_device_gray(ctx), pw, ph, NULL, 0);
		fz_clear_pixmap_with_value(ctx, pix, 255);
		dev = fz_new_draw_device(ctx, fz_identity, pix);
		fz_fill_image(ctx, dev, img, fz_scale((float)pw, (float)ph), 1,
		              fz_default_color_params);
		fz_close_device(ctx, dev);
	}
	fz_always(ctx) {
		fz_drop_device(ctx, dev);
		fz_drop_image(ctx, img);
		fz_drop_buffer(ctx, fb);
	}
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "picture %s can't be decoded: %s", part,
		                fz_caught_message(ctx));
		fz_drop_pixmap(ctx, pix);
		pix = NULL;
	}
	return pix;
}

/* OCR of a page that is pictures only (a scanned document saved as OFD):
 * each picture large enough to be a page, drawn at TRAWL__OCR_DPI (a
 * scan of lower resolution is enlarged: Tesseract reads 300 dpi best)
 * and read into pp, its boxes in the page's points. *conf: the mean word
 * confidence; *ocred: pictures read; *failed: pictures that could not be
 * decoded (d says why). Returns an error only when OCR can't run at all
 * (its language data missing: d says so) or memory ran out. */
static trawl_err ocr_images(trawl__zip *z, const ofddoc *od, const opage *pg,
                            trawl__pdfpage *pp, trawl__fz *fz, trawl__ocr_file *of,
                            float *conf, int *ocred, int *failed, trawl_diag *d)
{
	fz_context *ctx = fz->ctx;
	trawl__buf data;
	double csum = 0;
	long cn = 0;
	trawl_err rc = TRAWL_OK;

	*conf = 0;
	trawl__buf_init(&data, (size_t)256 << 20);
	for (size_t i = 0; i < pg->imgs.n && !rc; i++) {
		const oimg *im = &TRAWL_VEC_AT(&pg->imgs, oimg, i);
		const char *part = media_part(od, im->id);
		float win = im->m[0] / 25.4f, hin = im->m[3] / 25.4f, c = 0;
		double dpi = TRAWL__OCR_DPI;
		fz_pixmap *pix;
		int pw, ph, nw = 0;
		/* upright pictures only (a turned scan is rare in OFD) */
		if (fabsf(im->m[1]) > 1e-3f || fabsf(im->m[2]) > 1e-3f || !(win >= SCAN_MIN_INCHES) ||
		    !(hin >= SCAN_MIN_INCHES) || win > 100 || hin > 100 || !part)
			continue;
		rc = trawl__zip_read(z, part, &data);
		if (rc == TRAWL_ENOMEM)
			break;
		if (rc) {
			trawl__diag_set(d, NULL, "picture %s can't be read (%s)", part, trawl_strerror(rc));
			(*failed)++;
			rc = TRAWL_OK;
			continue;
		}
		if ((double)win * hin * dpi * dpi > TRAWL__OCR_MAX_PIXELS)
			dpi = sqrt(TRAWL__OCR_MAX_PIXELS / ((double)win * hin));
		pw = (int)(win * dpi + 0.5);
		ph = (int)(hin * dpi + 0.5);
		pix = draw_picture(ctx, &data, pw, ph, d, part);
		if (!pix) {
			(*failed)++;
			continue;
		}
		{
			float xf[4] = { im->m[0] * MM_PT / (float)pw, im->m[3] * MM_PT / (float)ph,
			                im->m[4] * MM_PT, im->m[5] * MM_PT };
			rc = trawl__ocr_gray(of, fz_pixmap_samples(ctx, pix), pw, ph,
			                     fz_pixmap_stride(ctx, pix), (int)lround(dpi), xf, pp, NULL, 0,
			                     0, &c, &nw, d);
		}
		fz_drop_pixmap(ctx, pix);
		if (rc == TRAWL_EFORMAT) {
			(*failed)++;
			rc = TRAWL_OK;
			continue;
		}
		if (!rc) {
			(*ocred)++;
			csum += (double)c * nw;
			cn += nw;
		}
	}
	trawl__buf_release(&data);
	if (cn)
		*conf = (float)(csum / cn);
	return rc;
}

/* MuPDF's reading of font f (FreeType again), made the first time; NULL
 * when it fails (its glyphs are not drawn). */
static fz_font *ghost_font(fz_context *ctx, ofont *f)
{
	fz_buffer *fb = NULL;

	if (f->fzf || f->state <= 0)
		return f->fzf;
	fz_var(fb);
	fz_try(ctx) {
		fb = fz_new_buffer_from_copied_data(ctx, f->data, f->len);
		f->fzf = fz_new_font_from_buffer(ctx, NULL, fb, 0, 0);
	}
	fz_always(ctx)
		fz_drop_buffer(ctx, fb);
	fz_catch(ctx)
		f->state = -1;
	return f->fzf;
}

/* The glyphs read by OCR are drawn apart on a sheet, each once, in a
 * grid: SHEET_COLS a row, each in a cell 3 ems wide and 2 high, an em
 * SHEET_EM pixels (a 10.5-point character at 300 dpi is 44). Set apart
 * (and each glyph once), no character's reading leans on its neighbours'
 * and the readings are put back where they belong. */
#define SHEET_COLS 20
#define SHEET_EM 48
#define SHEET_COLW (SHEET_EM + SHEET_EM / 8)
#define SHEET_ROW (2 * SHEET_EM)
#define SHEET_MAX 2000

typedef struct sglyph {
	uint32_t font, gid;
	float conf;              /* of its reading */
	uint32_t cp;             /* its reading, 0 none */
} sglyph;

static int sglyph_cmp(const void *x, const void *y)
{
	const sglyph *p = x, *q = y;
	if (p->font != q->font)
		return p->font < q->font ? -1 : 1;
	return p->gid < q->gid ? -1 : p->gid > q->gid;
}

static const sglyph *sglyph_find(const sglyph *v, size_t n, uint32_t font, uint32_t gid)
{
	sglyph k = { font, gid, 0, 0 };
	return bsearch(&k, v, n, sizeof *v, sglyph_cmp);
}

/* The glyphs in text, each in its cell of the sheet; how many. */
static int show_sheet(fz_context *ctx, opage *pg, fz_text *text, const sglyph *gl, size_t n)
{
	int drawn = 0;

	for (size_t i = 0; i < n; i++) {
		fz_font *font = ghost_font(ctx, &TRAWL_VEC_AT(&pg->od->fonts, ofont, gl[i].font));
		float cx = (float)(i % SHEET_COLS) * SHEET_COLW;
		float cy = (float)(i / SHEET_COLS) * SHEET_ROW;
		if (!font)
			continue;
		/* the baseline low in the cell: room for what goes below */
		fz_show_glyph(ctx, text, font,
		              fz_make_matrix(SHEET_EM, 0, 0, -SHEET_EM, cx + SHEET_EM / 2.0f,
		                             cy + 1.35f * SHEET_EM),
		              (int)gl[i].gid, 0, 0, 0, FZ_BIDI_LTR, FZ_LANG_UNSET);
		drawn++;
	}
	return drawn;
}

/* The sheet of glyphs gl (w x h pixels), black on white; *drawn: how
 * many. NULL when MuPDF fails (d says why). */
static fz_pixmap *draw_sheet(fz_context *ctx, opage *pg, const sglyph *gl, size_t n, int w,
                             int h, int *drawn, trawl_diag *d)
{
	fz_pixmap *pix = NULL;
	fz_device *dev = NULL;
	fz_text *text = NULL;

	*drawn = 0;
	fz_var(pix);
	fz_var(dev);
	fz_var(text);
	fz_try(ctx) {
		const float black[1] = { 0 };
		pix = fz_new_pixmap(ctx, fz_device_gray(ctx), w, h, NULL, 0);
		fz_clear_pixmap_with_value(ctx, pix, 255);
		dev = fz_new_draw_device(ctx, fz_identity, pix);
		text = fz_new_text(ctx);
		*drawn = show_sheet(ctx, pg, text, gl, n);
		if (*drawn)
			fz_fill_text(ctx, dev, text, fz_identity, fz_device_gray(ctx), black, 1,
			             fz_default_color_params);
		fz_close_device(ctx, dev);
	}
	fz_always(ctx) {
		fz_drop_device(ctx, dev);
		fz_drop_text(ctx, text);
	}
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "glyphs can't be drawn: %s", fz_caught_message(ctx));
		fz_drop_pixmap(ctx, pix);
		pix = NULL;
		*drawn = 0;
	}
	return pix;
}

/* The characters of a page drawn by glyphs whose text is unknown, read
 * by OCR: each distinct glyph drawn from its font on a sheet (above) and
 * read, and every character it draws on the page given that reading.
 * *got: characters given text; *conf their mean confidence. Errors only
 * when OCR can't run or memory ran out. */
#define GHOST_MIN_CONF 50.0f

static trawl_err ocr_ghosts(opage *pg, trawl__fz *fz, trawl__ocr_file *of, float *conf,
                            uint32_t *got, trawl_diag *d)
{
	fz_context *ctx = fz->ctx;
	ochar *ch = pg->chars.items;
	sglyph *gl;
	size_t n = 0;
	double csum = 0;
	fz_pixmap *pix;
	trawl__vec syms;
	int w, h, drawn = 0;
	trawl_err rc = TRAWL_OK;

	*conf = 0;
	*got = 0;
	gl = malloc((pg->ghosts.n ? pg->ghosts.n : 1) * sizeof *gl);
	if (!gl)
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < pg->ghosts.n; i++) {
		const oghost *g = &TRAWL_VEC_AT(&pg->ghosts, oghost, i);
		gl[i].font = g->font;
		gl[i].gid = g->gid;
		gl[i].conf = 0;
		gl[i].cp = 0;
	}
	qsort(gl, pg->ghosts.n, sizeof *gl, sglyph_cmp);
	for (size_t i = 0; i < pg->ghosts.n; i++)
		if (!n || sglyph_cmp(&gl[n - 1], &gl[i]))
			gl[n++] = gl[i];
	/* past the sheet's size the rest stay unknown (and are counted) */
	if (n > SHEET_MAX)
		n = SHEET_MAX;
	w = SHEET_COLS * SHEET_COLW + SHEET_EM;
	h = (int)((n + SHEET_COLS - 1) / SHEET_COLS) * SHEET_ROW;
	trawl__vec_init(&syms, sizeof(trawl__ocr_sym));
	pix = draw_sheet(ctx, pg, gl, n, w, h, &drawn, d);
	if (pix && drawn)
		rc = trawl__ocr_symbols(of, fz_pixmap_samples(ctx, pix), w, h,
		                        fz_pixmap_stride(ctx, pix), TRAWL__OCR_DPI, &syms, d);
	if (pix)
		fz_drop_pixmap(ctx, pix);
	if (rc == TRAWL_EFORMAT)
		rc = TRAWL_OK; /* Tesseract failed on it: the characters stay unknown */
	if (rc || !drawn)
		goto out;
	/* each row of the sheet is a line: read as many characters as it
	 * has glyphs, they go to them in order. Read as more or fewer, the
	 * row's glyphs stay unknown: the boxes can't say which reading is
	 * whose (they drift by as much as a character), and a wrong
	 * character is worse than one said to be missing. */
	for (size_t k = 0; k < syms.n;) {
		const trawl__ocr_sym *sy = &TRAWL_VEC_AT(&syms, trawl__ocr_sym, k);
		int row = (sy->t + sy->b) / 2 / SHEET_ROW;
		size_t j = k, first = (size_t)row * SHEET_COLS, inrow;
		while (j < syms.n && (TRAWL_VEC_AT(&syms, trawl__ocr_sym, j).t +
		                      TRAWL_VEC_AT(&syms, trawl__ocr_sym, j).b) / 2 / SHEET_ROW == row)
			j++;
		inrow = row >= 0 && first < n ? (n - first < SHEET_COLS ? n - first : SHEET_COLS) : 0;
		for (size_t q = k; j - k == inrow && q < j; q++) {
			const trawl__ocr_sym *y = &TRAWL_VEC_AT(&syms, trawl__ocr_sym, q);
			sglyph *g = &gl[first + (q - k)];
			if (y->conf < GHOST_MIN_CONF || trawl__glyph_cp_unusable(y->cp) ||
			    is_blank(y->cp))
				continue;
			g->conf = y->conf;
			g->cp = y->cp;
		}
		k = j;
	}
	qsort(gl, n, sizeof *gl, sglyph_cmp);
	for (size_t i = 0; i < pg->ghosts.n; i++) {
		const oghost *g = &TRAWL_VEC_AT(&pg->ghosts, oghost, i);
		const sglyph *s = sglyph_find(gl, n, g->font, g->gid);
		if (s && s->cp) {
			ch[g->ch].cp = s->cp;
			ch[g->ch].oconf = (uint8_t)(1 + (s->conf > 100 ? 100 : (int)s->conf));
			(*got)++;
			csum += s->conf;
		}
	}
	if (*got)
		*conf = (float)(csum / *got);
	pg->ocred += *got;
out:
	free(gl);
	trawl__vec_release(&syms);
	return rc;
}

/* The characters of the page the file gives no text for, from their
 * fonts: the glyph the CGTransform says (else the one the font's cmap
 * gives the code the file wrote), and that glyph's character (the cmap
 * backwards, the glyph's name). Those still unknown whose glyph can be
 * drawn stay in pg->ghosts, for OCR. */
static void resolve_ghosts(opage *pg)
{
	ochar *ch = pg->chars.items;
	size_t o = 0;

	for (size_t i = 0; i < pg->ghosts.n; i++) {
		oghost *g = &TRAWL_VEC_AT(&pg->ghosts, oghost, i);
		uint32_t fi = 0, r = 0;
		const trawl__glyphmap *gm = g->fid[0] ? font_map(pg, g->fid, &fi) : NULL;
		if (gm && !g->gid)
			g->gid = trawl__glyphmap_glyph(gm, g->raw);
		if (gm && g->gid)
			r = trawl__glyphmap_char(gm, g->gid);
		if (r) {
			ch[g->ch].cp = r;
		} else if (gm && g->gid && g->gid < gm->nglyphs) {
			g->font = fi;
			TRAWL_VEC_AT(&pg->ghosts, oghost, o++) = *g;
		}
	}
	pg->ghosts.n = o;
}

/* Leaves out the page's characters whose text stayed unknown; how many
 * (with those of vertical runs, left out as read). */
static uint32_t drop_unknown(opage *pg)
{
	ochar *ch = pg->chars.items;
	size_t o = 0;
	uint32_t lost = pg->lost;

	for (size_t i = 0; i < pg->chars.n; i++) {
		if (ch[i].cp)
			ch[o++] = ch[i];
		else
			lost++;
	}
	pg->chars.n = o;
	pg->ghosts.n = 0;
	return lost;
}

/* The annotation parts of each page (Annotations.xml: Page PageID=..,
 * FileLoc relative to it). */
static trawl_err read_annot_list(trawl__zip *z, ofddoc *od, trawl__docset *s, const char *path,
                                 trawl_diag *dg)
{
	xmlTextReaderPtr r;
	trawl__buf tmp;
	char page[32] = "";
	int ret;
	trawl_err rc;

	r = trawl__zip_xml(z, od->annot_list, dg, &rc);
	if (!r)
		return rc == TRAWL_ENOTFOUND ? TRAWL_OK : rc;
	trawl__buf_init(&tmp, 1 << 16);
	while ((ret = trawl__xml_read(r)) == 1) {
		const char *n;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		n = LNAME(r);
		if (!strcmp(n, "Page")) {
			attr_copy(r, "PageID", page, sizeof page);
		} else if (!strcmp(n, "FileLoc") && page[0] && od->annots.n < MAX_PAGES) {
			ref *a;
			char part[PART_MAX];
			element_text(r, &tmp);
			if (!tmp.data || !part_name(z, od->annot_list, tmp.data, part, sizeof part))
				continue; /* an annotation part it lacks: nothing to read */
			a = trawl__vec_push(&od->annots);
			if (!a) {
				rc = TRAWL_ENOMEM;
				break;
			}
			snprintf(a->id, sizeof a->id, "%s", page);
			snprintf(a->part, sizeof a->part, "%s", part);
		}
	}
	if (!rc)
		rc = trawl__ooxml_close(z, r, ret, od->annot_list, s, path, dg);
	else
		trawl__zip_xml_end(z, r, NULL);
	trawl__buf_release(&tmp);
	return rc;
}

static trawl_err read_document(trawl__zip *z, const char *part, ofddoc *od, trawl__docset *s,
                               const char *path, trawl_diag *dg)
{
	xmlTextReaderPtr r;
	trawl__buf tmp;
	trawl_err rc;
	int ret, skipped = 0;

	r = trawl__zip_xml(z, part, dg, &rc);
	if (!r) {
		if (rc == TRAWL_ENOTFOUND)
			trawl__diag_set(dg, path, "OFD document %s is missing", part);
		return rc;
	}
	trawl__buf_init(&tmp, 1 << 16);
	while ((ret = trawl__xml_read(r)) == 1) {
		const char *n;
		char loc[PART_MAX];
		ref *rf;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		n = LNAME(r);
		if (!strcmp(n, "Page") || !strcmp(n, "TemplatePage")) {
			trawl__vec *v = n[0] == 'P' ? &od->pages : &od->tpls;
			if (v->n >= (n[0] == 'P' ? MAX_PAGES : MAX_TEMPLATES)) {
				skipped++;
				continue;
			}
			attr_copy(r, "BaseLoc", loc, sizeof loc);
			rf = trawl__vec_push(v);
			if (!rf) {
				rc = TRAWL_ENOMEM;
				break;
			}
			attr_copy(r, "ID", rf->id, sizeof rf->id);
			if (!part_name(z, part, loc, rf->part, sizeof rf->part)) {
				/* kept, so that the page numbers stay right */
				rf->part[0] = '\0';
			}
		} else if (!strcmp(n, "CustomTags")) {
			element_text(r, &tmp);
			snprintf(od->tags, sizeof od->tags, "%s", tmp.data ? tmp.data : "");
		} else if (!strcmp(n, "DocumentRes") || !strcmp(n, "PublicRes") ||
		           !strcmp(n, "Annotations")) {
			/* parts named relative to this one; one that is not there
			 * is left out */
			char *out = n[0] == 'A' ? od->annot_list : od->nres < 4 ? od->res[od->nres] : NULL;
			element_text(r, &tmp);
			if (out && tmp.data && part_name(z, part, tmp.data, out, PART_MAX))
				od->nres += n[0] != 'A';
			else if (out)
				out[0] = '\0';
		}
	}
	if (!rc)
		rc = trawl__ooxml_close(z, r, ret, part, s, path, dg);
	else
		trawl__zip_xml_end(z, r, NULL);
	if (!rc && skipped)
		trawl__docset_warn(s, "%s lists too many pages or templates; %d left out", part,
		                   skipped);
	trawl__buf_release(&tmp);
	return rc;
}

static const char *tpl_part(const ofddoc *od, const char *id)
{
	for (size_t i = 0; i < od->tpls.n; i++)
		if (!strcmp(TRAWL_VEC_AT(&od->tpls, ref, i).id, id))
			return TRAWL_VEC_AT(&od->tpls, ref, i).part;
	return NULL;
}

/* One DocBody: its pages as units, its fields, its invoice's facts. */
static trawl_err read_body(trawl__zip *z, const docbody *b, const char *ext_id,
                           const trawl__ocr_opts *ocr, trawl__docset *s, const char *path,
                           trawl_diag *dg)
{
	/* pages that are pictures only, read by OCR */
	trawl__fz fz;
	trawl__ocr_file of;
	int fz_ok = 0, ocr_dead = 0, img_off = 0, img_failed = 0, img_pages = 0;
	/* characters drawn by glyphs whose text is unknown */
	uint32_t glyph_lost = 0, glyph_read = 0;
	int glyph_pages = 0, glyph_ocr_dead = 0;
	char glyph_where[80] = "", glyph_msg[240] = "";
	char img_msg[240] = "";
	char root[PART_MAX];
	ofddoc od;
	opage pg;
	trawl__pdfpage pp;
	trawl__vec tpl_refs, comps;
	trawl__doc *d;
	invoice iv;
	int bad = 0, crowded = 0, inv_page = -1;
	trawl_err rc = TRAWL_OK;

	memset(&iv, 0, sizeof iv);
	memset(&od, 0, sizeof od);
	trawl__vec_init(&od.pages, sizeof(ref));
	trawl__vec_init(&od.tpls, sizeof(ref));
	trawl__vec_init(&tpl_refs, sizeof(ref));
	trawl__vec_init(&od.annots, sizeof(ref));
	trawl__vec_init(&comps, sizeof(cref));
	trawl__vec_init(&od.media, sizeof(ref));
	trawl__vec_init(&od.fonts, sizeof(ofont));
	memset(&of, 0, sizeof of);
	of.o = ocr;
	opage_init(&pg);
	pg.z = z;
	pg.od = &od;
	pg.s = s;
	pg.path = path;
	trawl__pdfpage_init(&pp);
	if (!part_name(z, NULL, b->root, root, sizeof root)) {
		trawl__diag_set(dg, path, "OFD names its document %s, which it does not hold",
		                b->root[0] ? b->root : "(nothing)");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	rc = read_document(z, root, &od, s, path, dg);
	if (!rc && od.annot_list[0])
		rc = read_annot_list(z, &od, s, path, dg);
	if (rc)
		goto out;
	d = trawl__doc_new(s, ext_id);
	if (b->title[0])
		trawl__doc_title(s, d, b->title, strlen(b->title));
	for (size_t i = 0; i < b->fields.n; i++) {
		const trawl__field *f = &TRAWL_VEC_AT(&b->fields, trawl__field, i);
		int fi = field_by_name(f->key);
		trawl__doc_field(s, d, f->key, f->value);
		if (fi >= 0)
			set_value(&iv, fi, f->value);
	}
	if (od.tags[0])
		read_tags(z, root, od.tags, &iv, s, path);
	for (size_t i = 0; i < od.pages.n && !s->rc; i++) {
		const ref *pr = &TRAWL_VEC_AT(&od.pages, ref, i);
		trawl__unit *u = trawl__unit_new(s, d, "page", (int)i + 1, NULL);
		trawl_diag pd;
		memset(&pd, 0, sizeof pd);
		opage_reset(&pg);
		trawl__pdfpage_reset(&pp);
		tpl_refs.n = 0;
		comps.n = 0;
		if (!pr->part[0]) {
			bad++;
			continue;
		}
		/* the page, its templates, its annotations, then the graphic
		 * units their composite objects draw */
		rc = read_content(z, pr->part, &pg, &tpl_refs, &comps, s, path, &pd);
		for (size_t k = 0; !rc && k < tpl_refs.n; k++) {
			const char *tp = tpl_part(&od, TRAWL_VEC_AT(&tpl_refs, ref, k).id);
			if (tp && tp[0])
				rc = read_content(z, tp, &pg, NULL, &comps, s, path, &pd);
		}
		for (size_t k = 0; !rc && k < od.annots.n; k++) {
			const ref *a = &TRAWL_VEC_AT(&od.annots, ref, k);
			if (!strcmp(a->id, pr->id))
				rc = read_content(z, a->part, &pg, NULL, &comps, s, path, &pd);
		}
		for (int k = 0; !rc && comps.n && k < od.nres; k++)
			rc = read_composites(z, od.res[k], &pg, &comps, s, path, &pd);
		if (rc == TRAWL_ENOMEM || rc == TRAWL_ETOOBIG) {
			*dg = pd;
			goto out;
		}
		if (rc) {
			/* a damaged page costs that page */
			bad++;
			if (!dg->msg[0])
				*dg = pd;
			rc = TRAWL_OK;
			if (s->rc)
				break;
		}
		crowded += pg.too_many;
		if (pg.ghosts.n || pg.lost) {
			/* characters drawn by glyphs no text says: read from the
			 * glyphs by OCR, else left out (and said) */
			uint32_t got = 0, lost;
			float gconf = 0;
			trawl_diag gd;
			memset(&gd, 0, sizeof gd);
			resolve_ghosts(&pg);
			if (pg.ghosts.n && !(ocr && ocr->off) && !ocr_dead && !glyph_ocr_dead &&
			    trawl__ocr_may(&of, (int)i + 1)) {
				if (!fz_ok && (rc = trawl__fz_open(&fz))) {
					s->rc = rc;
					break;
				}
				fz_ok = 1;
				rc = ocr_ghosts(&pg, &fz, &of, &gconf, &got, &gd);
				if (rc == TRAWL_ENOMEM) {
					s->rc = rc;
					break;
				}
				if (rc) {
					glyph_ocr_dead = 1;
					rc = TRAWL_OK;
				}
				if (gd.msg[0] && !glyph_msg[0])
					snprintf(glyph_msg, sizeof glyph_msg, "%.230s", gd.msg);
			}
			if (got && u) {
				u->ocr = 1;
				u->ocr_conf = gconf;
			}
			glyph_read += got;
			lost = drop_unknown(&pg);
			if (lost) {
				size_t at = strlen(glyph_where);
				glyph_lost += lost;
				if (glyph_pages++ < 6)
					snprintf(glyph_where + at, sizeof glyph_where - at, "%s%zu",
					         at ? ", " : "", i + 1);
			}
		}
		if ((rc = build_lines(&pg, &pp))) {
			s->rc = rc;
			break;
		}
		if (!pg.chars.n && !pg.plains.n && pg.imgs.n) {
			/* a scanned page: its pictures are read by OCR */
			float conf = 0;
			int ocred = 0;
			trawl_diag id;
			memset(&id, 0, sizeof id);
			img_pages++;
			if (ocr && ocr->off) {
				img_off++;
			} else if (!ocr_dead && trawl__ocr_may(&of, (int)i + 1)) {
				if (!od.media_read)
					read_media(z, &od, s, path);
				if (!fz_ok && (rc = trawl__fz_open(&fz))) {
					s->rc = rc;
					break;
				}
				fz_ok = 1;
				rc = ocr_images(z, &od, &pg, &pp, &fz, &of, &conf, &ocred, &img_failed, &id);
				if (rc == TRAWL_ENOMEM) {
					s->rc = rc;
					break;
				}
				if (rc) {
					/* the engine can't start (its language data): no
					 * page can be read */
					ocr_dead = 1;
					rc = TRAWL_OK;
				}
				if (id.msg[0] && !img_msg[0])
					snprintf(img_msg, sizeof img_msg, "%.230s", id.msg);
				if (ocred && u) {
					u->ocr = 1;
					u->ocr_conf = conf;
				}
			}
		}
		trawl__pdftable_emit(s, u, &pp);
		/* an invoice's fields: the objects its custom tags name (on
		 * this page?), then the labels printed on its first page */
		if (u && inv_page < 0) {
			int tagged = 0;
			for (int f = 0; f < F_N; f++)
				tagged += iv.nobjs[f] && field_obj(&iv, f, &pg) != NULL;
			if (tagged)
				tag_values(&iv, &pg);
			if (tagged || i == 0)
				label_values(&iv, u);
			if (tagged || (i == 0 && iv.any)) {
				inv_page = (int)i;
				invoice_facts(s, d, (uint32_t)i, &iv, &pg);
			}
		}
	}
	if (bad)
		trawl__docset_warn(s, "%d of %zu OFD pages could not be read%s%s", bad, od.pages.n,
		                   dg->msg[0] ? ": " : "", dg->msg[0] ? dg->msg : "");
	dg->msg[0] = '\0';
	if (crowded)
		trawl__docset_warn(s, "%d OFD page(s) place over %u characters; the rest left out",
		                   crowded, MAX_CHARS);
	if (!od.pages.n)
		trawl__docset_warn(s, "OFD document %s has no pages", root);
	if (img_off)
		trawl__docset_warn(s, "%d OFD page(s) are pictures only (scans) and OCR is off "
		                   "(--no-ocr): kept without text", img_off);
	if (ocr_dead)
		trawl__docset_warn(s, "OCR can't run (%s): %d OFD page(s) of pictures kept without "
		                   "text", img_msg[0] ? img_msg : "engine failed", img_pages);
	else if (img_failed)
		trawl__docset_warn(s, "%d picture(s) of scanned OFD pages could not be read by OCR "
		                   "(%s)", img_failed, img_msg[0] ? img_msg : "damaged");
	if (glyph_lost)
		trawl__docset_warn(s, "%u character(s) on page%s %s%s are drawn by glyphs whose "
		                   "text neither the file nor its fonts say: left out%s%s%s%s%s%s",
		                   glyph_lost, glyph_pages > 1 ? "s" : "", glyph_where,
		                   glyph_pages > 6 ? " ..." : "", od.font_err[0] ? "; " : "",
		                   od.font_err, ocr && ocr->off ? "; OCR is off (--no-ocr)" : "",
		                   glyph_ocr_dead ? "; OCR can't run: " : "",
		                   glyph_ocr_dead ? (glyph_msg[0] ? glyph_msg : "engine failed") : "",
		                   glyph_read ? "; others were read from their glyphs by OCR" : "");
	trawl__ocr_budget_warning(s, &of);
	if (iv.value[F_NUMBER][0])
		trawl__doc_field(s, d, "invoice_number", iv.value[F_NUMBER]);
	trawl__title_from_text(s, d);
	rc = s->rc;
out:
	trawl__vec_release(&od.pages);
	trawl__vec_release(&od.tpls);
	trawl__vec_release(&tpl_refs);
	trawl__vec_release(&od.annots);
	trawl__vec_release(&od.media);
	trawl__vec_release(&comps);
	fonts_release(&od, fz_ok ? fz.ctx : NULL);
	if (fz_ok)
		trawl__fz_close(&fz);
	opage_release(&pg);
	trawl__pdfpage_release(&pp);
	return rc;
}

static trawl_err read_ofd(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__zip z;
	trawl__vec bodies;
	trawl_err rc;

	rc = trawl__zip_open(&z, in->data, in->len, in->max_inflate, in->path, dg);
	if (rc)
		return rc;
	trawl__vec_init(&bodies, sizeof(docbody));
	rc = read_ofd_xml(&z, &bodies, s, in->path, dg);
	if (!rc && !bodies.n) {
		trawl__diag_set(dg, in->path, "OFD.xml names no document (DocBody)");
		rc = TRAWL_EFORMAT;
	}
	for (size_t i = 0; !rc && i < bodies.n; i++) {
		const docbody *b = &TRAWL_VEC_AT(&bodies, docbody, i);
		/* one document, or one per DocBody (rare) named by its root */
		rc = read_body(&z, b, bodies.n > 1 ? b->root : NULL, in->ocr, s, in->path, dg);
	}
	for (size_t i = 0; i < bodies.n; i++)
		body_release(&TRAWL_VEC_AT(&bodies, docbody, i));
	trawl__vec_release(&bodies);
	trawl__zip_close(&z);
	return rc;
}

const trawl__reader trawl__reader_ofd = {
	TRAWL__READER_VERSION, "ofd", 0, read_ofd,
};
