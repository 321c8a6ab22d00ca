/* Numbers as a spreadsheet shows them: one formatter for the XLS and XLSX
 * readers. A cell holds a double and the code of its number format
 * ("#,##0.00", "0%", "[$¥-804]#,##0.00", "yyyy\"年\"m\"月\"d\"日\"", ...);
 * the text a reporter saw is the number written by that format. */
#ifndef TRAWL_NUMFMT_H
#define TRAWL_NUMFMT_H
#include <stddef.h>
#include "util/buf.h"

/* The code of built-in format id (ids below 164 are not written in the
 * file), or NULL when there is none, which means General. Ids 14-22 and
 * 27-36, 45-47, 50-58 are dates and times (27-36 and 50-58 as Excel's
 * Chinese locale has them); the currency ids 5-8 and 41-44 depend on the
 * locale of the machine that showed the file, so they are given here
 * without a currency symbol, rather than guess one. */
const char *trawl__numfmt_builtin(unsigned id);

/* True when the format shows dates or times (y, m, d, h, s outside quotes
 * and brackets, or elapsed [h], [m], [s]). */
int trawl__numfmt_is_date(const char *fmt, size_t len);

/* Appends v as format fmt[0..len) shows it (fmt NULL or empty means
 * General). General is the shortest decimal that reads back as v, never
 * with an exponent (1e-7 is 0.0000001, 1e21 all its digits), except that
 * binary noise past 15 significant digits goes (0.1+0.2 is 0.3, as every
 * spreadsheet shows it). Number formats round half away from zero at the
 * 15 significant digits spreadsheets keep (0.125 with "0.00" is 0.13).
 * A date or time format gives ISO 8601 instead of the format's own layout
 * ("2024-03-15", "2024-03", "2024-03-15 14:30", "14:30:05"), in the 1904
 * date system when date1904. Fails only as b does (TRAWL_ENOMEM,
 * TRAWL_ETOOBIG). */
trawl_err trawl__numfmt(trawl__buf *b, double v, const char *fmt, size_t len, int date1904);

/* A cell's number as the file writes it (text[0..n), NUL after it,
 * blanks after the number allowed) appended as format fmt[0..len) shows
 * it; text that is not a number is appended as it is. */
trawl_err trawl__numfmt_text(trawl__buf *b, const char *text, size_t n, const char *fmt,
                             size_t len, int date1904);
#endif
