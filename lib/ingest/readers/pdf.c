/* PDF with MuPDF: text per page, line by line, each line with its box on
 * the page (kept as spans for table reconstruction and citations). MuPDF's
 * own messages are captured, never printed; memory use is capped.
 *
 * A page without a text layer, or with only a negligible one (a scan with
 * a header line stamped on it, text drawn as outlines), is OCR'd: rendered
 * and read by Tesseract (ocr.h), its words merged with whatever text the
 * page has, in the same model of lines and segments, so tables are rebuilt
 * the same way. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "ingest/reader.h"
#include "ingest/fitz.h"
#include "ingest/pdftable.h"
#include "util/diag.h"
#include "util/banned.h"

#define MAX_PAGES 100000

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
	       c == 0x3000 || (c >= 0x2000 && c <= 0x200B);
}

/* A gap wider than this many ems between two characters of a line parts
 * segments: wider than a word space (about 0.3 em), narrower than the gap
 * at which MuPDF starts a new line itself (0.8 em). */
#define SEG_GAP 0.5f

static void seg_close(trawl__pdfpage *pg, trawl__pdfseg *g, int *rc)
{
	trawl__pdfseg *out;

	if (*rc || g->end == g->start)
		return;
	out = trawl__vec_push(&pg->segs);
	if (!out) {
		*rc = TRAWL_ENOMEM;
		return;
	}
	*out = *g;
}

/* Appends one line of text to the page, cut into segments at wide gaps. */
static void add_line(trawl__pdfpage *pg, fz_stext_line *line, int *rc)
{
	fz_stext_char *ch;
	trawl__pdfline *l;
	trawl__pdfseg g = { 0 };
	uint32_t nseg0 = (uint32_t)pg->segs.n, li = (uint32_t)pg->lines.n;
	int plain = line->wmode || fabsf(line->dir.x - 1.0f) > 0.01f ||
	            fabsf(line->dir.y) > 0.01f;
	float prev_x1 = 0, prev_size = 0;
	char utf[8];

	l = trawl__vec_push(&pg->lines);
	if (!l) {
		*rc = TRAWL_ENOMEM;
		return;
	}
	l->x0 = line->bbox.x0; l->y0 = line->bbox.y0;
	l->x1 = line->bbox.x1; l->y1 = line->bbox.y1;
	l->start = (uint32_t)pg->text.len;
	l->seg = nseg0;
	l->plain = plain;
	g.line = li;
	for (ch = line->first_char; ch && !*rc; ch = ch->next) {
		int c = ch->c, n;
		uint32_t at = (uint32_t)pg->text.len;
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		n = fz_runetochar(utf, c);
		*rc = trawl__buf_add(&pg->text, utf, (size_t)n);
		if (*rc || is_blank(c))
			continue;
		{
			float x0 = fminf(ch->quad.ul.x, ch->quad.ll.x);
			float x1 = fmaxf(ch->quad.ur.x, ch->quad.lr.x);
			float y0 = fminf(ch->quad.ul.y, ch->quad.ur.y);
			float y1 = fmaxf(ch->quad.ll.y, ch->quad.lr.y);
			if (g.end > g.start && !plain &&
			    x0 - prev_x1 > SEG_GAP * fmaxf(ch->size, prev_size)) {
				seg_close(pg, &g, rc);
				g.start = g.end = 0;
			}
			if (g.end == g.start) {
				g.start = at;
				g.x0 = x0; g.y0 = y0; g.x1 = x1; g.y1 = y1;
				g.size = ch->size;
			} else {
				g.x0 = fminf(g.x0, x0); g.y0 = fminf(g.y0, y0);
				g.x1 = fmaxf(g.x1, x1); g.y1 = fmaxf(g.y1, y1);
				g.size = fmaxf(g.size, ch->size);
			}
			g.end = at + (uint32_t)n;
			prev_x1 = x1;
			prev_size = ch->size;
		}
	}
	seg_close(pg, &g, rc);
	if (*rc)
		return;
	/* the vector may have moved */
	l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, li);
	l->end = (uint32_t)pg->text.len;
	l->nseg = (uint32_t)pg->segs.n - nseg0;
	if (plain && l->nseg) {
		trawl__pdfseg *one = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, nseg0);
		one->x0 = l->x0; one->y0 = l->y0; one->x1 = l->x1; one->y1 = l->y1;
	}
}

/* Ruling lines: a device that keeps the thin axis-aligned strokes and
 * fills of a page (table borders), nothing else. */
#define MAX_RULES 20000

typedef struct rule_dev {
	fz_device super;
	trawl__vec *rules;
} rule_dev;

typedef struct rule_walk {
	trawl__vec *rules;
	fz_matrix ctm;
	int fill;
	fz_point start, cur;
	fz_rect box;
	int open, curved;
} rule_walk;

static void rule_add(rule_walk *w, float x0, float y0, float x1, float y1)
{
	trawl__pdfrule *r;
	float w_ = fabsf(x1 - x0), h = fabsf(y1 - y0);

	if (w->rules->n >= MAX_RULES)
		return;
	if (!((h <= 2.5f && w_ > 3.0f) || (w_ <= 2.5f && h > 3.0f)))
		return;
	r = trawl__vec_push(w->rules);
	if (!r)
		return; /* fewer rules: tables fall back on positions */
	r->x0 = fminf(x0, x1); r->x1 = fmaxf(x0, x1);
	r->y0 = fminf(y0, y1); r->y1 = fmaxf(y0, y1);
}

static void walk_flush(rule_walk *w)
{
	if (w->fill && w->open && !w->curved)
		rule_add(w, w->box.x0, w->box.y0, w->box.x1, w->box.y1);
	w->open = 0;
	w->curved = 0;
}

static void walk_point(rule_walk *w, fz_point p)
{
	if (!w->open) {
		w->box.x0 = w->box.x1 = p.x;
		w->box.y0 = w->box.y1 = p.y;
		w->open = 1;
	} else {
		w->box.x0 = fminf(w->box.x0, p.x); w->box.x1 = fmaxf(w->box.x1, p.x);
		w->box.y0 = fminf(w->box.y0, p.y); w->box.y1 = fmaxf(w->box.y1, p.y);
	}
	w->cur = p;
}

/* A stroked straight edge from the current point. */
static void walk_edge(rule_walk *w, fz_point p)
{
	if (!w->fill && (fabsf(p.x - w->cur.x) < 1.0f || fabsf(p.y - w->cur.y) < 1.0f))
		rule_add(w, w->cur.x, w->cur.y, p.x, p.y);
	walk_point(w, p);
}

static void walk_moveto(fz_context *ctx, void *arg, float x, float y)
{
	rule_walk *w = arg;
	(void)ctx;
	walk_flush(w);
	w->start = fz_transform_point(fz_make_point(x, y), w->ctm);
	walk_point(w, w->start);
}

static void walk_lineto(fz_context *ctx, void *arg, float x, float y)
{
	rule_walk *w = arg;
	(void)ctx;
	walk_edge(w, fz_transform_point(fz_make_point(x, y), w->ctm));
}

static void walk_curveto(fz_context *ctx, void *arg, float x1, float y1,
                         float x2, float y2, float x3, float y3)
{
	rule_walk *w = arg;
	(void)ctx;
	(void)x1; (void)y1; (void)x2; (void)y2;
	walk_point(w, fz_transform_point(fz_make_point(x3, y3), w->ctm));
	w->curved = 1;
}

static void walk_closepath(fz_context *ctx, void *arg)
{
	rule_walk *w = arg;
	(void)ctx;
	walk_edge(w, w->start);
}

static void walk_path(fz_context *ctx, const fz_path *path, fz_matrix ctm, int fill,
                      trawl__vec *rules)
{
	static const fz_path_walker walker = {
		walk_moveto, walk_lineto, walk_curveto, walk_closepath,
		NULL, NULL, NULL, NULL,
	};
	rule_walk w = { 0 };

	w.rules = rules;
	w.ctm = ctm;
	w.fill = fill;
	fz_walk_path(ctx, path, &walker, &w);
	walk_flush(&w);
}

static void rule_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                           int even_odd, fz_matrix ctm, fz_colorspace *cs,
                           const float *color, float alpha, fz_color_params cp)
{
	(void)even_odd; (void)cs; (void)color; (void)alpha; (void)cp;
	walk_path(ctx, path, ctm, 1, ((rule_dev *)dev)->rules);
}

static void rule_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                             const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                             const float *color, float alpha, fz_color_params cp)
{
	(void)st; (void)cs; (void)color; (void)alpha; (void)cp;
	walk_path(ctx, path, ctm, 0, ((rule_dev *)dev)->rules);
}

typedef struct rule_src { fz_context *ctx; fz_page *page; } rule_src;

/* Runs the page a second time, through the rule device. Called by the
 * table builder only when text positions leave a row boundary open, so
 * most pages are interpreted once. */
static void read_rules(void *arg, trawl__pdfpage *pg)
{
	rule_src *src = arg;
	fz_context *ctx = src->ctx;
	rule_dev *dev = NULL;

	if (!src->page)
		return;
	fz_var(dev);
	fz_try(ctx) {
		dev = fz_new_derived_device(ctx, rule_dev);
		dev->rules = &pg->rules;
		dev->super.fill_path = rule_fill_path;
		dev->super.stroke_path = rule_stroke_path;
		fz_run_page(ctx, src->page, &dev->super, fz_identity, NULL);
		fz_close_device(ctx, &dev->super);
	}
	fz_always(ctx) {
		fz_drop_device(ctx, &dev->super);
	}
	fz_catch(ctx) {
		pg->rules.n = 0;
	}
}

/* ---- which pages want OCR ---- */

/* A page with this many characters of text is born digital: no OCR, and
 * no second look at its contents. */
#define TEXT_ENOUGH 200
/* Text on the images of a page under this many characters is negligible
 * (a header, a page number or a stamp on a scan). */
#define TEXT_ON_IMAGES 60
#define MAX_IMAGE_RECTS 64

typedef struct probe_dev {
	fz_device super;
	fz_rect page;
	fz_rect img[MAX_IMAGE_RECTS];
	int nimg;
	double img_area;
	int npaths;
} probe_dev;

static void probe_rect(probe_dev *p, fz_matrix ctm)
{
	fz_rect r = fz_intersect_rect(fz_transform_rect(fz_unit_rect, ctm), p->page);

	if (fz_is_empty_rect(r))
		return;
	p->img_area += (double)(r.x1 - r.x0) * (r.y1 - r.y0);
	if (p->nimg < MAX_IMAGE_RECTS)
		p->img[p->nimg++] = r;
}

static void probe_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                        float alpha, fz_color_params cp)
{
	(void)ctx; (void)img; (void)alpha; (void)cp;
	probe_rect((probe_dev *)dev, ctm);
}

static void probe_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                             fz_colorspace *cs, const float *color, float alpha,
                             fz_color_params cp)
{
	(void)ctx; (void)img; (void)cs; (void)color; (void)alpha; (void)cp;
	probe_rect((probe_dev *)dev, ctm);
}

static void probe_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                       fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
                       fz_color_params cp)
{
	(void)ctx; (void)path; (void)even_odd; (void)ctm; (void)cs; (void)color; (void)alpha;
	(void)cp;
	((probe_dev *)dev)->npaths++;
}

static int seg_chars(const trawl__pdfpage *pg, const trawl__pdfseg *g)
{
	int n = 0;
	for (uint32_t k = g->start; k < g->end; k++)
		n += ((unsigned char)pg->text.data[k] & 0xC0) != 0x80;
	return n;
}

/* Whether a page with `chars` characters of text wants OCR: a page with
 * none that draws anything (a scan, text drawn as outlines), a page mostly
 * covered by images with little text on them (a scan with a stamped
 * header), a page of outlines with a line or two of real text. */
/* Whether a page with `chars` characters of text wants OCR, from what
 * the probe saw: a page with none that draws anything (a scan, text drawn
 * as outlines), a page mostly covered by images with little text on them
 * (a scan with a stamped header), a page of outlines with a line or two of
 * real text. */
static int judge(const probe_dev *dev, const trawl__pdfpage *pg, int chars)
{
	double area = (double)(dev->page.x1 - dev->page.x0) * (dev->page.y1 - dev->page.y0);
	double cover = area > 0 ? dev->img_area / area : 0;
	int on_images = 0;

	for (size_t k = 0; k < pg->segs.n; k++) {
		const trawl__pdfseg *g = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, k);
		float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
		for (int r = 0; r < dev->nimg; r++)
			if (cx >= dev->img[r].x0 && cx <= dev->img[r].x1 &&
			    cy >= dev->img[r].y0 && cy <= dev->img[r].y1) {
				on_images += seg_chars(pg, g);
				break;
			}
	}
	if (chars == 0)
		return cover > 0.01 || dev->npaths >= 20;
	if (cover >= 0.3 && on_images < TEXT_ON_IMAGES)
		return 1;
	return chars < TEXT_ON_IMAGES && dev->npaths >= 200;
}

static int wants_ocr(fz_context *ctx, fz_page *page, const trawl__pdfpage *pg, int chars)
{
	probe_dev *dev = NULL;
	int ok = 1;

	fz_var(dev);
	fz_var(ok);
	fz_try(ctx) {
		dev = fz_new_derived_device(ctx, probe_dev);
		dev->page = fz_bound_page(ctx, page);
		dev->super.fill_image = probe_image;
		dev->super.fill_image_mask = probe_image_mask;
		dev->super.fill_path = probe_path;
		fz_run_page(ctx, page, &dev->super, fz_identity, NULL);
		fz_close_device(ctx, &dev->super);
	}
	fz_catch(ctx)
		ok = 0;
	if (ok && dev)
		ok = judge(dev, pg, chars);
	else
		ok = 0;
	fz_drop_device(ctx, dev ? &dev->super : NULL);
	return ok;
}

/* Lines in reading order, top to bottom, once OCR'd lines have joined
 * those of the text layer. */
typedef struct line_key { float y, x; uint32_t i; } line_key;

static int line_key_cmp(const void *a, const void *b)
{
	const line_key *p = a, *q = b;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static trawl_err sort_lines(trawl__pdfpage *pg)
{
	size_t n = pg->lines.n;
	line_key *k = malloc((n ? n : 1) * sizeof *k);
	trawl__vec lines, segs;
	trawl_err rc = TRAWL_OK;

	if (!k)
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const trawl__pdfline *l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, i);
		k[i].y = (l->y0 + l->y1) / 2;
		k[i].x = l->x0;
		k[i].i = (uint32_t)i;
	}
	qsort(k, n, sizeof *k, line_key_cmp);
	trawl__vec_init(&lines, sizeof(trawl__pdfline));
	trawl__vec_init(&segs, sizeof(trawl__pdfseg));
	for (size_t i = 0; i < n && !rc; i++) {
		trawl__pdfline l = TRAWL_VEC_AT(&pg->lines, trawl__pdfline, k[i].i), *nl;
		uint32_t first = (uint32_t)segs.n;
		for (uint32_t j = l.seg; j < l.seg + l.nseg && !rc; j++) {
			trawl__pdfseg *g = trawl__vec_push(&segs);
			if (!g) {
				rc = TRAWL_ENOMEM;
				break;
			}
			*g = TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, j);
			g->line = (uint32_t)i;
		}
		l.seg = first;
		if (!rc && !(nl = trawl__vec_push(&lines)))
			rc = TRAWL_ENOMEM;
		if (!rc)
			*nl = l;
	}
	free(k);
	if (rc) {
		trawl__vec_release(&lines);
		trawl__vec_release(&segs);
		return rc;
	}
	trawl__vec_release(&pg->lines);
	trawl__vec_release(&pg->segs);
	pg->lines = lines;
	pg->segs = segs;
	return TRAWL_OK;
}

/* One file's OCR, for the pages that want it. */
typedef struct pdf_ocr {
	trawl__fz *fz;
	trawl__ocr_file of;
	int on;                 /* OCR wanted and still possible */
	int wanted;             /* pages that wanted it */
	int failed;             /* pages it failed on */
	char first_failure[300];
} pdf_ocr;

/* OCRs page i into pg (which holds its text layer) and marks u. */
static void ocr_page(pdf_ocr *po, fz_page *page, int i, trawl__docset *s, trawl__unit *u,
                     trawl__pdfpage *pg, int chars)
{
	float (*skip)[4] = NULL, conf = 0;
	size_t n0 = pg->lines.n, nskip = pg->segs.n;
	int nwords = 0;
	trawl_diag d;
	trawl_err rc;

	po->wanted++;
	if (!trawl__ocr_may(&po->of, i + 1))
		return;
	memset(&d, 0, sizeof d);
	if (nskip) {
		skip = malloc(nskip * sizeof *skip);
		if (!skip) {
			s->rc = TRAWL_ENOMEM;
			return;
		}
		for (size_t k = 0; k < nskip; k++) {
			const trawl__pdfseg *g = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, k);
			skip[k][0] = g->x0; skip[k][1] = g->y0;
			skip[k][2] = g->x1; skip[k][3] = g->y1;
		}
	}
	/* beside real text, a picture's low-confidence junk stays out */
	rc = trawl__fz_ocr_page(po->fz, page, i + 1, 0, &po->of, pg, (const float (*)[4])skip,
	                        nskip, chars >= 10 ? 50.0f : 0.0f, &conf, &nwords, &d);
	free(skip);
	if (rc == TRAWL_ENOMEM) {
		s->rc = rc;
		return;
	}
	if (rc) {
		po->failed++;
		if (!po->first_failure[0])
			snprintf(po->first_failure, sizeof po->first_failure, "page %d: %.250s", i + 1,
			         d.msg[0] ? d.msg : trawl_strerror(rc));
		/* no language data: no page of this file can be OCR'd */
		if (rc == TRAWL_ENOTFOUND)
			po->on = 0;
		return;
	}
	u->ocr = 1;
	u->ocr_conf = conf;
	if (n0 && pg->lines.n > n0 && (rc = sort_lines(pg)))
		s->rc = rc;
}

/* Returns non-zero when MuPDF could not read page i. */
static int read_page(fz_context *ctx, fz_document *doc, int i, trawl__docset *s,
                     trawl__unit *u, trawl__pdfpage *pg, pdf_ocr *po)
{
	fz_page *page = NULL;
	fz_stext_page *tp = NULL;
	rule_src src;
	int failed = 0, rc = 0;

	trawl__pdfpage_reset(pg);
	fz_var(page);
	fz_var(tp);
	fz_var(failed);
	fz_var(rc);
	fz_try(ctx) {
		fz_stext_options opts = { 0 };
		fz_stext_block *b;
		fz_stext_line *line;
		page = fz_load_page(ctx, doc, i);
		tp = fz_new_stext_page_from_page(ctx, page, &opts);
		for (b = tp->first_block; b && !rc; b = b->next) {
			if (b->type != FZ_STEXT_BLOCK_TEXT)
				continue;
			for (line = b->u.t.first_line; line && !rc; line = line->next)
				add_line(pg, line, &rc);
		}
	}
	fz_always(ctx) {
		fz_drop_stext_page(ctx, tp);
	}
	fz_catch(ctx) {
		failed = 1;
	}
	if (rc && !s->rc)
		s->rc = rc;
	if (!failed && !s->rc && u) {
		int chars = 0;
		for (size_t k = 0; k < pg->segs.n && chars < TEXT_ENOUGH; k++)
			chars += seg_chars(pg, &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, k));
		if (chars < TEXT_ENOUGH && wants_ocr(ctx, page, pg, chars)) {
			if (po->on) {
				ocr_page(po, page, i, s, u, pg, chars);
			} else {
				/* off, or its language data is missing: said once, at the end */
				po->wanted++;
				if (!(po->of.o && po->of.o->off))
					po->failed++;
			}
		}
	}
	/* a page that failed half way keeps the text read before */
	src.ctx = ctx;
	src.page = failed ? NULL : page;
	trawl__pdftable_emit(s, u, pg, read_rules, &src);
	fz_drop_page(ctx, page);
	return failed;
}

/* What OCR did not do, in one warning. */
static void ocr_warnings(trawl__docset *s, const pdf_ocr *po, const trawl__input *in, int npages)
{
	const trawl__ocr_opts *o = in->ocr;

	if (!po->wanted)
		return;
	if (o && o->off) {
		trawl__docset_warn(s, "%d of %d pages have no text layer (scanned?) and OCR is "
		                   "off (--no-ocr): they are kept without text", po->wanted, npages);
		return;
	}
	trawl__ocr_budget_warning(s, &po->of);
	if (po->failed)
		trawl__docset_warn(s, "OCR failed on %d of %d pages that needed it, kept without "
		                   "text (%s)", po->failed, po->wanted, po->first_failure);
}

static trawl_err read_pdf(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__fz fz;
	fz_context *ctx;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	trawl__doc *d = NULL;
	trawl__pdfpage pg;
	pdf_ocr po;
	trawl_err rc = TRAWL_OK;
	int npages = 0, bad_pages = 0, empty_pages = 0;

	if ((rc = trawl__fz_open(&fz)))
		return rc;
	ctx = fz.ctx;
	trawl__fz_jpeg_damage();
	memset(&po, 0, sizeof po);
	po.fz = &fz;
	po.of.o = in->ocr;
	po.on = !(in->ocr && in->ocr->off);
	trawl__pdfpage_init(&pg);
	fz_var(stm);
	fz_var(doc);
	fz_var(rc);
	fz_var(npages);
	fz_var(bad_pages);
	fz_var(empty_pages);
	fz_try(ctx) {
		stm = fz_open_memory(ctx, (const unsigned char *)in->data, in->len);
		doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, ""))
			rc = TRAWL_EENCRYPTED;
		else
			npages = fz_count_pages(ctx, doc);
	}
	fz_catch(ctx) {
		trawl__diag_set(dg, in->path, "PDF can't be opened: %s", fz_caught_message(ctx));
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (rc == TRAWL_EENCRYPTED) {
		trawl__diag_set(dg, in->path, "PDF is encrypted and needs a password");
		goto out;
	}
	if (npages <= 0) {
		if (fz.warnings)
			trawl__diag_set(dg, in->path, "PDF has no readable pages (%s)", fz.first);
		else
			trawl__diag_set(dg, in->path, "PDF has no readable pages");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (npages > MAX_PAGES) {
		trawl__docset_warn(s, "PDF has %d pages; only the first %d read", npages, MAX_PAGES);
		npages = MAX_PAGES;
	}
	d = trawl__doc_new(s, NULL);
	{
		char title[512] = "";
		fz_try(ctx)
			fz_lookup_metadata(ctx, doc, FZ_META_INFO_TITLE, title, sizeof title);
		fz_catch(ctx)
			title[0] = '\0';
		if (title[0])
			trawl__doc_title(s, d, title, strlen(title));
	}
	for (int i = 0; i < npages && !s->rc; i++) {
		trawl__unit *u = trawl__unit_new(s, d, "page", i + 1, NULL);
		size_t before = u ? u->nt.text.len : 0;
		if (read_page(ctx, doc, i, s, u, &pg, &po))
			bad_pages++;
		if (u && u->nt.text.len == before)
			empty_pages++;
	}
	/* no title in the metadata: the first line of text */
	trawl__title_from_text(s, d);
	if (bad_pages)
		trawl__docset_warn(s, "%d of %d pages could not be read", bad_pages, npages);
	if (fz.warnings && (strstr(fz.first, "repair") || strstr(fz.first, "broken") ||
	                    strstr(fz.first, "xref") || strstr(fz.first, "trailer")))
		trawl__docset_warn(s, "PDF is damaged (%s); MuPDF repaired it, text may be incomplete",
		                   fz.first);
	ocr_warnings(s, &po, in, npages);
	if (trawl__fz_jpeg_damage())
		trawl__docset_warn(s, "a picture's JPEG data is damaged; what could be decoded "
		                   "was read by OCR");
	if (empty_pages == npages && !bad_pages && !po.wanted)
		trawl__docset_warn(s, "PDF has no text layer (scanned?); its pages are kept "
		                   "but have no text");
	else if (empty_pages == npages && !bad_pages && po.of.pages == po.wanted)
		trawl__docset_warn(s, "PDF has no text layer, and OCR found no text on its %d "
		                   "page(s) either", npages);
	rc = s->rc;
out:
	trawl__pdfpage_release(&pg);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	trawl__fz_close(&fz);
	return rc;
}

const trawl__reader trawl__reader_pdf = {
	TRAWL__READER_VERSION, "pdf", 0, read_pdf,
};
