/* Word 97-2003 binary documents (.doc; WPS Writer's .wps is the same
 * format): the streams come out of the OLE2 container (readers/xls.c),
 * this reads them. */
#ifndef TRAWL_WORD97_H
#define TRAWL_WORD97_H
#include <stddef.h>
#include "ingest/doc.h"
#include "util/diag.h"

/* The offset of the FIB flags in the WordDocument stream, and the bits
 * that say which table stream ("1Table" or "0Table") holds the piece
 * table, and that the document is encrypted. */
#define TRAWL__W97_FLAGS 0x0A
#define TRAWL__W97_WHICH_TABLE 0x0200
#define TRAWL__W97_ENCRYPTED 0x0100

/* Reads the main text of the WordDocument stream `word` through the
 * piece table in the table stream `table` into one document of s: its
 * paragraphs, and its tables as cells (rows and cells from the paragraph
 * properties' in-table and row-end marks); field codes are left out,
 * their results kept. On damage d says what, naming path. */
trawl_err trawl__word97_read(const unsigned char *word, size_t wlen,
                             const unsigned char *table, size_t tlen, trawl__docset *s,
                             const char *path, trawl_diag *d);
#endif
