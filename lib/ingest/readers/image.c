/* Images: PNG, JPEG and TIFF (every page of a multi-page TIFF), read by
 * OCR, one unit per page. MuPDF decodes them (its image document keeps the
 * resolution and the JPEG orientation), so a page's boxes are in points
 * as for a PDF page, and tables are rebuilt the same way. */
#include <string.h>
#include "ingest/reader.h"
#include "ingest/fitz.h"
#include "ingest/pdftable.h"
#include "util/diag.h"
#include "util/banned.h"

/* Images larger than this are not decoded (a 30000 x 30000 pixel image
 * would take gigabytes); 128 million pixels hold an A3 page scanned at
 * 600 dpi twice over. */
#define MAX_IMAGE_PIXELS 128000000.0
#define MAX_PAGES 100000

/* MuPDF's TIFF reader can measure a page without decoding it; the call is
 * in the library (muimg.c uses it) but not in its public headers. */
void fz_load_tiff_info_subimage(fz_context *ctx, const unsigned char *buf, size_t len,
                                int *wp, int *hp, int *xresp, int *yresp,
                                fz_colorspace **cspacep, int subimage);

typedef struct size_dev {
	fz_device super;
	int w, h, xres, yres;
} size_dev;

static void size_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                       float alpha, fz_color_params cp)
{
	size_dev *s = (size_dev *)dev;
	(void)ctm; (void)alpha; (void)cp;
	if ((double)img->w * img->h > (double)s->w * s->h) {
		s->w = img->w;
		s->h = img->h;
		fz_image_resolution(img, &s->xres, &s->yres);
	}
	(void)ctx;
}

/* The pixels of the largest image a page draws, without decoding it. */
static int page_size(fz_context *ctx, fz_page *page, size_dev *out)
{
	size_dev *dev = NULL;
	int ok = 1;

	memset(out, 0, sizeof *out);
	fz_var(dev);
	fz_var(ok);
	fz_try(ctx) {
		dev = fz_new_derived_device(ctx, size_dev);
		dev->super.fill_image = size_image;
		fz_run_page(ctx, page, &dev->super, fz_identity, NULL);
		fz_close_device(ctx, &dev->super);
		*out = *dev;
	}
	fz_catch(ctx)
		ok = 0;
	fz_drop_device(ctx, dev ? &dev->super : NULL);
	return ok;
}

static const char *image_kind(const unsigned char *p, size_t n, const char **mime)
{
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) {
		*mime = "image/png";
		return "png";
	}
	if (n >= 3 && !memcmp(p, "\xFF\xD8\xFF", 3)) {
		*mime = "image/jpeg";
		return "jpeg";
	}
	if (n >= 4 && (!memcmp(p, "II*\0", 4) || !memcmp(p, "MM\0*", 4))) {
		*mime = "image/tiff";
		return "tiff";
	}
	*mime = NULL;
	return NULL;
}

typedef struct tally {
	int failed, too_big, empty;
	char first[300];
} tally;

static void note(tally *t, int *count, int page, const char *msg)
{
	(*count)++;
	if (!t->first[0])
		snprintf(t->first, sizeof t->first, "page %d: %.250s", page, msg);
}

/* OCRs page i into u; returns non-zero when the engine can't run at all. */
static int ocr_one(trawl__fz *fz, fz_document *doc, const trawl__input *in, int tiff, int i,
                   trawl__docset *s, trawl__unit *u, trawl__pdfpage *pg,
                   trawl__ocr_file *of, tally *t)
{
	fz_context *ctx = fz->ctx;
	fz_page *page = NULL;
	size_dev sz;
	trawl_diag d;
	float conf = 0;
	int nwords = 0, max_dpi;
	char msg[200];
	trawl_err rc;

	memset(&d, 0, sizeof d);
	if (tiff) {
		int w = 0, h = 0, xr = 0, yr = 0, ok = 1;
		fz_colorspace *cs = NULL;
		fz_var(ok);
		fz_try(ctx)
			fz_load_tiff_info_subimage(ctx, (const unsigned char *)in->data, in->len,
			                           &w, &h, &xr, &yr, &cs, i);
		fz_catch(ctx)
			ok = 0;
		fz_drop_colorspace(ctx, cs);
		if (ok && (double)w * h > MAX_IMAGE_PIXELS) {
			snprintf(msg, sizeof msg, "%dx%d pixels, over the limit of %.0f million",
			         w, h, MAX_IMAGE_PIXELS / 1e6);
			note(t, &t->too_big, i + 1, msg);
			return 0;
		}
	}
	fz_var(page);
	fz_try(ctx)
		page = fz_load_page(ctx, doc, i);
	fz_catch(ctx) {
		snprintf(msg, sizeof msg, "can't be decoded (%s)", fz_caught_message(ctx));
		note(t, &t->failed, i + 1, msg);
		return 0;
	}
	if (!page_size(ctx, page, &sz) || sz.w <= 0 || sz.h <= 0) {
		note(t, &t->empty, i + 1, "holds no image (zero size?)");
		fz_drop_page(ctx, page);
		return 0;
	}
	if ((double)sz.w * sz.h > MAX_IMAGE_PIXELS) {
		snprintf(msg, sizeof msg, "%dx%d pixels, over the limit of %.0f million",
		         sz.w, sz.h, MAX_IMAGE_PIXELS / 1e6);
		note(t, &t->too_big, i + 1, msg);
		fz_drop_page(ctx, page);
		return 0;
	}
	/* a screenshot at 96 dpi is enlarged at most twice for Tesseract */
	max_dpi = sz.xres > 0 && sz.yres > 0 ? 2 * (sz.xres < sz.yres ? sz.xres : sz.yres) : 0;
	trawl__pdfpage_reset(pg);
	rc = trawl__fz_ocr_page(fz, page, i + 1, max_dpi, of, pg, NULL, 0, 0, &conf, &nwords, &d);
	fz_drop_page(ctx, page);
	if (rc == TRAWL_ENOMEM) {
		s->rc = rc;
		return 1;
	}
	if (rc) {
		note(t, &t->failed, i + 1, d.msg[0] ? d.msg : trawl_strerror(rc));
		return rc == TRAWL_ENOTFOUND;
	}
	trawl__pdftable_emit(s, u, pg);
	if (u) {
		u->ocr = 1;
		u->ocr_conf = conf;
	}
	return 0;
}

/* Opens the image as a MuPDF document of one page a picture. */
static trawl_err open_image(trawl__fz *fz, const trawl__input *in, const char *kind,
                            const char *mime, fz_stream **stm, fz_document **doc, int *npages,
                            trawl_diag *dg)
{
	fz_context *ctx = fz->ctx;

	fz_try(ctx) {
		*stm = fz_open_memory(ctx, (const unsigned char *)in->data, in->len);
		*doc = fz_open_document_with_stream(ctx, mime, *stm);
		*npages = fz_count_pages(ctx, *doc);
	}
	fz_catch(ctx) {
		trawl__diag_set(dg, in->path, "%s image can't be read: %s", kind,
		                fz_caught_message(ctx));
		return TRAWL_EFORMAT;
	}
	if (*npages <= 0) {
		trawl__diag_set(dg, in->path, "%s image has no pages%s%s", kind,
		                fz->warnings ? ": " : "", fz->warnings ? fz->first : "");
		return TRAWL_EFORMAT;
	}
	return TRAWL_OK;
}

static trawl_err read_image(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__fz fz;
	fz_context *ctx;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	trawl__doc *d;
	trawl__pdfpage pg;
	trawl__ocr_file of;
	tally t;
	const char *mime, *kind;
	int npages = 0, i, stopped = 0, off = in->ocr && in->ocr->off;
	trawl_err rc;

	kind = image_kind((const unsigned char *)in->data, in->len, &mime);
	if (!kind) {
		trawl__diag_set(dg, in->path, "unsupported format: an image of an unknown kind");
		return TRAWL_EUNSUPPORTED;
	}
	snprintf(s->format, sizeof s->format, "%s", kind);
	if ((rc = trawl__fz_open(&fz)))
		return rc;
	trawl__fz_jpeg_damage();
	ctx = fz.ctx;
	memset(&t, 0, sizeof t);
	memset(&of, 0, sizeof of);
	of.o = in->ocr;
	trawl__pdfpage_init(&pg);
	rc = open_image(&fz, in, kind, mime, &stm, &doc, &npages, dg);
	if (rc)
		goto out;
	if (npages > MAX_PAGES) {
		trawl__docset_warn(s, "image has %d pages; only the first %d read", npages, MAX_PAGES);
		npages = MAX_PAGES;
	}
	d = trawl__doc_new(s, NULL);
	for (i = 0; i < npages && !s->rc; i++) {
		trawl__unit *u = trawl__unit_new(s, d, "page", i + 1, NULL);
		if (off || !trawl__ocr_may(&of, i + 1))
			continue;
		if (stopped) {
			t.failed++; /* the engine can't start: no page can be read */
			continue;
		}
		stopped = ocr_one(&fz, doc, in, !strcmp(kind, "tiff"), i, s, u, &pg, &of, &t);
	}
	if (s->rc)
		goto done;
	trawl__title_from_text(s, d);
	if (off)
		trawl__docset_warn(s, "an image is read by OCR, which is off (--no-ocr): its %d "
		                   "page(s) are kept without text", npages);
	if (t.too_big)
		trawl__docset_warn(s, "%d page(s) too large to OCR, kept without text (%s)",
		                   t.too_big, t.first);
	else if (t.failed || t.empty)
		trawl__docset_warn(s, "OCR failed on %d of %d page(s), kept without text (%s)",
		                   t.failed + t.empty, npages, t.first);
	if (trawl__fz_jpeg_damage())
		trawl__docset_warn(s, "the JPEG data is damaged (cut short?); what could be "
		                   "decoded was read");
	trawl__ocr_budget_warning(s, &of);
	if (!of.over && !off && !t.too_big && !t.failed && !t.empty && d && d->units.n) {
		size_t text = 0;
		for (size_t k = 0; k < d->units.n; k++)
			text += TRAWL_VEC_AT(&d->units, trawl__unit *, k)->nt.text.len;
		if (!text)
			trawl__docset_warn(s, "OCR found no text in this image");
	}
done:
	rc = s->rc;
out:
	trawl__pdfpage_release(&pg);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	trawl__fz_close(&fz);
	return rc;
}

const trawl__reader trawl__reader_image = {
	TRAWL__READER_VERSION, "image", 0, read_image,
};
