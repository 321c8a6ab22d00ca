/* MuPDF set-up shared by the PDF and image readers (see fitz.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include "ingest/fitz.h"
#include "util/diag.h"
#include "util/banned.h"

/* Every block carries its size in front so free can count it back. */
static void *cap_malloc(void *u, size_t n)
{
	trawl__fz *m = u;
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
	trawl__fz *m = u;
	size_t *p;

	if (!ptr)
		return;
	p = (size_t *)((char *)ptr - 16);
	m->used -= p[0];
	free(p);
}

static void *cap_realloc(void *u, void *ptr, size_t n)
{
	trawl__fz *m = u;
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

static void on_warning(void *u, const char *msg)
{
	trawl__fz *f = u;
	if (!f->warnings++)
		snprintf(f->first, sizeof f->first, "%s", msg);
}

static void on_error(void *u, const char *msg)
{
	(void)u;
	(void)msg;
}

/* libjpeg prints its warnings ("Corrupt JPEG data: premature end of data
 * segment") on stderr, and MuPDF leaves it so; the library never prints.
 * Every jpeg_std_error() call is routed here (the link wraps it: meson.build)
 * to count them instead, per thread, for the reader to say. */
struct jpeg_error_mgr *__real_jpeg_std_error(struct jpeg_error_mgr *err);
struct jpeg_error_mgr *__wrap_jpeg_std_error(struct jpeg_error_mgr *err);

static _Thread_local int jpeg_warnings;

static void jpeg_quiet(j_common_ptr cinfo)
{
	(void)cinfo;
	jpeg_warnings++;
}

struct jpeg_error_mgr *__wrap_jpeg_std_error(struct jpeg_error_mgr *err)
{
	struct jpeg_error_mgr *e = __real_jpeg_std_error(err);
	e->output_message = jpeg_quiet;
	return e;
}

int trawl__fz_jpeg_damage(void)
{
	int n = jpeg_warnings;
	jpeg_warnings = 0;
	return n;
}

trawl_err trawl__fz_open(trawl__fz *f)
{
	fz_alloc_context alloc = { f, cap_malloc, cap_realloc, cap_free };
	trawl_err rc = TRAWL_OK;

	memset(f, 0, sizeof *f);
	f->cap = TRAWL__FZ_MEM_CAP;
	/* the allocator copies alloc: f itself must stay put while ctx lives */
	f->ctx = fz_new_context(&alloc, NULL, 32 << 20);
	if (!f->ctx)
		return TRAWL_ENOMEM;
	fz_set_warning_callback(f->ctx, on_warning, f);
	fz_set_error_callback(f->ctx, on_error, NULL);
	fz_var(rc);
	fz_try(f->ctx)
		fz_register_document_handlers(f->ctx);
	fz_catch(f->ctx)
		rc = TRAWL_ENOMEM;
	if (rc) {
		fz_drop_context(f->ctx);
		f->ctx = NULL;
	}
	return rc;
}

void trawl__fz_close(trawl__fz *f)
{
	if (f->ctx)
		fz_drop_context(f->ctx);
	f->ctx = NULL;
}

trawl_err trawl__fz_ocr_page(trawl__fz *f, fz_page *page, int pageno, int max_dpi,
                             trawl__ocr_file *of, trawl__pdfpage *pg,
                             const float (*skip)[4], size_t nskip, float min_conf,
                             float *conf, int *nwords, trawl_diag *d)
{
	fz_context *ctx = f->ctx;
	fz_pixmap *pix = NULL;
	fz_rect box;
	double area, dpi = TRAWL__OCR_DPI;
	trawl_err rc = TRAWL_OK;

	*conf = 0;
	*nwords = 0;
	fz_var(pix);
	fz_try(ctx)
		box = fz_bound_page(ctx, page);
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "page %d can't be measured: %s", pageno,
		                fz_caught_message(ctx));
		return TRAWL_EFORMAT;
	}
	if (pg && pg->width <= 0)
		pg->width = box.x1 - box.x0;   /* (an image's page) */
	area = (double)(box.x1 - box.x0) * (box.y1 - box.y0) / (72.0 * 72.0);
	if (!(area > 1e-6)) {
		trawl__diag_set(d, NULL, "page %d is empty (zero size); nothing to OCR", pageno);
		return TRAWL_EFORMAT;
	}
	if (max_dpi > 0 && dpi > max_dpi)
		dpi = max_dpi;
	if (area * dpi * dpi > TRAWL__OCR_MAX_PIXELS)
		dpi = sqrt(TRAWL__OCR_MAX_PIXELS / area);
	if (dpi < 1) {
		trawl__diag_set(d, NULL, "page %d is %.0fx%.0f inches: too large to OCR", pageno,
		                (box.x1 - box.x0) / 72.0, (box.y1 - box.y0) / 72.0);
		return TRAWL_ETOOBIG;
	}
	fz_var(dpi);
	fz_try(ctx) {
		fz_matrix ctm = fz_scale((float)(dpi / 72), (float)(dpi / 72));
		pix = fz_new_pixmap_from_page(ctx, page, ctm, fz_device_gray(ctx), 0);
	}
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "page %d can't be rendered for OCR: %s", pageno,
		                fz_caught_message(ctx));
		return TRAWL_EFORMAT;
	}
	{
		float s = (float)(72 / dpi);
		float xf[4] = { s, s, fz_pixmap_x(ctx, pix) * s, fz_pixmap_y(ctx, pix) * s };
		rc = trawl__ocr_gray(of, fz_pixmap_samples(ctx, pix), fz_pixmap_width(ctx, pix),
		                     fz_pixmap_height(ctx, pix), fz_pixmap_stride(ctx, pix),
		                     (int)lround(dpi), xf, pg, skip, nskip, min_conf, conf, nwords, d);
	}
	fz_drop_pixmap(ctx, pix);
	return rc;
}
