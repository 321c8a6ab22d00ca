/* Format readers: small versioned tables, one per format (after SQLite's
 * fts5_tokenizer). A reader fills a docset from one file's bytes. Adding a
 * format means one file and one entry in trawl__readers[]. */
#ifndef TRAWL_READER_H
#define TRAWL_READER_H
#include <stddef.h>
#include "ingest/doc.h"
#include "ingest/ocr.h"

#define TRAWL__READER_VERSION 1

typedef struct trawl__input {
	const char *path;      /* for messages only */
	const char *data;      /* the original bytes */
	size_t len;
	const char *text;      /* decoded UTF-8 for text formats, else NULL */
	size_t text_len;
	const char *tmp_dir;   /* a private folder for readers that need a file */
	size_t max_inflate;    /* cap on bytes decompressed from a container */
	const trawl__ocr_opts *ocr; /* OCR of scans and images; NULL: the defaults */
} trawl__input;

typedef struct trawl__reader {
	int version;           /* TRAWL__READER_VERSION */
	const char *name;      /* the format name stored for the document */
	int text_based;        /* wants in->text */
	/* Fills out; on failure returns an error and says why in d. */
	trawl_err (*read)(const trawl__input *in, trawl__docset *out, trawl_diag *d);
} trawl__reader;

extern const trawl__reader trawl__reader_txt, trawl__reader_html,
	trawl__reader_pdf, trawl__reader_docx, trawl__reader_xlsx,
	trawl__reader_xls, trawl__reader_csv, trawl__reader_ocds,
	trawl__reader_image, trawl__reader_ofd, trawl__reader_pptx,
	trawl__reader_archive, trawl__reader_xlsxml;

const trawl__reader *trawl__reader_find(const char *name);
/* Non-zero when name is a format a reader may store for a blob: its own
 * name, one it gives more closely (an image's png, jpeg, tiff; doc, wps,
 * et), or an archive's (zip, 7z, rar, tar). */
int trawl__format_known(const char *name);
/* The i-th format a document may be stored as (the formats type: takes),
 * or NULL past the last. */
const char *trawl__reader_name(size_t i);

/* What the first bytes of a file say it is. */
typedef enum {
	TRAWL__KIND_TEXT, TRAWL__KIND_PDF, TRAWL__KIND_ZIP, TRAWL__KIND_OLE,
	TRAWL__KIND_IMAGE, TRAWL__KIND_ARCHIVE, TRAWL__KIND_BINARY
} trawl__kind;

/* Classifies a file from its first bytes (head) alone. */
trawl__kind trawl__detect_head(const char *head, size_t n, const char **what);

/* Picks the text format (xlsxml, html, csv, ocds, txt) of decoded text; path
 * (may be NULL) only breaks ties. */
const char *trawl__detect_text(const char *text, size_t n, const char *path);

#endif
