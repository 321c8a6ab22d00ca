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
#include "util/alloc.h"
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
/* Chinese has no word spaces: next to a Chinese character a narrower gap
 * parts segments (a full cell of an unruled table and the next), wider
 * than the space a typesetter puts between Chinese and Latin (0.2 em). */
#define SEG_GAP_CJK 0.35f

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

/* The page's vertical rules, sorted by x, for cutting segments where a
 * table's column border runs between two characters. */
typedef struct vrules {
	const trawl__pdfrule **r;
	size_t n;
} vrules;

static int vrule_cmp(const void *a, const void *b)
{
	const trawl__pdfrule *p = *(const trawl__pdfrule *const *)a;
	const trawl__pdfrule *q = *(const trawl__pdfrule *const *)b;
	float x = p->x0 + p->x1, y = q->x0 + q->x1;
	return x < y ? -1 : x > y;
}

/* Is there a vertical rule between x = a and x = b (a < b) crossing the
 * height y0..y1 of a character? */
static int vrule_between(const vrules *vr, float a, float b, float y0, float y1)
{
	size_t lo = 0, hi = vr->n;
	float mid = (y0 + y1) / 2;

	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (vr->r[m]->x0 + vr->r[m]->x1 <= 2 * a)
			lo = m + 1;
		else
			hi = m;
	}
	for (; lo < vr->n && vr->r[lo]->x0 + vr->r[lo]->x1 < 2 * b; lo++)
		if (vr->r[lo]->y0 <= mid && vr->r[lo]->y1 >= mid)
			return 1;
	return 0;
}

/* Appends one line of text to the page, cut into segments at wide gaps
 * and at vertical rules (the border between two table cells whose texts
 * MuPDF read as one line). */
static void add_line(trawl__pdfpage *pg, fz_stext_line *line, const vrules *vr, int *rc)
{
	fz_stext_char *ch;
	trawl__pdfline *l;
	trawl__pdfseg g = { 0 };
	uint32_t nseg0 = (uint32_t)pg->segs.n, li = (uint32_t)pg->lines.n;
	int plain = line->wmode || fabsf(line->dir.x - 1.0f) > 0.01f ||
	            fabsf(line->dir.y) > 0.01f;
	float prev_x1 = 0, prev_mid = 0, prev_size = 0;
	int prev_c = 0;
	float lx0 = line->bbox.x0, ly0 = line->bbox.y0, lx1 = line->bbox.x1, ly1 = line->bbox.y1;
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
			if (!plain && ch->size > 0) {
				/* the em box on the baseline: a font's own ascent and
				 * descent (a CJK font's may be twice the em) would make
				 * the lines of a table's rows overlap */
				y0 = ch->origin.y - 0.88f * ch->size;
				y1 = ch->origin.y + 0.12f * ch->size;
			}
			if (!plain) {
				if (g.end == g.start && pg->segs.n == nseg0) {
					lx0 = x0; ly0 = y0; lx1 = x1; ly1 = y1;
				} else {
					lx0 = fminf(lx0, x0); ly0 = fminf(ly0, y0);
					lx1 = fmaxf(lx1, x1); ly1 = fmaxf(ly1, y1);
				}
			}
			if (g.end > g.start && !plain &&
			    (x0 - prev_x1 > SEG_GAP * fmaxf(ch->size, prev_size) ||
			     (x0 - prev_x1 > SEG_GAP_CJK * fmaxf(ch->size, prev_size) &&
			      (prev_c >= 0x2E80 || c >= 0x2E80)) ||
			     (vr->n && vrule_between(vr, prev_mid, (x0 + x1) / 2, y0, y1)))) {
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
			prev_c = c;
			prev_mid = (x0 + x1) / 2;
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
	if (!plain && l->nseg) {
		/* the line's box from its characters' (see above) */
		l->x0 = lx0; l->y0 = ly0; l->x1 = lx1; l->y1 = ly1;
	}
	if (plain && l->nseg) {
		trawl__pdfseg *one = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, nseg0);
		one->x0 = l->x0; one->y0 = l->y0; one->x1 = l->x1; one->y1 = l->y1;
	}
}

/* ---- which pages want OCR ---- */

/* A page with this many characters of text is born digital: no OCR. */
#define TEXT_ENOUGH 200
/* Text on the images of a page under this many characters is negligible
 * (a header, a page number or a stamp on a scan). */
#define TEXT_ON_IMAGES 60
#define MAX_IMAGE_RECTS 64

/* What a page draws besides text, seen as its contents run: where its
 * images lie and how many paths it fills. */
typedef struct page_probe {
	fz_rect page;
	fz_rect img[MAX_IMAGE_RECTS];
	int nimg;
	double img_area;
	int npaths;
} page_probe;

static void probe_rect(page_probe *p, fz_matrix ctm)
{
	fz_rect r = fz_intersect_rect(fz_transform_rect(fz_unit_rect, ctm), p->page);

	if (fz_is_empty_rect(r))
		return;
	p->img_area += (double)(r.x1 - r.x0) * (r.y1 - r.y0);
	if (p->nimg < MAX_IMAGE_RECTS)
		p->img[p->nimg++] = r;
}

/* Ruling lines: a device that keeps the thin axis-aligned strokes and
 * fills of a page (table borders), notes its images and paths for the
 * OCR decision, and hands every call on to the text device, so a page is
 * interpreted once for all three. */
#define MAX_RULES 20000

typedef struct rule_dev {
	fz_device super;
	fz_device *next;      /* the structured-text device */
	trawl__vec *rules;
	page_probe *probe;
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

/* Paint that does not show on white paper draws no rule. */
static int invisible(fz_context *ctx, fz_colorspace *cs, const float *color, float alpha)
{
	int n, i;

	if (alpha < 0.1f)
		return 1;
	if (!cs || !color)
		return 0;
	n = fz_colorspace_n(ctx, cs);
	if (fz_colorspace_is_cmyk(ctx, cs)) {
		for (i = 0; i < n && i < 4; i++)
			if (color[i] > 0.05f)
				return 0;
		return 1;
	}
	if (fz_colorspace_is_gray(ctx, cs) || fz_colorspace_is_rgb(ctx, cs)) {
		for (i = 0; i < n && i < 3; i++)
			if (color[i] < 0.95f)
				return 0;
		return 1;
	}
	return 0;
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

#define NEXT(dev) (((rule_dev *)(dev))->next)

static void rule_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                           int even_odd, fz_matrix ctm, fz_colorspace *cs,
                           const float *color, float alpha, fz_color_params cp)
{
	((rule_dev *)dev)->probe->npaths++;
	if (!invisible(ctx, cs, color, alpha))
		walk_path(ctx, path, ctm, 1, ((rule_dev *)dev)->rules);
	fz_fill_path(ctx, NEXT(dev), path, even_odd, ctm, cs, color, alpha, cp);
}

static void rule_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                             const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                             const float *color, float alpha, fz_color_params cp)
{
	if (!invisible(ctx, cs, color, alpha))
		walk_path(ctx, path, ctm, 0, ((rule_dev *)dev)->rules);
	fz_stroke_path(ctx, NEXT(dev), path, st, ctm, cs, color, alpha, cp);
}

/* Everything else goes to the text device as it came. */
static void fwd_clip_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                          fz_matrix ctm, fz_rect scissor)
{
	fz_clip_path(ctx, NEXT(dev), path, even_odd, ctm, scissor);
}

static void fwd_clip_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect scissor)
{
	fz_clip_stroke_path(ctx, NEXT(dev), path, st, ctm, scissor);
}

static void fwd_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
	fz_fill_text(ctx, NEXT(dev), text, ctm, cs, color, alpha, cp);
}

static void fwd_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                            const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params cp)
{
	fz_stroke_text(ctx, NEXT(dev), text, st, ctm, cs, color, alpha, cp);
}

static void fwd_clip_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_rect scissor)
{
	fz_clip_text(ctx, NEXT(dev), text, ctm, scissor);
}

static void fwd_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect scissor)
{
	fz_clip_stroke_text(ctx, NEXT(dev), text, st, ctm, scissor);
}

static void fwd_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm)
{
	fz_ignore_text(ctx, NEXT(dev), text, ctm);
}

static void fwd_fill_shade(fz_context *ctx, fz_device *dev, fz_shade *shd, fz_matrix ctm,
                           float alpha, fz_color_params cp)
{
	fz_fill_shade(ctx, NEXT(dev), shd, ctm, alpha, cp);
}

static void fwd_fill_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                           float alpha, fz_color_params cp)
{
	probe_rect(((rule_dev *)dev)->probe, ctm);
	fz_fill_image(ctx, NEXT(dev), img, ctm, alpha, cp);
}

static void fwd_fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_colorspace *cs, const float *color, float alpha,
                                fz_color_params cp)
{
	probe_rect(((rule_dev *)dev)->probe, ctm);
	fz_fill_image_mask(ctx, NEXT(dev), img, ctm, cs, color, alpha, cp);
}

static void fwd_clip_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_rect scissor)
{
	fz_clip_image_mask(ctx, NEXT(dev), img, ctm, scissor);
}

static void fwd_pop_clip(fz_context *ctx, fz_device *dev)
{
	fz_pop_clip(ctx, NEXT(dev));
}

static void fwd_begin_mask(fz_context *ctx, fz_device *dev, fz_rect area, int luminosity,
                           fz_colorspace *cs, const float *bc, fz_color_params cp)
{
	fz_begin_mask(ctx, NEXT(dev), area, luminosity, cs, bc, cp);
}

static void fwd_end_mask(fz_context *ctx, fz_device *dev)
{
	fz_end_mask(ctx, NEXT(dev));
}

static void fwd_begin_group(fz_context *ctx, fz_device *dev, fz_rect area, fz_colorspace *cs,
                            int isolated, int knockout, int blendmode, float alpha)
{
	fz_begin_group(ctx, NEXT(dev), area, cs, isolated, knockout, blendmode, alpha);
}

static void fwd_end_group(fz_context *ctx, fz_device *dev)
{
	fz_end_group(ctx, NEXT(dev));
}

static int fwd_begin_tile(fz_context *ctx, fz_device *dev, fz_rect area, fz_rect view,
                          float xstep, float ystep, fz_matrix ctm, int id)
{
	return fz_begin_tile_id(ctx, NEXT(dev), area, view, xstep, ystep, ctm, id);
}

static void fwd_end_tile(fz_context *ctx, fz_device *dev)
{
	fz_end_tile(ctx, NEXT(dev));
}

static void fwd_render_flags(fz_context *ctx, fz_device *dev, int set, int clear)
{
	fz_render_flags(ctx, NEXT(dev), set, clear);
}

static void fwd_set_default_colorspaces(fz_context *ctx, fz_device *dev,
                                        fz_default_colorspaces *dcs)
{
	fz_set_default_colorspaces(ctx, NEXT(dev), dcs);
}

static void fwd_begin_layer(fz_context *ctx, fz_device *dev, const char *name)
{
	fz_begin_layer(ctx, NEXT(dev), name);
}

static void fwd_end_layer(fz_context *ctx, fz_device *dev)
{
	fz_end_layer(ctx, NEXT(dev));
}

static fz_device *new_rule_dev(fz_context *ctx, fz_device *next, trawl__vec *rules,
                              page_probe *probe)
{
	rule_dev *dev = fz_new_derived_device(ctx, rule_dev);

	dev->next = next;
	dev->rules = rules;
	dev->probe = probe;
	dev->super.fill_path = rule_fill_path;
	dev->super.stroke_path = rule_stroke_path;
	dev->super.clip_path = fwd_clip_path;
	dev->super.clip_stroke_path = fwd_clip_stroke_path;
	dev->super.fill_text = fwd_fill_text;
	dev->super.stroke_text = fwd_stroke_text;
	dev->super.clip_text = fwd_clip_text;
	dev->super.clip_stroke_text = fwd_clip_stroke_text;
	dev->super.ignore_text = fwd_ignore_text;
	dev->super.fill_shade = fwd_fill_shade;
	dev->super.fill_image = fwd_fill_image;
	dev->super.fill_image_mask = fwd_fill_image_mask;
	dev->super.clip_image_mask = fwd_clip_image_mask;
	dev->super.pop_clip = fwd_pop_clip;
	dev->super.begin_mask = fwd_begin_mask;
	dev->super.end_mask = fwd_end_mask;
	dev->super.begin_group = fwd_begin_group;
	dev->super.end_group = fwd_end_group;
	dev->super.begin_tile = fwd_begin_tile;
	dev->super.end_tile = fwd_end_tile;
	dev->super.render_flags = fwd_render_flags;
	dev->super.set_default_colorspaces = fwd_set_default_colorspaces;
	dev->super.begin_layer = fwd_begin_layer;
	dev->super.end_layer = fwd_end_layer;
	return &dev->super;
}

static int seg_chars(const trawl__pdfpage *pg, const trawl__pdfseg *g)
{
	int n = 0;
	for (uint32_t k = g->start; k < g->end; k++)
		n += ((unsigned char)pg->text.data[k] & 0xC0) != 0x80;
	return n;
}

/* Whether a page with `chars` characters of text wants OCR, from what
 * the probe saw: a page with none that draws anything (a scan, text drawn
 * as outlines), a page mostly covered by images with little text on them
 * (a scan with a stamped header), a page of outlines with a line or two of
 * real text. */
static int judge(const page_probe *dev, const trawl__pdfpage *pg, int chars)
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
	fz_device *tdev = NULL, *rdev = NULL;
	vrules vr = { NULL, 0 };
	page_probe probe;
	int failed = 0, rc = 0;

	trawl__pdfpage_reset(pg);
	memset(&probe, 0, sizeof probe);
	fz_var(page);
	fz_var(tp);
	fz_var(tdev);
	fz_var(rdev);
	fz_var(failed);
	fz_var(rc);
	fz_try(ctx) {
		fz_stext_options opts = { 0 };
		page = fz_load_page(ctx, doc, i);
		probe.page = fz_bound_page(ctx, page);
		pg->width = probe.page.x1 - probe.page.x0;
		tp = fz_new_stext_page(ctx, probe.page);
		tdev = fz_new_stext_device(ctx, tp, &opts);
		rdev = new_rule_dev(ctx, tdev, &pg->rules, &probe);
		fz_run_page_contents(ctx, page, rdev, fz_identity, NULL);
		fz_close_device(ctx, rdev);
		fz_close_device(ctx, tdev);
	}
	fz_always(ctx) {
		fz_drop_device(ctx, rdev);
		fz_drop_device(ctx, tdev);
	}
	fz_catch(ctx) {
		/* a page that failed half way keeps the text read before */
		failed = 1;
	}
	if (pg->rules.n) {
		vr.r = trawl__mallocn(pg->rules.n, sizeof *vr.r);
		for (size_t k = 0; vr.r && k < pg->rules.n; k++) {
			const trawl__pdfrule *r = &TRAWL_VEC_AT(&pg->rules, trawl__pdfrule, k);
			if (r->y1 - r->y0 > r->x1 - r->x0)
				vr.r[vr.n++] = r;
		}
		if (vr.n)
			qsort(vr.r, vr.n, sizeof *vr.r, vrule_cmp);
	}
	if (tp) {
		fz_stext_block *b;
		fz_stext_line *line;
		for (b = tp->first_block; b && !rc; b = b->next) {
			if (b->type != FZ_STEXT_BLOCK_TEXT)
				continue;
			for (line = b->u.t.first_line; line && !rc; line = line->next)
				add_line(pg, line, &vr, &rc);
		}
	}
	free(vr.r);
	fz_drop_stext_page(ctx, tp);
	if (rc && !s->rc)
		s->rc = rc;
	if (!failed && !s->rc && u) {
		int chars = 0;
		for (size_t k = 0; k < pg->segs.n && chars < TEXT_ENOUGH; k++)
			chars += seg_chars(pg, &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, k));
		if (chars < TEXT_ENOUGH && judge(&probe, pg, chars)) {
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
	fz_drop_page(ctx, page);
	trawl__pdftable_emit(s, u, pg);
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
		/* (not a generic 发票: an invoice's heading and number will do
		 * better, pdftable.c) */
		if (title[0] && strcmp(title, "发票") && strcmp(title, "發票") &&
		    strcmp(title, "电子发票") && strcmp(title, "電子發票"))
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
	/* MuPDF turns many of its failures into warnings and goes on: a page
	 * could come out short with no error. Such a file fails whole (out of
	 * memory), and adding it again reads it all. */
	if (fz.failed && (!rc || rc == TRAWL_EFORMAT)) {
		trawl__diag_set(dg, in->path, "PDF: out of memory");
		rc = TRAWL_ENOMEM;
	}
	trawl__pdfpage_release(&pg);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	trawl__fz_close(&fz);
	return rc;
}

const trawl__reader trawl__reader_pdf = {
	TRAWL__READER_VERSION, "pdf", 0, read_pdf,
};
