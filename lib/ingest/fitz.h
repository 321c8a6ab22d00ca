/* MuPDF for the readers that use it (PDF, images): a context whose memory
 * is capped and whose messages are kept, never printed; and the OCR of a
 * page, rendered to gray pixels. */
#ifndef TRAWL_FITZ_H
#define TRAWL_FITZ_H
#include <mupdf/fitz.h>
#include "ingest/ocr.h"

#define TRAWL__FZ_MEM_CAP ((size_t)768 << 20)

typedef struct trawl__fz {
	fz_context *ctx;
	size_t used, cap;        /* bytes MuPDF holds, and its limit */
	int failed;              /* malloc itself said no (not the cap) */
	int warnings;            /* MuPDF's warnings, counted */
	char first[200];         /* the first of them */
} trawl__fz;

/* Sets up f->ctx (memory capped at TRAWL__FZ_MEM_CAP, document handlers
 * registered); TRAWL_ENOMEM when it can't. Free with trawl__fz_close(). */
trawl_err trawl__fz_open(trawl__fz *f);
void trawl__fz_close(trawl__fz *f);

/* How many warnings libjpeg gave (damaged JPEG data) in this thread since
 * the last call; they are counted, never printed. */
int trawl__fz_jpeg_damage(void);

/* OCRs page `page` (number pageno, 1-based, for messages) into pg: renders
 * it in gray at TRAWL__OCR_DPI, or less when max_dpi (> 0) or
 * TRAWL__OCR_MAX_PIXELS say so, and reads it with trawl__ocr_gray() (see
 * there for skip, min_conf, conf and nwords). Boxes are in the page's points. On
 * failure d says why (a page too large to render, MuPDF's own error, or
 * the OCR engine's). */
trawl_err trawl__fz_ocr_page(trawl__fz *f, fz_page *page, int pageno, int max_dpi,
                             trawl__ocr_file *of, trawl__pdfpage *pg,
                             const float (*skip)[4], size_t nskip, float min_conf,
                             float *conf, int *nwords, trawl_diag *d);
#endif
