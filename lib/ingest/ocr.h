/* OCR with Tesseract (libtesseract's C API), for scanned PDF pages and
 * images. The readers render a page to 8-bit gray pixels (MuPDF) and hand
 * them here; the words come back as lines of text cut into segments with
 * their boxes in page points, the same model the PDF reader builds from a
 * text layer (pdftable.h), so that tables are rebuilt from OCR'd pages as
 * from born-digital ones.
 *
 * The languages default to chi_sim+eng: the documents trawl is for are
 * Chinese public documents, mostly in Simplified characters, with Latin
 * letters in codes, units and names (eng reads those better than chi_sim
 * alone, and costs little). Traditional documents (Taiwan, Hong Kong) want
 * --ocr-lang chi_tra+eng.
 *
 * Tesseract's models are loaded once per thread (the first page that
 * thread OCRs) and kept until the thread ends; Tesseract runs one thread
 * per page (its OpenMP parallelism is turned off), so N ingest workers use
 * N cores, not N times Tesseract's own count. */
#ifndef TRAWL_OCR_H
#define TRAWL_OCR_H
#include <stddef.h>
#include "ingest/pdftable.h"

#define TRAWL__OCR_LANGS "chi_sim+eng"
/* Seconds of OCR one file may take: no page is begun after them (the one
 * under way is finished), and the rest are kept without text (a 1000-page
 * scan must not hold a worker for an hour). */
#define TRAWL__OCR_BUDGET 600.0
/* Pages are rendered for OCR at this resolution... */
#define TRAWL__OCR_DPI 300
/* ...unless that would pass this many pixels (A3 at 300 dpi fits). */
#define TRAWL__OCR_MAX_PIXELS (24u << 20)

typedef struct trawl__ocr_opts {
	int off;              /* no OCR at all */
	const char *langs;    /* Tesseract languages, "a+b"; NULL: TRAWL__OCR_LANGS */
	double budget;        /* seconds of OCR per file; <= 0: TRAWL__OCR_BUDGET */
} trawl__ocr_opts;

/* One file's OCR: its clock and what was done. Zero it, set o. */
typedef struct trawl__ocr_file {
	const trawl__ocr_opts *o;
	double started;       /* monotonic seconds at the first page, 0 before */
	int pages;            /* pages OCR'd */
	int over_from;        /* the first page left without OCR by the budget, or 0 */
	int over;             /* how many pages the budget left without OCR */
	int failed;           /* pages the engine failed on */
	char error[240];      /* what went wrong first (engine set-up, a page) */
} trawl__ocr_file;

/* The languages o asks for (TRAWL__OCR_LANGS when it names none). */
const char *trawl__ocr_langs(const trawl__ocr_opts *o);

/* Checks that langs is a well-formed list ("chi_sim+eng") whose language
 * data is installed. TRAWL_EUSAGE when malformed, TRAWL_ENOTFOUND when a
 * language's data is missing; d says which and where trawl looked. */
trawl_err trawl__ocr_check(const char *langs, trawl_diag *d);

/* 1 when page `pageno` (1-based) may be OCR'd: the file's time budget is
 * not spent. When it is, the page is counted in f->over and 0 returned. */
int trawl__ocr_may(trawl__ocr_file *f, int pageno);

/* The longest OCR may take on one file with options o (0 when off): its
 * budget, and the page begun at the budget's end. */
double trawl__ocr_file_seconds(const trawl__ocr_opts *o);

/* When f's time budget stopped OCR, a warning into s saying how far it
 * got and what was kept without text. */
void trawl__ocr_budget_warning(trawl__docset *s, const trawl__ocr_file *f);

/* Reads the text of an 8-bit gray image (w x h pixels, stride bytes per
 * row, ppi pixels per inch) into pg: each text line Tesseract finds
 * becomes a trawl__pdfline, cut into segments at wide gaps, its boxes
 * mapped to page points by x = xf[2] + px * xf[0], y = xf[3] + py * xf[1].
 * Words whose centre lies in one of the nskip boxes (x0 y0 x1 y1 in page
 * points; text the page already has) are left out, and so are words of a
 * confidence below min_conf (0-100; pictures on a page that has a text
 * layer give low-confidence junk). *conf gets the mean
 * confidence of the words kept (0-100, by characters), *nwords their count.
 * Lines are appended to pg after what it holds, in reading order; the
 * cells of ruled tables are read one by one and each row of them is a line
 * (one segment a cell). A skewed image is read and written turned straight
 * (its rows level): its segments are marked turned and pg->turn says how
 * to turn their boxes back (trawl__pdftable_emit does, for the spans; one
 * turn a page). On failure f->error and d
 * say why: the language data can't be loaded (TRAWL_ENOTFOUND), out of
 * memory, or Tesseract failed on the image (TRAWL_EFORMAT). */
trawl_err trawl__ocr_gray(trawl__ocr_file *f, const unsigned char *px, int w, int h,
                          int stride, int ppi, const float xf[4], trawl__pdfpage *pg,
                          const float (*skip)[4], size_t nskip, float min_conf,
                          float *conf, int *nwords, trawl_diag *d);

/* A character read from an image, its box in pixels (Tesseract's LSTM
 * places a character's box only roughly: up to a character's width off). */
typedef struct trawl__ocr_sym {
	int l, t, r, b;
	uint32_t cp;
	float conf;              /* 0-100 */
} trawl__ocr_sym;

/* Reads the characters of an 8-bit gray image of clean glyphs (drawn from
 * a font, not scanned: nothing is straightened or cleaned), set apart,
 * into out (trawl__ocr_sym, appended, in reading order).
 * Counted as one page OCR'd. Fails as trawl__ocr_gray() does. */
trawl_err trawl__ocr_symbols(trawl__ocr_file *f, const unsigned char *px, int w, int h,
                             int stride, int ppi, trawl__vec *out, trawl_diag *d);

/* Frees the calling thread's Tesseract engine now (threads that end free
 * theirs themselves; the main thread of a test calls this). */
void trawl__ocr_thread_end(void);
#endif
