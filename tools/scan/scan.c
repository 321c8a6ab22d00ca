/* scan: turns the pages of a born-digital PDF into what a scanner makes of
 * them, for the OCR tests, the OCR benchmark and the demo's scanned page:
 * each page rendered to gray pixels (optionally skewed and noisy), written
 * as an image-only PDF, a PNG, a JPEG or a multi-page TIFF.
 *
 *   scan IN.pdf OUT.pdf|OUT.png|OUT.jpg|OUT.tif [--dpi N] [--noise SEED]
 *        [--skew DEGREES] [--pages FIRST-LAST] [--header TEXT] [--jpeg]
 *
 * --noise SEED skews the page by half a degree, softens it and adds gray
 * noise and specks (deterministic for a seed); --skew turns the page by
 * DEGREES instead (scanners feed paper 1-2 degrees askew); --header writes
 * one line of real (born-digital) text above the picture on each PDF page,
 * as sites stamp on the scans they publish; --jpeg stores a PDF's pictures as JPEG
 * (as scanners do: smaller files). PNG and JPEG take the first page. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mupdf/fitz.h>
#include <leptonica/allheaders.h>

/* the options, in static storage: the fz_try below may longjmp */
static const char *in, *out, *header;
static int dpi = 300, noise, first = 1, last = 1 << 30, rc, jpeg;
static float skew, skew_set;
static unsigned long long rng;

static double uniform(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* soften (a 3x3 blur at 35%), then gray noise and 0.2% specks */
static void add_noise(unsigned char *p, int w, int h, int stride)
{
	unsigned char *copy = malloc((size_t)stride * h);

	if (!copy)
		return;
	memcpy(copy, p, (size_t)stride * h);
	for (int y = 1; y + 1 < h; y++)
		for (int x = 1; x + 1 < w; x++) {
			int s = 0;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++)
					s += copy[(size_t)(y + dy) * stride + x + dx];
			p[(size_t)y * stride + x] =
				(unsigned char)(0.65 * copy[(size_t)y * stride + x] + 0.35 * s / 9.0);
		}
	free(copy);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double u = uniform(), v = (uniform() + uniform() + uniform() - 1.5) * 28;
			int c = p[(size_t)y * stride + x] + (int)v;
			if (u < 0.001)
				c = 0;
			else if (u < 0.002)
				c = 255;
			p[(size_t)y * stride + x] = (unsigned char)(c < 0 ? 0 : c > 255 ? 255 : c);
		}
}

static PIX *to_pix(fz_context *ctx, fz_pixmap *pm, int res)
{
	int w = fz_pixmap_width(ctx, pm), h = fz_pixmap_height(ctx, pm);
	int stride = fz_pixmap_stride(ctx, pm);
	unsigned char *s = fz_pixmap_samples(ctx, pm);
	PIX *pix = pixCreate(w, h, 8);

	if (!pix)
		return NULL;
	for (int y = 0; y < h; y++) {
		l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
		for (int x = 0; x < w; x++)
			SET_DATA_BYTE(line, x, s[(size_t)y * stride + x]);
	}
	pixSetResolution(pix, res, res);
	return pix;
}

/* The pixmap as a JPEG image (quality 75), for a PDF that keeps it so. */
static fz_image *jpeg_image(fz_context *ctx, fz_pixmap *pm)
{
	PIX *pix = to_pix(ctx, pm, dpi);
	l_uint8 *data = NULL;
	size_t n = 0;
	fz_buffer *buf;
	fz_image *img;

	if (!pix || pixWriteMemJpeg(&data, &n, pix, 75, 0)) {
		pixDestroy(&pix);
		fz_throw(ctx, FZ_ERROR_GENERIC, "can't make a JPEG");
	}
	pixDestroy(&pix);
	buf = fz_new_buffer_from_copied_data(ctx, data, n);
	lept_free(data);
	img = fz_new_image_from_buffer(ctx, buf);
	fz_drop_buffer(ctx, buf);
	return img;
}

static int ends_with(const char *s, const char *e)
{
	size_t n = strlen(s), m = strlen(e);
	return n >= m && !strcmp(s + n - m, e);
}


int main(int argc, char **argv)
{
	fz_context *ctx;
	fz_document *doc = NULL;
	fz_document_writer *wr = NULL;
	fz_font *font = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dpi") && i + 1 < argc)
			dpi = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--noise") && i + 1 < argc) {
			noise = 1;
			rng = strtoull(argv[++i], NULL, 10) * 2654435761ULL + 1;
		} else if (!strcmp(argv[i], "--skew") && i + 1 < argc) {
			skew = strtof(argv[++i], NULL);
			skew_set = 1;
		} else if (!strcmp(argv[i], "--pages") && i + 1 < argc) {
			char *e;
			first = (int)strtol(argv[++i], &e, 10);
			last = *e == '-' ? (int)strtol(e + 1, NULL, 10) : first;
		} else if (!strcmp(argv[i], "--header") && i + 1 < argc)
			header = argv[++i];
		else if (!strcmp(argv[i], "--jpeg"))
			jpeg = 1;
		else if (!in)
			in = argv[i];
		else if (!out)
			out = argv[i];
		else {
			fprintf(stderr, "scan: extra argument %s\n", argv[i]);
			return 2;
		}
	}
	if (!in || !out || dpi < 20 || dpi > 1200 || first < 1 || last < first ||
	    !(skew > -20 && skew < 20)) {
		fprintf(stderr, "usage: scan IN.pdf OUT.{pdf,png,jpg,tif} [--dpi N] [--noise SEED] "
		        "[--skew DEG] [--pages A-B] [--header TEXT] [--jpeg]\n");
		return 2;
	}
	setMsgSeverity(L_SEVERITY_NONE);
	ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	if (!ctx)
		return 1;
	fz_var(doc);
	fz_var(wr);
	fz_var(font);
	fz_try(ctx) {
		int n;
		fz_register_document_handlers(ctx);
		doc = fz_open_document(ctx, in);
		n = fz_count_pages(ctx, doc);
		if (last > n)
			last = n;
		if (ends_with(out, ".pdf")) {
			wr = fz_new_document_writer(ctx, out, "pdf", "compress");
			if (header)
				font = fz_new_base14_font(ctx, "Helvetica");
		}
		for (int p = first; p <= last; p++) {
			fz_page *page = fz_load_page(ctx, doc, p - 1);
			fz_rect box = fz_bound_page(ctx, page);
			fz_matrix ctm = fz_scale(dpi / 72.0f, dpi / 72.0f);
			fz_pixmap *pm;
			if (skew_set || noise)
				ctm = fz_concat(fz_rotate(skew_set ? skew : 0.5f), ctm);
			pm = fz_new_pixmap_from_page(ctx, page, ctm, fz_device_gray(ctx), 0);
			fz_drop_page(ctx, page);
			if (noise)
				add_noise(fz_pixmap_samples(ctx, pm), fz_pixmap_width(ctx, pm),
				          fz_pixmap_height(ctx, pm), fz_pixmap_stride(ctx, pm));
			if (wr) {
				fz_image *img = jpeg ? jpeg_image(ctx, pm) : fz_new_image_from_pixmap(ctx, pm, NULL);
				float w = fz_pixmap_width(ctx, pm) * 72.0f / dpi;
				float h = fz_pixmap_height(ctx, pm) * 72.0f / dpi;
				fz_rect media = fz_make_rect(0, 0, w, h);
				fz_device *dev = fz_begin_page(ctx, wr, media);
				fz_fill_image(ctx, dev, img, fz_make_matrix(w, 0, 0, h, 0, 0), 1,
				              fz_default_color_params);
				if (header) {
					fz_text *t = fz_new_text(ctx);
					float black = 0;
					fz_show_string(ctx, t, font, fz_make_matrix(9, 0, 0, -9, 36, 20), header,
					               0, 0, FZ_BIDI_LTR, FZ_LANG_UNSET);
					fz_fill_text(ctx, dev, t, fz_identity, fz_device_gray(ctx), &black, 1,
					             fz_default_color_params);
					fz_drop_text(ctx, t);
				}
				fz_end_page(ctx, wr);
				fz_drop_image(ctx, img);
				(void)box;
			} else {
				PIX *pix = to_pix(ctx, pm, dpi);
				int bad;
				if (!pix)
					fz_throw(ctx, FZ_ERROR_GENERIC, "out of memory");
				if (ends_with(out, ".tif") || ends_with(out, ".tiff"))
					bad = pixWriteTiff(out, pix, IFF_TIFF_ZIP, p == first ? "w" : "a");
				else if (ends_with(out, ".jpg") || ends_with(out, ".jpeg"))
					bad = pixWriteJpeg(out, pix, 85, 0);
				else
					bad = pixWritePng(out, pix, 0);
				pixDestroy(&pix);
				if (bad)
					fz_throw(ctx, FZ_ERROR_GENERIC, "can't write %s", out);
				if (!ends_with(out, ".tif") && !ends_with(out, ".tiff"))
					last = p;
			}
			fz_drop_pixmap(ctx, pm);
		}
		if (wr)
			fz_close_document_writer(ctx, wr);
	}
	fz_always(ctx) {
		fz_drop_document_writer(ctx, wr);
		fz_drop_font(ctx, font);
		fz_drop_document(ctx, doc);
	}
	fz_catch(ctx) {
		fprintf(stderr, "scan: %s\n", fz_caught_message(ctx));
		rc = 1;
	}
	fz_drop_context(ctx);
	return rc;
}
