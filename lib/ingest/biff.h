/* BIFF, the record format of Excel 5.0-2003 workbooks (.xls, and WPS .et),
 * read from the bytes of the workbook stream of an OLE2 file. Separate
 * from the OLE2 container (readers/xls.c) so that it can be tested and
 * fuzzed on its own. */
#ifndef TRAWL_BIFF_H
#define TRAWL_BIFF_H
#include <stddef.h>
#include "ingest/doc.h"

/* Reads the workbook stream p[0..n) (the "Workbook" stream, BIFF8, or
 * "Book", BIFF5/7; biff5_hint when it came from "Book") into one document
 * of s: a unit of kind "sheet" per worksheet, in workbook order (hidden
 * ones too), each holding one table whose cells sit at their true row and
 * column, merged cells as spans. Numbers are written as their cell's
 * number format shows them (numfmt.h). Problems that leave some of the
 * text (a damaged sheet, an empty one, a limit) are warnings in s; a
 * stream that can't be read at all, or one that is encrypted
 * (TRAWL_EENCRYPTED), fails with d saying why (path names the file). */
trawl_err trawl__biff_read(const unsigned char *p, size_t n, int biff5_hint,
                           trawl__docset *s, const char *path, trawl_diag *d);
#endif
