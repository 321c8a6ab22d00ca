/* PDF with MuPDF: text per page, line by line, each line with its box on
 * the page (kept as spans for table reconstruction and citations). MuPDF's
 * own messages are captured, never printed; memory use is capped. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <mupdf/fitz.h>
#include "ingest/reader.h"
#include "ingest/pdftable.h"
#include "util/diag.h"
#include "util/banned.h"

#define PDF_MEM_CAP ((size_t)768 << 20)
#define MAX_PAGES 100000

/* failed: malloc itself said no (not the cap). MuPDF turns many of its
 * errors into warnings and goes on, so a page could come out short with
 * no error: such a file fails whole instead (out of memory), and adding
 * it again reads it all. */
typedef struct memcap { size_t used, cap; int failed; } memcap;

/* Every block carries its size in front so free can count it back. */
static void *cap_malloc(void *u, size_t n)
{
	memcap *m = u;
	size_t *p;

	if (n > m->cap - m->used || n > SIZE_MAX - 16)
		return NULL;
	p = malloc(n + 16);
	if (!p) {
		m->failed = 1;
		return NULL;
	}
	p[0] = n;
	m->used += n;
	return (char *)p + 16;
}

static void cap_free(void *u, void *ptr)
{
	memcap *m = u;
	size_t *p;

	if (!ptr)
		return;
	p = (size_t *)((char *)ptr - 16);
	m->used -= p[0];
	free(p);
}

static void *cap_realloc(void *u, void *ptr, size_t n)
{
	memcap *m = u;
	size_t *p, old;

	if (!ptr)
		return cap_malloc(u, n);
	if (n == 0) {
		cap_free(u, ptr);
		return NULL;
	}
	p = (size_t *)((char *)ptr - 16);
	old = p[0];
	if (n > old && n - old > m->cap - m->used)
		return NULL;
	p = realloc(p, n + 16);
	if (!p) {
		m->failed = 1;
		return NULL;
	}
	m->used = m->used - old + n;
	p[0] = n;
	return (char *)p + 16;
}

typedef struct msgs { int warnings; char first[200]; } msgs;

static void on_warning(void *u, const char *msg)
{
	msgs *w = u;
	if (!w->warnings++)
		snprintf(w->first, sizeof w->first, "%s", msg);
}

static void on_error(void *u, const char *msg)
{
	(void)u;
	(void)msg;
}

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

/* Returns non-zero when MuPDF could not read page i. */
static int read_page(fz_context *ctx, fz_document *doc, int i, trawl__docset *s,
                     trawl__unit *u, trawl__pdfpage *pg)
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
	/* a page that failed half way keeps the text read before */
	src.ctx = ctx;
	src.page = failed ? NULL : page;
	trawl__pdftable_emit(s, u, pg, read_rules, &src);
	fz_drop_page(ctx, page);
	return failed;
}

static trawl_err read_pdf(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	memcap mc = { 0, PDF_MEM_CAP, 0 };
	fz_alloc_context alloc = { &mc, cap_malloc, cap_realloc, cap_free };
	msgs w = { 0, "" };
	fz_context *ctx;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	trawl__doc *d = NULL;
	trawl__pdfpage pg;
	trawl_err rc = TRAWL_OK;
	int npages = 0, bad_pages = 0, empty_pages = 0;

	ctx = fz_new_context(&alloc, NULL, 32 << 20);
	if (!ctx)
		return TRAWL_ENOMEM;
	fz_set_warning_callback(ctx, on_warning, &w);
	fz_set_error_callback(ctx, on_error, NULL);
	trawl__pdfpage_init(&pg);
	fz_var(stm);
	fz_var(doc);
	fz_var(rc);
	fz_var(npages);
	fz_var(bad_pages);
	fz_var(empty_pages);
	fz_try(ctx) {
		fz_register_document_handlers(ctx);
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
		if (w.warnings)
			trawl__diag_set(dg, in->path, "PDF has no readable pages (%s)", w.first);
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
		if (read_page(ctx, doc, i, s, u, &pg))
			bad_pages++;
		if (u && u->nt.text.len == before)
			empty_pages++;
	}
	/* no title in the metadata: the first line of text that is no table
	 * row (those hold tabs) */
	if (d && !d->title && d->units.n) {
		for (size_t k = 0; k < d->units.n && !d->title; k++) {
			trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			const char *t = u->nt.text.data, *e = t + u->nt.text.len, *nl = NULL;
			while (t < e && (nl = memchr(t, '\n', (size_t)(e - t))) &&
			       memchr(t, '\t', (size_t)(nl - t)))
				t = nl + 1;
			if (t < e && nl && nl > t && nl - t < 300)
				trawl__doc_title(s, d, t, (size_t)(nl - t));
		}
	}
	if (bad_pages)
		trawl__docset_warn(s, "%d of %d pages could not be read", bad_pages, npages);
	if (w.warnings && (strstr(w.first, "repair") || strstr(w.first, "broken") ||
	                   strstr(w.first, "xref") || strstr(w.first, "trailer")))
		trawl__docset_warn(s, "PDF is damaged (%s); MuPDF repaired it, text may be incomplete",
		                   w.first);
	if (empty_pages == npages && !bad_pages)
		trawl__docset_warn(s, "PDF has no text layer (scanned?); its pages are kept "
		                   "but have no text");
	rc = s->rc;
out:
	if (mc.failed && (!rc || rc == TRAWL_EFORMAT)) {
		trawl__diag_set(dg, in->path, "PDF: out of memory");
		rc = TRAWL_ENOMEM;
	}
	trawl__pdfpage_release(&pg);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	fz_drop_context(ctx);
	return rc;
}

const trawl__reader trawl__reader_pdf = {
	TRAWL__READER_VERSION, "pdf", 0, read_pdf,
};
