/* A PDF page for the browser: drawn from the stored original by MuPDF as
 * a PNG, and the boxes on it of byte ranges of the page's text (search
 * matches, facts), from the line positions kept at ingest. The original
 * is hostile: MuPDF runs under a memory cap and a pixel cap here too. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <mupdf/fitz.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/banned.h"

#define VIEW_MEM_CAP ((size_t)512 << 20)
#define VIEW_MAX_PIXELS (40u << 20)   /* a larger page is drawn smaller */

typedef struct memcap {
	size_t used, cap;
} memcap;

/* Every block carries its size in front so that free can count it back. */
static void *cap_malloc(void *u, size_t n)
{
	memcap *m = u;
	size_t *p;

	if (n > m->cap - m->used || n > SIZE_MAX - 16)
		return NULL;
	p = malloc(n + 16);
	if (!p)
		return NULL;
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
	if (!n) {
		cap_free(u, ptr);
		return NULL;
	}
	p = (size_t *)((char *)ptr - 16);
	old = p[0];
	if (n > old && n - old > m->cap - m->used)
		return NULL;
	p = realloc(p, n + 16);
	if (!p)
		return NULL;
	m->used = m->used - old + n;
	p[0] = n;
	return (char *)p + 16;
}

static void quiet(void *u, const char *msg)
{
	(void)u;
	(void)msg;
}

/* The stored original of a PDF document. */
static trawl_err pdf_original(trawl_store *s, const char *id, char *path, size_t cap,
                              trawl_diag *d)
{
	trawl_doc_info info;
	trawl_err rc = s->ops->doc_get(s->be, id, &info, d);

	if (rc)
		return rc;
	if (!info.format || strcmp(info.format, "pdf"))
		return TRAWL_EUNSUPPORTED;
	return trawl_doc_original(s, id, path, cap, d);
}

typedef struct view {
	memcap mc;
	fz_alloc_context alloc;
	fz_context *ctx;
	fz_document *doc;
	fz_page *page;
	fz_rect bounds;
} view;

static trawl_err view_open(view *v, const char *path, int page, trawl_diag *d)
{
	trawl_err rc = TRAWL_OK;
	int n = 0;

	memset(v, 0, sizeof *v);
	v->mc.cap = VIEW_MEM_CAP;
	v->alloc.user = &v->mc;
	v->alloc.malloc = cap_malloc;
	v->alloc.realloc = cap_realloc;
	v->alloc.free = cap_free;
	v->ctx = fz_new_context(&v->alloc, NULL, 16 << 20);
	if (!v->ctx)
		return TRAWL_ENOMEM;
	fz_set_warning_callback(v->ctx, quiet, NULL);
	fz_set_error_callback(v->ctx, quiet, NULL);
	fz_try(v->ctx) {
		fz_register_document_handlers(v->ctx);
		v->doc = fz_open_document(v->ctx, path);
		if (fz_needs_password(v->ctx, v->doc) && !fz_authenticate_password(v->ctx, v->doc, ""))
			rc = TRAWL_EENCRYPTED;
		else
			n = fz_count_pages(v->ctx, v->doc);
		if (!rc && (page < 1 || page > n))
			rc = TRAWL_ENOTFOUND;
		if (!rc) {
			v->page = fz_load_page(v->ctx, v->doc, page - 1);
			v->bounds = fz_bound_page(v->ctx, v->page);
		}
	}
	fz_catch(v->ctx) {
		if (d)
			snprintf(d->msg, sizeof d->msg, "MuPDF can't open the page: %s",
			         fz_caught_message(v->ctx));
		rc = TRAWL_EFORMAT;
	}
	return rc;
}

static void view_close(view *v)
{
	if (!v->ctx)
		return;
	fz_drop_page(v->ctx, v->page);
	fz_drop_document(v->ctx, v->doc);
	fz_drop_context(v->ctx);
}

trawl_err trawl_page_png(trawl_store *s, const char *id, int page, int dpi,
                         unsigned char **png, size_t *len, trawl_diag *d)
{
	char path[4096];
	view v;
	fz_pixmap *pix = NULL;
	fz_buffer *buf = NULL;
	trawl_err rc;
	float z;

	*png = NULL;
	*len = 0;
	if (dpi < 36)
		dpi = 36;
	if (dpi > 300)
		dpi = 300;
	if ((rc = pdf_original(s, id, path, sizeof path, d)))
		return rc;
	if ((rc = view_open(&v, path, page, d))) {
		view_close(&v);
		return rc;
	}
	z = (float)dpi / 72.0f;
	{
		double w = (v.bounds.x1 - v.bounds.x0) * z, h = (v.bounds.y1 - v.bounds.y0) * z;
		if (w * h > VIEW_MAX_PIXELS)
			z *= (float)sqrt(VIEW_MAX_PIXELS / (w * h));
	}
	fz_var(pix);
	fz_var(buf);
	fz_try(v.ctx) {
		unsigned char *data;
		size_t n;
		pix = fz_new_pixmap_from_page(v.ctx, v.page, fz_scale(z, z), fz_device_rgb(v.ctx), 0);
		buf = fz_new_buffer_from_pixmap_as_png(v.ctx, pix, fz_default_color_params);
		n = fz_buffer_storage(v.ctx, buf, &data);
		*png = malloc(n ? n : 1);
		if (*png) {
			memcpy(*png, data, n);
			*len = n;
		} else {
			rc = TRAWL_ENOMEM;
		}
	}
	fz_always(v.ctx) {
		fz_drop_buffer(v.ctx, buf);
		fz_drop_pixmap(v.ctx, pix);
	}
	fz_catch(v.ctx) {
		if (d)
			snprintf(d->msg, sizeof d->msg, "MuPDF can't draw the page: %s",
			         fz_caught_message(v.ctx));
		rc = TRAWL_EFORMAT;
	}
	view_close(&v);
	return rc;
}

typedef struct span_rec {
	uint32_t start, end;
	float x0, y0, x1, y1;
} span_rec;

static int on_span(uint32_t start, uint32_t end, float x0, float y0, float x1, float y1,
                   void *u)
{
	trawl__vec *v = u;
	span_rec *r = trawl__vec_push(v);

	if (!r)
		return 1;
	r->start = start;
	r->end = end;
	r->x0 = x0; r->y0 = y0; r->x1 = x1; r->y1 = y1;
	return 0;
}

typedef struct unit_text {
	char *text;
	size_t len;
} unit_text;

static int on_unit(const trawl_unit_info *ui, void *u)
{
	unit_text *t = u;

	if (t->text)
		return 1;
	t->text = trawl__strndup(ui->text ? ui->text : "", ui->len);
	t->len = t->text ? ui->len : 0;
	return 0;
}

/* Characters (UTF-8 lead bytes) in text[a, b). */
static size_t chars(const char *text, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

trawl_err trawl_page_boxes(trawl_store *s, const char *id, int page, const size_t *ranges,
                           size_t nranges, int (*cb)(const trawl_box *, void *), void *u,
                           float *w, float *h, trawl_diag *d)
{
	char path[4096];
	trawl__vec spans;
	unit_text ut = { NULL, 0 };
	view v;
	trawl_err rc;
	int stop = 0;

	if ((rc = pdf_original(s, id, path, sizeof path, d)))
		return rc;
	rc = view_open(&v, path, page, d);
	if (!rc) {
		if (w)
			*w = v.bounds.x1 - v.bounds.x0;
		if (h)
			*h = v.bounds.y1 - v.bounds.y0;
	}
	view_close(&v);
	if (rc)
		return rc;
	trawl__vec_init(&spans, sizeof(span_rec));
	rc = s->ops->units(s->be, id, page, on_unit, &ut, d);
	if (!rc)
		rc = s->ops->spans(s->be, id, page, on_span, &spans, d);
	for (size_t r = 0; !rc && !stop && r < nranges; r++) {
		size_t a = ranges[2 * r], b = ranges[2 * r + 1];
		for (size_t i = 0; i < spans.n && !stop; i++) {
			span_rec *sp = &TRAWL_VEC_AT(&spans, span_rec, i);
			size_t s0 = sp->start, s1 = sp->end, from, to, all, c0, c1;
			trawl_box bx;
			if (s1 <= a || s0 >= b || s1 > ut.len || s0 >= s1)
				continue;
			/* the part of the line's box under the range, by character */
			from = a > s0 ? a : s0;
			to = b < s1 ? b : s1;
			all = chars(ut.text, s0, s1);
			c0 = chars(ut.text, s0, from);
			c1 = c0 + chars(ut.text, from, to);
			if (!all)
				continue;
			bx.range = r;
			bx.x0 = sp->x0 + (sp->x1 - sp->x0) * (float)c0 / (float)all - v.bounds.x0;
			bx.x1 = sp->x0 + (sp->x1 - sp->x0) * (float)c1 / (float)all - v.bounds.x0;
			bx.y0 = sp->y0 - v.bounds.y0;
			bx.y1 = sp->y1 - v.bounds.y0;
			stop = cb(&bx, u);
		}
	}
	free(ut.text);
	trawl__vec_release(&spans);
	return rc;
}
