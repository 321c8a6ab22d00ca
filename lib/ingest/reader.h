/* Format readers: small versioned tables, one per format (after SQLite's
 * fts5_tokenizer). A reader fills a docset from one file's bytes. Adding a
 * format means one file and one entry in trawl__readers[]. */
#ifndef TRAWL_READER_H
#define TRAWL_READER_H
#include <stddef.h>
#include "ingest/doc.h"

#define TRAWL__READER_VERSION 1

typedef struct trawl__input {
	const char *path;      /* for messages only */
	const char *data;      /* the original bytes */
	size_t len;
	const char *text;      /* decoded UTF-8 for text formats, else NULL */
	size_t text_len;
	const char *tmp_dir;   /* a private folder for readers that need a file */
	size_t max_inflate;    /* cap on bytes decompressed from a container */
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
	trawl__reader_xls, trawl__reader_csv, trawl__reader_ocds;

const trawl__reader *trawl__reader_find(const char *name);
/* The name of the i-th reader (the formats type: takes), or NULL past the last. */
const char *trawl__reader_name(size_t i);

/* What the first bytes of a file say it is. */
typedef enum {
	TRAWL__KIND_TEXT, TRAWL__KIND_PDF, TRAWL__KIND_ZIP, TRAWL__KIND_OLE,
	TRAWL__KIND_BINARY
} trawl__kind;

/* Classifies a file from its first bytes (head) alone. */
trawl__kind trawl__detect_head(const char *head, size_t n, const char **what);

/* Picks the text format (html, csv, ocds, txt) of decoded text; path
 * (may be NULL) only breaks ties. */
const char *trawl__detect_text(const char *text, size_t n, const char *path);

#endif
