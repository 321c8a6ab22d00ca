#ifndef TRAWL_SNIPPET_H
#define TRAWL_SNIPPET_H
#include "index/query.h"
#include "util/buf.h"
/* A short excerpt of text around the first match of q's terms, with
 * \x01 before and \x02 after every match in it, matched the way the
 * index matches (Traditional folded to Simplified, Latin case-folded).
 * Falls back to the start of the text when no term is found. */
TRAWL__MUST_CHECK trawl_err trawl__snippet(const char *text, size_t len, const trawl__qnode *q,
                         int width, trawl__buf *out);
/* Each match of q's terms in text, as the snippet marks them: cb gets its
 * byte offsets, in order; a non-zero return stops. */
trawl_err trawl__match_ranges(const char *text, size_t len, const trawl__qnode *q,
                              int (*cb)(size_t start, size_t end, void *), void *u);
#endif
